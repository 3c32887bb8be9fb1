// `info registers xmmN/stN/mxcsr`, `info float` and `info vector` against a live gdb (issue 9
// section 6): the same static program stopped at the same two breakpoints natively under gdb and
// in trapdoor's debugger (zen4-kvm, this host's CPU) must print the same text. Stop 1: XMM
// registers with doubles, NaNs, infinities, all-ones; MXCSR with DAZ/FZ; an x87 stack of
// constants, a zero and a negative denormal, single precision and round-toward-zero. Stop 2: an
// unmasked invalid operation pending (FSW.ES), so this AMD CPU saves the instruction and operand
// pointers it otherwise leaves zero. gdb pads `info float` lines with spaces; lines are compared
// without trailing blanks. On this AVX-512 host gdb's `info vector` lists zmm/k registers, so
// trapdoor's (an SSE-only CPU: xmm0-15 then mxcsr, gdb's i386 order) is compared with gdb's
// `info registers` lines of those registers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';
import { buildWithGnu, haveTool, nativeHostProblem } from '../programs/nativeTools.js';

const SOURCE = `
.globl _start
.text
_start:
  lea vals(%rip), %rax
  movdqu 0(%rax), %xmm0
  movdqu 16(%rax), %xmm1
  movsd 32(%rax), %xmm2
  pcmpeqd %xmm3, %xmm3
  movss 40(%rax), %xmm7
  movdqu 48(%rax), %xmm15
  ldmxcsr 64(%rax)
  fldcw 68(%rax)
  fld1
  fldpi
  fldz
  fldl2e
  fldt 80(%rax)
  fchs
stop:
  nop
  fldcw 72(%rax)
  fld1
  fchs
  fsqrt
stop2:
  nop
  mov $60, %eax
  xor %edi, %edi
  syscall
.data
.align 16
vals:
  .quad 0x3ff8000000000000, 0x8000000000000000
  .long 0x7fc00000, 0xff800000, 1, 0x80000001
  .double -2.25
  .long 0x3fb504f3, 0
  .quad 0x0123456789abcdef, 0xfedcba9876543210
  .long 0x9fc0
  .short 0x0c7f, 0
  .short 0x037e, 0
  .long 0
  .quad 0x8000000000000001
  .short 0x0001
`;

const XMM = Array.from({ length: 16 }, (_, i) => `info registers xmm${i}`);
const ST = Array.from({ length: 8 }, (_, i) => `info registers st${i}`);
const AT_STOP = [...XMM, 'info registers mxcsr', ...ST, 'info registers fctrl', 'info registers fstat', 'info registers ftag', 'info float'];
const AT_STOP2 = ['info float', ...ST, 'info registers fstat', 'info registers fioff', 'info registers fooff'];

const work = mkdtempSync(join(tmpdir(), 'trapdoor-gdbfpu-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const problem = nativeHostProblem() ?? (haveTool('gdb') ? null : 'gdb is not installed');
if (problem) console.warn(`test/debugger/gdbFpu: SKIPPED: ${problem}`);

const MARK = '@@trapdoor@@';
const trimLines = (t: string): string => t.split('\n').map((l) => l.trimEnd()).join('\n').trim();

/** gdb's answers to `commands` at the breakpoint `at`, in order. */
function gdbAnswers(exe: string, at: string, commands: string[]): string[] {
  const args = ['-batch', '-nx', '-ex', 'set pagination off', '-ex', `break ${at}`, '-ex', 'run'];
  for (const c of commands) args.push('-ex', `echo ${MARK}\\n`, '-ex', c);
  args.push('-ex', `echo ${MARK}\\n`, '-ex', 'kill', exe);
  const r = spawnSync('gdb', args, { encoding: 'utf8', timeout: 60_000 });
  return r.stdout.split(`${MARK}\n`).slice(1, -1).map(trimLines);
}

/** trapdoor's debugger's answers to `commands` at the breakpoint `at`. */
async function trapdoorAnswers(exe: string, at: string, commands: string[]): Promise<string[]> {
  const s = await Session.create({ program: exe, profile: 'zen4-kvm' });
  await s.execute(`break ${at}`);
  await s.execute('continue');
  const out: string[] = [];
  for (const c of commands) { await s.execute(c); out.push(trimLines(s.view().status.message ?? '')); }
  return out;
}

describe.skipIf(problem !== null)('the FPU views print what gdb prints', () => {
  it('info registers xmm/st/mxcsr/fctrl/fstat/ftag, info float (two stops) and info vector', async () => {
    const src = join(work, 'fpu.S');
    writeFileSync(src, SOURCE);
    const exe = buildWithGnu(src, 64, work, 'fpu');
    // One breakpoint per run: a ptrace stop saves and restores the FPU (XSAVE/XRSTOR), and this AMD
    // CPU then drops the pointers it did not save, so a first stop would change what the second shows.
    const native = gdbAnswers(exe, 'stop', AT_STOP), native2 = gdbAnswers(exe, 'stop2', AT_STOP2);
    expect([native.length, native2.length]).toEqual([AT_STOP.length, AT_STOP2.length]);
    const ours = await trapdoorAnswers(exe, 'stop', [...AT_STOP, 'info vector']);
    const ours2 = await trapdoorAnswers(exe, 'stop2', AT_STOP2);
    AT_STOP.forEach((c, i) => { expect(ours[i], `${c} at stop`).toBe(native[i]); });
    // stop 2 follows an fsqrt: its `Opcode:` line is the FOP the x87 unit records (0xd9fa)
    AT_STOP2.forEach((c, i) => { expect(ours2[i], `${c} at stop2`).toBe(native2[i]); });
    expect(native2.join('\n'), 'gdb saw the fsqrt').toMatch(/Opcode: +0xd9fa/);
    expect(ours[AT_STOP.length], 'info vector').toBe([...native.slice(0, 16), native[16]].join('\n'));
  }, 120_000);
});
