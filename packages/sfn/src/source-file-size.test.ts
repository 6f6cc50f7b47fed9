import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A newcomer reads one concern per file: the client, the ASL states, the step-run reader and the
// local runner were split to keep every source file within this many lines, and this keeps them so.
const MAX_LINES = 400;
const SOURCE_ROOT = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('Source files of packages/sfn', () => {
  it(`are each at most ${MAX_LINES} lines`, () => {
    // Act
    const tooLong = sourceFiles(SOURCE_ROOT)
      .map((path) => ({
        file: relative(SOURCE_ROOT, path),
        lines: readFileSync(path, 'utf8').split('\n').length - 1,
      }))
      .filter(({ lines }) => lines > MAX_LINES);

    // Assess
    expect(tooLong).toEqual([]);
  });
});
