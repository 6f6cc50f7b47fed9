import { open } from 'node:fs/promises';
import { ValidationError } from '@eks-upgrade/core-models';
import { findJsonSyntaxProblem } from './json-syntax.js';

/**
 * The largest JSON file or value the CLI reads (scenario, request parts, configuration, event
 * details): far above any real one, and small enough that `/dev/zero` or a wrong file fails at once.
 */
export const MAX_JSON_INPUT_BYTES = 1024 * 1024;

/**
 * The largest `functions invoke --payload`: Lambda's limit for a synchronous invocation payload,
 * 6 MB (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

function describeReadFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** `1 MiB`, `6 MiB`, `512 KiB`: how a size limit reads in a message. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(what: string, where: string, maxBytes: number): ValidationError {
  return new ValidationError(`Invalid ${what}`, [
    { path: where, message: `is larger than the ${formatBytes(maxBytes)} limit` },
  ]);
}

/**
 * Parses JSON text. A syntax error names the line and column only: the text itself may be a
 * secret, and `JSON.parse`'s own message quotes it.
 */
function parseJsonText(text: string, where: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const problem = findJsonSyntaxProblem(text);
    const position =
      problem === undefined ? '' : ` (${problem.reason} at line ${problem.line}, column ${problem.column})`;
    // The SyntaxError is not kept as the cause: its message quotes the input.
    throw new ValidationError(`Invalid ${what}`, [{ path: where, message: `is not valid JSON${position}` }], {
      cause: new SyntaxError(`JSON.parse failed${position}`),
    });
  }
}

/** Reads at most `maxBytes` of a file, failing as soon as there is more (so `/dev/zero` stops at once). */
async function readBounded(absolutePath: string, maxBytes: number): Promise<Buffer | undefined> {
  const handle = await open(absolutePath, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > maxBytes ? undefined : buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * Reads and parses a JSON file named on the command line. A missing, unreadable, too large
 * (over `maxBytes`) or malformed file is a `ValidationError` naming the file (exit code 2),
 * raised before any AWS call.
 *
 * @example
 * ```ts
 * const scenario = await readJsonFile(context.resolvePath(file), file, 'scenario file');
 * ```
 */
export async function readJsonFile(
  absolutePath: string,
  shownAs: string,
  what: string,
  maxBytes: number = MAX_JSON_INPUT_BYTES,
): Promise<unknown> {
  let content: Buffer | undefined;
  try {
    content = await readBounded(absolutePath, maxBytes);
  } catch (error) {
    throw new ValidationError(
      `Cannot read ${what}`,
      [{ path: shownAs, message: describeReadFailure(error) }],
      {
        cause: error,
      },
    );
  }
  if (content === undefined) throw tooLarge(what, shownAs, maxBytes);
  return parseJsonText(content.toString('utf8'), shownAs, what);
}

/**
 * Reads a JSON flag value, or the file it names with a leading `@` (`--payload @payload.json`),
 * either at most `maxBytes` long.
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
  maxBytes: number = MAX_JSON_INPUT_BYTES,
): Promise<unknown> {
  if (value.startsWith('@')) {
    const file = value.slice(1);
    return readJsonFile(resolvePath(file), file, `${flag} file`, maxBytes);
  }
  if (Buffer.byteLength(value, 'utf8') > maxBytes) throw tooLarge(`${flag} value`, flag, maxBytes);
  return parseJsonText(value, flag, `${flag} value`);
}
