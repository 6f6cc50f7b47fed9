import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '@eks-upgrade/core-models';

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Checks, before any work, that a file named on the command line (`--report FILE`) can be
 * written: it is not a directory and its folder exists. A bad path is a `ValidationError` naming
 * the flag (exit 2), so a long run never ends in `ENOENT`.
 *
 * @example
 * ```ts
 * const reportPath = await checkOutputFile(context.resolvePath(flags.report), flags.report, '--report');
 * ```
 */
export async function checkOutputFile(absolutePath: string, shownAs: string, flag: string): Promise<string> {
  const problem = await outputFileProblem(absolutePath);
  if (problem !== undefined) {
    throw new ValidationError('Cannot write the output file', [
      { path: flag, message: `${JSON.stringify(shownAs)} ${problem}` },
    ]);
  }
  return absolutePath;
}

async function outputFileProblem(absolutePath: string): Promise<string | undefined> {
  const existing = await statOrUndefined(absolutePath);
  if (existing?.isDirectory()) return 'is a directory; name a file such as report.md';
  if (existing !== undefined) return existing.isFile() ? undefined : 'is not a regular file';
  const folder = path.dirname(absolutePath);
  const parent = await statOrUndefined(folder);
  if (parent === undefined) return `cannot be created: the folder ${folder} does not exist`;
  if (!parent.isDirectory()) return `cannot be created: ${folder} is not a folder`;
  try {
    await access(folder, constants.W_OK);
  } catch {
    return `cannot be created: no permission to write in ${folder}`;
  }
  return undefined;
}
