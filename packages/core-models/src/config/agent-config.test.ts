import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETER_PREFIX, phaseFunctionName } from '../constants.js';
import { ValidationError } from '../errors/errors.js';
import { parseOrThrow } from '../validation/parse.js';
import {
  AGENT_CONFIG_NAME,
  AgentConfigSchema,
  createDefaultAgentConfig,
  isSensitiveKey,
  RETIRED_AGENT_CONFIG_KEYS,
  withoutRetiredAgentConfigKeys,
} from './agent-config.js';

describe('Function: createDefaultAgentConfig', () => {
  it('has the original default values', () => {
    const config = createDefaultAgentConfig();
    expect(config.agent).toEqual({ logLevel: 'INFO', maxConcurrentUpgrades: 1 });
    expect(Object.keys(config).sort()).toEqual([
      'agent',
      'bedrock',
      'eventBridge',
      'lambda',
      'parameterStore',
      'permissions',
      'stepFunctions',
      'upgrade',
    ]);
    // A current Claude model through the global cross-Region inference profile; no temperature
    // is sent unless configured (Claude 5 models accept only their default).
    expect(config.bedrock).toEqual({
      enabled: true,
      modelId: 'global.anthropic.claude-sonnet-4-6',
      maxTokens: 4000,
      timeoutSeconds: 30,
    });
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
      insufficientDataIs: 'wait',
    });
    // Decommission and the blue/green workload wait for approval unless configured otherwise.
    expect(config.upgrade.approval).toEqual({
      plan: false,
      workload: true,
      controlPlaneHops: false,
      trafficAbovePercent: 100,
      decommission: 'approval',
      timeoutSeconds: 3600,
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
    expect(config.agent.logLevel).toBe('INFO');
  });

  it.each([
    [{ agent: { logLevel: 'TRACE' } }, 'agent.logLevel: must be DEBUG, INFO, WARN or ERROR'],
    [{ agent: { maxConcurrentUpgrades: 0 } }, 'agent.maxConcurrentUpgrades: must be at least 1'],
    // Retired keys are unknown keys in a configuration file, named in the error.
    [{ agent: { name: 'eks-upgrade-agent' } }, 'agent: Unrecognized key: "name"'],
    [{ agent: { version: '1.0.0' } }, 'agent: Unrecognized key: "version"'],
    [{ aws: { region: 'us-east-1' } }, 'Unrecognized key: "aws"'],
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
    [
      { upgrade: { insufficientDataIs: 'ok' } },
      'upgrade.insufficientDataIs: must be wait, healthy or unhealthy',
    ],
    [
      { bedrock: { timeoutSeconds: 600 } },
      'bedrock.timeoutSeconds: must be at most 270 seconds: the reasoning function times out after 300 s and needs 30 s to plan with the rules alone (got 600)',
    ],
    [
      { stepFunctions: { taskTimeoutSeconds: 120 }, bedrock: { timeoutSeconds: 100 } },
      'bedrock.timeoutSeconds: must be at most 90 seconds: stepFunctions.taskTimeoutSeconds (120 s) ends the reasoning task and 30 s are needed to plan with the rules alone (got 100)',
    ],
    [{ bedrock: { destinationRegions: ['Europe'] } }, 'bedrock.destinationRegions[0]: must be an AWS region'],
    [
      { permissions: { passRoleArns: ['arn:aws:iam::123456789012:role/*'] } },
      'permissions.passRoleArns[0]: must be the ARN of one IAM role',
    ],
    [
      { permissions: { clusterTag: { key: 'aws:cloudformation:stack-name', value: 'x' } } },
      'permissions.clusterTag.key: must be 1-128 characters and not start with aws:',
    ],
    [{ permissions: { hostedZoneIds: ['example.com'] } }, 'permissions.hostedZoneIds[0]: must be a Route 53'],
    [{ permissions: { regions: ['eu-west'] } }, 'permissions.regions[0]: must be an AWS region'],
    [{ permissions: { clusterNames: ['-prod'] } }, 'permissions.clusterNames[0]: must be 1-100 characters'],
    [
      { upgrade: { approval: { timeoutSeconds: 30 } } },
      'upgrade.approval.timeoutSeconds: must be at least 60 seconds',
    ],
    [
      { upgrade: { approval: { trafficAbovePercent: 101 } } },
      'upgrade.approval.trafficAbovePercent: must be from 0 to 100',
    ],
    [
      { upgrade: { approval: { decommission: 'never' } } },
      'upgrade.approval.decommission: must be approval or automatic',
    ],
    [{ upgrade: { approval: { planId: 'x' } } }, 'upgrade.approval: Unrecognized key: "planId"'],
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

describe('Constant: AGENT_CONFIG_NAME', () => {
  it('is the one level below the prefix the CLI writes and the functions read', () => {
    expect(AGENT_CONFIG_NAME).toBe('config');
  });
});

describe('Function: withoutRetiredAgentConfigKeys', () => {
  it('drops the keys earlier versions stored and names each dropped leaf', () => {
    const stored = {
      agent: { name: 'eks-upgrade-agent', version: '1.0.0', logLevel: 'WARN' },
      aws: { region: 'eu-west-1', accountId: '123456789012' },
      upgrade: { bakeTimeSeconds: 600 },
    };

    const { config, retiredKeys } = withoutRetiredAgentConfigKeys(stored);

    expect(config).toEqual({ agent: { logLevel: 'WARN' }, upgrade: { bakeTimeSeconds: 600 } });
    expect(retiredKeys).toEqual(['agent.name', 'agent.version', 'aws.region', 'aws.accountId']);
    expect(stored.agent.name).toBe('eks-upgrade-agent'); // the input is left alone
    expect(parseOrThrow(AgentConfigSchema, config, 'stored configuration').agent.logLevel).toBe('WARN');
  });

  it('leaves a current configuration as it is', () => {
    const current = { agent: { logLevel: 'INFO' }, upgrade: { bakeTimeSeconds: 600 } };
    expect(withoutRetiredAgentConfigKeys(current)).toEqual({ config: current, retiredKeys: [] });
    expect(withoutRetiredAgentConfigKeys('not an object')).toEqual({
      config: 'not an object',
      retiredKeys: [],
    });
  });

  it('names only keys the schema no longer has', () => {
    const defaults = createDefaultAgentConfig() as Record<string, Record<string, unknown>>;
    for (const key of RETIRED_AGENT_CONFIG_KEYS) {
      const [section, leaf] = key.split('.') as [string, string | undefined];
      if (leaf === undefined) expect(defaults).not.toHaveProperty(section);
      else expect(defaults[section]).not.toHaveProperty(leaf);
    }
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
