import type { FunctionConfiguration, UpdateFunctionConfigurationCommandInput } from '@aws-sdk/client-lambda';
import type { LambdaFunction } from '../function/lambda-function.js';

/** Configuration fields `deployFunction` compares and updates (all on UpdateFunctionConfiguration). */
export const LambdaConfigurationField = {
  RUNTIME: 'runtime',
  HANDLER: 'handler',
  ROLE: 'role',
  MEMORY_SIZE: 'memorySize',
  TIMEOUT: 'timeout',
  ENVIRONMENT: 'environment',
  LAYERS: 'layers',
  DESCRIPTION: 'description',
  VPC_CONFIG: 'vpcConfig',
  DEAD_LETTER_TARGET_ARN: 'deadLetterTargetArn',
  KMS_KEY_ARN: 'kmsKeyArn',
} as const;
export type LambdaConfigurationField =
  (typeof LambdaConfigurationField)[keyof typeof LambdaConfigurationField];

/** Why the code must be updated: the zip differs, or the architecture (set with the code) does. */
export type LambdaCodeChangeReason = 'sha256' | 'architecture';

/** The difference between a function definition and the deployed function. */
export interface FunctionDifference {
  codeChangeReasons: LambdaCodeChangeReason[];
  configurationChanges: LambdaConfigurationField[];
  /** Only the changed fields, ready for UpdateFunctionConfiguration (FunctionName excluded). */
  configurationUpdate: Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'>;
  tagsToSet: Record<string, string>;
  tagsToRemove: string[];
}

function sameMap(left: Readonly<Record<string, string>>, right: Readonly<Record<string, string>>): boolean {
  const leftKeys = Object.keys(left);
  return leftKeys.length === Object.keys(right).length && leftKeys.every((key) => right[key] === left[key]);
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  const sortedRight = [...right].sort();
  return (
    left.length === right.length && [...left].sort().every((value, index) => value === sortedRight[index])
  );
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

function sameVpc(desired: LambdaFunction['vpcConfig'], actual: FunctionConfiguration['VpcConfig']): boolean {
  const actualSubnets = actual?.SubnetIds ?? [];
  if (!desired) return actualSubnets.length === 0;
  return (
    sameSet(desired.subnetIds, actualSubnets) &&
    sameSet(desired.securityGroupIds, actual?.SecurityGroupIds ?? []) &&
    (desired.ipv6AllowedForDualStack ?? false) === (actual?.Ipv6AllowedForDualStack ?? false)
  );
}

/**
 * Compares a validated function definition (and the SHA-256 of its zip) with what Lambda
 * reports. Absent and empty mean the same thing (no environment = `{}`, no description = `''`,
 * no VPC = empty subnet list); subnets and security groups compare as sets; layers in order
 * (their order is the merge order). Tags whose key starts with `aws:` belong to AWS and are
 * never removed.
 */
export function compareFunction(
  desired: LambdaFunction,
  codeSha256: string,
  actual: FunctionConfiguration,
  actualTags: Readonly<Record<string, string>>,
): FunctionDifference {
  const codeChangeReasons: LambdaCodeChangeReason[] = [];
  if (actual.CodeSha256 !== codeSha256) codeChangeReasons.push('sha256');
  if ((actual.Architectures?.[0] ?? 'x86_64') !== desired.architecture)
    codeChangeReasons.push('architecture');

  const update: Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'> = {};
  const changes: LambdaConfigurationField[] = [];
  const note = (field: LambdaConfigurationField, changed: boolean, apply: () => void) => {
    if (!changed) return;
    changes.push(field);
    apply();
  };
  note('runtime', actual.Runtime !== desired.runtime, () => {
    update.Runtime = desired.runtime as UpdateFunctionConfigurationCommandInput['Runtime'];
  });
  note('handler', actual.Handler !== desired.handler, () => {
    update.Handler = desired.handler;
  });
  note('role', actual.Role !== desired.role, () => {
    update.Role = desired.role;
  });
  note('memorySize', actual.MemorySize !== desired.memorySize, () => {
    update.MemorySize = desired.memorySize;
  });
  note('timeout', actual.Timeout !== desired.timeout, () => {
    update.Timeout = desired.timeout;
  });
  note('environment', !sameMap(desired.environment, actual.Environment?.Variables ?? {}), () => {
    update.Environment = { Variables: { ...desired.environment } };
  });
  note(
    'layers',
    !sameList(
      desired.layers,
      (actual.Layers ?? []).map((layer) => layer.Arn ?? ''),
    ),
    () => {
      update.Layers = [...desired.layers];
    },
  );
  note('description', (actual.Description ?? '') !== desired.description, () => {
    update.Description = desired.description;
  });
  note('vpcConfig', !sameVpc(desired.vpcConfig, actual.VpcConfig), () => {
    update.VpcConfig = desired.vpcConfig
      ? {
          SubnetIds: [...desired.vpcConfig.subnetIds],
          SecurityGroupIds: [...desired.vpcConfig.securityGroupIds],
          ...(desired.vpcConfig.ipv6AllowedForDualStack === undefined
            ? {}
            : { Ipv6AllowedForDualStack: desired.vpcConfig.ipv6AllowedForDualStack }),
        }
      : { SubnetIds: [], SecurityGroupIds: [] };
  });
  note(
    'deadLetterTargetArn',
    (actual.DeadLetterConfig?.TargetArn || undefined) !== desired.deadLetterTargetArn,
    () => {
      // An empty TargetArn removes the dead-letter queue.
      update.DeadLetterConfig = { TargetArn: desired.deadLetterTargetArn ?? '' };
    },
  );
  note('kmsKeyArn', (actual.KMSKeyArn || undefined) !== desired.kmsKeyArn, () => {
    // An empty KMSKeyArn returns to the AWS managed key.
    update.KMSKeyArn = desired.kmsKeyArn ?? '';
  });

  const tagsToSet: Record<string, string> = {};
  for (const [key, value] of Object.entries(desired.tags)) {
    if (actualTags[key] !== value) tagsToSet[key] = value;
  }
  const tagsToRemove = Object.keys(actualTags)
    .filter((key) => !(key in desired.tags) && !key.toLowerCase().startsWith('aws:'))
    .sort();

  return {
    codeChangeReasons,
    configurationChanges: changes,
    configurationUpdate: update,
    tagsToSet,
    tagsToRemove,
  };
}
