/**
 * Start-up and rehearsal wall time of the built CLI (`pnpm bench` builds first). Each sample
 * spawns a fresh process, so the figures include Node's own start-up: `eks-upgrade --version`
 * against `node -e 0` (goal ≤ 2×) and `aws --version` (AWS CLI v1), and the default rehearsal
 * (goal ≤ 1.5 s).
 *
 * The cases run interleaved (one sample of each per round) rather than one after the other, so
 * that the load of a shared machine hits them alike; ratios are taken between medians.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');

interface Case {
  name: string;
  command: string;
  args: string[];
  rounds: number;
}

const CASES: Case[] = [
  { name: 'node -e 0', command: process.execPath, args: ['-e', '0'], rounds: 40 },
  { name: 'eks-upgrade --version', command: process.execPath, args: [bin, '--version'], rounds: 40 },
  { name: 'eks-upgrade --help', command: process.execPath, args: [bin, '--help'], rounds: 40 },
  { name: 'aws --version (AWS CLI v1)', command: 'aws', args: ['--version'], rounds: 20 },
  {
    name: 'eks-upgrade rehearse (built-in demo)',
    command: process.execPath,
    args: [bin, 'rehearse'],
    rounds: 10,
  },
];

function sample(entry: Case): number {
  const started = performance.now();
  const result = spawnSync(entry.command, entry.args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    const tail = result.stderr?.toString().trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${entry.name} exited ${result.status}: ${result.error?.message ?? tail}`);
  }
  return elapsed;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

// Warm the file cache once.
for (const entry of CASES) sample(entry);
const samples = new Map<string, number[]>(CASES.map((entry) => [entry.name, []]));
const maxRounds = Math.max(...CASES.map((entry) => entry.rounds));
for (let round = 0; round < maxRounds; round += 1) {
  for (const entry of CASES) if (round < entry.rounds) samples.get(entry.name)!.push(sample(entry));
}

const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${cpu}), ${os.platform()} ${os.release()}`);
const rows = CASES.map((entry) => {
  const sorted = [...samples.get(entry.name)!].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    case: entry.name,
    'median ms': Number(percentile(sorted, 0.5).toFixed(1)),
    'mean ms': Number(mean.toFixed(1)),
    'p90 ms': Number(percentile(sorted, 0.9).toFixed(1)),
    samples: sorted.length,
  };
});
console.table(rows);
const median = (name: string) => rows.find((row) => row.case === name)?.['median ms'] ?? Number.NaN;
const ratio = (a: string, b: string) => (median(a) / median(b)).toFixed(2);
console.log(
  `eks-upgrade --version / node -e 0 = ${ratio('eks-upgrade --version', 'node -e 0')}× (medians; goal ≤ 2×)`,
);
console.log(
  `aws --version / eks-upgrade --version = ${ratio('aws --version (AWS CLI v1)', 'eks-upgrade --version')}× (medians)`,
);
console.log(
  `default rehearsal: ${median('eks-upgrade rehearse (built-in demo)').toFixed(0)} ms median (goal ≤ 1500 ms)`,
);
console.log(
  `load average after the run: ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
