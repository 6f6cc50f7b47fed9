#!/usr/bin/env node
/**
 * Sums the vitest JSON reports that the workspaces wrote under CI (see vitest.shared.ts) and
 * prints one closing line: "Tests: N passed, N failed" (and skipped). Exits 1 when a report
 * shows a failure or when no test ran at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.reports';
let files = [];
try {
  files = readdirSync(dir).filter((name) => name.endsWith('.json'));
} catch {
  // No report folder: nothing ran.
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files.sort()) {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const filePassed = report.numPassedTests ?? 0;
  const fileFailed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  const fileSkipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(
    `${file.replace(/\.json$/, '').padEnd(32)} ${filePassed} passed, ${fileFailed} failed, ${fileSkipped} skipped`,
  );
  passed += filePassed;
  failed += fileFailed;
  skipped += fileSkipped;
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
