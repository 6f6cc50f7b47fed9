/**
 * Where the CLI reads and writes. `main()` takes one so that tests (and embedders) can run the
 * whole CLI in-process with captured streams and their own environment.
 */

/** A stream the CLI writes to: data goes to `stdout`, progress and logs to `stderr`. */
export interface CliStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (colour and live progress are allowed then). */
  readonly isTTY?: boolean;
}

/** The CLI's view of its process. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Environment variables (AWS_PROFILE, AWS_REGION, NO_COLOR, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths (scenario, config and report files) are resolved against. */
  readonly cwd: string;
}

/**
 * The real process's streams, environment and working directory.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), createProcessIo());
 * ```
 */
export function createProcessIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** True when colour may be written to `stream`: a terminal, NO_COLOR unset, and no `--no-color`. */
export function colourAllowed(stream: CliStream, env: CliIo['env'], noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  // https://no-color.org: any non-empty value disables colour.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
} as const;

/** Colour names the CLI uses. */
export type ColourName = keyof typeof CODES;

/** Paints text with ANSI codes, or leaves it alone when colour is off. */
export type Paint = (colour: ColourName, text: string) => string;

/** A `Paint` for a stream; a no-op when colour is not allowed. */
export function createPaint(enabled: boolean): Paint {
  if (!enabled) return (_colour, text) => text;
  return (colour, text) => {
    const [open, close] = CODES[colour];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  };
}
