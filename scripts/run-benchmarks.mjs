#!/usr/bin/env node
/**
 * Runs every benchmark of the workspace it is started in: each `bench/*.bench.ts` or
 * `bench/*.bench.mjs` file, one node process per file (Node 24 runs TypeScript by stripping
 * types), in name order. Benchmarks import the package's built `dist/`, so `turbo run bench`
 * builds first. vitest 5 no longer ships `bench`, hence tinybench and this runner.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const benchDir = path.resolve('bench');
const files = existsSync(benchDir)
  ? readdirSync(benchDir)
      .filter((name) => /\.bench\.(ts|mjs)$/.test(name))
      .sort()
  : [];
if (files.length === 0) {
  console.log(`no benchmarks in ${benchDir}`);
  process.exit(0);
}
let failed = 0;
for (const file of files) {
  console.log(`\n# ${path.basename(process.cwd())}/bench/${file}`);
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', path.join(benchDir, file)],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
