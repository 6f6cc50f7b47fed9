import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/local.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  // Shared chunks: index and local must share one LocalEventBus class, not two copies.
  splitting: true,
});
