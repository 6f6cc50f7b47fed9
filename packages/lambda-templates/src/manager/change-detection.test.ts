import { describe, expect, it } from 'vitest';
import { DEFINITION, deployedConfiguration, ZIP_SHA } from '../../test/helpers/lambda-fixtures.js';
import { parseLambdaFunction } from '../function/lambda-function.js';
import { compareFunction } from './change-detection.js';

const desired = (overrides: Record<string, unknown> = {}) =>
  parseLambdaFunction({ ...DEFINITION, ...overrides });

describe('Function: compareFunction', () => {
  it('treats absent and empty as equal (environment, description, VPC, layers, DLQ, KMS)', () => {
    // Prepare
    const actual = deployedConfiguration({
      Environment: undefined,
      Description: undefined,
      VpcConfig: undefined,
      Layers: undefined,
      DeadLetterConfig: { TargetArn: '' },
      KMSKeyArn: '',
    });

    // Act
    const difference = compareFunction(desired({ environment: {}, description: '' }), ZIP_SHA, actual, {
      team: 'platform',
    });

    // Assess
    expect(difference.configurationChanges).toEqual([]);
    expect(difference.codeChangeReasons).toEqual([]);
  });

  it('compares subnets and security groups as sets and layers in order', () => {
    // Prepare
    const layers = [
      'arn:aws:lambda:us-east-1:123456789012:layer:a:1',
      'arn:aws:lambda:us-east-1:123456789012:layer:b:2',
    ];
    const actual = deployedConfiguration({
      VpcConfig: { SubnetIds: ['subnet-2', 'subnet-1'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-1' },
      Layers: [{ Arn: layers[1] }, { Arn: layers[0] }],
    });

    // Act
    const difference = compareFunction(
      desired({ vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] }, layers }),
      ZIP_SHA,
      actual,
      { team: 'platform' },
    );

    // Assess
    expect(difference.configurationChanges).toEqual(['layers']);
    expect(difference.configurationUpdate).toEqual({ Layers: layers });
  });

  it('removes a VPC, dead-letter queue and KMS key with the empty values Lambda expects', () => {
    // Prepare
    const actual = deployedConfiguration({
      VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-1' },
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
      KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234',
    });

    // Act
    const difference = compareFunction(desired(), ZIP_SHA, actual, { team: 'platform' });

    // Assess
    expect(difference.configurationChanges).toEqual(['vpcConfig', 'deadLetterTargetArn', 'kmsKeyArn']);
    expect(difference.configurationUpdate).toEqual({
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
      DeadLetterConfig: { TargetArn: '' },
      KMSKeyArn: '',
    });
  });

  it('detects every configuration field that differs', () => {
    // Prepare
    const actual = deployedConfiguration({
      Runtime: 'nodejs22.x',
      Handler: 'old.handler',
      Role: 'arn:aws:iam::123456789012:role/old',
      MemorySize: 128,
      Timeout: 3,
    });

    // Act
    const difference = compareFunction(
      desired({
        deadLetterTargetArn: 'arn:aws:sns:us-east-1:123456789012:dlq',
        kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abcd',
        vpcConfig: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'], ipv6AllowedForDualStack: true },
      }),
      'different-sha',
      actual,
      {},
    );

    // Assess
    expect(difference.codeChangeReasons).toEqual(['sha256']);
    expect(difference.configurationChanges).toEqual([
      'runtime',
      'handler',
      'role',
      'memorySize',
      'timeout',
      'vpcConfig',
      'deadLetterTargetArn',
      'kmsKeyArn',
    ]);
    expect(difference.configurationUpdate.VpcConfig).toEqual({
      SubnetIds: ['subnet-1'],
      SecurityGroupIds: ['sg-1'],
      Ipv6AllowedForDualStack: true,
    });
    expect(difference.tagsToSet).toEqual({ team: 'platform' });
  });
});
