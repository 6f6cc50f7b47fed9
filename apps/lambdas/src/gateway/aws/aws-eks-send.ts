import { toAWSServiceError } from '@eks-upgrade/core-models';

/**
 * Runs one EKS call and answers its failure in the taxonomy: an `AWSServiceError` naming the
 * operation and what it was for, with the SDK error as `cause` and `retryable` set from it. Every
 * AWS EKS part of the gateway sends its calls through it.
 *
 * @example
 * ```ts
 * const { cluster } = await sendEks('DescribeCluster', `read cluster ${name}`, () =>
 *   client.send(new DescribeClusterCommand({ name })),
 * );
 * ```
 */
export async function sendEks<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAWSServiceError(error, { service: 'EKS', operation, action });
  }
}
