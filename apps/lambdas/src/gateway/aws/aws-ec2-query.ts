import { toAWSServiceError } from '@eks-upgrade/core-models';
import { type AwsCredentials, signRequest } from './sigv4.js';
import { childElement, childText, parseXml, type XmlElement } from './xml-elements.js';

/** The EC2 API version every Query request names (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html). */
export const EC2_API_VERSION = '2016-11-15';

/** Resolves the credentials to sign with (an SDK client's `config.credentials` is one). */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** One EC2 Query API call: the action and its parameters, already flattened (`Name.1`). */
export interface Ec2QueryRequest {
  readonly action: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** How an `Ec2QueryClient` reaches EC2. */
export interface Ec2QueryClientOptions {
  /** The region, or its provider (an SDK client's `config.region`). */
  readonly region: string | (() => Promise<string>);
  readonly credentials: AwsCredentialsProvider;
  /** Another endpoint than `https://ec2.<region>.amazonaws.com` (moto, a VPC endpoint). */
  readonly endpoint?: string;
  /** Attempts per call, the first included (default 3, as the SDK's standard retry mode). */
  readonly maxAttempts?: number;
  /** The HTTP client (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Waits between attempts (default: a timer). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** The signing time (default: the system clock). */
  readonly now?: () => Date;
  /** A number in [0, 1) for the backoff's jitter (default `Math.random`). */
  readonly random?: () => number;
  /** How long one attempt may take before it is abandoned and retried (default 10 s). */
  readonly attemptTimeoutMs?: number;
}

/**
 * EC2's error as the SDK would throw it (name = the error code, `$metadata`, `$fault`), so the
 * core-models mapping (`toAWSServiceError`) reads it like any SDK error and keeps it as `cause`.
 */
export class Ec2QueryServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { readonly httpStatusCode?: number; readonly requestId?: string };

  constructor(code: string, message: string, httpStatusCode: number | undefined, requestId?: string) {
    super(message);
    this.name = code;
    this.$fault = httpStatusCode !== undefined && httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = {
      ...(httpStatusCode !== undefined ? { httpStatusCode } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

/** EC2's throttling codes (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/throttling.html), retried with a longer base. */
const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
]);

/** The endpoint of EC2 in a region (https://docs.aws.amazon.com/general/latest/gr/ec2-service.html). */
function regionalEndpoint(region: string): string {
  return `https://ec2.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…` → an error. */
function errorOf(status: number, body: string): Ec2QueryServiceError {
  let root: XmlElement | undefined;
  try {
    root = parseXml(body);
  } catch {
    return new Ec2QueryServiceError(
      `HTTP${status}`,
      `EC2 answered HTTP ${status} with a body that is not an EC2 error`,
      status,
    );
  }
  const error = childElement(childElement(root, 'Errors'), 'Error');
  return new Ec2QueryServiceError(
    childText(error, 'Code') ?? `HTTP${status}`,
    childText(error, 'Message') ?? `EC2 answered HTTP ${status}`,
    status,
    childText(root, 'RequestID') ?? childText(root, 'RequestId'),
  );
}

/**
 * A minimal client of the EC2 Query API (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html):
 * a form POST of `Action`, `Version` and the parameters, signed with Signature Version 4
 * (`signRequest`), the XML answer parsed (`parseXml`). Errors become `AWSServiceError`s
 * (`toAWSServiceError`: retryable for throttling and 5xx, the EC2 error as `cause`); throttling,
 * 5xx and network failures are retried with exponential backoff and full jitter, as the SDK's
 * standard retry mode does (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 * It exists because `@aws-sdk/client-ec2` would not fit the Lambda zip size goal for one read.
 *
 * @example
 * ```ts
 * const ec2 = new Ec2QueryClient({ region: 'eu-west-1', credentials: eksClient.config.credentials });
 * const root = await ec2.send({ action: 'DescribeLaunchTemplateVersions', parameters: { LaunchTemplateId: 'lt-1' } });
 * ```
 */
export class Ec2QueryClient {
  private readonly options: Ec2QueryClientOptions;

  constructor(options: Ec2QueryClientOptions) {
    this.options = options;
  }

  /** The region the client signs for and, without an endpoint, calls. */
  async region(): Promise<string> {
    return typeof this.options.region === 'string' ? this.options.region : await this.options.region();
  }

  /** Sends one call (retrying what may succeed later) and returns the response's root element. */
  async send(request: Ec2QueryRequest): Promise<XmlElement> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.sendOnce(request);
      } catch (error) {
        const mapped = toAWSServiceError(error, {
          service: 'EC2',
          operation: request.action,
          iamPrefix: 'ec2',
        });
        if (!mapped.retryable || attempt >= maxAttempts) throw mapped;
        const base = THROTTLING_CODES.has(mapped.code) ? 500 : 100;
        const delay = Math.min(20_000, base * 2 ** (attempt - 1)) * (this.options.random ?? Math.random)();
        await (this.options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(delay);
      }
    }
  }

  private async sendOnce(request: Ec2QueryRequest): Promise<XmlElement> {
    const region = await this.region();
    const url = new URL(this.options.endpoint ?? regionalEndpoint(region));
    const body = new URLSearchParams({
      Action: request.action,
      Version: EC2_API_VERSION,
      ...request.parameters,
    }).toString();
    const credentials = await this.options.credentials();
    const headers = signRequest(
      {
        method: 'POST',
        host: url.host,
        path: url.pathname || '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      },
      { region, service: 'ec2' },
      credentials,
      (this.options.now ?? (() => new Date()))(),
    );
    // `host` is the connection's own header: fetch sets it (and refuses it among the headers).
    const { host: _host, ...sent } = headers;
    const response = await (this.options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: sent,
      body,
      // A request that hangs must not hold the phase until its Lambda timeout: abandon and retry.
      signal: AbortSignal.timeout(this.options.attemptTimeoutMs ?? 10_000),
    }).catch((error: unknown) => {
      // fetch rejects with a TypeError whose cause names the socket's failure (ECONNRESET…),
      // or with a TimeoutError when the signal fires: both are retryable in the mapping.
      const cause = (error as { cause?: { code?: unknown } }).cause;
      const code =
        error instanceof Error && error.name === 'TimeoutError'
          ? 'TimeoutError'
          : typeof cause?.code === 'string'
            ? cause.code
            : 'NetworkError';
      throw new Ec2QueryServiceError(
        code,
        `EC2 at ${url.host} could not be reached (${String(error)})`,
        undefined,
      );
    });
    const text = await response.text();
    if (!response.ok) throw errorOf(response.status, text);
    try {
      return parseXml(text);
    } catch (error) {
      throw new Ec2QueryServiceError(
        `HTTP${response.status}`,
        `EC2 answered HTTP ${response.status} with a body that is not XML (${error instanceof Error ? error.message : String(error)})`,
        undefined,
      );
    }
  }
}
