/**
 * Limits Lambda enforces that this package checks before calling AWS (AWS Lambda Developer Guide,
 * "Lambda quotas"; the API Reference for page sizes).
 */
export const LAMBDA_LIMITS = {
  /** Direct (non-S3) zip upload: 50 MB. */
  maxZipBytes: 50 * 1024 * 1024,
  /** Total size of the environment variables, measured as the JSON of the variables map. */
  maxEnvironmentBytes: 4 * 1024,
  /** Layers per function. */
  maxLayers: 5,
  /** Memory in MB. */
  minMemoryMb: 128,
  maxMemoryMb: 10_240,
  /** Timeout in seconds. */
  minTimeoutSeconds: 1,
  maxTimeoutSeconds: 900,
  /** Synchronous (RequestResponse) invocation payload: 6 MB. */
  maxSyncPayloadBytes: 6 * 1024 * 1024,
  /** Description length. */
  maxDescriptionLength: 256,
  /** Tags per function. */
  maxTags: 50,
  /** Subnets and security groups in a function's VPC configuration. */
  maxSubnets: 16,
  maxSecurityGroups: 5,
  /** Functions one ListFunctions page holds at most (`MaxItems`, API Reference "ListFunctions"). */
  maxFunctionsPerListPage: 50,
} as const;

/** Environment variable names Lambda reserves for its runtime; setting them fails. */
export const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_REGION',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_RUNTIME_DIR',
  'LAMBDA_TASK_ROOT',
]);
