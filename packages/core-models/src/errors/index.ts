export { type AwsErrorContext, toAWSServiceError } from './aws-error-mapping.js';
export {
  AWSServiceError,
  type AWSServiceErrorDetails,
  ConfigurationError,
  EksUpgradeError,
  type EksUpgradeErrorOptions,
  ExecutionError,
  type ExecutionErrorDetails,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
export {
  RETRYABLE_AWS_SERVICE_ERROR_TYPE,
  stepFunctionsErrorType,
  withStepFunctionsErrorName,
} from './step-functions-error-names.js';
