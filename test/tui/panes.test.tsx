import { tick } from './setup.js';
import type React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Box, Text } from 'ink';
import { CodePane } from '../../src/tui/CodePane.js';
import { CyclesPane } from '../../src/tui/CyclesPane.js';
import { KernelStackPane } from '../../src/tui/KernelStackPane.js';
import { MemoryMapPane } from '../../src/tui/MemoryMapPane.js';
import { OutputPane } from '../../src/tui/OutputPane.js';
import { RegistersPane } from '../../src/tui/RegistersPane.js';
import { StatusLine } from '../../src/tui/StatusLine.js';
import { SyscallsPane } from '../../src/tui/SyscallsPane.js';
import { HelpOverlay } from '../../src/tui/HelpOverlay.js';
import { kernelView32AfterSaveAll, kernelView64, userView64 } from './fixtures.js';

const frame = async (node: React.JSX.Element): Promise<string> => {
  const r = render(node);
  await tick();
  const f = r.lastFrame() ?? '';
  r.unmount();
  return f;
};

describe('panes render their view model', () => {
  it('Code: symbol labels, current marker, breakpoints, source lines', async () => {
    const v = kernelView64();
    const f = await frame(<CodePane view={v.code} width={100} height={8} />);
    expect(f).toContain('Code');
    expect(f).toContain('<entry_SYSCALL_64>:');
    expect(f).toMatch(/▶ +ffffffff81000000.*swapgs/);
    expect(f).toMatch(/●.*ffffffff81000003/);
    expect(f).toMatch(/○.*ffffffff8100000c/);
    expect(f).toContain('# 20: swapgs');
    const u = await frame(<CodePane view={userView64().code} width={100} height={8} />);
    expect(u).toMatch(/▶ +40100a.*syscall/);
  });

  it('Registers: values, changed ones, flags decoded, selectors, bases and MSRs', async () => {
    const v = kernelView64();
    const f = await frame(<RegistersPane view={v.registers} width={46} height={14} />);
    for (const s of ['Registers', 'CPL 0', 'rcx', '000000000040100c', 'rip', 'ffffffff81000000', 'rflags', '[ ]', 'cs', '0010', 'cr3', 'kernel_gs_base', 'ffff888000010000', 'lstar', 'star']) {
      expect(f).toContain(s);
    }
  });

  it('Kernel stack: all 17 fields of the 32-bit pt_regs with their pushers', async () => {
    const v = kernelView32AfterSaveAll();
    const f = await frame(<KernelStackPane view={v.kernelStack} width={80} height={20} />);
    for (const field of ['bx', 'cx', 'dx', 'si', 'di', 'bp', 'ax', 'ds', 'es', 'fs', 'gs', 'orig_ax', 'ip', 'cs', 'flags', 'sp', 'ss']) {
      expect(f).toMatch(new RegExp(`[0-9a-f]{8} ${field} `));
    }
    expect(f).toContain('CPU (INT 0x80)');
    expect(f).toContain('SAVE_ALL');
    expect(f).toContain('pt_regs: 32-bit, 17 fields');
    expect(f).toMatch(/▶ c1a01fbc/);
  });

  it('Kernel stack: a short pane keeps the top and the slots at RSP', async () => {
    const v = kernelView32AfterSaveAll();
    const f = await frame(<KernelStackPane view={v.kernelStack} width={80} height={10} />);
    expect(f).toMatch(/more slots/);
    expect(f).toContain(' ss ');
    expect(f).toMatch(/▶ c1a01fbc.* bx /);
  });

  it('Kernel stack: a note when empty', async () => {
    const f = await frame(<KernelStackPane view={userView64().kernelStack} width={80} height={4} />);
    expect(f).toContain('user mode: the kernel stack is empty');
  });

  it('Memory map: rows with the current region marked', async () => {
    const f = await frame(<MemoryMapPane rows={kernelView64().memoryMap} width={60} height={8} />);
    expect(f).toContain('[stack]');
    expect(f).toMatch(/▶ffffffff81000000-ffffffff81200000 r-x kernel text/);
    expect(f).toMatch(/ +00401000- +00402000 r-xp hello-syscall/);
  });

  it('Cycles: per-method table, in flight, ratios, profile', async () => {
    const f = await frame(<CyclesPane view={kernelView64().cycles} width={46} height={10} />);
    expect(f).toContain('textbook');
    expect(f).toMatch(/syscall +2 +312 +300 +288 +312/);
    expect(f).toMatch(/int80 +1 +402/);
    expect(f).toContain('in flight: syscall 57 cycles');
    expect(f).toContain('syscall/int80 0.75');
    expect(f).not.toContain('vdso/syscall');
  });

  it('Cycles: ratios name their syscall, the last round trip is a bar in proportion, each syscall a row per method', async () => {
    const v = kernelView64().cycles;
    const view = {
      ...v,
      ratios: { syscallOverInt80: 0.73, syscallOverInt80Of: 'getpid', vdsoOverSyscall: 0.05, vdsoOverSyscallOf: 'clock_gettime' },
      bySyscall: [{ name: 'getpid', avg: { syscall: 319, int80: 436 } }, { name: 'clock_gettime', avg: { vdso: 62, syscall: 1299 } }],
      lastTrip: {
        method: 'syscall' as const, syscall: 'getpid', total: 400,
        parts: [
          { part: 'CPU entry' as const, cycles: 100 }, { part: 'entry code' as const, cycles: 100 }, { part: 'C handler' as const, cycles: 100 },
          { part: 'exit code' as const, cycles: 50 }, { part: 'CPU exit' as const, cycles: 50 },
        ],
      },
    };
    const f = await frame(<CyclesPane view={view} width={46} height={20} />);
    expect(f).toContain('getpid: syscall/int80 0.73\n');
    expect(f).toContain('clock_gettime: vdso/syscall 0.05');
    expect(f).toContain('last: getpid by syscall, 400 cycles');
    // 45 columns: one for each part, then 40 shared in proportion (10, 10, 10, 5, 5)
    const bar = f.split('\n').find((l) => l.startsWith('░'))!;
    expect(bar.trim()).toBe(`${'░'.repeat(11)}${'▒'.repeat(11)}${'█'.repeat(11)}${'▒'.repeat(6)}${'░'.repeat(6)}`);
    expect(f).toMatch(/█ C handler +100 +25%/);
    expect(f).toMatch(/getpid +319 +436/);
    expect(f).toMatch(/clock_gettime +1299 +- /);
  });

  it('Syscalls and Output', async () => {
    const v = kernelView64();
    const s = await frame(<SyscallsPane lines={v.syscalls} width={80} height={4} />);
    expect(s).toMatch(/syscall +312 write\(1, "hello, world\\n", 13\) = 13/);
    const o = await frame(<OutputPane text={'a\nb\nc\nhello, world\n'} width={40} height={3} />);
    expect(o).toContain('hello, world');
    expect(o).toContain('c');
    expect(o).not.toMatch(/^a$/m);
  });

  it('Status line: the mode, the stop reason and what the CPU did', async () => {
    const v = kernelView64();
    const f = await frame(<StatusLine status={v.status} width={160} command={null} />);
    expect(f).toContain('KERNEL · ring 0');
    expect(f).toContain('SYSCALL: RCX <- return RIP');
    const u = await frame(<StatusLine status={userView64().status} width={100} command={'break do_sys'} />);
    expect(u).toContain('user · ring 3 · 64-bit');
    expect(u).toContain(':break do_sys');
  });

  it('a pane shorter than its content clips it (nothing spills into the pane below)', async () => {
    const f = await frame(
      <Box flexDirection="column">
        <CyclesPane view={kernelView64().cycles} width={46} height={2} />
        <Text>BELOW</Text>
      </Box>,
    );
    expect(f.split('\n')).toHaveLength(3);
    expect(f).toContain('method');
    expect(f).not.toContain('int80');
    expect(f.split('\n')[2]).toBe('BELOW');
  });

  it('Help overlay lists keys and commands, scrolled to the rest', async () => {
    const top = await frame(<HelpOverlay width={100} height={40} />);
    // (the help is longer than two screens: scrolled by 30 and by 60)
    const rest = (await frame(<HelpOverlay width={100} height={40} scroll={30} />)) + (await frame(<HelpOverlay width={100} height={40} scroll={60} />));
    for (const s of ['Ctrl-C / p', 'catch syscall', 'x/NFU ADDR', 'info registers', 'Tab']) expect(top + rest).toContain(s);
  });
});
