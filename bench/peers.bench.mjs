// trapdoor beside qemu-user and native execution on the same static programs (bench/peers/*.S,
// built with gcc): compute MIPS (64- and 32-bit), byte-copy and rep-movsb MiB/s, getpid round
// trips a second, and the wall time of an empty program. Medians of BENCH_RUNS (5) runs, in one
// run of this script so that the machine's load is the same for all three. A peer that is not
// installed (qemu-user, gcc -m32) is left out with a note. Usage: node bench/peers.bench.mjs [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinuxKernel } from '../dist/kernel/LinuxKernel.js';
import { loadProgram } from '../dist/program/loadProgram.js';

const RUNS = Number(process.env.BENCH_RUNS) || 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'trapdoor-peers-'));
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

// name, bits, work per pass (what the rate counts), unit, passes for the peers and for trapdoor
const CASES = [
  { name: 'compute64', bits: 64, per: 14, unit: 'MIPS', scale: 1e6, nPeer: 20_000_000, nSelf: 1_000_000 },
  { name: 'compute32', bits: 32, per: 14, unit: 'MIPS', scale: 1e6, nPeer: 20_000_000, nSelf: 1_000_000 },
  { name: 'bytecopy', bits: 64, per: 65536, unit: 'MiB/s', scale: 1048576, nPeer: 2000, nSelf: 40 },
  { name: 'repmovsb', bits: 64, per: 65536, unit: 'MiB/s', scale: 1048576, nPeer: 100_000, nSelf: 200 },
  { name: 'getpid', bits: 64, per: 1, unit: 'calls/s', scale: 1, nPeer: 2_000_000, nSelf: 200_000 },
];

function build(name, bits, n) {
  const out = join(dir, `${name}-${n}`);
  const r = spawnSync('gcc', [...(bits === 32 ? ['-m32'] : []), '-nostdlib', '-static', `-DN=${n}`, '-o', out, `bench/peers/${name}.S`], { encoding: 'utf8' });
  return r.status === 0 ? out : null;
}

function wallMs(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return ms;
}

const quiet = { readStdin: () => new Uint8Array(0), writeStdout: () => {}, writeStderr: () => {} };
/** Time of the guest's run alone (boot excluded), in ms. */
async function trapdoorMs(path) {
  const { elf } = await loadProgram(path);
  const k = await LinuxKernel.boot({ elf, execPath: path, argv: [path], envp: [], profile: 'textbook', streams: quiet });
  const t0 = performance.now();
  const out = k.run({ maxInstructions: 1e12 });
  const ms = performance.now() - t0;
  if (out.kind !== 'exited' || out.status !== 0) throw new Error(`${path} in trapdoor: ${out.kind}`);
  return ms;
}

const qemu = { 64: has('qemu-x86_64') ? 'qemu-x86_64' : null, 32: has('qemu-i386') ? 'qemu-i386' : null };
const rows = [];
const empty = build('empty', 64, 0);
const emptyMs = { native: median(Array.from({ length: RUNS }, () => wallMs(empty, []))) };
if (qemu[64]) emptyMs.qemu = median(Array.from({ length: RUNS }, () => wallMs(qemu[64], [empty])));
emptyMs.trapdoor = median(Array.from({ length: RUNS }, () => wallMs(process.execPath, ['dist/cli.js', 'run', empty])));

for (const c of CASES) {
  const peer = build(c.name, c.bits, c.nPeer), self = build(c.name, c.bits, c.nSelf);
  if (!peer || !self) { rows.push({ name: c.name, unit: c.unit, note: `not built (gcc${c.bits === 32 ? ' -m32' : ''} missing)` }); continue; }
  const rate = (n, ms) => (n * c.per) / c.scale / (ms / 1000);
  const row = { name: c.name, unit: c.unit };
  const t = [];
  for (let i = 0; i < RUNS; i++) t.push(await trapdoorMs(self));
  row.trapdoor = rate(c.nSelf, median(t));
  if (qemu[c.bits]) row.qemu = rate(c.nPeer, Math.max(0.1, median(Array.from({ length: RUNS }, () => wallMs(qemu[c.bits], [peer]))) - emptyMs.qemu));
  row.native = rate(c.nPeer, Math.max(0.01, median(Array.from({ length: RUNS }, () => wallMs(peer, []))) - emptyMs.native));
  rows.push(row);
}

if (process.argv.includes('--json')) console.log(JSON.stringify({ name: 'peers', emptyMs, rows }));
else {
  const f = (x) => (x === undefined ? '-' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
  console.log(`${'case'.padEnd(12)}${'unit'.padEnd(9)}${'trapdoor'.padStart(12)}${'qemu'.padStart(14)}${'native'.padStart(14)}   trapdoor/qemu`);
  for (const r of rows) {
    if (r.note) { console.log(`${r.name.padEnd(12)}${r.note}`); continue; }
    console.log(`${r.name.padEnd(12)}${r.unit.padEnd(9)}${f(r.trapdoor).padStart(12)}${f(r.qemu).padStart(14)}${f(r.native).padStart(14)}   ${r.qemu ? (r.trapdoor / r.qemu).toFixed(3) : '-'}`);
  }
  console.log(`${'empty run'.padEnd(12)}${'ms'.padEnd(9)}${f(emptyMs.trapdoor).padStart(12)}${f(emptyMs.qemu).padStart(14)}${f(emptyMs.native).padStart(14)}`);
  console.log(`(medians of ${RUNS}; peers' rates exclude their empty-program time; trapdoor's exclude boot; qemu ${qemu[64] ? 'installed' : 'not installed'}; load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
}
