import { describe, expect, it } from 'vitest';
import {
  ArnSchema,
  AwsRegionSchema,
  EksClusterNameSchema,
  EventRuleNameSchema,
  LambdaFunctionNameSchema,
  StepFunctionsNameSchema,
  toStepFunctionsName,
} from './aws-names.js';

describe('Schema: EksClusterNameSchema', () => {
  it.each(['prod', 'payments-prod_2', '0cluster', 'a'.repeat(100)])('accepts %s', (name) => {
    expect(EksClusterNameSchema.safeParse(name).success).toBe(true);
  });
  it.each(['', '-prod', '_prod', 'prod cluster', 'prod.cluster', 'a'.repeat(101), 'prod/1'])(
    'rejects %j',
    (name) => {
      expect(EksClusterNameSchema.safeParse(name).error?.issues[0]?.message).toMatch(
        /^must be 1-100 characters/,
      );
    },
  );
});

describe('Schema: StepFunctionsNameSchema', () => {
  it('accepts names with dots, dashes and underscores up to 80 chars', () => {
    expect(StepFunctionsNameSchema.safeParse('eks-upgrade_prod.1-31').success).toBe(true);
    expect(StepFunctionsNameSchema.safeParse('a'.repeat(80)).success).toBe(true);
  });
  it.each(['', 'a'.repeat(81), 'has space', 'a:b', 'a/b', 'a$b', 'tab\tname', 'q?', 'brace{', 'ctrl\u0001'])(
    'rejects %j',
    (name) => {
      expect(StepFunctionsNameSchema.safeParse(name).success).toBe(false);
    },
  );
});

describe('Function: toStepFunctionsName', () => {
  it('replaces forbidden characters and collapses dashes', () => {
    expect(toStepFunctionsName('prod cluster: 1.31')).toBe('prod-cluster-1.31');
    expect(toStepFunctionsName('--a//b--')).toBe('a-b');
  });
  it('cuts to the maximum length and never returns an empty name', () => {
    expect(toStepFunctionsName('x'.repeat(100))).toHaveLength(80);
    expect(toStepFunctionsName('abcdef', 3)).toBe('abc');
    expect(toStepFunctionsName('   ')).toBe('unnamed');
  });
  it('always yields a valid name', () => {
    for (const text of ['a b c', '{[<>]}', 'ok', 'ünïcode name', '$&,;:/']) {
      expect(StepFunctionsNameSchema.safeParse(toStepFunctionsName(text)).success).toBe(true);
    }
  });
});

describe('Other name schemas', () => {
  it('checks Lambda function names', () => {
    expect(LambdaFunctionNameSchema.safeParse('eks-upgrade-agent-perception').success).toBe(true);
    expect(LambdaFunctionNameSchema.safeParse('a'.repeat(65)).success).toBe(false);
    expect(LambdaFunctionNameSchema.safeParse('bad.name').success).toBe(false);
  });
  it('checks EventBridge rule names', () => {
    expect(EventRuleNameSchema.safeParse('eks-upgrade.monitor_prod').success).toBe(true);
    expect(EventRuleNameSchema.safeParse('bad rule').success).toBe(false);
  });
  it('checks ARNs and regions', () => {
    expect(ArnSchema.safeParse('arn:aws:iam::123456789012:role/eks-upgrade').success).toBe(true);
    expect(ArnSchema.safeParse('arn:aws-cn:states:cn-north-1:123456789012:stateMachine:x').success).toBe(
      true,
    );
    expect(ArnSchema.safeParse('role/eks-upgrade').error?.issues[0]?.message).toMatch(/^must be an ARN/);
    expect(AwsRegionSchema.safeParse('eu-central-1').success).toBe(true);
    expect(AwsRegionSchema.safeParse('us-gov-west-1').success).toBe(true);
    expect(AwsRegionSchema.safeParse('useast1').error?.issues[0]?.message).toBe(
      'must be an AWS region such as us-east-1',
    );
  });
});
