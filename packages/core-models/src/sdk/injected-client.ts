/**
 * What the eks-upgrade clients need of an injected AWS SDK v3 client: `send` and `config`. Any
 * SDK v3 client has them, from whichever copy or release of its `@aws-sdk/client-*` package an
 * application installed. The classes of two copies are different types to TypeScript (and
 * different classes to `instanceof`) although they work together at run time, so the `client`
 * options accept this shape beside the package's own SDK class.
 *
 * @example
 * ```ts
 * import type { AwsSdkV3Client } from '@eks-upgrade/core-models';
 * import { SSMClient } from '@aws-sdk/client-ssm'; // the application's own copy
 *
 * const client: AwsSdkV3Client = new SSMClient({ region: 'eu-west-1' });
 * ```
 */
export interface AwsSdkV3Client {
  /** Sends a command; the eks-upgrade clients send commands of their own copy of the SDK. */
  send(command: never, options?: never): Promise<unknown>;
  /** The resolved client configuration (region, credentials, ...). */
  readonly config: object;
}
