import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ValidationError } from '@eks-upgrade/core-models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readZip } from '../../test/helpers/read-zip.js';
import { functionCodeSha256 } from './code-sha256.js';
import { createFunctionZip, createFunctionZipFromDirectory } from './create-function-zip.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const bundle = {
  'index.mjs':
    'export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n',
  'index.mjs.map': JSON.stringify({ version: 3, sources: ['index.ts'], mappings: 'AAAA' }),
  'lib/util.mjs': 'export const add = (a, b) => a + b;\n'.repeat(50),
};

function tryZip(input: Parameters<typeof createFunctionZip>[0]): ValidationError {
  try {
    createFunctionZip(input);
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Function: createFunctionZip', () => {
  it('produces byte-identical output for the same input, whatever the input order', () => {
    // Prepare
    const forward = Object.entries(bundle).map(([filePath, content]) => ({ path: filePath, content }));
    const reversed = [...forward].reverse();

    // Act
    const first = createFunctionZip(forward);
    const second = createFunctionZip(forward);
    const third = createFunctionZip(reversed);
    const fromRecord = createFunctionZip(bundle);

    // Assess
    expect(sha256(second)).toBe(sha256(first));
    expect(sha256(third)).toBe(sha256(first));
    expect(sha256(fromRecord)).toBe(sha256(first));
  });

  it('writes sorted entries with a fixed 1980-01-01 timestamp, fixed modes and no extra fields', () => {
    // Prepare
    const files = [
      { path: 'lib/util.mjs', content: bundle['lib/util.mjs'] },
      { path: 'bootstrap', content: '#!/bin/sh\n', mode: 0o100775 },
      { path: 'index.mjs', content: new TextEncoder().encode(bundle['index.mjs']), mode: 0o100600 },
    ];

    // Act
    const entries = readZip(createFunctionZip(files));

    // Assess
    expect(entries.map((entry) => entry.path)).toEqual(['bootstrap', 'index.mjs', 'lib/util.mjs']);
    expect(entries.map((entry) => entry.mode)).toEqual([0o755, 0o644, 0o644]);
    for (const entry of entries) {
      expect(entry.dosTime).toBe(0);
      expect(entry.dosDate).toBe(0x21);
      expect(entry.extraLength).toBe(0);
    }
    expect(entries[2]?.method).toBe(8);
    expect(entries[2]?.content.toString('utf8')).toBe(bundle['lib/util.mjs']);
    expect(entries[0]?.content.toString('utf8')).toBe('#!/bin/sh\n');
  });

  it('stores incompressible content and keeps empty files', () => {
    // Prepare
    const noise = randomBytes(4096);

    // Act
    const entries = readZip(
      createFunctionZip([
        { path: 'noise.bin', content: noise },
        { path: 'empty.txt', content: '' },
      ]),
    );

    // Assess
    expect(entries.map((entry) => [entry.path, entry.method])).toEqual([
      ['empty.txt', 0],
      ['noise.bin', 0],
    ]);
    expect(entries[1]?.content.equals(noise)).toBe(true);
    expect(entries[0]?.content.length).toBe(0);
  });

  it('is accepted by the system zip tools (unzip -t and python zipfile)', async () => {
    // Prepare
    const folder = await mkdtemp(path.join(tmpdir(), 'zip-tools-'));
    const zipPath = path.join(folder, 'function.zip');
    await writeFile(zipPath, createFunctionZip({ ...bundle, 'données/é.txt': 'utf-8 name' }));

    try {
      // Act
      const unzipOutput = execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' });
      const pythonOutput = execFileSync(
        'python3',
        [
          '-c',
          'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint("\\n".join(z.namelist()))',
          zipPath,
        ],
        { encoding: 'utf8' },
      );

      // Assess
      expect(unzipOutput).toContain('No errors detected');
      expect(pythonOutput.trim().split('\n')).toEqual([
        'données/é.txt',
        'index.mjs',
        'index.mjs.map',
        'lib/util.mjs',
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('produces a valid empty archive for no files', () => {
    // Act
    const zip = createFunctionZip([]);

    // Assess
    expect(zip.byteLength).toBe(22);
    expect(readZip(zip)).toEqual([]);
  });

  it.each([
    ['/etc/passwd', 'must be relative, not absolute'],
    ['C:/windows', 'must be relative, not absolute'],
    ['../outside.js', 'must not contain ".." segments'],
    ['lib/../../outside.js', 'must not contain ".." segments'],
    ['lib\\util.mjs', 'must use forward slashes'],
    ['./index.mjs', 'must not contain empty or "." segments'],
    ['lib//util.mjs', 'must not contain empty or "." segments'],
    ['lib/', 'must not contain empty or "." segments'],
    ['', 'must be a non-empty string'],
  ])('rejects the unsafe path %j', (unsafePath, rule) => {
    // Act
    const error = tryZip([{ path: unsafePath, content: 'x' }]);

    // Assess
    expect(error.fields).toEqual(['files[0].path']);
    expect(error.message).toContain(rule);
  });

  it('rejects duplicate paths and a path used as both file and folder', () => {
    // Act
    const duplicate = tryZip([
      { path: 'index.mjs', content: 'a' },
      { path: 'index.mjs', content: 'b' },
    ]);
    const fileAndFolder = tryZip([
      { path: 'lib', content: 'a' },
      { path: 'lib/util.mjs', content: 'b' },
    ]);

    // Assess
    expect(duplicate.fields).toEqual(['files[1].path']);
    expect(duplicate.message).toContain('duplicate path "index.mjs"');
    expect(fileAndFolder.message).toContain('"lib" is a file and also the folder of "lib/util.mjs"');
  });

  it('rejects content that is neither bytes nor text and input that is not a collection', () => {
    // Act
    const badContent = tryZip([{ path: 'a', content: 42 as unknown as string }]);
    const badInput = tryZip(null as unknown as Record<string, string>);

    // Assess
    expect(badContent.fields).toEqual(['files[0].content']);
    expect(badInput.fields).toEqual(['files']);
  });
});

describe('Function: createFunctionZipFromDirectory', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'zip-dir-'));
    await mkdir(path.join(folder, 'lib', 'deep'), { recursive: true });
    await writeFile(path.join(folder, 'index.mjs'), bundle['index.mjs']);
    await writeFile(path.join(folder, 'index.mjs.map'), bundle['index.mjs.map']);
    await writeFile(path.join(folder, 'lib', 'util.mjs'), bundle['lib/util.mjs']);
    await writeFile(path.join(folder, 'lib', 'deep', 'run.sh'), '#!/bin/sh\necho hi\n');
    await chmod(path.join(folder, 'lib', 'deep', 'run.sh'), 0o750);
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('gives byte-identical output across runs and after the files mtimes change', async () => {
    // Prepare
    const before = await createFunctionZipFromDirectory(folder);
    const later = new Date('2031-05-06T07:08:09Z');
    for (const file of ['index.mjs', 'index.mjs.map', 'lib/util.mjs', 'lib/deep/run.sh'])
      await utimes(path.join(folder, file), later, later);

    // Act
    const again = await createFunctionZipFromDirectory(folder);

    // Assess
    expect(sha256(again)).toBe(sha256(before));
    expect(functionCodeSha256(again)).toBe(functionCodeSha256(before));
  });

  it('matches createFunctionZip of the same files, with forward-slash paths and the execute bit kept', async () => {
    // Act
    const zip = await createFunctionZipFromDirectory(folder);
    const entries = readZip(zip);

    // Assess
    expect(entries.map((entry) => [entry.path, entry.mode])).toEqual([
      ['index.mjs', 0o644],
      ['index.mjs.map', 0o644],
      ['lib/deep/run.sh', 0o755],
      ['lib/util.mjs', 0o644],
    ]);
    expect(
      sha256(
        createFunctionZip([
          ...Object.entries(bundle).map(([filePath, content]) => ({ path: filePath, content })),
          { path: 'lib/deep/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
        ]),
      ),
    ).toBe(sha256(zip));
  });

  it('follows symbolic links to files', async () => {
    // Prepare
    await symlink(path.join(folder, 'lib', 'util.mjs'), path.join(folder, 'linked.mjs'));

    // Act
    const entries = readZip(await createFunctionZipFromDirectory(folder));

    // Assess
    expect(entries.find((entry) => entry.path === 'linked.mjs')?.content.toString('utf8')).toBe(
      bundle['lib/util.mjs'],
    );
  });
});

describe('Function: functionCodeSha256', () => {
  it('returns the base64 SHA-256 that Lambda reports as CodeSha256', () => {
    // Act
    const digest = functionCodeSha256(new TextEncoder().encode('abc'));

    // Assess
    expect(digest).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});
