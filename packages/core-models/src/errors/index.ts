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
