import { describe, expect, it } from 'vitest';
import { toAWSServiceError } from './aws-error-mapping.js';
import { AWSServiceError, ExecutionError } from './errors.js';
import {
  RETRYABLE_AWS_SERVICE_ERROR_TYPE,
  stepFunctionsErrorType,
  withStepFunctionsErrorName,
} from './step-functions-error-names.js';

const context = { service: 'EKS', operation: 'DescribeUpdate' };

describe('Function: stepFunctionsErrorType', () => {
  it('names throttling, 5xx and timeouts AWSServiceError.Retryable', () => {
    // Prepare
    const throttled = toAWSServiceError(
      { name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } },
      context,
    );
    const unavailable = toAWSServiceError(
      { name: 'ServerException', message: 'boom', $metadata: { httpStatusCode: 503 } },
      context,
    );
    const timedOut = toAWSServiceError({ name: 'TimeoutError', message: 'socket timed out' }, context);
    // Act / Assess
    expect([throttled, unavailable, timedOut].map((error) => error.retryable)).toEqual([true, true, true]);
    expect([throttled, unavailable, timedOut].map(stepFunctionsErrorType)).toEqual([
      RETRYABLE_AWS_SERVICE_ERROR_TYPE,
      RETRYABLE_AWS_SERVICE_ERROR_TYPE,
      RETRYABLE_AWS_SERVICE_ERROR_TYPE,
    ]);
    expect(RETRYABLE_AWS_SERVICE_ERROR_TYPE).toBe('AWSServiceError.Retryable');
  });

  it('keeps the class name of every other error', () => {
    // Prepare
    const denied = toAWSServiceError(
      { name: 'AccessDeniedException', message: 'no', $metadata: { httpStatusCode: 403 } },
      context,
    );
    // Act / Assess
    expect(denied.retryable).toBe(false);
    expect(stepFunctionsErrorType(denied)).toBe('AWSServiceError');
    expect(stepFunctionsErrorType(new ExecutionError('step failed'))).toBe('ExecutionError');
    expect(stepFunctionsErrorType(new TypeError('x'))).toBe('TypeError');
    expect(stepFunctionsErrorType('a string')).toBe('Error');
  });
});

describe('Function: withStepFunctionsErrorName', () => {
  it('renames a retryable AWSServiceError in place, keeping class, message and cause', () => {
    // Prepare
    const sdkError = { name: 'ThrottlingException', message: 'Rate exceeded' };
    const error = toAWSServiceError(sdkError, context);
    // Act
    const named = withStepFunctionsErrorName(error);
    // Assess
    expect(named).toBe(error);
    expect(named.name).toBe('AWSServiceError.Retryable');
    expect(AWSServiceError.isInstance(named)).toBe(true);
    expect(named.code).toBe('ThrottlingException');
    expect(named.cause).toBe(sdkError);
    expect(named.message).toContain('ThrottlingException: Rate exceeded');
  });

  it('leaves a non-retryable error and a non-error value as they are', () => {
    // Prepare
    const error = new AWSServiceError('EKS UpdateClusterVersion failed: InvalidParameterException', {
      ...context,
      operation: 'UpdateClusterVersion',
      code: 'InvalidParameterException',
      retryable: false,
    });
    // Act / Assess
    expect(withStepFunctionsErrorName(error).name).toBe('AWSServiceError');
    expect(withStepFunctionsErrorName('text')).toBe('text');
  });
});
