// The guest's file system: no host file is reachable, only a small tree of virtual nodes that a
// libc and ordinary programs look at: /dev/{null,zero,urandom,random,tty}, /proc/self (-> /proc/PID)
// with maps, exe, auxv, cmdline, status, stat. Paths resolve as namei does (cwd, ".", "..", symlinks).

export const S_IFMT = 0o170000;
export const S_IFIFO = 0o010000;
export const S_IFCHR = 0o020000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;

export type NodeKind = 'null' | 'zero' | 'urandom' | 'tty' | 'file' | 'dir' | 'link';

export interface VNode {
  kind: NodeKind;
  /** st_mode: type and permission bits. */
  mode: number;
  ino: number;
  /** st_dev (major, minor) of the file system; st_rdev of a device. */
  dev: [number, number];
  rdev?: [number, number];
  /** A regular file's bytes, made when it is opened (a /proc file is a snapshot of that moment). */
  content?: () => Uint8Array;
  /** A symlink's target. */
  target?: string;
  /** A directory's entries. */
  entries?: () => string[];
}

/** What the /proc files of the process are made from. */
export interface ProcSource {
  pid: number;
  maps(): string;
  exePath: string;
  exeBytes: Uint8Array;
  /** The program file's st_dev and st_ino when it is a host file (what fstat of /proc/self/exe says). */
  exeFile?: { dev: bigint; ino: bigint };
  auxv(): Uint8Array;
  cmdline(): Uint8Array;
  status(): string;
  stat(): string;
}

const enc = new TextEncoder();
const PROC_DEV: [number, number] = [0, 22];
const DEV_DEV: [number, number] = [0, 5];
const ROOT_DEV: [number, number] = [0, 1];

export class VirtualFs {
  cwd = '/';
  private readonly nodes = new Map<string, VNode>();

  constructor(private readonly proc: ProcSource) {
    const pid = proc.pid;
    let ino = 2;
    const add = (path: string, n: Omit<VNode, 'ino'>): void => void this.nodes.set(path, { ...n, ino: ino++ });
    const dir = (path: string, dev: [number, number], names: () => string[]): void => add(path, { kind: 'dir', mode: S_IFDIR | 0o555, dev, entries: names });
    const chr = (path: string, kind: NodeKind, rdev: [number, number], perm = 0o666): void => add(path, { kind, mode: S_IFCHR | perm, dev: DEV_DEV, rdev });
    const file = (path: string, content: () => Uint8Array, perm = 0o444): void => add(path, { kind: 'file', mode: S_IFREG | perm, dev: PROC_DEV, content });
    const link = (path: string, target: string, dev = PROC_DEV): void => add(path, { kind: 'link', mode: S_IFLNK | 0o777, dev, target });
    dir('/', ROOT_DEV, () => ['dev', 'proc', 'tmp']);
    dir('/tmp', ROOT_DEV, () => []);
    dir('/dev', DEV_DEV, () => ['null', 'random', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', 'zero']);
    chr('/dev/null', 'null', [1, 3]);
    chr('/dev/zero', 'zero', [1, 5]);
    chr('/dev/random', 'urandom', [1, 8]);
    chr('/dev/urandom', 'urandom', [1, 9]);
    chr('/dev/tty', 'tty', [5, 0]);
    link('/dev/stdin', '/proc/self/fd/0', DEV_DEV);
    link('/dev/stdout', '/proc/self/fd/1', DEV_DEV);
    link('/dev/stderr', '/proc/self/fd/2', DEV_DEV);
    dir('/proc', PROC_DEV, () => [String(pid), 'filesystems', 'self', 'thread-self']);
    // the file systems this kernel has (libselinux reads it to look for selinuxfs; there is none)
    file('/proc/filesystems', () => enc.encode('nodev\tproc\nnodev\tdevtmpfs\nnodev\tpipefs\n'));
    link('/proc/self', String(pid));
    link('/proc/thread-self', `${pid}/task/${pid}`);
    const p = `/proc/${pid}`;
    dir(p, PROC_DEV, () => ['auxv', 'cmdline', 'exe', 'maps', 'stat', 'status', 'task']);
    dir(`${p}/task`, PROC_DEV, () => [String(pid)]);
    link(`${p}/task/${pid}`, `/proc/${pid}`);
    file(`${p}/maps`, () => enc.encode(proc.maps()));
    file(`${p}/auxv`, () => proc.auxv(), 0o400);
    file(`${p}/cmdline`, () => proc.cmdline());
    file(`${p}/status`, () => enc.encode(proc.status()));
    file(`${p}/stat`, () => enc.encode(proc.stat()));
    link(`${p}/exe`, proc.exePath);
    // the program itself, at its own path: what /proc/self/exe leads to
    const ex = proc.exeFile;
    const exe: VNode = { kind: 'file', mode: S_IFREG | 0o755, dev: ROOT_DEV, ino: ino++, content: () => proc.exeBytes };
    if (ex) Object.assign(exe, { ino: Number(ex.ino), dev: [Number((ex.dev >> 8n) & 0xfffn), Number(ex.dev & 0xffn)] });
    this.nodes.set(proc.exePath, exe);
  }

  /** An absolute, normalised path (no symlinks followed). */
  absolute(path: string, base = this.cwd): string {
    const parts = (path.startsWith('/') ? path : `${base}/${path}`).split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return '/' + out.join('/');
  }

  /**
   * Resolve a path as namei does: symlinks in the middle are always followed, the last one only
   * with `follow`. Returns the node and its canonical path, or an errno.
   */
  lookup(path: string, follow = true): { node: VNode; path: string } | number {
    if (path === '') return 2; // ENOENT
    let current = '/';
    const parts = this.absolute(path).split('/').filter((x) => x !== '');
    for (let hops = 0, i = 0; i < parts.length; i++) {
      const next = current === '/' ? `/${parts[i]}` : `${current}/${parts[i]}`;
      const parent = this.nodes.get(current);
      if (parent && parent.kind !== 'dir') return 20; // ENOTDIR
      const n = this.nodes.get(next);
      if (!n) {
        // a node added at its full path without its directories (the program's own file, where
        // /proc/self/exe leads): found whole
        const whole = `/${parts.join('/')}`;
        const w = this.nodes.get(whole);
        return w && w.kind !== 'link' ? { node: w, path: whole } : 2;
      }
      if (n.kind === 'link' && (follow || i < parts.length - 1)) {
        if (++hops > 40) return 40; // ELOOP
        const target = this.absolute(n.target!, current);
        parts.splice(0, i + 1, ...target.split('/').filter((x) => x !== ''));
        current = '/';
        i = -1;
        continue;
      }
      current = next;
    }
    const node = this.nodes.get(current);
    return node ? { node, path: current } : 2;
  }
}
