// The Registers pane: x87 and XMM rows (issue 9 section 6) with the `v` key cycling the XMM format,
// and at 80x24 (issue 12 item 4) the rows that show a mode switch come first.
import { tick } from './setup.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { ViewModel } from '../../src/debugger/viewModel.js';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';
import { registerRows } from '../../src/tui/RegistersPane.js';
import { FakeTarget, kernelView64 } from './fixtures.js';

function withFpu(): ViewModel {
  const v = kernelView64();
  return {
    ...v,
    registers: {
      ...v.registers,
      x87: { stack: [{ name: 'st0', tag: 'Valid', value: '+1.5', changed: true }, { name: 'st1', tag: 'Zero', value: '+0', changed: false }], control: [{ name: 'fctrl', value: '037f', changed: false }, { name: 'fstat', value: '3000', changed: true }, { name: 'ftag', value: '1fff', changed: false }] },
      sse: { xmm: [{ name: 'xmm0', value: '00000000000000003ff8000000000000', changed: true }], mxcsr: { name: 'mxcsr', value: '00001f80', changed: false, decoded: '[ IM DM ZM OM UM PM ]' } },
    },
  };
}

describe('Registers pane', () => {
  it('shows the x87 stack with tags, FCW/FSW and the XMM registers; v cycles dwords, bytes, doubles', async () => {
    const r = render(<DebuggerApp target={new FakeTarget(withFpu())} size={{ columns: 100, rows: 40 }} />);
    await tick();
    let f = r.lastFrame()!;
    expect(f).toContain('st0 +1.5');
    expect(f).toContain('st1 Zero +0');
    expect(f).toMatch(/fctrl 037f +fstat 3000 +ftag 1fff/);
    expect(f).toContain('mxcsr 00001f80 [ IM DM ZM OM UM PM ]');
    expect(f).toContain('xmm0 00000000 00000000 3ff80000 00000000');
    expect(f).toContain('xmm as dwords (v)');
    r.stdin.write('v');
    await tick();
    await tick();
    f = r.lastFrame()!;
    // bytes in memory order; on a 45-column pane bytes 8-15 go on a row of their own
    expect(f).toContain('xmm0 00 00 00 00 00 00 f8 3f');
    expect(f).toContain('+8   00 00 00 00 00 00 00 00');
    r.stdin.write('v');
    await tick();
    await tick();
    expect(r.lastFrame()).toContain('xmm0 0  1.5');
    r.unmount();
  });

  it('a short pane keeps rip, rflags, cs, ss and the GS bases before the general registers', () => {
    const v = kernelView64().registers;
    const general = Array.from({ length: 16 }, (_, i) => ({ name: `r${i}`, value: '0000000000000000', changed: false }));
    const rows = registerRows({ ...v, general }, 36, 6).map((row) => row.map((c) => c.name).join(' '));
    expect(rows).toHaveLength(6);
    const shown = rows.join(' ');
    for (const n of ['rip', 'rflags', 'cs', 'ss', 'gs_base', 'kernel_gs_base']) expect(shown.split(' ')).toContain(n);
    expect(registerRows({ ...v, general }, 36).length).toBeGreaterThan(6);
  });
});
