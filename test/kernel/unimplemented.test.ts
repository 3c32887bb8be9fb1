// A syscall trapdoor does not implement is -ENOSYS, printed by its name in the trace, and noted
// once on stderr; a number Linux itself has no entry for (64-bit set_thread_area) is -ENOSYS silently.
import { describe, expect, it } from 'vitest';
import { runCaptured, sourceFile } from './helpers.js';

const PROG = `
	.code64
	.text
	.globl _start
_start:
	movl $425, %eax			# io_uring_setup(8, NULL): not implemented in trapdoor
	movl $8, %edi
	xorl %esi, %esi
	syscall
	movl $425, %eax			# again: the note is not repeated
	movl $8, %edi
	xorl %esi, %esi
	syscall
	movl $205, %eax			# set_thread_area on the 64-bit table: no entry point in Linux
	xorl %edi, %edi
	syscall
	movl $60, %eax
	xorl %edi, %edi
	syscall
`;

describe('unimplemented syscalls', () => {
  it('are ENOSYS by name, with one note per name on stderr', async () => {
    const r = await runCaptured(sourceFile(PROG));
    expect(r.exitCode).toBe(0);
    expect(r.trace[0]).toMatch(/^io_uring_setup\(0x8, 0, 0, 0, 0, 0\) += -1 ENOSYS \(Function not implemented\)$/);
    expect(r.trace[1]).toMatch(/^io_uring_setup\(/);
    expect(r.trace[2]).toMatch(/^set_thread_area\(.*= -1 ENOSYS/);
    expect(r.stderr).toBe("trapdoor: note: syscall 'io_uring_setup' not implemented (ENOSYS)\n");
  });
});
