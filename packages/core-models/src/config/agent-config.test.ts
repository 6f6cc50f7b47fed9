import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETER_PREFIX, phaseFunctionName } from '../constants.js';
import { ValidationError } from '../errors/errors.js';
import { parseOrThrow } from '../validation/parse.js';
import { AgentConfigSchema, createDefaultAgentConfig, isSensitiveKey } from './agent-config.js';

describe('Function: createDefaultAgentConfig', () => {
  it('has the original default values', () => {
    const config = createDefaultAgentConfig();
    expect(config.agent).toEqual({
      name: 'eks-upgrade-agent',
      version: '1.0.0',
      logLevel: 'INFO',
      maxConcurrentUpgrades: 1,
    });
    expect(config.aws.region).toBe('us-east-1');
    expect(config.bedrock).toMatchObject({ maxTokens: 4000, temperature: 0.1 });
    expect(config.bedrock.modelId).toMatch(/^anthropic\./);
    expect(config.stepFunctions).toEqual({
      stateMachineName: 'eks-upgrade-workflow',
      executionTimeoutSeconds: 14_400,
      taskTimeoutSeconds: 300,
    });
    expect(config.eventBridge).toEqual({
      busName: 'default',
      source: 'eks-upgrade-agent',
      rulePrefix: 'eks-upgrade',
    });
    expect(config.upgrade).toMatchObject({
      defaultStrategy: 'blue_green',
      trafficShiftIntervals: [10, 25, 50, 75, 100],
      validationTimeoutSeconds: 300,
      rollbackTimeoutSeconds: 600,
      operationTimeoutSeconds: 5400,
      nativeRollbackTimeoutMinutes: 720,
    });
    expect(config.parameterStore.parameterPrefix).toBe(DEFAULT_PARAMETER_PREFIX);
    expect(config.lambda.runtime).toBe('nodejs24.x');
  });

  it('returns a fresh object each time', () => {
    const first = createDefaultAgentConfig();
    first.upgrade.trafficShiftIntervals.push(1);
    expect(createDefaultAgentConfig().upgrade.trafficShiftIntervals).toEqual([10, 25, 50, 75, 100]);
  });
});

describe('Schema: AgentConfigSchema', () => {
  it('merges a partial configuration with the defaults', () => {
    const config = parseOrThrow(
      AgentConfigSchema,
      { upgrade: { bakeTimeSeconds: 600 } },
      'agent configuration',
    );
    expect(config.upgrade.bakeTimeSeconds).toBe(600);
    expect(config.upgrade.trafficShiftIntervals).toEqual([10, 25, 50, 75, 100]);
    expect(config.agent.name).toBe('eks-upgrade-agent');
  });

  it.each([
    [{ agent: { logLevel: 'TRACE' } }, 'agent.logLevel: must be DEBUG, INFO, WARN or ERROR'],
    [{ agent: { maxConcurrentUpgrades: 0 } }, 'agent.maxConcurrentUpgrades: must be at least 1'],
    [{ aws: { region: 'earth' } }, 'aws.region: must be an AWS region'],
    [{ aws: { accountId: '12' } }, 'aws.accountId: must be a 12-digit AWS account id'],
    [
      { stepFunctions: { stateMachineName: 'bad name' } },
      'stepFunctions.stateMachineName: must be 1-80 characters',
    ],
    [
      { stepFunctions: { executionTimeoutSeconds: 0 } },
      'stepFunctions.executionTimeoutSeconds: must be at least 1 second',
    ],
    [{ upgrade: { bakeTimeSeconds: 1.5 } }, 'upgrade.bakeTimeSeconds: must be a whole number of seconds'],
    [
      { upgrade: { validationTimeoutSeconds: 100_000 } },
      'upgrade.validationTimeoutSeconds: must be at most 86400 seconds',
    ],
    [
      { upgrade: { pollIntervalSeconds: 'soon' } },
      'upgrade.pollIntervalSeconds: must be a number of seconds',
    ],
    [{ upgrade: { trafficShiftIntervals: [10, 90] } }, 'upgrade.trafficShiftIntervals: must end at 100'],
    [{ eventBridge: { rulePrefix: 'bad prefix' } }, 'eventBridge.rulePrefix: must be 1-64 characters'],
    [{ parameterStore: { parameterPrefix: 'no-slash' } }, 'parameterStore.parameterPrefix: must be a path'],
    [{ lambda: { functionPrefix: 'bad.prefix' } }, 'lambda.functionPrefix: must be 1-40'],
    [{ bedrock: { temperature: 2 } }, 'bedrock.temperature'],
    [
      { stepFunctions: { taskTimeoutSeconds: 901 } },
      'stepFunctions.taskTimeoutSeconds: must be at most 900 seconds',
    ],
    [
      { upgrade: { nativeRollbackTimeoutMinutes: 60 } },
      'upgrade.nativeRollbackTimeoutMinutes: must be at least 120 minutes',
    ],
    [
      { upgrade: { nativeRollbackTimeoutMinutes: 20_000 } },
      'upgrade.nativeRollbackTimeoutMinutes: must be at most 10080',
    ],
    [{ unknownSection: {} }, 'Unrecognized key: "unknownSection"'],
    [{ upgrade: { bakeTime: 5 } }, 'upgrade: Unrecognized key: "bakeTime"'],
  ])('rejects %j', (input, expected) => {
    let message = '';
    try {
      parseOrThrow(AgentConfigSchema, input, 'agent configuration');
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      message = (error as Error).message;
    }
    expect(message).toContain(expected);
  });
});

describe('Function: isSensitiveKey', () => {
  it.each([
    'password',
    'dbPassword',
    'clientSecret',
    'api_key',
    'apiKey',
    'API-KEY',
    'githubToken',
    'privateKey',
    'private_key',
    'awsCredentials',
    'aws_secret_access_key',
    'PASSWORD',
  ])('treats %s as sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });
  it.each(['region', 'modelId', 'maxTokens', 'name', 'keyName', 'kmsKeyId', 'tokenizer', 'secretariat'])(
    'treats %s as plain',
    (key) => {
      expect(isSensitiveKey(key)).toBe(false);
    },
  );
});

describe('Function: phaseFunctionName', () => {
  it('builds eks-upgrade-agent-<phase> and honours a prefix', () => {
    expect(phaseFunctionName('perception')).toBe('eks-upgrade-agent-perception');
    expect(phaseFunctionName('rollback', 'team-a')).toBe('team-a-rollback');
  });
});
