// The guest's view of the host's file system: read-only, as DESIGN.md says. Paths are walked
// component by component as Linux's path walk does (fs/namei.c), inside an optional sysroot
// (`--root DIR`, chroot-like: `..` stops at the root, absolute symlinks restart at it), so the
// kernel knows where every path really leads before it touches anything. A write-like access is
// allowed only beneath a `--writable DIR`, judged on the fully resolved path, so neither a
// symlink nor `..` leads a write out of it (openat2's RESOLVE_BENEATH, applied to every path).
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync, writeSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { EACCES, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, EROFS } from './errno.js';

/** Linux follows at most 40 symlinks in one path walk (MAXSYMLINKS). */
const MAXSYMLINKS = 40;
/** A path component longer than NAME_MAX (255) is ENAMETOOLONG. */
const NAME_MAX = 255;

export interface HostFsOptions {
  /** The sysroot the guest's `/` is (default: the host's `/`). */
  root?: string;
  /** Host directories beneath which the guest may write (`--writable DIR`). */
  writable?: readonly string[];
  /** The guest's starting working directory, as a guest path (default: the host's cwd, or `/` under a root). */
  cwd?: string;
}

/** A resolved path: where it is for the guest and on the host, and whether it exists there. */
export interface ResolvedPath {
  /** The canonical guest path (no `.`, `..` or symlinks except a final one not followed). */
  guest: string;
  /** The host path it names. */
  host: string;
  exists: boolean;
}

/** struct stat's fields as Linux fills them (the ABI encoders pick their layout from these). */
export interface LinuxStat {
  dev: bigint; ino: bigint; mode: number; nlink: bigint; uid: number; gid: number; rdev: bigint;
  size: bigint; blksize: bigint; blocks: bigint;
  atimeNs: bigint; mtimeNs: bigint; ctimeNs: bigint; birthtimeNs: bigint;
}

/** One directory entry as getdents64 reports it (d_type: DT_DIR 4, DT_REG 8, DT_LNK 10 ...). */
export interface DirEntry { ino: bigint; type: number; name: string }

/** A negative errno (the kernel's convention) or a value. */
export type OrErrno<T> = T | number;

/** Node's errno codes -> Linux errno numbers, for host calls that fail. */
const HOST_ERRNO: Record<string, number> = {
  ENOENT, ENOTDIR, EACCES, ELOOP, ENAMETOOLONG, EROFS, EPERM: 1, EISDIR: 21, EEXIST: 17, EBADF: 9,
  ENOTEMPTY: 39, EXDEV: 18, EINVAL: 22, EMFILE: 24, ENFILE: 23, ENOSPC: 28, EBUSY: 16, ENXIO: 6,
};

/** A host failure as a negative Linux errno (EIO where Node gives no code). */
export function hostErrno(e: unknown): number {
  const code = (e as { code?: string }).code;
  return -(code !== undefined ? HOST_ERRNO[code] ?? 5 : 5);
}

export function statOf(s: BigIntStats): LinuxStat {
  return {
    dev: s.dev, ino: s.ino, mode: Number(s.mode), nlink: s.nlink, uid: Number(s.uid), gid: Number(s.gid), rdev: s.rdev,
    size: s.size, blksize: s.blksize, blocks: s.blocks,
    atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, birthtimeNs: s.birthtimeNs,
  };
}

const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFLNK = 0o120000;

export class HostFs {
  /** The sysroot, as a real host path without a trailing slash ('' for the host's `/`). */
  private readonly root: string;
  private readonly writable: string[];
  /** The working directory (a canonical guest path). */
  cwd: string;

  constructor(opts: HostFsOptions = {}) {
    const r = opts.root !== undefined ? realpathSync(opts.root) : '/';
    this.root = r === '/' ? '' : r;
    // Writable directories as canonical host paths: the resolved path of a write must lie beneath one.
    this.writable = (opts.writable ?? []).map((d) => realpathSync(d));
    this.cwd = opts.cwd ?? (this.root === '' ? process.cwd() : '/');
  }

  /** The host path of a canonical guest path. */
  hostPath(guest: string): string {
    return this.root + (guest === '/' ? (this.root === '' ? '/' : '') : guest);
  }

  /**
   * Walk a guest path (relative ones from `base`, default the cwd). Every component but the last
   * must exist and be a directory; symlinks are followed (the last one only with `follow`).
   */
  resolve(path: string, follow: boolean, base = this.cwd): OrErrno<ResolvedPath> {
    if (path === '') return -ENOENT;
    const parts: string[] = path.startsWith('/') ? [] : base.split('/').filter(Boolean);
    const todo = path.split('/').filter((c) => c !== '').reverse();
    const trailingSlash = path.endsWith('/');
    let links = 0;
    while (todo.length > 0) {
      const c = todo.pop()!;
      if (c.length > NAME_MAX) return -ENAMETOOLONG;
      if (c === '.') continue;
      if (c === '..') { parts.pop(); continue; }
      parts.push(c);
      const last = todo.length === 0;
      const host = this.hostPath('/' + parts.join('/'));
      let st: ReturnType<typeof lstatSync>;
      try { st = lstatSync(host); } catch (e) {
        const errno = hostErrno(e);
        if (last && errno === -ENOENT) return { guest: '/' + parts.join('/'), host, exists: false };
        return errno;
      }
      const kind = st.mode & S_IFMT;
      if (kind === S_IFLNK && (!last || follow || trailingSlash)) {
        if (++links > MAXSYMLINKS) return -ELOOP;
        let target: string;
        try { target = readlinkSync(host); } catch (e) { return hostErrno(e); }
        parts.pop();
        if (target.startsWith('/')) parts.length = 0;
        for (const t of target.split('/').filter((x) => x !== '').reverse()) todo.push(t);
        continue;
      }
      if (!last && kind !== S_IFDIR) return -ENOTDIR;
      if (last && trailingSlash && kind !== S_IFDIR) return -ENOTDIR;
    }
    const guest = '/' + parts.join('/');
    return { guest, host: this.hostPath(guest), exists: true };
  }

  /** Whether a write may touch this resolved path: only beneath a `--writable` directory. */
  mayWrite(p: ResolvedPath): boolean {
    return this.writable.some((w) => p.host === w || p.host.startsWith(w.endsWith('/') ? w : w + '/'));
  }

  /** The errno a write-like call on a host path gets outside `--writable` (the file system is read-only). */
  readonly readOnlyErrno = EROFS;

  stat(p: ResolvedPath, follow: boolean): OrErrno<LinuxStat> {
    try { return statOf(follow ? statSync(p.host, { bigint: true }) : lstatSync(p.host, { bigint: true })); } catch (e) { return hostErrno(e); }
  }

  fstat(hostFd: number): OrErrno<LinuxStat> {
    try { return statOf(fstatSync(hostFd, { bigint: true })); } catch (e) { return hostErrno(e); }
  }

  readlink(p: ResolvedPath): OrErrno<string> {
    try { return readlinkSync(p.host); } catch (e) { return hostErrno(e); }
  }

  /** Open a host file; `write` only after mayWrite said yes. Returns a host fd. */
  open(p: ResolvedPath, linuxFlags: number, mode = 0o666): OrErrno<number> {
    // Linux's O_* numbers are the host's (x86-64 Linux): Node passes them to open(2) unchanged.
    try { return openSync(p.host, linuxFlags, mode); } catch (e) { return hostErrno(e); }
  }

  readAt(hostFd: number, buf: Uint8Array, pos: number): OrErrno<number> {
    try { return readSync(hostFd, buf, 0, buf.length, pos); } catch (e) { return hostErrno(e); }
  }

  writeAt(hostFd: number, bytes: Uint8Array, pos: number | null): OrErrno<number> {
    try { return writeSync(hostFd, bytes, 0, bytes.length, pos); } catch (e) { return hostErrno(e); }
  }

  close(hostFd: number): void {
    try { closeSync(hostFd); } catch { /* already gone */ }
  }

  /** A directory's entries with `.` and `..` first, as getdents64 lists them. */
  readdir(p: ResolvedPath): OrErrno<DirEntry[]> {
    try {
      const self = lstatSync(p.host, { bigint: true });
      const parentGuest = p.guest === '/' ? '/' : p.guest.slice(0, p.guest.lastIndexOf('/')) || '/';
      const parent = lstatSync(this.hostPath(parentGuest), { bigint: true });
      const out: DirEntry[] = [{ ino: self.ino, type: 4, name: '.' }, { ino: parent.ino, type: 4, name: '..' }];
      for (const e of readdirSync(p.host, { withFileTypes: true })) {
        let ino = 0n;
        try { ino = lstatSync(join(p.host, e.name), { bigint: true }).ino; } catch { /* vanished */ }
        const type = e.isDirectory() ? 4 : e.isFile() ? 8 : e.isSymbolicLink() ? 10 : e.isCharacterDevice() ? 2
          : e.isBlockDevice() ? 6 : e.isFIFO() ? 1 : e.isSocket() ? 12 : 0;
        out.push({ ino, type, name: e.name });
      }
      return out;
    } catch (e) {
      return hostErrno(e);
    }
  }
}
