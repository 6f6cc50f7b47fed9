import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { SdkClientConfig } from './aws-settings.js';

/**
 * The AWS clients commands use, each imported and created on first use so that a command
 * loads only the SDK clients it needs. Tests replace the whole factory with a spy to prove
 * that bad input never reaches AWS.
 */
export interface ServiceFactory {
  iam(): Promise<IAMClient>;
  sts(): Promise<STSClient>;
}

function memoize<T>(create: () => Promise<T>): () => Promise<T> {
  let created: Promise<T> | undefined;
  return () => {
    created ??= create();
    return created;
  };
}

/**
 * The real factory: every client is built from `clientConfig` (region, profile, endpoint).
 *
 * @example
 * ```ts
 * const services = createServiceFactory({ region: 'eu-west-1' });
 * const iam = await services.iam();
 * ```
 */
export function createServiceFactory(clientConfig: SdkClientConfig): ServiceFactory {
  return {
    iam: memoize(async () => {
      const { IAMClient } = await import('@aws-sdk/client-iam');
      return new IAMClient(clientConfig);
    }),
    sts: memoize(async () => {
      const { STSClient } = await import('@aws-sdk/client-sts');
      return new STSClient(clientConfig);
    }),
  };
}
