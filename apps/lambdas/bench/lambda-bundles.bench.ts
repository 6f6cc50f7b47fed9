/**
 * Lambda bundle figures: each handler's zip size (goal ≤ 300 KB) and the cold import time of
 * its bundle in a fresh Node process against a bare `node -e 0` measured in the same run
 * (goal ≤ 5×). Runs are interleaved (baseline, then each bundle, repeated) so machine load
 * hits all alike; medians are reported.
 *
 * Run: pnpm bench   (BENCH_RUNS=<n> for more runs; default 15). Plain Node (types stripped):
 * vitest 5 has no `bench`, so the workspace's scripts/run-benchmarks.mjs runs this file.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLambdaZips, bundleHandler, PHASES } from '../scripts/build-lambda-zips.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const directory = await mkdtemp(path.join(tmpdir(), 'lambda-bench-'));
const sizes = await buildLambdaZips(path.join(directory, 'zips'));
const bundles: Record<string, string> = {};
for (const phase of PHASES) {
  const files = await bundleHandler(phase);
  await mkdir(path.join(directory, phase), { recursive: true });
  bundles[phase] = path.join(directory, phase, 'index.mjs');
  await writeFile(bundles[phase], files['index.mjs']!);
  await writeFile(`${bundles[phase]}.map`, files['index.mjs.map']!);
}

function timeSpawn(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const samples: Record<string, number[]> = { baseline: [] };
for (const phase of PHASES) samples[phase] = [];
for (let run = 0; run < RUNS; run += 1) {
  samples.baseline!.push(timeSpawn(['-e', '0']));
  for (const phase of PHASES) samples[phase]!.push(timeSpawn([bundles[phase]!]));
}
const baseline = median(samples.baseline!);
const rows = PHASES.map((phase) => {
  const zip = sizes[phase]!;
  const importMs = median(samples[phase]!);
  return {
    phase,
    'zip KB': Number((zip.zipBytes / 1024).toFixed(1)),
    'index.mjs KB': Number((zip.bundleBytes / 1024).toFixed(1)),
    'map KB': Number((zip.mapBytes / 1024).toFixed(1)),
    'zip ≤ 300 KB': zip.zipBytes <= 300 * 1024 ? 'yes' : 'NO',
    'cold import ms (median)': Number(importMs.toFixed(1)),
    '× node -e 0': Number((importMs / baseline).toFixed(2)),
    '≤ 5×': importMs / baseline <= 5 ? 'yes' : 'NO',
  };
});
console.log(
  `\nnode ${process.version}, ${RUNS} interleaved runs; bare \`node -e 0\` median ${baseline.toFixed(1)} ms`,
);
console.table(rows);
await rm(directory, { recursive: true, force: true });
