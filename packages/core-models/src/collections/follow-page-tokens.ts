/**
 * Reads a paginated AWS operation page by page: calls `fetchPage` with `startingToken` (none for
 * the first page), then with each page's next token, until a page has none. It only needs the
 * caller's own `client.send(...)`, so it works with an injected SDK client from any copy or
 * release of the AWS SDK; the SDK's `paginate*` helpers check `instanceof` against their own
 * package's client class and reject a client from another copy ("Invalid client, expected
 * instance of ...").
 *
 * @example
 * ```ts
 * import { followPageTokens } from '@eks-upgrade/core-models';
 * import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
 *
 * for await (const page of followPageTokens(
 *   (NextToken) => client.send(new GetParametersByPathCommand({ Path: '/app', NextToken })),
 *   (page) => page.NextToken,
 * )) {
 *   console.log(page.Parameters);
 * }
 * ```
 */
export async function* followPageTokens<Page>(
  fetchPage: (token: string | undefined) => Promise<Page>,
  nextToken: (page: Page) => string | undefined,
  startingToken?: string,
): AsyncGenerator<Page, void, undefined> {
  let token = startingToken;
  do {
    const page = await fetchPage(token);
    yield page;
    token = nextToken(page);
  } while (token);
}
