import type { CliStream, Paint } from './io.js';

/** Progress and log lines, always on stderr so stdout carries only data. */
export interface Logger {
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Only with `--verbose`. */
  debug(message: string): void;
  /** Writes a line as is (timelines, reports). */
  line(message: string): void;
  readonly paint: Paint;
  readonly verbose: boolean;
}

/**
 * A logger writing to `stream` (stderr), coloured when `paint` colours.
 *
 * @example
 * ```ts
 * const logger = createLogger(io.stderr, createPaint(false), false);
 * logger.warn('no configuration stored yet; using the defaults');
 * ```
 */
export function createLogger(stream: CliStream, paint: Paint, verbose: boolean): Logger {
  const write = (text: string) => {
    stream.write(`${text}\n`);
  };
  return {
    info: (message) => write(message),
    success: (message) => write(paint('green', message)),
    warn: (message) => write(paint('yellow', `warning: ${message}`)),
    error: (message) => write(paint('red', `error: ${message}`)),
    debug: (message) => {
      if (verbose) write(paint('dim', message));
    },
    line: write,
    paint,
    verbose,
  };
}
