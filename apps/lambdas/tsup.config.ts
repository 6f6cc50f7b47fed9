import { defineConfig } from 'tsup';

// Library build for the CLI and other importers. The Lambda bundles are built separately by
// scripts/build-lambda-zips.mjs (one self-contained bundle per handler).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  splitting: false,
});
