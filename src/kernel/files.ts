// The process's open files: fds 0-2 are the host's standard streams (injectable), virtual files
// (/proc/self/maps, /dev/null) come first, and every other path is the host's file system seen
// read-only through HostFs (writes only beneath a `--writable` directory).
import { EACCES, EBADF, EEXIST, EINVAL, EISDIR, ELOOP, EMFILE, ENOENT, ENOTDIR, EPIPE } from './errno.js';
import { HostFs, type DirEntry, type LinuxStat, type OrErrno, type ResolvedPath } from './hostFs.js';

/** Host side of the standard streams. */
export interface StdStreams {
  /** Read up to `max` bytes from stdin; an empty array is end of file. */
  readStdin(max: number): Uint8Array;
  /** Write to stdout; throw BrokenPipe when the reader has gone away. */
  writeStdout(bytes: Uint8Array): void;
  writeStderr(bytes: Uint8Array): void;
}

/** The host stream's reader is gone (EPIPE): the write fails and the writer gets SIGPIPE. */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
  }
}

interface OpenFile {
  kind: 'stdin' | 'stdout' | 'stderr' | 'null' | 'snapshot' | 'host' | 'hostdir';
  readable: boolean;
  writable: boolean;
  data?: Uint8Array;
  pos: number;
  /** host, hostdir: the host fd (-1 for a directory), the canonical guest path, O_APPEND. */
  hostFd?: number;
  guestPath?: string;
  append?: boolean;
  /** hostdir: the entries read at open, as getdents64 walks them. */
  entries?: DirEntry[];
  /** fds sharing this open file description (dup): the host fd closes with the last. */
  refs: number;
}

// open(2) flags as x86 Linux numbers them (include/uapi/asm-generic/fcntl.h).
const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;
export const O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000, O_APPEND = 0o2000;
export const O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000;
/** The umask a process starts with (init's 022). */
const UMASK = 0o022;

export class FileTable {
  private readonly fds: (OpenFile | undefined)[] = [];

  constructor(
    private readonly streams: StdStreams,
    private readonly procMaps: () => string,
    private readonly pid: number,
    /** The host's files as the guest sees them (read-only unless `--writable`). */
    readonly host: HostFs = new HostFs(),
  ) {
    this.fds[0] = { kind: 'stdin', readable: true, writable: false, pos: 0, refs: 1 };
    this.fds[1] = { kind: 'stdout', readable: false, writable: true, pos: 0, refs: 1 };
    this.fds[2] = { kind: 'stderr', readable: false, writable: true, pos: 0, refs: 1 };
  }

  /** The directory a relative path starts from: the cwd (AT_FDCWD, -100) or an open directory. */
  private base(dirfd: number): OrErrno<string> {
    if (dirfd === -100) return this.host.cwd;
    const f = dirfd >= 0 ? this.fds[dirfd] : undefined;
    if (!f) return -EBADF;
    if (f.kind !== 'hostdir') return -ENOTDIR;
    return f.guestPath!;
  }

  /** Resolve a path as the *at() calls do (dirfd for relative paths). */
  resolve(path: string, follow: boolean, dirfd = -100): OrErrno<ResolvedPath> {
    const base = path.startsWith('/') ? this.host.cwd : this.base(dirfd);
    if (typeof base === 'number') return base;
    return this.host.resolve(path, follow, base);
  }

  /** stat/lstat/newfstatat on a path of the host's file system. */
  stat(path: string, follow: boolean, dirfd = -100): OrErrno<LinuxStat> {
    const p = this.resolve(path, follow, dirfd);
    if (typeof p === 'number') return p;
    if (!p.exists) return -ENOENT;
    return this.host.stat(p, follow);
  }

  /** fstat on an open host file or directory (null: the fd is open but not a host file). */
  fstat(fd: number): OrErrno<LinuxStat> | null {
    const f = fd >= 0 ? this.fds[fd] : undefined;
    if (!f) return -EBADF;
    if (f.kind === 'host') return this.host.fstat(f.hostFd!);
    if (f.kind === 'hostdir') {
      const p = this.host.resolve(f.guestPath!, true, '/');
      return typeof p === 'number' ? p : this.host.stat(p, true);
    }
    return null;
  }

  /** The entries of an open directory from its current position on (getdents64 advances it). */
  dirEntries(fd: number): OrErrno<{ entries: DirEntry[]; advance(n: number): void }> {
    const f = fd >= 0 ? this.fds[fd] : undefined;
    if (!f) return -EBADF;
    if (f.kind !== 'hostdir') return -ENOTDIR;
    return { entries: f.entries!.slice(f.pos), advance: (n: number) => { f.pos += n; } };
  }

  /** The canonical guest path an fd was opened at (readlink of /proc/self/fd/N). */
  pathOf(fd: number): string | null {
    const f = fd >= 0 ? this.fds[fd] : undefined;
    return f?.guestPath ?? null;
  }

  /** open(2) of a host path: Linux's checks in Linux's order, with writes refused outside --writable. */
  private openHost(path: string, flags: number, mode: number, dirfd: number): OpenFile | number {
    const acc = flags & O_ACCMODE;
    const wantWrite = acc === O_WRONLY || acc === O_RDWR;
    const p = this.resolve(path, (flags & O_NOFOLLOW) === 0, dirfd);
    if (typeof p === 'number') return p;
    if (!p.exists) {
      if (!(flags & O_CREAT)) return -ENOENT;
      if (!this.host.mayWrite(p)) return -this.host.readOnlyErrno;
      const fd = this.host.open(p, acc | O_CREAT | O_EXCL | (flags & (O_TRUNC | O_APPEND)), mode);
      if (fd < 0) return fd;
      return { kind: 'host', readable: acc !== O_WRONLY, writable: wantWrite, pos: 0, hostFd: fd, guestPath: p.guest, append: (flags & O_APPEND) !== 0, refs: 1 };
    }
    if ((flags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) return -EEXIST;
    const st = this.host.stat(p, false);
    if (typeof st === 'number') return st;
    const kind = st.mode & 0o170000;
    if (kind === 0o120000) return -ELOOP; // O_NOFOLLOW on a symlink
    if (kind === 0o040000) {
      if (wantWrite) return -EISDIR;
      const entries = this.host.readdir(p);
      if (typeof entries === 'number') return entries;
      return { kind: 'hostdir', readable: true, writable: false, pos: 0, hostFd: -1, guestPath: p.guest, entries, refs: 1 };
    }
    if (flags & O_DIRECTORY) return -ENOTDIR;
    if ((wantWrite || flags & O_TRUNC) && !this.host.mayWrite(p)) return -this.host.readOnlyErrno;
    const fd = this.host.open(p, acc | (flags & (O_TRUNC | O_APPEND)));
    if (fd < 0) return fd;
    return { kind: 'host', readable: acc !== O_WRONLY, writable: wantWrite, pos: 0, hostFd: fd, guestPath: p.guest, append: (flags & O_APPEND) !== 0, refs: 1 };
  }

  isOpen(fd: number): boolean {
    return fd >= 0 && this.fds[fd] !== undefined;
  }

  /** open(2)/openat(2): virtual files first, then the host's; returns an fd or a negative errno. */
  open(path: string, flags: number, mode = 0o666, dirfd = -100): number {
    const acc = flags & O_ACCMODE;
    const wantWrite = acc === O_WRONLY || acc === O_RDWR;
    let file: OpenFile;
    if (path === '/dev/null') {
      file = { kind: 'null', readable: acc !== O_WRONLY, writable: wantWrite, pos: 0, refs: 1 };
    } else if (path === '/proc/self/maps' || path === `/proc/${this.pid}/maps` || path === `/proc/thread-self/maps`) {
      if (wantWrite) return -EACCES;
      file = { kind: 'snapshot', readable: true, writable: false, data: new TextEncoder().encode(this.procMaps()), pos: 0, refs: 1 };
    } else {
      const f = this.openHost(path, flags, mode & ~UMASK, dirfd);
      if (typeof f === 'number') return f;
      file = f;
    }
    let fd = 0;
    while (this.fds[fd] !== undefined) fd++;
    if (fd >= 1024) return -EMFILE;
    this.fds[fd] = file;
    return fd;
  }

  close(fd: number): number {
    const f = fd >= 0 ? this.fds[fd] : undefined;
    if (!f) return -EBADF;
    this.fds[fd] = undefined;
    if (--f.refs === 0 && f.kind === 'host') this.host.close(f.hostFd!);
    return 0;
  }

  /** read(2): the bytes read, or a negative errno. */
  read(fd: number, max: number): Uint8Array | number {
    const f = fd >= 0 ? this.fds[fd] : undefined;
    if (!f || !f.readable) return -EBADF;
    if (max < 0) return -EINVAL;
    switch (f.kind) {
      case 'stdin': return max === 0 ? new Uint8Array(0) : this.streams.readStdin(max);
      case 'null': return new Uint8Array(0);
      case 'snapshot': {
        const out = f.data!.subarray(f.pos, f.pos + max);
        f.pos += out.length;
        return out;
      }
      case 'host': {
        const buf = new Uint8Array(Math.min(max, 1 << 20));
        const n = this.host.readAt(f.hostFd!, buf, f.pos);
        if (n < 0) return n;
        f.pos += n;
        return buf.subarray(0, n);
      }
      case 'hostdir': return -EISDIR;
      default: return -EBADF;
    }
  }

  /** write(2): the count written, or a negative errno. */
  write(fd: number, bytes: Uint8Array): number {
    const f = fd >= 0 ? this.fds[fd] : undefined;
    if (!f || !f.writable) return -EBADF;
    try {
      if (f.kind === 'stdout') this.streams.writeStdout(bytes);
      else if (f.kind === 'stderr') this.streams.writeStderr(bytes);
      else if (f.kind === 'host') {
        // Opened for writing only beneath --writable (openHost checked).
        const n = this.host.writeAt(f.hostFd!, bytes, f.append ? null : f.pos);
        if (n > 0 && !f.append) f.pos += n;
        return n;
      }
    } catch (e) {
      if (e instanceof BrokenPipe) return -EPIPE;
      throw e;
    }
    return bytes.length;
  }
}
