import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaZips, PHASES } from '../../scripts/build-lambda-zips.mjs';

const run = promisify(execFile);
const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** Names of the entries in a zip, read from its central directory. */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let entry = 0; entry < count; entry += 1) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const WORKSPACE_DIST = ['core-models', 'params', 'events', 'lambda-templates'].map((name) =>
  path.resolve(import.meta.dirname, '../../../../packages', name, 'dist/index.js'),
);

/** Modification times of the workspace packages' builds the bundles are made from. */
async function workspaceInputsStamp(): Promise<string> {
  const times = await Promise.all(
    WORKSPACE_DIST.map(async (file) => (await stat(file).catch(() => undefined))?.mtimeMs),
  );
  return times.join(',');
}

describe('Script: build-lambda-zips', () => {
  let first: string;
  let second: string;
  let sizes: Awaited<ReturnType<typeof buildLambdaZips>>;

  beforeAll(async () => {
    first = await mkdtemp(path.join(tmpdir(), 'lambda-zips-a-'));
    second = await mkdtemp(path.join(tmpdir(), 'lambda-zips-b-'));
    // The bundles read the workspace packages' built dist/; when one is rebuilt between the two
    // builds (turbo, or another build in the workspace), the input changed: build both again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = await workspaceInputsStamp();
      sizes = await buildLambdaZips(first);
      await buildLambdaZips(second);
      if ((await workspaceInputsStamp()) === before) break;
    }
  }, 180_000);

  afterAll(async () => {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  });

  it('builds the five handler zips byte-identical across two clean builds', async () => {
    // Act
    const hashes = await Promise.all(
      PHASES.map(async (phase) => [
        await sha256(path.join(first, `${phase}.zip`)),
        await sha256(path.join(second, `${phase}.zip`)),
      ]),
    );

    // Assess
    expect(Object.keys(sizes)).toEqual([...PHASES]);
    for (const [a, b] of hashes) expect(a).toBe(b);
    expect(new Set(hashes.map(([a]) => a)).size).toBe(5);
  });

  it('puts index.mjs and its linked source map in each zip', async () => {
    // Act
    const entries = await Promise.all(
      PHASES.map(async (phase) => zipEntryNames(await readFile(path.join(first, `${phase}.zip`)))),
    );

    // Assess
    for (const names of entries) expect(names).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('bundles a handler that loads in a fresh Node process and maps errors to our sources', async () => {
    // Prepare
    const { bundleHandler } = await import('../../scripts/build-lambda-zips.mjs');
    const files = await bundleHandler('execution');
    const directory = await mkdtemp(path.join(tmpdir(), 'lambda-bundle-'));
    await writeFile(path.join(directory, 'index.mjs'), files['index.mjs']!);
    await writeFile(path.join(directory, 'index.mjs.map'), files['index.mjs.map']!);
    const script = `const m = await import(${JSON.stringify(path.join(directory, 'index.mjs'))});
      try { await m.handler({ request: { clusterName: 'prod' } }); } catch (error) { console.log(JSON.stringify({ name: error.name, stack: error.stack })); }`;

    // Act
    const { stdout } = await run(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      {
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_REGION: 'us-east-1' },
      },
    );
    await rm(directory, { recursive: true, force: true });

    // Assess
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.name).toBe('ValidationError');
    expect(result.stack).toMatch(/core-models\/src\/validation\/parse\.ts/);
  });
});
