// The process's open files (fs/file.c, fs/open.c, fs/pipe.c): an fd table over shared open file
// descriptions. fds 0-2 are the host's standard streams (injectable); /dev and /proc are the
// virtual tree (virtualFs.ts); every other path is the host's file system seen read-only through
// HostFs (writes only beneath a `--writable` directory); pipes live inside the process.
import { EACCES, EAGAIN, EBADF, EEXIST, EINVAL, EISDIR, ELOOP, EMFILE, ENOENT, ENOTDIR, ENXIO, EPIPE, ESPIPE } from './errno.js';
import { HostFs, type DirEntry, type LinuxStat, type OrErrno, type ResolvedPath } from './hostFs.js';
import { S_IFCHR, S_IFIFO, type VirtualFs, type VNode } from './virtualFs.js';

/** What fstat says about a host stream (fd 0-2). */
export interface HostStat {
  mode: number;
  rdev?: [number, number];
  size?: number;
  ino?: number;
  dev?: [number, number];
}

/** Host side of the standard streams. */
export interface StdStreams {
  /** Read up to `max` bytes from stdin; an empty array is end of file. */
  readStdin(max: number): Uint8Array;
  /** Write to stdout; throw BrokenPipe when the reader has gone away. */
  writeStdout(bytes: Uint8Array): void;
  writeStderr(bytes: Uint8Array): void;
  /** fstat of host fd 0-2 (default: a pipe, as under a test harness). */
  stat?(fd: 0 | 1 | 2): HostStat;
  /** The terminal size when host fd `fd` is a terminal, else null (not a tty: ENOTTY). */
  terminal?(fd: 0 | 1 | 2): { rows: number; cols: number } | null;
}

/** The host stream's reader is gone (EPIPE): the write fails and the writer gets SIGPIPE. */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
  }
}

/** A pipe's buffer (PIPE_BUF 4096, capacity 64 KiB as Linux's default). */
class PipeBuffer {
  data = new Uint8Array(0);
  readers = 1;
  writers = 1;
  static readonly CAPACITY = 65536;
}

export type FileKind = 'std' | 'null' | 'zero' | 'urandom' | 'tty' | 'file' | 'dir' | 'pipe' | 'hostfile' | 'hostdir';

/** An open file description (shared by dup'ed fds). */
export interface OpenFile {
  kind: FileKind;
  /** Host stream 0/1/2 for 'std'. */
  stdFd?: 0 | 1 | 2;
  /** hostfile: the host fd; O_APPEND. hostdir: the entries read at open. */
  hostFd?: number;
  append?: boolean;
  hostEntries?: DirEntry[];
  /** fds sharing this description (dup): a host fd closes with the last. */
  refs: number;
  /** O_ flags as given to open (F_GETFL), access mode included. */
  flags: number;
  readable: boolean;
  writable: boolean;
  pos: number;
  data?: Uint8Array;
  node?: VNode;
  path?: string;
  pipe?: PipeBuffer;
  /** Directory entries still to hand out (getdents64) of a virtual directory. */
  dirEntries?: string[];
}

interface FdEntry {
  file: OpenFile;
  cloexec: boolean;
}

export const O_ACCMODE = 3;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_CLOEXEC = 0o2000000;
export const O_PATH = 0o10000000;
/** RLIMIT_NOFILE's default soft limit. */
export const NR_OPEN_DEFAULT = 1024;

export class FileTable {
  private readonly fds: (FdEntry | undefined)[] = [];
  /** RLIMIT_NOFILE: no fd at or past it. */
  maxFds = NR_OPEN_DEFAULT;

  constructor(
    private readonly streams: StdStreams, readonly vfs: VirtualFs,
    private readonly random: (n: number) => Uint8Array,
    /** The host's files as the guest sees them (read-only unless `--writable`). */
    readonly host: HostFs = new HostFs(),
  ) {
    this.fds[0] = { file: { kind: 'std', stdFd: 0, flags: O_RDWR, readable: true, writable: false, pos: 0, refs: 1 }, cloexec: false };
    this.fds[1] = { file: { kind: 'std', stdFd: 1, flags: O_RDWR, readable: false, writable: true, pos: 0, refs: 1 }, cloexec: false };
    this.fds[2] = { file: { kind: 'std', stdFd: 2, flags: O_RDWR, readable: false, writable: true, pos: 0, refs: 1 }, cloexec: false };
  }

  /** The working directory (a canonical guest path; the host file system keeps it). */
  get cwd(): string {
    return this.host.cwd;
  }

  /** The directory a relative path starts from: the cwd (AT_FDCWD, -100) or an open directory. */
  base(dirfd: number): OrErrno<string> {
    if (dirfd === -100) return this.host.cwd;
    const f = this.get(dirfd);
    if (!f) return -EBADF;
    if (f.kind !== 'hostdir' && f.kind !== 'dir') return -ENOTDIR;
    return f.path!;
  }

  /** Whether a path (made absolute) belongs to the virtual tree: /dev and /proc. */
  isVirtual(abs: string): boolean {
    return abs === '/dev' || abs === '/proc' || abs.startsWith('/dev/') || abs.startsWith('/proc/');
  }

  /** Where a path leads: the virtual tree's node or the host's resolved path, or an errno. */
  locate(path: string, follow: boolean, dirfd = -100): OrErrno<{ node: VNode; path: string } | ResolvedPath> {
    const base = path.startsWith('/') ? '/' : this.base(dirfd);
    if (typeof base === 'number') return base;
    const abs = this.vfs.absolute(path, base);
    if (this.isVirtual(abs)) {
      const r = this.vfs.lookup(abs, follow);
      return typeof r === 'number' ? -r : r;
    }
    return this.host.resolve(path, follow, base);
  }

  /** stat of a path as the *at() calls see it. */
  statPath(path: string, follow: boolean, dirfd = -100): OrErrno<LinuxStat> {
    const p = this.locate(path, follow, dirfd);
    if (typeof p === 'number') return p;
    if ('node' in p) return nodeStat(p.node, p.node.content ? p.node.content().length : p.node.target?.length ?? 0);
    if (!p.exists) return -ENOENT;
    return this.host.stat(p, follow);
  }

  /** open(2) of a host path: Linux's checks in Linux's order, with writes refused outside --writable. */
  private openHost(p: ResolvedPath, flags: number, mode: number): OpenFile | number {
    const acc = flags & O_ACCMODE;
    const wantWrite = acc === O_WRONLY || acc === O_RDWR;
    const base = { flags, readable: acc !== O_WRONLY, writable: wantWrite, pos: 0, path: p.guest, refs: 1 };
    if (!p.exists) {
      if (!(flags & O_CREAT)) return -ENOENT;
      if (!this.host.mayWrite(p)) return -this.host.readOnlyErrno;
      const fd = this.host.open(p, acc | O_CREAT | O_EXCL | (flags & (O_TRUNC | O_APPEND)), mode);
      if (fd < 0) return fd;
      return { ...base, kind: 'hostfile', hostFd: fd, append: (flags & O_APPEND) !== 0 };
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
      return { ...base, kind: 'hostdir', hostFd: -1, hostEntries: entries };
    }
    if (flags & O_DIRECTORY) return -ENOTDIR;
    if ((wantWrite || flags & O_TRUNC) && !this.host.mayWrite(p)) return -this.host.readOnlyErrno;
    const fd = this.host.open(p, acc | (flags & (O_TRUNC | O_APPEND)));
    if (fd < 0) return fd;
    return { ...base, kind: 'hostfile', hostFd: fd, append: (flags & O_APPEND) !== 0 };
  }

  /** fstat of an open host file (null: not a host file). */
  hostStat(f: OpenFile): OrErrno<LinuxStat> | null {
    if (f.kind === 'hostfile') return this.host.fstat(f.hostFd!);
    if (f.kind === 'hostdir') {
      const p = this.host.resolve(f.path!, true, '/');
      return typeof p === 'number' ? p : this.host.stat(p, true);
    }
    return null;
  }

  /** The whole contents of an open host file (mmap of it: private, read now). */
  hostBytes(f: OpenFile): Uint8Array | null {
    if (f.kind !== 'hostfile') return null;
    const chunks: Uint8Array[] = [];
    for (let pos = 0; ;) {
      const buf = new Uint8Array(1 << 20);
      const n = this.host.readAt(f.hostFd!, buf, pos);
      if (n <= 0) break;
      chunks.push(buf.subarray(0, n));
      pos += n;
    }
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) { out.set(c, o); o += c.length; }
    return out;
  }

  isOpen(fd: number): boolean {
    return fd >= 0 && this.fds[fd] !== undefined;
  }

  get(fd: number): OpenFile | undefined {
    return fd >= 0 ? this.fds[fd]?.file : undefined;
  }

  private install(file: OpenFile, cloexec: boolean, from = 0): number {
    let fd = from;
    while (this.fds[fd] !== undefined) fd++;
    if (fd >= this.maxFds) return -EMFILE;
    this.fds[fd] = { file, cloexec };
    return fd;
  }

  /** open(2)/openat(2): the virtual tree for /dev and /proc, the host's files otherwise; an fd or a negative errno. */
  open(path: string, flags: number, mode = 0o666, dirfd = -100): number {
    const acc = flags & O_ACCMODE;
    const wantWrite = acc === O_WRONLY || acc === O_RDWR;
    const where = this.locate(path, (flags & O_NOFOLLOW) === 0, dirfd);
    if (typeof where === 'number') return flags & O_CREAT && where === -ENOENT && this.isVirtualPath(path, dirfd) ? -EACCES : where;
    if (!('node' in where)) {
      const f = this.openHost(where, flags, mode & ~this.umask);
      if (typeof f === 'number') return f;
      return this.install(f, (flags & O_CLOEXEC) !== 0);
    }
    const found = where;
    const { node } = found;
    if (flags & O_DIRECTORY && node.kind !== 'dir') return -ENOTDIR;
    if (node.kind === 'dir' && wantWrite) return -EISDIR;
    if ((node.kind === 'file' || node.kind === 'dir') && wantWrite) return -EACCES;
    if (node.kind === 'link') return -40; // ELOOP: O_NOFOLLOW on a symlink
    if (node.kind === 'tty' && !this.streams.terminal?.(0)) return -ENXIO; // no controlling terminal
    const file: OpenFile = {
      kind: node.kind as FileKind, flags, readable: acc !== O_WRONLY, writable: wantWrite, pos: 0, node, path: found.path, refs: 1,
    };
    if (node.kind === 'file') file.data = node.content!();
    if (node.kind === 'dir') file.dirEntries = ['.', '..', ...node.entries!()];
    return this.install(file, (flags & O_CLOEXEC) !== 0);
  }

  /** The process's umask (applied to the mode of files it creates). */
  umask = 0o022;

  private isVirtualPath(path: string, dirfd: number): boolean {
    const base = path.startsWith('/') ? '/' : this.base(dirfd);
    return typeof base === 'string' && this.isVirtual(this.vfs.absolute(path, base));
  }

  close(fd: number): number {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (!e) return -EBADF;
    this.fds[fd] = undefined;
    if (--e.file.refs === 0 && e.file.kind === 'hostfile') this.host.close(e.file.hostFd!);
    if (e.file.pipe && !this.fds.some((x) => x?.file === e.file)) {
      if (e.file.readable) e.file.pipe.readers--;
      else e.file.pipe.writers--;
    }
    return 0;
  }

  /** dup / fcntl(F_DUPFD): the lowest free fd at or above `from`. */
  dup(fd: number, from = 0, cloexec = false): number {
    const f = this.get(fd);
    if (!f) return -EBADF;
    if (from >= this.maxFds) return -EINVAL;
    const fd2 = this.install(f, cloexec, from);
    if (fd2 >= 0) f.refs++;
    return fd2;
  }

  /** dup2/dup3: newfd becomes a copy of oldfd (closing what was there). */
  dup2(oldfd: number, newfd: number, cloexec = false): number {
    const f = this.get(oldfd);
    if (!f) return -EBADF;
    if (newfd < 0 || newfd >= this.maxFds) return -EBADF;
    if (this.fds[newfd]) this.close(newfd);
    this.fds[newfd] = { file: f, cloexec };
    f.refs++;
    return newfd;
  }

  getCloexec(fd: number): boolean | null {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    return e ? e.cloexec : null;
  }

  setCloexec(fd: number, v: boolean): void {
    const e = this.fds[fd];
    if (e) e.cloexec = v;
  }

  /** pipe2: [read fd, write fd] or a negative errno. */
  pipe(flags: number): [number, number] | number {
    const buf = new PipeBuffer();
    const mk = (r: boolean): OpenFile => ({ kind: 'pipe', flags: (r ? 0 : O_WRONLY) | (flags & O_NONBLOCK), readable: r, writable: !r, pos: 0, pipe: buf, refs: 1 });
    const r = this.install(mk(true), (flags & O_CLOEXEC) !== 0);
    if (r < 0) return r;
    const w = this.install(mk(false), (flags & O_CLOEXEC) !== 0);
    if (w < 0) {
      this.fds[r] = undefined;
      return w;
    }
    return [r, w];
  }

  /** read(2): the bytes read, or a negative errno. `at` reads at an offset without moving it (pread64). */
  read(fd: number, max: number, at?: number): Uint8Array | number {
    const f = this.get(fd);
    if (!f || !f.readable) return -EBADF;
    if (max < 0) return -EINVAL;
    if (at !== undefined && !seekable(f)) return -ESPIPE;
    switch (f.kind) {
      case 'std': return max === 0 ? new Uint8Array(0) : this.streams.readStdin(max);
      case 'hostfile': {
        const buf = new Uint8Array(Math.min(max, 1 << 20));
        const n = this.host.readAt(f.hostFd!, buf, at ?? f.pos);
        if (n < 0) return n;
        if (at === undefined) f.pos += n;
        return buf.subarray(0, n);
      }
      case 'hostdir': return -EISDIR;
      case 'tty': return max === 0 ? new Uint8Array(0) : this.streams.readStdin(max);
      case 'null': return new Uint8Array(0);
      case 'zero': return new Uint8Array(Math.min(max, 1 << 20));
      case 'urandom': return this.random(Math.min(max, 1 << 20));
      case 'dir': return -EISDIR;
      case 'file': {
        const start = at ?? f.pos;
        // seq_file: a read from the start shows the process as it is now (maps after an mmap since open)
        if (start === 0 && f.node?.content) f.data = f.node.content();
        const out = f.data!.subarray(start, start + max);
        if (at === undefined) f.pos += out.length;
        return out;
      }
      case 'pipe': {
        const p = f.pipe!;
        if (p.data.length === 0) return p.writers > 0 ? -EAGAIN : new Uint8Array(0);
        const out = p.data.slice(0, max);
        p.data = p.data.slice(out.length);
        return out;
      }
    }
  }

  /** write(2): the count written, or a negative errno. */
  write(fd: number, bytes: Uint8Array, at?: number): number {
    const f = this.get(fd);
    if (!f || !f.writable) return -EBADF;
    if (at !== undefined && !seekable(f)) return -ESPIPE;
    try {
      switch (f.kind) {
        case 'std':
          if (f.stdFd === 1) this.streams.writeStdout(bytes);
          else this.streams.writeStderr(bytes);
          break;
        case 'hostfile': {
          // opened for writing only beneath --writable (openHost checked)
          const n = this.host.writeAt(f.hostFd!, bytes, f.append ? null : at ?? f.pos);
          if (n > 0 && !f.append && at === undefined) f.pos += n;
          return n;
        }
        case 'tty': this.streams.writeStderr(bytes); break;
        case 'pipe': {
          const p = f.pipe!;
          if (p.readers === 0) return -EPIPE;
          const room = PipeBuffer.CAPACITY - p.data.length;
          if (room === 0) return -EAGAIN;
          const n = Math.min(room, bytes.length);
          const next = new Uint8Array(p.data.length + n);
          next.set(p.data);
          next.set(bytes.subarray(0, n), p.data.length);
          p.data = next;
          return n;
        }
        default: break; // /dev/null, /dev/zero, /dev/urandom swallow what is written
      }
    } catch (e) {
      if (e instanceof BrokenPipe) return -EPIPE;
      throw e;
    }
    return bytes.length;
  }

  /** lseek: the new offset or a negative errno. */
  lseek(fd: number, offset: bigint, whence: number): bigint {
    const f = this.get(fd);
    if (!f) return -BigInt(EBADF);
    if (!seekable(f)) return f.kind === 'null' || f.kind === 'zero' || f.kind === 'urandom' ? 0n : -BigInt(ESPIPE);
    if (f.kind === 'dir' || f.kind === 'hostdir') {
      if (whence !== 0 || offset !== 0n) return -BigInt(EINVAL);
      if (f.kind === 'dir') f.dirEntries = ['.', '..', ...f.node!.entries!()];
      else f.pos = 0;
      return 0n;
    }
    let size: bigint;
    if (f.kind === 'hostfile') {
      const st = this.host.fstat(f.hostFd!);
      size = typeof st === 'number' ? 0n : st.size;
    } else {
      size = BigInt(f.data!.length);
    }
    const base = whence === 0 ? 0n : whence === 1 ? BigInt(f.pos) : whence === 2 ? size : null;
    if (base === null) return -BigInt(EINVAL);
    const pos = base + offset;
    if (pos < 0n) return -BigInt(EINVAL);
    f.pos = Number(pos);
    return pos;
  }

  /** How fstat describes an open file. */
  statOf(f: OpenFile): OrErrno<LinuxStat> {
    const host = this.hostStat(f);
    if (host !== null) return host;
    if (f.kind === 'std') {
      const h = this.streams.stat?.(f.stdFd!) ?? { mode: S_IFIFO | 0o600 };
      return linuxStat(h.mode, h.ino ?? 1000 + f.stdFd!, h.dev ?? [0, 14], h.rdev ?? [0, 0], h.size ?? 0, 1);
    }
    if (f.kind === 'pipe') return linuxStat(S_IFIFO | 0o600, 5000, [0, 14], [0, 0], 0, 1);
    return nodeStat(f.node!, f.data?.length ?? 0);
  }

  /** A host stream's terminal, for the tty ioctls; null when the fd is no terminal. */
  terminalOf(fd: number): { rows: number; cols: number } | null {
    const f = this.get(fd);
    if (!f) return null;
    if (f.kind === 'std') return this.streams.terminal?.(f.stdFd!) ?? null;
    if (f.kind === 'tty') return this.streams.terminal?.(0) ?? this.streams.terminal?.(1) ?? null;
    return null;
  }

  /** Bytes a read would return now without waiting (FIONREAD, poll). */
  pending(f: OpenFile): number {
    if (f.kind === 'pipe') return f.pipe!.data.length;
    if (f.kind === 'file') return f.data!.length - f.pos;
    return 0;
  }

  /** poll's view of an fd: readable/writable now, or the other end gone. */
  readiness(fd: number): { in: boolean; out: boolean; hup: boolean } | null {
    const f = this.get(fd);
    if (!f) return null;
    if (f.kind === 'pipe') {
      const p = f.pipe!;
      return f.readable
        ? { in: p.data.length > 0, out: false, hup: p.writers === 0 }
        : { in: false, out: p.readers > 0 && p.data.length < PipeBuffer.CAPACITY, hup: false };
    }
    // host streams, devices and files never make a reader wait here (a read of stdin blocks on the host)
    return { in: f.readable, out: f.writable, hup: false };
  }

  /** The entries of an open directory from its current position on (getdents64 advances it). */
  dirEntries(fd: number): OrErrno<{ entries: DirEntry[]; advance(n: number): void }> {
    const f = this.get(fd);
    if (!f) return -EBADF;
    if (f.kind === 'hostdir') return { entries: f.hostEntries!.slice(f.pos), advance: (n: number) => { f.pos += n; } };
    if (f.kind !== 'dir') return -ENOTDIR;
    const entries = f.dirEntries!.map((name) => {
      const child = name === '.' || name === '..' ? null : this.vfs.lookup(`${f.path}/${name}`, false);
      const node = child && typeof child !== 'number' ? child.node : null;
      return { ino: BigInt(node?.ino ?? f.node!.ino), type: node ? (node.mode & 0o170000) >> 12 : 4, name };
    });
    return { entries, advance: (n: number) => { f.dirEntries!.splice(0, n); } };
  }

  /** The canonical guest path an fd was opened at. */
  pathOf(fd: number): string | null {
    return this.get(fd)?.path ?? null;
  }
}

function seekable(f: OpenFile): boolean {
  return f.kind === 'file' || f.kind === 'dir' || f.kind === 'hostfile' || f.kind === 'hostdir';
}

const encodeDev = ([major, minor]: [number, number]): bigint => BigInt((minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12));

function linuxStat(mode: number, ino: number, dev: [number, number], rdev: [number, number], size: number, nlink: number): LinuxStat {
  // the virtual files carry the boot time as their times (set by the kernel through BOOT_TIME_NS)
  const t = bootTimeNs;
  return {
    dev: encodeDev(dev), ino: BigInt(ino), mode, nlink: BigInt(nlink), uid: 1000, gid: 1000, rdev: encodeDev(rdev),
    size: BigInt(size), blksize: 4096n, blocks: BigInt(Math.ceil(size / 512)), atimeNs: t, mtimeNs: t, ctimeNs: t, birthtimeNs: t,
  };
}

/** A virtual node's stat. */
export function nodeStat(n: VNode, size: number): LinuxStat {
  return linuxStat(n.mode, n.ino, n.dev, n.rdev ?? [0, 0], size, (n.mode & 0o170000) === 0o040000 ? 2 : 1);
}

let bootTimeNs = 1767225600n * 1_000_000_000n;
/** The times the virtual files show (the kernel's boot time). */
export function setVirtualFileTime(ns: bigint): void {
  bootTimeNs = ns;
}

/** st_mode of a character device (for HostStat of a terminal). */
export const CHAR_DEVICE = S_IFCHR;
