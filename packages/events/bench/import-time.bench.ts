/**
 * Start-up cost of the two entry points, from the built `dist/`: a fresh node process imports
 * `@eks-upgrade/events` (with the AWS SDK) or `@eks-upgrade/events/local` (without), 21 times
 * each, alternating; medians are printed. Run: `pnpm bench` in packages/events (builds first).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const runs = 21;

function importMilliseconds(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(path.join(dist, file))}); console.log(performance.now() - t);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

const samples: Record<string, number[]> = { 'index.js': [], 'local.js': [] };
for (let run = 0; run < runs; run++) {
  for (const file of Object.keys(samples)) samples[file]!.push(importMilliseconds(file));
}
const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;
console.log(`Import time of the entry points (fresh node process, median of ${runs})`);
console.table(
  Object.entries(samples).map(([file, values]) => ({
    entry: file === 'index.js' ? '@eks-upgrade/events' : '@eks-upgrade/events/local',
    'median ms': Number(median(values).toFixed(1)),
    'min ms': Number(Math.min(...values).toFixed(1)),
  })),
);
