import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  followPageTokens,
  isRetryableAwsError,
  type RetryOptions,
  retryWithBackoff,
  toAWSServiceError,
} from '@eks-upgrade/core-models';

const SERVICE = 'SFN';

/**
 * How every Step Functions call of `StepFunctionsClient` is made: retried while its failure is
 * retryable, then mapped to the error taxonomy; paginated reads follow every page.
 */
export class SfnCalls {
  constructor(
    readonly client: SFNClient,
    private readonly retry: RetryOptions,
  ) {}

  /** One call: retried while the failure is retryable, then mapped to the taxonomy. */
  call<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
    return retryWithBackoff(() => this.mapped(operation, action, run), isRetryableAwsError, this.retry);
  }

  /**
   * Every page of a paginated read, each page retried on its own (a throttled page is asked
   * again from its token, not from the first page), failures mapped to the taxonomy.
   */
  async allPages<Page, Item>(
    operation: string,
    action: string,
    fetchPage: (nextToken: string | undefined) => Promise<Page>,
    nextTokenOf: (page: Page) => string | undefined,
    itemsOf: (page: Page) => Item[] | undefined,
  ): Promise<Item[]> {
    const items: Item[] = [];
    const pages = followPageTokens(
      (nextToken) => this.call(operation, action, () => fetchPage(nextToken)),
      nextTokenOf,
    );
    for await (const page of pages) items.push(...(itemsOf(page) ?? []));
    return items;
  }

  private async mapped<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toAWSServiceError(error, { service: SERVICE, operation, action });
    }
  }
}
