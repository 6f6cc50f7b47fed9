import {
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
  InvalidParameterValueException,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { functionCodeSha256 } from '../../src/zip/code-sha256.js';
import { createFunctionZip } from '../../src/zip/create-function-zip.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/eks-upgrade-agent`;
export const FUNCTION_NAME = 'eks-upgrade-agent-perception';
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`;

export const ZIP = createFunctionZip({ 'index.mjs': 'export const handler = async () => ({ ok: true });\n' });
export const ZIP_SHA = functionCodeSha256(ZIP);
export const OTHER_ZIP = createFunctionZip({
  'index.mjs': 'export const handler = async () => ({ ok: 2 });\n',
});
export const OTHER_ZIP_SHA = functionCodeSha256(OTHER_ZIP);

/** The definition the fixtures below describe as deployed. */
export const DEFINITION = {
  name: FUNCTION_NAME,
  handler: 'index.handler',
  role: ROLE_ARN,
  code: { zipFile: ZIP },
  memorySize: 256,
  timeout: 120,
  environment: { LOG_LEVEL: 'INFO', EKS_UPGRADE_EVENT_BUS: 'default' },
  architecture: 'arm64' as const,
  tags: { team: 'platform' },
  description: 'perception phase',
};

/** A GetFunction configuration as Lambda returns it for DEFINITION, settled. */
export function deployedConfiguration(overrides: Partial<FunctionConfiguration> = {}): FunctionConfiguration {
  return {
    FunctionName: FUNCTION_NAME,
    FunctionArn: FUNCTION_ARN,
    Runtime: 'nodejs24.x',
    Role: ROLE_ARN,
    Handler: 'index.handler',
    CodeSize: ZIP.byteLength,
    Description: 'perception phase',
    Timeout: 120,
    MemorySize: 256,
    LastModified: '2026-11-25T10:00:00.000+0000',
    CodeSha256: ZIP_SHA,
    Version: '$LATEST',
    VpcConfig: { SubnetIds: [], SecurityGroupIds: [], VpcId: '', Ipv6AllowedForDualStack: false },
    Environment: { Variables: { EKS_UPGRADE_EVENT_BUS: 'default', LOG_LEVEL: 'INFO' } },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: '8c0a4b1e-1f7f-4d0b-9e6b-3d2c1a0f9e8d',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${FUNCTION_NAME}` },
    ...overrides,
  };
}

export function getFunctionOutput(
  overrides: Partial<FunctionConfiguration> = {},
  tags: Record<string, string> = { team: 'platform' },
): GetFunctionCommandOutput {
  return {
    $metadata: { httpStatusCode: 200, requestId: 'req-get' },
    Configuration: deployedConfiguration(overrides),
    Code: {
      RepositoryType: 'S3',
      Location: 'https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/x',
    },
    Tags: tags,
  };
}

export const notFound = (name = FUNCTION_NAME) =>
  new ResourceNotFoundException({
    message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
    Type: 'User',
    $metadata: { httpStatusCode: 404, requestId: 'req-404' },
  });

export const conflict = () =>
  new ResourceConflictException({
    message: `The operation cannot be performed at this time. An update is in progress for resource: ${FUNCTION_ARN}`,
    Type: 'User',
    $metadata: { httpStatusCode: 409, requestId: 'req-409' },
  });

export const roleNotAssumable = () =>
  new InvalidParameterValueException({
    message: 'The role defined for the function cannot be assumed by Lambda.',
    Type: 'User',
    $metadata: { httpStatusCode: 400, requestId: 'req-400' },
  });

/** Wait settings that keep unit tests fast. */
export const FAST_WAIT = {
  maxWaitSeconds: 2,
  minDelaySeconds: 0.001,
  maxDelaySeconds: 0.002,
  conflictBaseDelayMs: 1,
  conflictMaxDelayMs: 2,
};
