import { describe, expect, it } from 'vitest';
import { toAWSServiceError } from './aws-error-mapping.js';
import {
  AWSServiceError,
  ConfigurationError,
  EksUpgradeError,
  ExecutionError,
  ValidationError,
} from './errors.js';

/** An error shaped like an AWS SDK v3 ServiceException. */
function sdkError(name: string, message: string, metadata: Record<string, unknown> = {}, extra = {}) {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-123', ...metadata },
    ...extra,
  });
}

describe('Class: EksUpgradeError', () => {
  it('sets name, message and cause', () => {
    // Prepare
    const cause = new Error('root');

    // Act
    const error = new EksUpgradeError('something failed', { cause });

    // Assess
    expect(error.name).toBe('EksUpgradeError');
    expect(error.message).toBe('something failed');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('leaves cause unset when none is given', () => {
    expect('cause' in new EksUpgradeError('x')).toBe(false);
  });

  it('recognises subclasses with isInstance and refuses other classes', () => {
    const validation = new ValidationError('bad', []);
    expect(EksUpgradeError.isInstance(validation)).toBe(true);
    expect(ValidationError.isInstance(validation)).toBe(true);
    expect(ConfigurationError.isInstance(validation)).toBe(false);
    expect(AWSServiceError.isInstance(validation)).toBe(false);
    expect(EksUpgradeError.isInstance(new Error('plain'))).toBe(false);
    expect(EksUpgradeError.isInstance(null)).toBe(false);
    expect(EksUpgradeError.isInstance('ValidationError')).toBe(false);
  });

  it('recognises errors from a duplicated copy of the package (same brand, other prototype)', () => {
    // Prepare: an object built by "another copy" only shares the global symbol brand.
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('@eks-upgrade/core-models.errorKinds')]: ['ExecutionError', 'EksUpgradeError'],
    });

    // Act / Assess
    expect(foreign instanceof ExecutionError).toBe(false);
    expect(ExecutionError.isInstance(foreign)).toBe(true);
    expect(EksUpgradeError.isInstance(foreign)).toBe(true);
    expect(ValidationError.isInstance(foreign)).toBe(false);
  });

  it('does not expose the brand when serialised', () => {
    expect(Object.keys(new ConfigurationError('x'))).not.toContain('errorKinds');
    expect(JSON.stringify(new ConfigurationError('x', { key: 'a.b' }))).toBe(
      '{"name":"ConfigurationError","key":"a.b"}',
    );
  });
});

describe('Class: ValidationError', () => {
  it('lists every field and rule in the message', () => {
    const error = new ValidationError('Invalid upgrade request', [
      { path: 'targetVersion', message: 'must look like 1.31' },
      { path: 'clusterName', message: 'must not be empty' },
      { path: 'targetVersion', message: 'must be newer' },
    ]);
    expect(error.message).toBe(
      'Invalid upgrade request: targetVersion: must look like 1.31; clusterName: must not be empty; targetVersion: must be newer',
    );
    expect(error.fields).toEqual(['targetVersion', 'clusterName']);
    expect(error.issues).toHaveLength(3);
    expect(Object.isFrozen(error.issues)).toBe(true);
  });

  it('uses the summary alone without issues, and an issue without path alone', () => {
    expect(new ValidationError('Nothing to do', []).message).toBe('Nothing to do');
    expect(new ValidationError('Bad', [{ path: '', message: 'must be an object' }]).message).toBe(
      'Bad: must be an object',
    );
  });
});

describe('Class: ConfigurationError', () => {
  it('carries the key', () => {
    const error = new ConfigurationError('Unknown key', { key: 'upgrade.bakeTime' });
    expect(error.key).toBe('upgrade.bakeTime');
    expect(error.name).toBe('ConfigurationError');
    expect(new ConfigurationError('x').key).toBeUndefined();
  });
});

describe('Class: ExecutionError', () => {
  it('carries the execution details', () => {
    const error = new ExecutionError('Function failed', {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
      status: 'FAILED',
      phase: 'execution',
      errorType: 'UpdateFailed',
      functionName: 'eks-upgrade-agent-execution',
      logTail: 'START\nEND',
    });
    expect(error).toMatchObject({
      status: 'FAILED',
      phase: 'execution',
      errorType: 'UpdateFailed',
      functionName: 'eks-upgrade-agent-execution',
      logTail: 'START\nEND',
    });
    expect(error.executionArn).toContain(':execution:');
    expect(new ExecutionError('x').status).toBeUndefined();
  });
});

describe('Function: toAWSServiceError', () => {
  it('keeps the SDK error as cause and copies code, status, request id', () => {
    // Prepare
    const cause = sdkError('ParameterNotFound', 'Parameter /x not found.', { httpStatusCode: 400 });

    // Act
    const error = toAWSServiceError(cause, {
      service: 'SSM',
      operation: 'GetParameter',
      action: 'read parameter /x',
    });

    // Assess
    expect(error).toBeInstanceOf(AWSServiceError);
    expect(error.cause).toBe(cause);
    expect(error).toMatchObject({
      service: 'SSM',
      operation: 'GetParameter',
      code: 'ParameterNotFound',
      httpStatusCode: 400,
      requestId: 'req-123',
      retryable: false,
    });
    expect(error.message).toBe(
      'Could not read parameter /x: ParameterNotFound: Parameter /x not found. Check the name and the region. (request id req-123)',
    );
    expect(error.isNotFound).toBe(true);
    expect(error.isThrottling).toBe(false);
  });

  it('marks throttling retryable and says what to do', () => {
    const error = toAWSServiceError(
      sdkError('ThrottlingException', 'Rate exceeded', { httpStatusCode: 400 }),
      {
        service: 'EventBridge',
        operation: 'PutEvents',
      },
    );
    expect(error.retryable).toBe(true);
    expect(error.isThrottling).toBe(true);
    expect(error.message).toContain('EventBridge PutEvents failed: ThrottlingException: Rate exceeded');
    expect(error.message).toContain('retry later');
  });

  it('treats $retryable and 5xx as retryable', () => {
    expect(
      toAWSServiceError(sdkError('Weird', 'x', {}, { $retryable: { throttling: false } }), {
        service: 'S',
        operation: 'O',
      }).retryable,
    ).toBe(true);
    expect(
      toAWSServiceError(sdkError('Weird', 'x', { httpStatusCode: 503 }), { service: 'S', operation: 'O' })
        .retryable,
    ).toBe(true);
    expect(
      toAWSServiceError(sdkError('Weird', 'x', { httpStatusCode: 429 }), { service: 'S', operation: 'O' })
        .isThrottling,
    ).toBe(true);
  });

  it('names the IAM permission on access denied', () => {
    const error = toAWSServiceError(sdkError('AccessDeniedException', 'not authorized'), {
      service: 'SFN',
      operation: 'StartExecution',
    });
    expect(error.message).toContain('states:StartExecution');
  });

  it.each([
    ['EventBridge', 'events:PutEvents'],
    ['SSM', 'ssm:PutEvents'],
    ['Route 53', 'route53:PutEvents'],
    ['Bedrock Runtime', 'bedrock:PutEvents'],
    ['Some Service', 'someservice:PutEvents'],
  ])('derives the IAM action prefix of %s', (service, action) => {
    const error = toAWSServiceError(sdkError('AccessDenied', 'denied'), { service, operation: 'PutEvents' });
    expect(error.message).toContain(action);
  });

  it('takes an explicit IAM prefix', () => {
    const error = toAWSServiceError(sdkError('AccessDenied', 'denied'), {
      service: 'X',
      operation: 'Y',
      iamPrefix: 'custom',
    });
    expect(error.message).toContain('custom:Y');
  });

  it('points at credentials when they are rejected', () => {
    const error = toAWSServiceError(
      sdkError('UnrecognizedClientException', 'The security token is invalid'),
      {
        service: 'SSM',
        operation: 'PutParameter',
      },
    );
    expect(error.message).toContain('Check the AWS credentials');
  });

  it('handles network errors by their code', () => {
    const network = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = toAWSServiceError(network, { service: 'SSM', operation: 'GetParameter' });
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('could not be reached');
    expect(error.httpStatusCode).toBeUndefined();
    expect(error.message).not.toContain('request id');
  });

  it('copes with non-Error values and a legacy Code field', () => {
    expect(toAWSServiceError('boom', { service: 'S', operation: 'O' }).message).toBe(
      'S O failed: UnknownError: boom',
    );
    expect(toAWSServiceError({ Code: 'Legacy', message: 'old' }, { service: 'S', operation: 'O' }).code).toBe(
      'Legacy',
    );
    expect(toAWSServiceError(undefined, { service: 'S', operation: 'O' }).code).toBe('UnknownError');
  });

  it('ends the SDK message before the hint, so two sentences never run together', () => {
    // Prepare
    const credentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });

    // Act
    const error = toAWSServiceError(credentials, { service: 'SSM', operation: 'GetParameter' });

    // Assess
    expect(error.message).toBe(
      'SSM GetParameter failed: CredentialsProviderError: Could not load credentials from any providers. Check the AWS credentials (AWS_PROFILE, --profile or the environment) and refresh them if they expired.',
    );
  });

  it('says how to set the region when the SDK has none', () => {
    // Act
    const error = toAWSServiceError(new Error('Region is missing'), {
      service: 'SSM',
      operation: 'GetParameter',
    });

    // Assess
    expect(error.code).toBe('RegionMissing');
    expect(error.message).toBe(
      'SSM GetParameter failed: RegionMissing: Region is missing. Set the AWS region: --region, AWS_REGION, or region in the AWS profile.',
    );
  });

  it('names the HTTP status of an answer that is not an AWS response, without quoting its body', () => {
    // Prepare: what the SDK throws when a proxy answers with plain text.
    const unreadable = Object.assign(
      new SyntaxError(
        'Unexpected token \'S\', "Service Unavailable" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      { $response: { statusCode: 503, headers: { 'content-type': 'text/plain' }, body: {} } },
    );

    // Act
    const error = toAWSServiceError(unreadable, { service: 'Lambda', operation: 'Invoke' });

    // Assess
    expect(error.code).toBe('HTTP503');
    expect(error.httpStatusCode).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'Lambda Invoke failed: HTTP503: the service answered HTTP 503 with a body that is not an AWS response (text/plain): something between the CLI and AWS (a proxy, a load balancer or --endpoint-url) failed; retry later',
    );
    expect(error.cause).toBe(unreadable);
  });

  it('advises checking the endpoint for an unreadable 4xx answer', () => {
    // Prepare
    const unreadable = Object.assign(new SyntaxError('Unexpected token <'), {
      $response: { statusCode: 403 },
    });

    // Act
    const error = toAWSServiceError(unreadable, { service: 'SSM', operation: 'GetParameter' });

    // Assess
    expect(error.code).toBe('HTTP403');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 403 with a body that is not an AWS response: check --endpoint-url');
  });

  it('returns an AWSServiceError unchanged', () => {
    const original = toAWSServiceError(sdkError('X', 'y'), { service: 'S', operation: 'O' });
    expect(toAWSServiceError(original, { service: 'T', operation: 'P' })).toBe(original);
  });
});
