// The process's open files. The guest reaches no host file: fds 0-2 are the host's standard
// streams (injectable), and the only other files are virtual: /proc/self/maps and /dev/null.
import { EACCES, EBADF, EINVAL, EMFILE, ENOENT, EPIPE } from './errno.js';

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
  kind: 'stdin' | 'stdout' | 'stderr' | 'null' | 'snapshot';
  readable: boolean;
  writable: boolean;
  data?: Uint8Array;
  pos: number;
}

const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;

export class FileTable {
  private readonly fds: (OpenFile | undefined)[] = [];

  constructor(private readonly streams: StdStreams, private readonly procMaps: () => string, private readonly pid: number) {
    this.fds[0] = { kind: 'stdin', readable: true, writable: false, pos: 0 };
    this.fds[1] = { kind: 'stdout', readable: false, writable: true, pos: 0 };
    this.fds[2] = { kind: 'stderr', readable: false, writable: true, pos: 0 };
  }

  isOpen(fd: number): boolean {
    return fd >= 0 && this.fds[fd] !== undefined;
  }

  /** open(2) on the virtual file system; returns an fd or a negative errno. */
  open(path: string, flags: number): number {
    const acc = flags & O_ACCMODE;
    const wantWrite = acc === O_WRONLY || acc === O_RDWR;
    let file: OpenFile;
    if (path === '/dev/null') {
      file = { kind: 'null', readable: acc !== O_WRONLY, writable: wantWrite, pos: 0 };
    } else if (path === '/proc/self/maps' || path === `/proc/${this.pid}/maps` || path === `/proc/thread-self/maps`) {
      if (wantWrite) return -EACCES;
      file = { kind: 'snapshot', readable: true, writable: false, data: new TextEncoder().encode(this.procMaps()), pos: 0 };
    } else {
      return -ENOENT;
    }
    let fd = 0;
    while (this.fds[fd] !== undefined) fd++;
    if (fd >= 1024) return -EMFILE;
    this.fds[fd] = file;
    return fd;
  }

  close(fd: number): number {
    if (!this.isOpen(fd)) return -EBADF;
    this.fds[fd] = undefined;
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
    } catch (e) {
      if (e instanceof BrokenPipe) return -EPIPE;
      throw e;
    }
    return bytes.length;
  }
}
