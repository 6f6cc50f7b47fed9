/** Dummy credentials and the fixed account/region moto answers for. */
export const MOTO_REGION = 'us-east-1';
export const MOTO_ACCOUNT_ID = '123456789012';
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** SDK v3 client configuration pointing at a moto server. */
export interface MotoClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Tests want failures now, not after the SDK's retries. */
  maxAttempts: number;
}

/** What a test can do with a running moto server. */
export interface MotoApi {
  readonly endpoint: string;
  readonly accountId: string;
  /** SDK client settings for this server (region us-east-1 unless overridden). */
  clientConfig(overrides?: { region?: string; maxAttempts?: number }): MotoClientConfig;
  /** Forget every resource in every service (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Change moto's behaviour (`POST /moto-api/config`), e.g. `{ lambda: { use_docker: false } }`. */
  configure(settings: Record<string, unknown>): Promise<void>;
  /** Queue results returned, in order, by the next Lambda invocations (no-Docker backend). */
  queueLambdaResults(results: readonly unknown[], options?: { region?: string }): Promise<void>;
}

async function post(endpoint: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`moto ${path} answered HTTP ${response.status}: ${await response.text()}`);
}

/** The moto control API and SDK settings for a server at `endpoint`. */
export function createMotoApi(endpoint: string): MotoApi {
  return {
    endpoint,
    accountId: MOTO_ACCOUNT_ID,
    clientConfig: (overrides = {}) => ({
      endpoint,
      region: overrides.region ?? MOTO_REGION,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: overrides.maxAttempts ?? 1,
    }),
    reset: () => post(endpoint, '/moto-api/reset'),
    configure: (settings) => post(endpoint, '/moto-api/config', settings),
    queueLambdaResults: (results, options = {}) =>
      post(endpoint, '/moto-api/static/lambda-simple/response', {
        account_id: MOTO_ACCOUNT_ID,
        region: options.region ?? MOTO_REGION,
        results: results.map((result) => (typeof result === 'string' ? result : JSON.stringify(result))),
      }),
  };
}
