/**
 * vitest global setup for the integration tier: one moto server for the run, always stopped.
 * Tests read its endpoint with `inject('motoEndpoint')` (see `useMoto()`).
 */
import type { TestProject } from 'vitest/node';
import { startMotoServer } from './moto-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const moto = await startMotoServer();
  project.provide('motoEndpoint', moto.endpoint);
  const stopOnSignal = () => {
    void moto.stop();
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  return async () => {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await moto.stop();
  };
}
