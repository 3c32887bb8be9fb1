// The process's open files (fs/file.c, fs/open.c, fs/pipe.c): an fd table over shared open file
// descriptions. fds 0-2 are the host's standard streams (injectable); everything else is a
// virtual node (virtualFs.ts) or a pipe inside the process.
import { EACCES, EAGAIN, EBADF, EINVAL, EISDIR, EMFILE, ENOTDIR, ENXIO, EPIPE, ESPIPE } from './errno.js';
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

export type FileKind = 'host' | 'null' | 'zero' | 'urandom' | 'tty' | 'file' | 'dir' | 'pipe';

/** An open file description (shared by dup'ed fds). */
export interface OpenFile {
  kind: FileKind;
  /** Host stream 0/1/2 for 'host'. */
  hostFd?: 0 | 1 | 2;
  /** O_ flags as given to open (F_GETFL), access mode included. */
  flags: number;
  readable: boolean;
  writable: boolean;
  pos: number;
  data?: Uint8Array;
  node?: VNode;
  path?: string;
  pipe?: PipeBuffer;
  /** Directory entries still to hand out (getdents64). */
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
  ) {
    this.fds[0] = { file: { kind: 'host', hostFd: 0, flags: O_RDWR, readable: true, writable: false, pos: 0 }, cloexec: false };
    this.fds[1] = { file: { kind: 'host', hostFd: 1, flags: O_RDWR, readable: false, writable: true, pos: 0 }, cloexec: false };
    this.fds[2] = { file: { kind: 'host', hostFd: 2, flags: O_RDWR, readable: false, writable: true, pos: 0 }, cloexec: false };
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

  /** open(2) on the virtual file system; returns an fd or a negative errno. */
  open(path: string, flags: number): number {
    const acc = flags & O_ACCMODE;
    const wantWrite = acc === O_WRONLY || acc === O_RDWR;
    const found = this.vfs.lookup(path, (flags & O_NOFOLLOW) === 0);
    if (typeof found === 'number') return -(flags & O_CREAT && found === 2 ? EACCES : found); // nothing is created: the tree is read-only
    const { node } = found;
    if (flags & O_DIRECTORY && node.kind !== 'dir') return -ENOTDIR;
    if (node.kind === 'dir' && wantWrite) return -EISDIR;
    if ((node.kind === 'file' || node.kind === 'dir') && wantWrite) return -EACCES;
    if (node.kind === 'link') return -40; // ELOOP: O_NOFOLLOW on a symlink
    if (node.kind === 'tty' && !this.streams.terminal?.(0)) return -ENXIO; // no controlling terminal
    const file: OpenFile = {
      kind: node.kind, flags, readable: acc !== O_WRONLY, writable: wantWrite, pos: 0, node, path: found.path,
    };
    if (node.kind === 'file') file.data = node.content!();
    if (node.kind === 'dir') file.dirEntries = ['.', '..', ...node.entries!()];
    return this.install(file, (flags & O_CLOEXEC) !== 0);
  }

  close(fd: number): number {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (!e) return -EBADF;
    this.fds[fd] = undefined;
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
    return this.install(f, cloexec, from);
  }

  /** dup2/dup3: newfd becomes a copy of oldfd (closing what was there). */
  dup2(oldfd: number, newfd: number, cloexec = false): number {
    const f = this.get(oldfd);
    if (!f) return -EBADF;
    if (newfd < 0 || newfd >= this.maxFds) return -EBADF;
    if (this.fds[newfd]) this.close(newfd);
    this.fds[newfd] = { file: f, cloexec };
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
    const mk = (r: boolean): OpenFile => ({ kind: 'pipe', flags: (r ? 0 : O_WRONLY) | (flags & O_NONBLOCK), readable: r, writable: !r, pos: 0, pipe: buf });
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
      case 'host': return max === 0 ? new Uint8Array(0) : this.streams.readStdin(max);
      case 'tty': return max === 0 ? new Uint8Array(0) : this.streams.readStdin(max);
      case 'null': return new Uint8Array(0);
      case 'zero': return new Uint8Array(Math.min(max, 1 << 20));
      case 'urandom': return this.random(Math.min(max, 1 << 20));
      case 'dir': return -EISDIR;
      case 'file': {
        const start = at ?? f.pos;
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
        case 'host':
          if (f.hostFd === 1) this.streams.writeStdout(bytes);
          else this.streams.writeStderr(bytes);
          break;
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
    if (f.kind === 'dir') {
      if (whence !== 0 || offset !== 0n) return -BigInt(EINVAL);
      f.dirEntries = ['.', '..', ...f.node!.entries!()];
      return 0n;
    }
    const size = BigInt(f.data!.length);
    const base = whence === 0 ? 0n : whence === 1 ? BigInt(f.pos) : whence === 2 ? size : null;
    if (base === null) return -BigInt(EINVAL);
    const pos = base + offset;
    if (pos < 0n) return -BigInt(EINVAL);
    f.pos = Number(pos);
    return pos;
  }

  /** How fstat describes an open file. */
  statOf(f: OpenFile): { mode: number; ino: number; dev: [number, number]; rdev: [number, number]; size: number } {
    if (f.kind === 'host') {
      const h = this.streams.stat?.(f.hostFd!) ?? { mode: S_IFIFO | 0o600 };
      return { mode: h.mode, ino: h.ino ?? 1000 + f.hostFd!, dev: h.dev ?? [0, 14], rdev: h.rdev ?? [0, 0], size: h.size ?? 0 };
    }
    if (f.kind === 'pipe') return { mode: S_IFIFO | 0o600, ino: 5000, dev: [0, 14], rdev: [0, 0], size: 0 };
    const n = f.node!;
    return { mode: n.mode, ino: n.ino, dev: n.dev, rdev: n.rdev ?? [0, 0], size: f.data?.length ?? 0 };
  }

  /** A host stream's terminal, for the tty ioctls; null when the fd is no terminal. */
  terminalOf(fd: number): { rows: number; cols: number } | null {
    const f = this.get(fd);
    if (!f) return null;
    if (f.kind === 'host') return this.streams.terminal?.(f.hostFd!) ?? null;
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

  /** Remaining directory entries (getdents64 hands them out once). */
  takeDirEntries(fd: number): string[] | number {
    const f = this.get(fd);
    if (!f) return -EBADF;
    if (f.kind !== 'dir') return -ENOTDIR;
    return f.dirEntries!;
  }
}

function seekable(f: OpenFile): boolean {
  return f.kind === 'file' || f.kind === 'dir';
}

/** st_mode of a character device (for HostStat of a terminal). */
export const CHAR_DEVICE = S_IFCHR;
