import { readFile } from 'node:fs/promises';
import { ValidationError } from '@eks-upgrade/core-models';

function describeReadFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function parseJsonText(text: string, where: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(
      `Invalid ${what}`,
      [{ path: where, message: `is not valid JSON (${reason})` }],
      {
        cause: error,
      },
    );
  }
}

/**
 * Reads and parses a JSON file named on the command line. A missing, unreadable or malformed
 * file is a `ValidationError` naming the file (exit code 2), raised before any AWS call.
 *
 * @example
 * ```ts
 * const scenario = await readJsonFile(context.resolvePath(file), file, 'scenario file');
 * ```
 */
export async function readJsonFile(absolutePath: string, shownAs: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new ValidationError(
      `Cannot read ${what}`,
      [{ path: shownAs, message: describeReadFailure(error) }],
      {
        cause: error,
      },
    );
  }
  return parseJsonText(text, shownAs, what);
}

/**
 * Reads a JSON flag value, or the file it names with a leading `@` (`--payload @payload.json`).
 *
 * @example
 * ```ts
 * const detail = await readJsonArgument(context.flags.detail, '--detail', context.resolvePath);
 * ```
 */
export async function readJsonArgument(
  value: string,
  flag: string,
  resolvePath: (file: string) => string,
): Promise<unknown> {
  if (value.startsWith('@')) {
    const file = value.slice(1);
    return readJsonFile(resolvePath(file), file, `${flag} file`);
  }
  return parseJsonText(value, flag, `${flag} value`);
}
