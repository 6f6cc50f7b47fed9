#!/usr/bin/env node
/**
 * Packs every published package with `pnpm pack`, installs the tarballs into an empty npm
 * project, and loads each one with both `require()` and `import`, checking that the two module
 * formats expose the same named exports. This is what a user of the npm packages gets. The CLI
 * (`@eks-upgrade/cli`, ESM only) is packed and installed too, and its `eks-upgrade` binary must
 * answer `--version` and run the default rehearsal to success from the install.
 *
 * Each packed library manifest must declare compatible ranges, not exact versions, for the AWS SDK
 * clients, zod and the @eks-upgrade packages: an application that installs the library beside its
 * own compatible copy then gets one copy, not ours beside its own (`catalog:` and `workspace:`
 * turn into whatever the catalog or the workspace protocol says when `pnpm pack` runs).
 *
 * Usage: node scripts/check-packed-packages.mjs   (after `pnpm build`)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const packageDirs = readdirSync(path.join(root, 'packages'))
  .map((name) => path.join(root, 'packages', name))
  .filter((dir) => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return !manifest.private;
  });

/** Dependencies a library must not pin to one exact version. */
const MUST_BE_RANGES = [/^@aws-sdk\/client-/, /^zod$/, /^@eks-upgrade\//];
const EXACT_VERSION = /^=?v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

/** `name: "spec"` of every dependency in `manifest` that pins an exact version where a range is due. */
function exactPins(manifest) {
  const pins = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      if (MUST_BE_RANGES.some((pattern) => pattern.test(name)) && EXACT_VERSION.test(String(spec).trim())) {
        pins.push(`${field}.${name}: "${spec}"`);
      }
    }
  }
  return pins;
}

const work = mkdtempSync(path.join(tmpdir(), 'eks-upgrade-pack-'));
const tarballDir = path.join(work, 'tarballs');
const project = path.join(work, 'project');
let failures = 0;
try {
  // Every entry point a package exports (`.`, `./local`, ...), as a specifier to load.
  const names = [];
  for (const dir of packageDirs) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const entry of Object.keys(manifest.exports ?? { '.': null })) {
      if (entry === './package.json') continue;
      names.push(entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`);
    }
    execFileSync('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: dir, stdio: 'ignore' });
  }
  execFileSync('pnpm', ['pack', '--pack-destination', tarballDir], {
    cwd: path.join(root, 'apps/cli'),
    stdio: 'ignore',
  });
  const tarballs = readdirSync(tarballDir).map((file) => path.join(tarballDir, file));
  for (const tarball of tarballs) {
    const packed = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    );
    if (packed.name === '@eks-upgrade/cli') continue; // an application: it may pin what it was tested with
    const pins = exactPins(packed);
    if (pins.length > 0) {
      console.error(`${packed.name}: the packed manifest pins exact versions: ${pins.join(', ')}`);
      failures += 1;
    } else {
      console.log(
        `${packed.name}: the packed manifest declares ranges for the SDK clients, zod and @eks-upgrade packages`,
      );
    }
  }
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
    stdio: 'inherit',
  });
  for (const name of names) {
    const script = `
      const cjs = require(${JSON.stringify(name)});
      import(${JSON.stringify(name)}).then((esm) => {
        const cjsKeys = Object.keys(cjs).sort();
        const esmKeys = Object.keys(esm).filter((key) => key !== 'default' && key !== 'module.exports').sort();
        if (cjsKeys.length === 0) throw new Error('require() gave no exports');
        if (JSON.stringify(cjsKeys) !== JSON.stringify(esmKeys)) {
          throw new Error('require() and import differ: ' + cjsKeys.filter((k) => !esmKeys.includes(k)).concat(esmKeys.filter((k) => !cjsKeys.includes(k))).join(', '));
        }
        console.log(${JSON.stringify(name)} + ': require() and import both load, ' + cjsKeys.length + ' exports');
      }).catch((error) => { console.error(${JSON.stringify(name)} + ': ' + error.message); process.exit(1); });
    `;
    try {
      execFileSync(process.execPath, ['-e', script], { cwd: project, stdio: 'inherit' });
    } catch {
      failures += 1;
    }
  }
  const cliChecks = [['--version'], ['rehearse', '--output', 'json']];
  for (const args of cliChecks) {
    try {
      const output = execFileSync(path.join(project, 'node_modules/.bin/eks-upgrade'), args, {
        cwd: project,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      if (args[0] === 'rehearse' && JSON.parse(output).outcome !== 'succeeded') {
        throw new Error(`the default rehearsal ended ${JSON.parse(output).outcome}`);
      }
      const summary = args[0] === 'rehearse' ? 'outcome succeeded' : output.trim();
      console.log(`@eks-upgrade/cli: eks-upgrade ${args.join(' ')} exits 0 (${summary})`);
    } catch (error) {
      console.error(`@eks-upgrade/cli: eks-upgrade ${args.join(' ')} failed: ${error.message}`);
      failures += 1;
    }
  }
  const checks = names.length + cliChecks.length + packageDirs.length;
  console.log(`packed packages: ${checks - failures} passed, ${failures} failed`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);
