import { cp, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

const here = path.dirname(fileURLToPath(import.meta.url));
const lambdaZipSource = path.join(here, '../lambdas/dist/zips');
const lambdaZipTarget = path.join(here, 'dist/lambda-zips');

/** The deploy command ships the phase functions built by apps/lambdas: copy their zips next to the CLI. */
async function copyLambdaZips(): Promise<void> {
  const zips = (await readdir(lambdaZipSource).catch(() => [])).filter((file) => file.endsWith('.zip'));
  if (zips.length === 0) {
    throw new Error(`No Lambda zips in ${lambdaZipSource}: build @eks-upgrade/lambdas first`);
  }
  await mkdir(lambdaZipTarget, { recursive: true });
  await Promise.all(zips.map((zip) => cp(path.join(lambdaZipSource, zip), path.join(lambdaZipTarget, zip))));
}

export default defineConfig({
  entry: { bin: 'src/bin.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  // Commands are dynamic imports: splitting puts each in its own chunk, loaded on demand.
  splitting: true,
  sourcemap: true,
  clean: true,
  dts: { entry: { index: 'src/index.ts' } },
  // apps/lambdas is private: the CLI is published, so the handler code (used by rehearse and
  // plan) is bundled in.
  noExternal: ['@eks-upgrade/lambdas'],

  onSuccess: copyLambdaZips,
});
