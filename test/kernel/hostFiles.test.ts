// The guest sees the host's files read-only (DESIGN.md "Files"): reads work with the host's
// contents; every write outside a --writable directory fails with EROFS and changes nothing,
// however the path gets there (symlinks, `..`); --root makes a directory the guest's `/`.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostFs } from '../../src/kernel/hostFs.js';
import { ELOOP, ENOENT, ENOTDIR } from '../../src/kernel/errno.js';
import { runCaptured, sourceFile } from './helpers.js';

/** Every path, mode, size and content under `dir`: any change anywhere changes the hash. */
function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      h.update(`${p}\0${st?.mode}\0${st?.size}\0${st?.mtimeMs}\0`);
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile()) h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

function scratch(): { top: string; outside: string; writable: string } {
  const top = mkdtempSync(join(tmpdir(), 'trapdoor-hostfs-'));
  const outside = join(top, 'outside'), writable = join(top, 'writable');
  mkdirSync(outside); mkdirSync(writable); mkdirSync(join(writable, 'sub'));
  writeFileSync(join(outside, 'secret.txt'), 'host data\n');
  symlinkSync(outside, join(writable, 'escape'));      // a symlink out of the writable directory
  symlinkSync('../outside/secret.txt', join(writable, 'rel-escape'));
  symlinkSync('loop2', join(writable, 'loop1'));
  symlinkSync('loop1', join(writable, 'loop2'));
  return { top, outside, writable };
}

// cat argv[1]; open(argv[2], O_WRONLY|O_CREAT|O_TRUNC, 0644); open(argv[3], O_WRONLY|O_CREAT, 0644)
// and write "made\n" to it; exit with -(the first write-open's result) (30 = EROFS).
const TRY_WRITES = `
	.globl _start
_start:
	movq	16(%rsp), %rdi
	xorl	%esi, %esi
	movl	$2, %eax
	syscall
	movq	%rax, %rdi
	leaq	buf(%rip), %rsi
	movl	$4096, %edx
	xorl	%eax, %eax
	syscall
	movq	%rax, %rdx
	movl	$1, %edi
	leaq	buf(%rip), %rsi
	movl	$1, %eax
	syscall
	movq	24(%rsp), %rdi
	movl	$0x241, %esi
	movl	$0644, %edx
	movl	$2, %eax
	syscall
	movq	%rax, %r13
	movq	32(%rsp), %rdi
	movl	$0x41, %esi
	movl	$0644, %edx
	movl	$2, %eax
	syscall
	movq	%rax, %rdi
	leaq	made(%rip), %rsi
	movl	$5, %edx
	movl	$1, %eax
	syscall
	movq	%r13, %rdi
	negq	%rdi
	movl	$60, %eax
	syscall
	.data
made:	.ascii "made\\n"
	.bss
buf:	.skip 4096
`;

describe('host files, read-only', () => {
  it('reads a host file; refuses writes outside --writable with EROFS; writes beneath it', async () => {
    const s = scratch();
    const before = treeHash(s.outside);
    const prog = sourceFile(TRY_WRITES, 'trywrites');
    const r = await runCaptured(prog, {
      args: [join(s.outside, 'secret.txt'), join(s.outside, 'secret.txt'), join(s.writable, 'new.txt')],
      hostFs: { writable: [s.writable] },
    });
    expect(r.stdout).toBe('host data\n');
    expect(r.exitCode).toBe(30);
    expect(r.trace).toContain(`open("${join(s.outside, 'secret.txt')}", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 EROFS (Read-only file system)`);
    expect(readFileSync(join(s.writable, 'new.txt'), 'utf8')).toBe('made\n');
    expect(treeHash(s.outside)).toBe(before);
  });

  it('lets neither a symlink nor `..` lead a write out of the writable directory', async () => {
    const s = scratch();
    const before = treeHash(s.outside);
    const prog = sourceFile(TRY_WRITES, 'escapes');
    for (const [target, created] of [
      [join(s.writable, 'escape', 'secret.txt'), join(s.writable, 'escape', 'new.txt')],
      [join(s.writable, 'rel-escape'), join(s.writable, '..', 'outside', 'new.txt')],
      [join(s.writable, 'sub', '..', '..', 'outside', 'secret.txt'), join(s.writable, 'sub', '..', 'escape', 'x')],
    ] as const) {
      const r = await runCaptured(prog, { args: [join(s.outside, 'secret.txt'), target, created], hostFs: { writable: [s.writable] } });
      expect(r.exitCode, target).toBe(30);
      expect(r.trace.filter((l) => l.includes('O_CREAT')).every((l) => l.endsWith('EROFS (Read-only file system)')), r.trace.join('\n')).toBe(true);
    }
    expect(treeHash(s.outside)).toBe(before);
  });

  it('walks paths as Linux does: symlink loops are ELOOP, a file used as a directory ENOTDIR', () => {
    const s = scratch();
    const fs = new HostFs({ writable: [s.writable] });
    expect(fs.resolve(join(s.writable, 'loop1'), true)).toBe(-ELOOP);
    expect(fs.resolve(join(s.outside, 'secret.txt', 'x'), true)).toBe(-ENOTDIR);
    expect(fs.resolve(join(s.outside, 'missing', 'x'), true)).toBe(-ENOENT);
    const made = fs.resolve(join(s.writable, 'sub', 'new'), true);
    expect(made).toMatchObject({ exists: false, guest: join(s.writable, 'sub', 'new') });
    const rel = fs.resolve('sub/../escape/secret.txt', true, s.writable);
    expect(rel).toMatchObject({ exists: true, guest: join(s.outside, 'secret.txt') });
    expect(fs.mayWrite(rel as Exclude<typeof rel, number>)).toBe(false);
  });

  it('--root makes a directory the guest\'s /: `..` stops there and absolute symlinks resolve inside it', () => {
    const s = scratch();
    symlinkSync('/outside/secret.txt', join(s.top, 'abs-link'));
    const fs = new HostFs({ root: s.top });
    expect(fs.cwd).toBe('/');
    expect(fs.resolve('/../../outside/secret.txt', true)).toMatchObject({ guest: '/outside/secret.txt', exists: true });
    expect(fs.resolve('/abs-link', true)).toMatchObject({ guest: '/outside/secret.txt', host: join(s.top, 'outside', 'secret.txt') });
    expect(fs.resolve('/etc/passwd', true)).toBe(-ENOENT); // no /etc inside the root
    expect(fs.resolve('/outside/new', true)).toMatchObject({ exists: false, host: join(s.top, 'outside', 'new') });
  });

  it('--root and --writable name directories: anything else is one line and exit 2', async () => {
    const { parseRunArgs } = await import('../../src/cli/runCommand.js');
    expect(() => parseRunArgs(['--root', '/nonexistent-trapdoor', 'p'])).toThrow(/--root \/nonexistent-trapdoor: not a directory/);
    expect(() => parseRunArgs(['--writable=/etc/passwd', 'p'])).toThrow(/not a directory/);
    expect(parseRunArgs(['--writable', '/tmp', '--writable', '/var', 'p']).hostFs).toEqual({ writable: ['/tmp', '/var'] });
  });
});
