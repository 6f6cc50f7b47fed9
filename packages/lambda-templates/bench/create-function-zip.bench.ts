/**
 * createFunctionZip throughput on a ~1 MB bundle. Run with `pnpm bench` in
 * packages/lambda-templates (after `pnpm build`: benchmarks import dist/).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import { createFunctionZip, createFunctionZipFromDirectory } from '../dist/index.js';

/**
 * A ~1 MB bundle that compresses like real minified JavaScript: varied identifiers and
 * literals (not one repeated line, which deflate would shrink to nothing), plus a source map.
 */
function makeBundle(targetBytes = 1024 * 1024): { path: string; content: string }[] {
  const parts: string[] = [];
  let size = 0;
  for (let index = 0; size < targetBytes * 0.7; index += 1) {
    const digest = createHash('sha1').update(String(index)).digest('hex');
    const chunk = `function f${index}(a,b){const k${digest.slice(0, 6)}="${digest}";return a.${digest.slice(6, 10)}?b+${index % 97}:k${digest.slice(0, 6)}.length*${index}}\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  const code = parts.join('');
  const map = JSON.stringify({
    version: 3,
    sources: Array.from({ length: 200 }, (_, index) => `src/module-${index}.ts`),
    mappings: createHash('sha512')
      .update(code)
      .digest('base64')
      .repeat(Math.ceil((targetBytes * 0.3) / 88)),
  });
  return [
    { path: 'index.mjs', content: code },
    { path: 'index.mjs.map', content: map },
  ];
}

function bundleBytes(files: { content: string }[]): number {
  return files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
}

/** Writes the bundle to a temporary folder. */
async function writeBundle(
  files: { path: string; content: string }[],
): Promise<{ path: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'zip-bench-'));
  for (const file of files) await writeFile(path.join(folder, file.path), file.content);
  return { path: folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

const files = makeBundle();
const inputBytes = bundleBytes(files);
const zip = createFunctionZip(files);
const folder = await writeBundle(files);

const bench = new Bench({ name: 'createFunctionZip (~1 MB bundle: index.mjs + index.mjs.map)', time: 2000 });
bench
  .add('createFunctionZip(files)', () => {
    createFunctionZip(files);
  })
  .add('createFunctionZipFromDirectory(dir)', async () => {
    await createFunctionZipFromDirectory(folder.path);
  });
await bench.run();
await folder.remove();

console.log(bench.name);
console.table(bench.table());
const task = bench.tasks[0];
const meanMs = task?.result && 'latency' in task.result ? task.result.latency.mean : Number.NaN;
console.log(
  `input ${inputBytes} bytes in ${files.length} files -> zip ${zip.byteLength} bytes ` +
    `(${((100 * zip.byteLength) / inputBytes).toFixed(1)} % of input); mean ${meanMs.toFixed(1)} ms per zip = ` +
    `${(inputBytes / 1024 / 1024 / (meanMs / 1000)).toFixed(1)} MB/s of input`,
);
