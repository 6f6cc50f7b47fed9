/**
 * Start-up and rehearsal wall time of the built CLI (`pnpm bench` builds first). Each case
 * spawns a fresh process, so the figures include Node's own start-up: `eks-upgrade --version`
 * against `node -e 0` (goal ≤ 2×) and `aws --version` (AWS CLI v1), and the default rehearsal
 * (goal ≤ 1.5 s).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
}

const startup = new Bench({ name: 'start-up', iterations: 20, time: 0, warmupIterations: 2 });
startup
  .add('node -e 0', () => run(process.execPath, ['-e', '0']))
  .add('eks-upgrade --version', () => run(process.execPath, [bin, '--version']))
  .add('eks-upgrade --help', () => run(process.execPath, [bin, '--help']))
  .add('aws --version (AWS CLI v1)', () => run('aws', ['--version']));
await startup.run();

const rehearsal = new Bench({ name: 'rehearsal', iterations: 10, time: 0, warmupIterations: 1 });
rehearsal.add('eks-upgrade rehearse (built-in demo)', () => run(process.execPath, [bin, 'rehearse']));
await rehearsal.run();

const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${cpu}), ${os.platform()} ${os.release()}`);
const rows = [...startup.tasks, ...rehearsal.tasks].map((task) => {
  const latency = task.result && 'latency' in task.result ? task.result.latency : undefined;
  return {
    case: task.name,
    'mean ms': latency ? Number(latency.mean.toFixed(1)) : NaN,
    'p50 ms': latency ? Number(latency.p50?.toFixed(1)) : NaN,
    'p99 ms': latency ? Number(latency.p99?.toFixed(1)) : NaN,
    samples: latency?.samplesCount ?? 0,
  };
});
console.table(rows);
const mean = (name: string) => rows.find((row) => row.case === name)?.['mean ms'] ?? NaN;
console.log(
  `eks-upgrade --version / node -e 0 = ${(mean('eks-upgrade --version') / mean('node -e 0')).toFixed(2)}× (goal ≤ 2×)`,
);
console.log(
  `aws --version / eks-upgrade --version = ${(mean('aws --version (AWS CLI v1)') / mean('eks-upgrade --version')).toFixed(1)}×`,
);
console.log(
  `default rehearsal: ${mean('eks-upgrade rehearse (built-in demo)').toFixed(0)} ms (goal ≤ 1500 ms)`,
);
