import { describe, expect, it } from 'vitest';
import { maxParameterNameLength } from './limits.js';
import {
  isSensitiveParameterName,
  parameterNameIssues,
  parameterValueIssues,
  resolveParameterConfig,
  tierForValue,
} from './parameter-rules.js';

describe('Function: parameterNameIssues', () => {
  it('accepts names made of letters, digits, _ . - and /', () => {
    // Act & Assess
    expect(parameterNameIssues('/eks-upgrade-agent/prod/v1.31_x-y')).toEqual([]);
    expect(parameterNameIssues('plain-name')).toEqual([]);
  });

  it.each([
    ['/app/with space', 'may contain only'],
    ['/app/ü', 'may contain only'],
    ['/app/a:b', 'may contain only'],
    ['aws-thing', '"aws" or "ssm"'],
    ['/AWS/thing', '"aws" or "ssm"'],
    ['/ssm/thing', '"aws" or "ssm"'],
    ['SSMthing', '"aws" or "ssm"'],
    ['app/relative', 'must start with "/"'],
    ['/app//double', 'empty levels'],
    ['/app/trailing/', 'empty levels'],
    ['', 'must not be empty'],
  ])('rejects %j (%s)', (name, rule) => {
    // Act
    const issues = parameterNameIssues(name);
    // Assess
    expect(issues.map((issue) => issue.message).join(' ')).toContain(rule);
    expect(issues.every((issue) => issue.path === 'name')).toBe(true);
  });

  it('allows 15 levels and rejects 16', () => {
    // Prepare
    const levels = (count: number) =>
      `/${Array.from({ length: count }, (_, index) => `l${index}`).join('/')}`;
    // Act & Assess
    expect(parameterNameIssues(levels(15))).toEqual([]);
    expect(parameterNameIssues(levels(16))[0]?.message).toContain('at most 15 levels, has 16');
  });

  it('bounds the length by 1011 characters including the ARN prefix', () => {
    // Prepare
    const limit = maxParameterNameLength('us-east-1');
    const name = (length: number) => `/${'a'.repeat(length - 1)}`;
    // Act & Assess
    expect(limit).toBe(1011 - 'arn:aws-iso-b:ssm:us-east-1:123456789012:parameter'.length);
    expect(parameterNameIssues(name(limit), 'us-east-1')).toEqual([]);
    expect(parameterNameIssues(name(limit + 1), 'us-east-1')[0]?.message).toContain(
      `at most ${limit} characters`,
    );
  });

  it('counts the "/" the ARN adds before a name without one', () => {
    // Prepare
    const limit = maxParameterNameLength('us-east-1');
    // Act & Assess
    expect(parameterNameIssues('a'.repeat(limit - 1), 'us-east-1')).toEqual([]);
    expect(parameterNameIssues('a'.repeat(limit), 'us-east-1')).toHaveLength(1);
  });

  it('assumes a long region when the region is unknown', () => {
    // Act & Assess
    expect(maxParameterNameLength()).toBeLessThan(maxParameterNameLength('ap-southeast-5'));
  });
});

describe('Function: parameterValueIssues', () => {
  it('rejects an empty value', () => {
    // Act & Assess
    expect(parameterValueIssues('', undefined)[0]?.message).toContain('must not be empty');
  });

  it('allows 4096 bytes on Standard and rejects 4097', () => {
    // Act & Assess
    expect(parameterValueIssues('x'.repeat(4096), 'Standard')).toEqual([]);
    expect(parameterValueIssues('x'.repeat(4097), 'Standard')[0]?.message).toContain(
      '4096 bytes on the Standard tier',
    );
  });

  it('allows 8192 bytes on Advanced and rejects 8193', () => {
    // Act & Assess
    expect(parameterValueIssues('x'.repeat(8192), 'Advanced')).toEqual([]);
    expect(parameterValueIssues('x'.repeat(8193), 'Advanced')[0]?.message).toContain('8192 bytes');
  });

  it('counts UTF-8 bytes, not characters', () => {
    // Prepare: 2049 two-byte characters = 4098 bytes
    const value = 'é'.repeat(2049);
    // Act & Assess
    expect(parameterValueIssues(value, 'Standard')[0]?.message).toContain('has 4098');
    expect(tierForValue(value)).toBe('Advanced');
  });
});

describe('Function: tierForValue', () => {
  it('leaves small values to the default tier and puts larger ones on Advanced', () => {
    // Act & Assess
    expect(tierForValue('x'.repeat(4096))).toBeUndefined();
    expect(tierForValue('x'.repeat(4097))).toBe('Advanced');
  });
});

describe('Function: isSensitiveParameterName', () => {
  it('finds sensitive keys at any level', () => {
    // Act & Assess
    expect(isSensitiveParameterName('/app/db/password')).toBe(true);
    expect(isSensitiveParameterName('/app/credentials/user')).toBe(true);
    expect(isSensitiveParameterName('/app/api_key')).toBe(true);
    expect(isSensitiveParameterName('/app/region')).toBe(false);
  });
});

describe('Function: resolveParameterConfig', () => {
  it('detects SecureString for sensitive names and uses the default KMS key', () => {
    // Act
    const { resolved, issues } = resolveParameterConfig(
      { name: '/app/github-token', value: 'x' },
      { kmsKeyId: 'alias/mine' },
    );
    // Assess
    expect(issues).toEqual([]);
    expect(resolved.type).toBe('SecureString');
    expect(resolved.kmsKeyId).toBe('alias/mine');
  });

  it('detects StringList for arrays and rejects items with commas', () => {
    // Act
    const good = resolveParameterConfig({ name: '/app/list', value: ['a', 'b'] }, {});
    const bad = resolveParameterConfig({ name: '/app/list', value: ['a,b'] }, {});
    // Assess
    expect(good.resolved).toMatchObject({ type: 'StringList', value: 'a,b' });
    expect(bad.issues[0]).toEqual({ path: 'value[0]', message: 'a StringList item must not contain ","' });
  });

  it('rejects a KMS key on a non-secure type and an invalid tier, type or data type', () => {
    // Act
    const { issues } = resolveParameterConfig(
      {
        name: '/app/x',
        value: 'v',
        type: 'String',
        kmsKeyId: 'k',
        tier: 'Huge' as never,
        dataType: 'blob' as never,
      },
      {},
    );
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['tier', 'kmsKeyId', 'dataType']);
  });

  it('allows 50 tags and rejects 51', () => {
    // Prepare
    const tags = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, 'v']));
    // Act & Assess
    expect(resolveParameterConfig({ name: '/app/x', value: 'v', tags: tags(50) }, {}).issues).toEqual([]);
    expect(
      resolveParameterConfig({ name: '/app/x', value: 'v', tags: tags(51) }, {}).issues[0]?.message,
    ).toContain('at most 50 tags');
  });

  it('limits the description and allowed pattern to 1024 characters', () => {
    // Act
    const { issues } = resolveParameterConfig(
      { name: '/app/x', value: 'v', description: 'd'.repeat(1025), allowedPattern: 'p'.repeat(1025) },
      {},
    );
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['description', 'allowedPattern']);
  });

  it('rejects bad tags', () => {
    // Act
    const { issues } = resolveParameterConfig(
      { name: '/app/x', value: 'v', tags: { 'aws:x': 'y', k: 'v'.repeat(300) } },
      {},
    );
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['tags.aws:x', 'tags.k']);
  });

  it('never puts the value in a message', () => {
    // Act
    const { issues } = resolveParameterConfig(
      { name: '/app/password', value: 'hunter2'.repeat(2000), tier: 'Standard' },
      {},
    );
    // Assess
    expect(JSON.stringify(issues)).not.toContain('hunter2');
  });
});
