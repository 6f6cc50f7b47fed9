/**
 * The error taxonomy shared by every eks-upgrade package.
 *
 * `instanceof` fails when two copies of this package are loaded (a bundled Lambda plus a
 * workspace copy, or two versions in node_modules), so every class offers `isInstance()`, which
 * checks a brand registered under a global symbol instead of the prototype chain.
 */

const ERROR_KINDS = Symbol.for('@eks-upgrade/core-models.errorKinds');

type Branded = { [ERROR_KINDS]?: readonly string[] };

function hasKind(value: unknown, kind: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as Branded)[ERROR_KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/** Options every eks-upgrade error accepts. */
export interface EksUpgradeErrorOptions {
  /** The underlying failure (an SDK error, a zod error, ...). */
  cause?: unknown;
}

/**
 * Base class of every error eks-upgrade raises on purpose.
 *
 * @example
 * ```ts
 * try {
 *   await client.startExecution(arn, request);
 * } catch (error) {
 *   if (EksUpgradeError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class EksUpgradeError extends Error {
  /** Stable kind name of the class, used by `isInstance()` across package copies. */
  static readonly kind: string = 'EksUpgradeError';
  declare readonly [ERROR_KINDS]: readonly string[];

  constructor(message: string, options: EksUpgradeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const kinds: string[] = [];
    for (let ctor = new.target as unknown; ctor && ctor !== Error; ctor = Object.getPrototypeOf(ctor)) {
      const kind = (ctor as { kind?: unknown }).kind;
      if (typeof kind === 'string' && !kinds.includes(kind)) kinds.push(kind);
    }
    Object.defineProperty(this, ERROR_KINDS, { value: Object.freeze(kinds), enumerable: false });
    this.name = (new.target as { kind?: string }).kind ?? 'EksUpgradeError';
  }

  /** True when `value` is an error of this class (or a subclass), from any copy of the package. */
  static isInstance<T extends abstract new (...args: never[]) => EksUpgradeError>(
    this: T & { readonly kind: string },
    value: unknown,
  ): value is InstanceType<T> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance was called on (ValidationError.isInstance checks for ValidationError).
    return hasKind(value, this.kind);
  }
}

/** What an AWS SDK call failed with, normalised. */
export interface AWSServiceErrorDetails {
  /** Service name as users know it, e.g. `SSM`, `EventBridge`, `SFN`. */
  service: string;
  /** API operation, e.g. `PutParameter`. */
  operation: string;
  /** The service's error code, e.g. `ParameterNotFound`, `ThrottlingException`. */
  code: string;
  httpStatusCode?: number;
  requestId?: string;
  /** Whether trying the same call again later may succeed. */
  retryable: boolean;
}

/**
 * An AWS API call failed. Carries the service, operation, error code, HTTP status, request id,
 * whether it is retryable, and the SDK error as `cause`.
 *
 * @example
 * ```ts
 * if (AWSServiceError.isInstance(error) && error.code === 'ParameterNotFound') { ... }
 * ```
 */
export class AWSServiceError extends EksUpgradeError {
  static override readonly kind: string = 'AWSServiceError';
  readonly service: string;
  readonly operation: string;
  readonly code: string;
  readonly httpStatusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, details: AWSServiceErrorDetails, options: EksUpgradeErrorOptions = {}) {
    super(message, options);
    this.service = details.service;
    this.operation = details.operation;
    this.code = details.code;
    this.httpStatusCode = details.httpStatusCode;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
  }

  /** True when the failure means the named resource does not exist. */
  get isNotFound(): boolean {
    return /NotFound|DoesNotExist|NoSuch/i.test(this.code) || this.httpStatusCode === 404;
  }

  /** True when the service asked the caller to slow down. */
  get isThrottling(): boolean {
    return (
      /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(this.code) || this.httpStatusCode === 429
    );
  }
}

/** One problem found in an input: where, which rule, and the message shown to the user. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `steps[3].toVersion`; empty for the whole input. */
  path: string;
  /** The rule that failed, e.g. `must look like 1.31`. */
  message: string;
}

/**
 * Input broke a rule. `issues` names every offending field and rule; the message lists them.
 * Raised before any write, so nothing is half-done.
 *
 * @example
 * ```ts
 * throw new ValidationError('Invalid upgrade request', [{ path: 'targetVersion', message: 'must look like 1.31' }]);
 * // message: "Invalid upgrade request: targetVersion: must look like 1.31"
 * ```
 */
export class ValidationError extends EksUpgradeError {
  static override readonly kind: string = 'ValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(summary: string, issues: readonly ValidationIssue[], options: EksUpgradeErrorOptions = {}) {
    const listed = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super(listed.length > 0 ? `${summary}: ${listed.join('; ')}` : summary, options);
    this.issues = Object.freeze([...issues]);
  }

  /** The offending field paths, in order, without repeats. */
  get fields(): string[] {
    return [...new Set(this.issues.map((issue) => issue.path))];
  }
}

/**
 * Configuration is missing or unusable (no parameter store entry, an unknown key, a value of
 * the wrong type, a required setting absent).
 */
export class ConfigurationError extends EksUpgradeError {
  static override readonly kind: string = 'ConfigurationError';
  /** The configuration key concerned, when there is one. */
  readonly key: string | undefined;

  constructor(message: string, options: EksUpgradeErrorOptions & { key?: string } = {}) {
    super(message, options);
    this.key = options.key;
  }
}

/** Facts about a failed or unfinished execution (workflow, function or upgrade step). */
export interface ExecutionErrorDetails {
  /** Step Functions execution ARN, when the failure belongs to one. */
  executionArn?: string;
  /** Execution status when known, e.g. `FAILED`, `TIMED_OUT`, `RUNNING`. */
  status?: string;
  /** The upgrade phase that failed. */
  phase?: string;
  /** Error type reported by the failing function or state (`error` in ASL terms). */
  errorType?: string;
  /** Lambda function name when a function invocation failed. */
  functionName?: string;
  /** Decoded tail of the function's log, when it was requested. */
  logTail?: string;
}

/**
 * Running something failed: a workflow execution, a Lambda function, an upgrade step, or a
 * wait that ran out of time.
 */
export class ExecutionError extends EksUpgradeError {
  static override readonly kind: string = 'ExecutionError';
  readonly executionArn: string | undefined;
  readonly status: string | undefined;
  readonly phase: string | undefined;
  readonly errorType: string | undefined;
  readonly functionName: string | undefined;
  readonly logTail: string | undefined;

  constructor(message: string, details: ExecutionErrorDetails = {}, options: EksUpgradeErrorOptions = {}) {
    super(message, options);
    this.executionArn = details.executionArn;
    this.status = details.status;
    this.phase = details.phase;
    this.errorType = details.errorType;
    this.functionName = details.functionName;
    this.logTail = details.logTail;
  }
}
