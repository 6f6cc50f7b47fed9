#!/usr/bin/env node
/**
 * Builds one self-contained bundle per phase handler and zips it for Lambda:
 * dist/zips/<phase>.zip holding index.mjs (ESM, minified, tree-shaken, AWS SDK bundled — the
 * runtime's copy is not pinned) and index.mjs.map (linked source map of our own code, without
 * sources content, to stay small; see trim-source-map.mjs). Same sources in, byte-identical zips out: esbuild's output is deterministic
 * and createFunctionZip (from @eks-upgrade/lambda-templates) writes fixed timestamps and modes.
 *
 * Usage: node scripts/build-lambda-zips.mjs [--out-dir <dir>]   (default: dist/zips)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFunctionZip } from '@eks-upgrade/lambda-templates';
import { build } from 'esbuild';
import { trimSourceMap } from './trim-source-map.mjs';

export const PHASES = ['perception', 'reasoning', 'execution', 'validation', 'rollback'];
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Some bundled CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/**
 * zod 4 re-exports every locale as `z.locales` (≈260 KB minified); the handlers only use the
 * English messages zod installs by default, so `z.locales` is reduced to `en`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]/.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Bundles one handler in memory. The output path is fixed inside the package so the source map's
 * relative paths do not depend on where the zip is written.
 */
export async function bundleHandler(phase) {
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: [path.join(packageDir, 'src/handlers', `${phase}.ts`)],
    outfile: path.join(packageDir, 'dist/lambda', phase, 'index.mjs'),
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // Prefer the SDK's ES modules: they tree-shake, the CommonJS builds do not.
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    logLevel: 'warning',
    plugins: [zodEnglishOnly],
    alias: { '@aws-sdk/credential-provider-node': path.join(packageDir, 'scripts/lambda-credentials.mjs') },
  });
  const files = {};
  for (const file of result.outputFiles) files[path.basename(file.path)] = file.contents;
  if (!files['index.mjs'] || !files['index.mjs.map']) throw new Error(`esbuild gave no bundle for ${phase}`);
  // Map our code only (this package and the workspace packages), so the map stays small.
  const map = JSON.parse(new TextDecoder().decode(files['index.mjs.map']));
  const trimmed = trimSourceMap(map, (source) => !source.includes('node_modules/'));
  files['index.mjs.map'] = new TextEncoder().encode(JSON.stringify(trimmed));
  return files;
}

/** Builds every phase's zip into `outDir`; returns phase → { zipBytes, bundleBytes, mapBytes, zipPath }. */
export async function buildLambdaZips(outDir = path.join(packageDir, 'dist/zips')) {
  await mkdir(outDir, { recursive: true });
  const sizes = {};
  for (const phase of PHASES) {
    const files = await bundleHandler(phase);
    const zip = createFunctionZip([
      { path: 'index.mjs', content: files['index.mjs'] },
      { path: 'index.mjs.map', content: files['index.mjs.map'] },
    ]);
    const zipPath = path.join(outDir, `${phase}.zip`);
    await writeFile(zipPath, zip);
    sizes[phase] = {
      zipBytes: zip.byteLength,
      bundleBytes: files['index.mjs'].byteLength,
      mapBytes: files['index.mjs.map'].byteLength,
      zipPath,
    };
  }
  return sizes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--out-dir');
  const outDir = flag === -1 ? undefined : path.resolve(process.argv[flag + 1]);
  const sizes = await buildLambdaZips(outDir);
  for (const [phase, size] of Object.entries(sizes)) {
    const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `${phase.padEnd(11)} zip ${kb(size.zipBytes).padStart(9)}  (index.mjs ${kb(size.bundleBytes)}, map ${kb(size.mapBytes)})  ${path.relative(process.cwd(), size.zipPath)}`,
    );
  }
}
