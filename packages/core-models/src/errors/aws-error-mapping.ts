import { AWSServiceError } from './errors.js';

/** The fields of an AWS SDK v3 service exception that we read (no SDK import needed). */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  code?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; extendedRequestId?: unknown };
  /** The raw HTTP response, which the SDK attaches when it could not read the body. */
  $response?: { statusCode?: unknown; headers?: Record<string, unknown> };
}

const RETRYABLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'TransactionInProgressException',
  'InternalServerError',
  'InternalServerException',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServiceException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

/** IAM action prefixes of the services we call, where they differ from the lower-cased name. */
const IAM_PREFIXES: Readonly<Record<string, string>> = {
  eventbridge: 'events',
  sfn: 'states',
  'step functions': 'states',
  stepfunctions: 'states',
  'route 53': 'route53',
  'bedrock runtime': 'bedrock',
  bedrockruntime: 'bedrock',
  cloudwatch: 'cloudwatch',
};

/** The IAM action prefix of a service (`EventBridge` → `events`, `SFN` → `states`). */
function iamPrefixOf(context: AwsErrorContext): string {
  if (context.iamPrefix) return context.iamPrefix;
  const name = context.service.toLowerCase();
  return IAM_PREFIXES[name] ?? name.replace(/\s+/g, '');
}

/** What to do about the common failures, appended to the message. */
const HINTS: ReadonlyArray<readonly [RegExp, (context: AwsErrorContext) => string]> = [
  [
    /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/i,
    (context) =>
      `Grant the caller's IAM identity permission for ${iamPrefixOf(context)}:${context.operation}, or use a profile that has it.`,
  ],
  [
    /UnrecognizedClient|InvalidClientTokenId|InvalidSignature|SignatureDoesNotMatch|CredentialsProviderError|ExpiredToken/i,
    () =>
      'Check the AWS credentials (AWS_PROFILE, --profile or the environment) and refresh them if they expired.',
  ],
  [
    /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i,
    () => 'The service is throttling requests; retry later or lower the concurrency.',
  ],
  [/NotFound|DoesNotExist|NoSuch/i, () => 'Check the name and the region.'],
  [
    /RegionMissing|Region is missing/i,
    () => 'Set the AWS region: --region, AWS_REGION, or region in the AWS profile.',
  ],
  [
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/i,
    () => 'The endpoint could not be reached; check --endpoint-url, the region and the network.',
  ],
];

/** The SDK's error for a client without a region (`Error: Region is missing`) gets a code of its own. */
function regionMissingCode(shape: SdkErrorShape): string | undefined {
  return shape.message === 'Region is missing' ? 'RegionMissing' : undefined;
}

/**
 * A service answer the SDK could not read (a plain-text 503 from a proxy, an HTML error page):
 * the SDK throws a `SyntaxError` from its JSON or XML parser with the raw response attached as
 * the hidden `$response`. Say what happened, with the HTTP status, instead of the parser's
 * message (which quotes the body).
 */
function unreadableResponse(
  shape: SdkErrorShape,
): { code: string; message: string; httpStatusCode: number } | undefined {
  const status = shape.$response?.statusCode;
  if (shape.name !== 'SyntaxError' || typeof status !== 'number') return undefined;
  const contentType = shape.$response?.headers?.['content-type'];
  const body = typeof contentType === 'string' && contentType !== '' ? ` (${contentType})` : '';
  const advice =
    status >= 500 || status === 429
      ? 'something between the CLI and AWS (a proxy, a load balancer or --endpoint-url) failed; retry later'
      : 'check --endpoint-url and any proxy between the CLI and AWS';
  return {
    code: `HTTP${status}`,
    message: `the service answered HTTP ${status} with a body that is not an AWS response${body}: ${advice}`,
    httpStatusCode: status,
  };
}

/** Context for mapping an SDK failure. */
export interface AwsErrorContext {
  /** Service name as users know it, e.g. `SSM`. */
  service: string;
  /** API operation, e.g. `GetParameter`. */
  operation: string;
  /** What we were doing, in words, e.g. `read parameter /eks-upgrade-agent/config/x`. */
  action?: string;
  /** IAM action prefix when it is not derivable from `service` (known services are mapped). */
  iamPrefix?: string;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Turns any failure of an AWS SDK v3 call into an `AWSServiceError` that says what failed and
 * how to fix it, keeping the SDK error as `cause`. An error that already belongs to the taxonomy
 * is returned unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await ssm.send(new GetParameterCommand({ Name: name }));
 * } catch (error) {
 *   throw toAWSServiceError(error, { service: 'SSM', operation: 'GetParameter', action: `read ${name}` });
 * }
 * ```
 */
export function toAWSServiceError(error: unknown, context: AwsErrorContext): AWSServiceError {
  if (AWSServiceError.isInstance(error)) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const unreadable = unreadableResponse(shape);
  const code =
    unreadable?.code ??
    (asString(shape.name) && shape.name !== 'Error'
      ? (shape.name as string)
      : (asString(shape.Code) ?? asString(shape.code) ?? regionMissingCode(shape) ?? 'UnknownError'));
  const rawMessage =
    unreadable?.message ?? asString(shape.message) ?? (typeof error === 'string' ? error : String(error));
  const httpStatusCode =
    unreadable?.httpStatusCode ??
    (typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined);
  const requestId = asString(shape.$metadata?.requestId);
  const retryable =
    shape.$retryable !== undefined ||
    RETRYABLE_CODES.has(code) ||
    (typeof shape.code === 'string' && RETRYABLE_CODES.has(shape.code)) ||
    (httpStatusCode !== undefined && (httpStatusCode === 429 || httpStatusCode >= 500));
  const hint = HINTS.find(([pattern]) => pattern.test(code) || pattern.test(rawMessage))?.[1](context);
  const what = context.action
    ? `Could not ${context.action}`
    : `${context.service} ${context.operation} failed`;
  const message = [
    // A hint is a sentence of its own: end the SDK's message first when it has no full stop.
    hint && !/[.!?]$/.test(rawMessage)
      ? `${what}: ${code}: ${rawMessage}.`
      : `${what}: ${code}: ${rawMessage}`,
    hint,
    requestId ? `(request id ${requestId})` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return new AWSServiceError(
    message,
    { service: context.service, operation: context.operation, code, httpStatusCode, requestId, retryable },
    { cause: error },
  );
}
