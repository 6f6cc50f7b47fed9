import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repositoryRoot = path.resolve(cliDirectory, '../..');
const builtBinary = path.join(cliDirectory, 'dist/bin.js');

describe('First run from a clone', () => {
  it('pnpm rehearse --output json writes only the JSON report to stdout, so it pipes into jq', () => {
    // Act: the root script builds the CLI (turbo's banner and summary must not reach stdout).
    const run = spawnSync('pnpm', ['rehearse', '--output', 'json'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      // As from a shell: under `turbo run test:integration` the outer turbo's variables stay out.
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TURBO_'))),
        NO_COLOR: '1',
      },
      maxBuffer: 64 * 1024 * 1024,
    });

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { outcome: string; scenario: { clusterName: string } };
    expect(report.outcome).toBe('succeeded');
    expect(report.scenario.clusterName).toBe('demo');
  });

  it.each([['rehearse'], ['test']])(
    'pnpm %s on Node.js 20 stops at once, naming the Node.js version the repository needs',
    async (script) => {
      // Prepare: a `node` that says it is 20 first on PATH (pnpm asks `node --version`).
      const folder = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-node20-'));
      const fakeNode = path.join(folder, 'node');
      await writeFile(fakeNode, '#!/bin/sh\necho v20.20.2\n');
      await chmod(fakeNode, 0o755);

      // Act
      const run = spawnSync('pnpm', [script], {
        cwd: repositoryRoot,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${folder}${path.delimiter}${process.env.PATH ?? ''}` },
        timeout: 60_000,
      });

      // Assess
      expect(run.status).not.toBe(0);
      expect(`${run.stdout}${run.stderr}`).toMatch(
        /ERR_PNPM_BAD_RUNTIME_VERSION[\s\S]*requires Node\.js >=22\.12\.0\. Your current Node\.js is v20\.20\.2/,
      );
    },
  );

  it('the binary refuses an old Node.js in one line, before loading the code that needs Node.js 22', () => {
    // Prepare: pretend to be Node.js 20 before bin.js is evaluated.
    const pretendNode20 =
      'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';

    // Act
    const run = spawnSync(process.execPath, ['--import', pretendNode20, builtBinary, 'rehearse'], {
      encoding: 'utf8',
    });

    // Assess
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: eks-upgrade needs Node.js 22 or newer, and this is Node.js 20.20.2: install Node.js 24 LTS with `nvm install 24` or from https://nodejs.org/en/download\n',
    );
  });
});
