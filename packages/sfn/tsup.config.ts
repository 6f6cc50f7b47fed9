import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  splitting: false,
  // import.meta.url in the CJS build too: asl-validator is required lazily from it (workflow/asl-validator.ts).
  shims: true,
});
