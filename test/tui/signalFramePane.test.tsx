// The Kernel stack pane with a signal frame on the user stack: in user mode (the handler running)
// the frame's members follow the note, and the pane scrolls through them.
import { tick } from './setup.js';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { KernelStackPane } from '../../src/tui/KernelStackPane.js';
import { signalFrameView } from '../../src/debugger/signalFrame.js';
import { userView64 } from './fixtures.js';

const bytes = new Uint8Array(440);
new DataView(bytes.buffer).setBigUint64(0, 0x401000n, true); // pretcode
new DataView(bytes.buffer).setInt32(312, 11, true); // si_signo
const frame = signalFrameView({ kind: 'rt64', addr: 0x7fffffffe000n, size: 440, signo: 11 }, (a, n) => (a === 0x7fffffffe000n && n === 440 ? bytes : null), (a) => (a === 0x401000n ? '__restore_rt' : null));

async function draw(scroll: number): Promise<string> {
  const r = render(<KernelStackPane view={{ ...userView64().kernelStack, signalFrame: frame }} width={90} height={8} scroll={scroll} />);
  await tick();
  const f = r.lastFrame() ?? '';
  r.unmount();
  return f;
}

describe('Kernel stack pane: the signal frame', () => {
  it('lists the rt_sigframe members with offsets, values and what they are', async () => {
    const f = await draw(0);
    expect(f).toContain('user mode: the kernel stack is empty');
    expect(f).toContain('signal frame on the user stack: rt_sigframe (64-bit) at 0x7fffffffe000 for SIGSEGV');
    expect(f).toMatch(/7fffffffe000 \+0 +pretcode +0000000000401000 __restore_rt/);
    const end = await draw(1000);
    expect(end).toMatch(/7fffffffe138 \+312 info\.si_signo +0000000b SIGSEGV/);
    expect(end).toContain('info.si_addr');
    expect(end).not.toContain('pretcode');
  });
});
