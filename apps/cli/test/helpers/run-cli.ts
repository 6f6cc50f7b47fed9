import type { CliIo, CliStream } from '../../src/cli/io.js';
import type { SdkClientConfig } from '../../src/context/aws-settings.js';
import type { ServiceFactory } from '../../src/context/services.js';
import { type MainOptions, main } from '../../src/main.js';

/** A stream that keeps what was written. */
export interface CapturedStream extends CliStream {
  readonly text: () => string;
}

export function captureStream(isTTY = false): CapturedStream {
  const chunks: string[] = [];
  return {
    isTTY,
    write: (text: string) => {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/** Records every attempt to create an AWS client; creating one fails the command loudly. */
export interface ServiceSpy {
  readonly requested: string[];
  readonly factory: (clientConfig: SdkClientConfig) => ServiceFactory;
}

export function createServiceSpy(): ServiceSpy {
  const requested: string[] = [];
  const factory = () =>
    new Proxy({} as ServiceFactory, {
      get: (_target, property) => async () => {
        requested.push(String(property));
        throw new Error(`test: no AWS client may be created (asked for ${String(property)})`);
      },
    });
  return { requested, factory };
}

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured streams. */
export async function runCli(
  argv: readonly string[],
  options: MainOptions & { env?: Record<string, string | undefined>; cwd?: string; tty?: boolean } = {},
): Promise<CliRun> {
  const stdout = captureStream(options.tty);
  const stderr = captureStream(options.tty);
  const io: CliIo = { stdout, stderr, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() };
  const exitCode = await main(argv, io, options);
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}
