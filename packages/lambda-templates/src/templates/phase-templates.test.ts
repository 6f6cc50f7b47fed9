import { AgentConfigSchema, UPGRADE_PHASES, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { environmentSize } from '../function/lambda-function.js';
import { createFunctionZip } from '../zip/create-function-zip.js';
import {
  createExecutionLambda,
  createPerceptionLambda,
  createReasoningLambda,
  createRollbackLambda,
  createValidationLambda,
  getAllLambdaTemplates,
  PHASE_ENVIRONMENT_KEYS,
  phaseZipCode,
  templateSettingsFromConfig,
} from './phase-templates.js';

const role = 'arn:aws:iam::123456789012:role/eks-upgrade-agent';
const zipFile = createFunctionZip({ 'index.mjs': 'export const handler = async () => ({});' });

describe('Function: create<Phase>Lambda', () => {
  it.each([
    ['perception', createPerceptionLambda, 256, 120],
    ['reasoning', createReasoningLambda, 512, 300],
    ['execution', createExecutionLambda, 256, 60],
    ['validation', createValidationLambda, 256, 120],
    ['rollback', createRollbackLambda, 256, 180],
  ] as const)(
    'builds the %s function with its sizing, runtime, handler and environment',
    (phase, create, memory, timeout) => {
      // Act
      const fn = create({ role, code: { zipPath: `dist/zips/${phase}.zip` } });

      // Assess
      expect(fn).toMatchObject({
        name: `eks-upgrade-agent-${phase}`,
        runtime: 'nodejs24.x',
        handler: 'index.handler',
        role,
        code: { zipPath: `dist/zips/${phase}.zip` },
        memorySize: memory,
        timeout,
        architecture: 'arm64',
        publish: false,
        tags: { 'eks-upgrade:component': 'agent', 'eks-upgrade:phase': phase },
      });
      expect(fn.environment).toEqual({
        EKS_UPGRADE_CONFIG_PATH: '/eks-upgrade-agent/',
        EKS_UPGRADE_EVENT_BUS: 'default',
        EKS_UPGRADE_PHASE: phase,
        LOG_LEVEL: 'INFO',
        POWERTOOLS_SERVICE_NAME: `eks-upgrade-agent-${phase}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      });
      expect(Object.keys(fn.environment).sort()).toEqual([...PHASE_ENVIRONMENT_KEYS].sort());
    },
  );

  it('applies the prefix, settings and overrides, keeping the phase variables authoritative', () => {
    // Act
    const fn = createReasoningLambda({
      role,
      code: { zipFile },
      functionPrefix: 'team-a-upgrader',
      parameterPrefix: '/team-a/upgrader/',
      eventBusName: 'upgrades',
      logLevel: 'DEBUG',
      architecture: 'x86_64',
      timeout: 600,
      environment: { EXTRA_SETTING: 'on', LOG_LEVEL: 'ERROR' },
      tags: { team: 'a', 'eks-upgrade:component': 'custom' },
      publish: true,
    });

    // Assess
    expect(fn.name).toBe('team-a-upgrader-reasoning');
    expect(fn.timeout).toBe(600);
    expect(fn.memorySize).toBe(512);
    expect(fn.architecture).toBe('x86_64');
    expect(fn.publish).toBe(true);
    expect(fn.environment).toMatchObject({
      EXTRA_SETTING: 'on',
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      EKS_UPGRADE_CONFIG_PATH: '/team-a/upgrader/',
      EKS_UPGRADE_EVENT_BUS: 'upgrades',
      POWERTOOLS_SERVICE_NAME: 'team-a-upgrader-reasoning',
    });
    expect(fn.tags).toEqual({
      'eks-upgrade:component': 'custom',
      'eks-upgrade:phase': 'reasoning',
      team: 'a',
    });
    expect(environmentSize(fn.environment)).toBeLessThan(4096);
  });

  it.each([
    ['a missing role', { code: { zipFile } }, 'role'],
    ['missing code', { role }, 'code'],
    ['an invalid log level', { role, code: { zipFile }, logLevel: 'TRACE' }, 'logLevel'],
    ['an invalid prefix', { role, code: { zipFile }, functionPrefix: 'has space' }, 'functionPrefix'],
    ['a timeout above the Lambda maximum', { role, code: { zipFile }, timeout: 1000 }, 'timeout'],
  ])('rejects %s', (_label, options, field) => {
    // Act
    let caught: unknown;
    try {
      createExecutionLambda(options as never);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).fields.join(',')).toContain(field);
  });
});

describe('Function: getAllLambdaTemplates', () => {
  it('returns the five phases in workflow order, with code from a directory', () => {
    // Act
    const functions = getAllLambdaTemplates({ role, code: phaseZipCode('apps/lambdas/dist/zips/') });

    // Assess
    expect(functions.map((fn) => fn.name)).toEqual(
      UPGRADE_PHASES.map((phase) => `eks-upgrade-agent-${phase}`),
    );
    expect(functions.map((fn) => fn.code)).toEqual(
      UPGRADE_PHASES.map((phase) => ({ zipPath: `apps/lambdas/dist/zips/${phase}.zip` })),
    );
  });

  it('accepts a code map and shares the other options', () => {
    // Act
    const functions = getAllLambdaTemplates({
      role,
      logLevel: 'WARN',
      code: {
        perception: { zipFile },
        reasoning: { zipFile },
        execution: { zipFile },
        validation: { zipFile },
        rollback: { zipFile },
      },
    });

    // Assess
    expect(functions).toHaveLength(5);
    expect(
      functions.every(
        (fn) => fn.environment.LOG_LEVEL === 'WARN' && 'zipFile' in fn.code && fn.code.zipFile === zipFile,
      ),
    ).toBe(true);
  });
});

describe('Function: templateSettingsFromConfig', () => {
  it('reads prefix, runtime, architecture, parameter prefix, bus and log level from the agent configuration', () => {
    // Prepare
    const config = AgentConfigSchema.parse({
      agent: { logLevel: 'WARN' },
      eventBridge: { busName: 'upgrades' },
      parameterStore: { parameterPrefix: '/team-a/' },
      lambda: { functionPrefix: 'team-a', architecture: 'x86_64' },
    });

    // Act
    const settings = templateSettingsFromConfig(config);
    const fn = createValidationLambda({ ...settings, role, code: { zipFile } });

    // Assess
    expect(settings).toEqual({
      functionPrefix: 'team-a',
      parameterPrefix: '/team-a/',
      eventBusName: 'upgrades',
      logLevel: 'WARN',
      runtime: 'nodejs24.x',
      architecture: 'x86_64',
    });
    expect(fn.name).toBe('team-a-validation');
    expect(fn.environment.EKS_UPGRADE_CONFIG_PATH).toBe('/team-a/');
  });
});
