import { beforeEach, inject } from 'vitest';
import { createMotoApi, type MotoApi } from './moto-api.js';

import './moto-global-setup.js';

/**
 * The moto server started by the integration tier's global setup. By default every test starts
 * from an empty server (`POST /moto-api/reset` before each test).
 *
 * @example
 * ```ts
 * const moto = useMoto();
 * it('writes a parameter', async () => {
 *   const ssm = new SSMClient(moto.clientConfig());
 * });
 * ```
 */
export function useMoto(options: { resetBeforeEach?: boolean } = {}): MotoApi {
  const moto = createMotoApi(inject('motoEndpoint'));
  if (options.resetBeforeEach ?? true) {
    beforeEach(async () => {
      await moto.reset();
    });
  }
  return moto;
}
