import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

import { createMotoApi, type MotoApi } from './moto-api.js';

export interface StartMotoOptions {
  /** moto_server executable; defaults to `moto_server` on PATH (or MOTO_SERVER_BIN). */
  executable?: string;
  /** How long to wait for the server to answer. */
  startTimeoutMs?: number;
}

/** A running moto server on 127.0.0.1. */
export interface MotoServer extends MotoApi {
  readonly port: number;
  /** Stop the server and wait for the process to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** Finds a port that is free on 127.0.0.1 right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('Could not read the port of a probe socket'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, process: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) {
      throw new Error(`moto_server exited with code ${process.exitCode} before answering`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`, { cause: lastError });
}

/**
 * Starts `moto_server` on a free 127.0.0.1 port and waits until it answers.
 *
 * @example
 * ```ts
 * const moto = await startMotoServer();
 * try {
 *   const ssm = new SSMClient(moto.clientConfig());
 * } finally {
 *   await moto.stop();
 * }
 * ```
 */
export async function startMotoServer(options: StartMotoOptions = {}): Promise<MotoServer> {
  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const executable = options.executable ?? process.env.MOTO_SERVER_BIN ?? 'moto_server';
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Keep only the tail: moto logs every request.
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`Could not start ${executable}: ${error.message}`, { cause: error })),
    ),
  );

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await Promise.race([waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 30_000), spawnFailed]);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nmoto stderr:\n${stderr}`, { cause: error });
  }

  return { ...createMotoApi(endpoint), port, stop };
}
