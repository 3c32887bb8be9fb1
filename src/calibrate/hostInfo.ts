// The host `trapdoor calibrate` measures: whether it can (x86-64 Linux only), and what its CPU is
// as Linux describes it (/proc/cpuinfo, sysfs), for the calibrated profile's CPU model and name.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { CacheLevel, Vendor } from '../machine/index.js';

/** The platform check's input (process.platform/process.arch; tests pass others). */
export interface HostPlatform { platform: string; arch: string; }

/** Why calibrate cannot run on `host`, or null when it can. */
export function calibrationHostProblem(host: HostPlatform = process): string | null {
  if (host.platform === 'linux' && host.arch === 'x64') return null;
  return `calibrate measures an x86-64 Linux host natively; this host is ${host.platform}/${host.arch}`;
}

export interface HostCpu {
  vendor: Vendor;
  family: number;
  model: number;
  stepping: number;
  brand: string;
  flags: ReadonlySet<string>;
  /** The TSC's frequency (cpuinfo's "cpu MHz", which a guest with a known TSC frequency reports). */
  tscMHz: number;
  /** A guest of a hypervisor; `kvm` when its clock source says KVM. */
  hypervisor: 'kvm' | 'other' | null;
  /** The kernel isolates page tables (meltdown: Mitigation: PTI). */
  pti: boolean;
  caches: CacheLevel[];
  physAddrBits: number;
  virtAddrBits: number;
}

function field(cpuinfo: string, name: string): string {
  const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo);
  return m ? m[1]!.trim() : '';
}

/** The CPU of the first processor block of /proc/cpuinfo (and what sysfs adds, when given). */
export function parseHostCpu(cpuinfo: string, extra: { clocksources?: string; meltdown?: string; caches?: CacheLevel[] } = {}): HostCpu {
  const flags = new Set(field(cpuinfo, 'flags').split(/\s+/).filter(Boolean));
  const bits = /(\d+) bits physical, (\d+) bits virtual/.exec(field(cpuinfo, 'address sizes'));
  const hv = flags.has('hypervisor') ? (/kvm/.test(extra.clocksources ?? '') ? 'kvm' : 'other') : null;
  return {
    vendor: field(cpuinfo, 'vendor_id') === 'AuthenticAMD' ? 'amd' : 'intel',
    family: Number(field(cpuinfo, 'cpu family')), model: Number(field(cpuinfo, 'model')), stepping: Number(field(cpuinfo, 'stepping')),
    brand: field(cpuinfo, 'model name'), flags, tscMHz: Math.round(Number(field(cpuinfo, 'cpu MHz'))), hypervisor: hv,
    pti: /PTI/.test(extra.meltdown ?? ''), caches: extra.caches ?? [],
    physAddrBits: bits ? Number(bits[1]) : 48, virtAddrBits: bits ? Number(bits[2]) : 48,
  };
}

/** CPUID.1:EAX for the family, model and stepping Linux shows (extended fields as the SDM/APM define them). */
export function cpuSignature(c: Pick<HostCpu, 'family' | 'model' | 'stepping'>): number {
  const baseFamily = Math.min(c.family, 0xf);
  const extFamily = c.family > 0xf ? c.family - 0xf : 0;
  return ((extFamily << 20) | ((c.model >> 4) << 16) | (baseFamily << 8) | ((c.model & 0xf) << 4) | c.stepping) >>> 0;
}

/** A profile name that says what the host is, e.g. `amd-19h-11h-kvm`. */
export function hostProfileName(c: HostCpu): string {
  const hex = (n: number): string => `${n.toString(16)}h`;
  return `${c.vendor}-${hex(c.family)}-${hex(c.model)}${c.hypervisor === 'kvm' ? '-kvm' : c.hypervisor ? '-guest' : ''}`;
}

function readOr(path: string, fallback = ''): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** cpu0's caches as sysfs lists them (level, type, size, ways, line, how many CPUs share each). */
function sysfsCaches(): CacheLevel[] {
  const dir = '/sys/devices/system/cpu/cpu0/cache';
  if (!existsSync(dir)) return [];
  const out: CacheLevel[] = [];
  for (const d of readdirSync(dir).filter((n) => /^index\d+$/.test(n)).sort()) {
    const get = (f: string): string => readOr(`${dir}/${d}/${f}`).trim();
    const type = ({ Data: 1, Instruction: 2, Unified: 3 } as const)[get('type') as 'Data' | 'Instruction' | 'Unified'];
    const size = /^(\d+)K$/.exec(get('size'));
    if (!type || !size) continue;
    const shared = get('shared_cpu_list').split(',').reduce((n, part) => {
      const [a, b] = part.split('-').map(Number);
      return n + (b === undefined ? 1 : b - a! + 1);
    }, 0);
    out.push({ level: Number(get('level')), type, sizeKiB: Number(size[1]), ways: Number(get('ways_of_associativity')), line: Number(get('coherency_line_size')), sharedBy: shared || 1 });
  }
  return out;
}

/** This host's CPU. */
export function readHostCpu(): HostCpu {
  return parseHostCpu(readOr('/proc/cpuinfo'), {
    clocksources: readOr('/sys/devices/system/clocksource/clocksource0/available_clocksource'),
    meltdown: readOr('/sys/devices/system/cpu/vulnerabilities/meltdown'),
    caches: sysfsCaches(),
  });
}
