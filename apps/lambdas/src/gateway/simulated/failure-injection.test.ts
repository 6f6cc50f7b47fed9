import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, ScenarioSchema } from '../../simulation/scenario.js';
import { FailureInjection } from './failure-injection.js';

const withFailures = (failures: unknown[]) =>
  new FailureInjection(ScenarioSchema.parse({ ...DEMO_SCENARIO, failures }));

describe('Class: FailureInjection', () => {
  it('fails the update it names: by resource, optional name and optional target version', () => {
    // Prepare
    const failures = withFailures([
      {
        type: 'update_fails',
        resource: 'nodegroup',
        name: 'general',
        toVersion: '1.30',
        errorCode: 'NodeCreationFailure',
      },
      { type: 'update_fails', resource: 'control_plane' },
    ]);

    // Act & Assess
    expect(failures.updateFailure('nodegroup', 'general', '1.30')).toEqual({
      code: 'NodeCreationFailure',
      message: 'Simulated update failure',
    });
    expect(failures.updateFailure('nodegroup', 'general', '1.31')).toBeUndefined();
    expect(failures.updateFailure('nodegroup', 'spot-workers', '1.30')).toBeUndefined();
    expect(failures.updateFailure('addon', 'general', '1.30')).toBeUndefined();
    expect(failures.updateFailure('control_plane', undefined, '1.31')).toEqual({
      code: 'ClusterUnreachable',
      message: 'Simulated update failure',
    });
  });

  it('refuses the native rollback only when the scenario says so', () => {
    expect(withFailures([]).rollbackRefusal()).toBeUndefined();
    expect(withFailures([{ type: 'rollback_fails', message: 'readiness failed' }]).rollbackRefusal()).toBe(
      'readiness failed',
    );
  });

  it('adds an ERROR insight for the target version per blocking_insight', () => {
    expect(
      withFailures([
        { type: 'rollback_fails' },
        { type: 'blocking_insight', reason: 'v1beta2 in use' },
      ]).blockingInsights(),
    ).toEqual([
      {
        id: 'sim-insight-2',
        name: 'Deprecated APIs removed in the target version',
        category: 'UPGRADE_READINESS',
        kubernetesVersion: '1.31',
        status: 'ERROR',
        reason: 'v1beta2 in use',
        description: 'Deprecated APIs removed in the target version (injected by the scenario)',
        recommendation: 'Fix the reported resources before upgrading.',
      },
    ]);
  });

  it('fires alarms, or a green health issue, once green carries the failing weight', () => {
    // Prepare
    const failures = withFailures([
      { type: 'unhealthy_at_weight', weight: 50, alarmName: 'api-5xx' },
      { type: 'unhealthy_at_weight', weight: 75 },
      { type: 'alarm_in_alarm', alarmName: 'latency' },
    ]);

    // Act & Assess
    expect(failures.initialAlarms()).toEqual([
      { name: 'api-5xx', state: 'OK', reason: 'Initial state OK' },
      { name: 'latency', state: 'ALARM', reason: 'Threshold Crossed: simulated' },
    ]);
    expect(failures.atGreenWeight(25)).toEqual({ alarms: [] });
    expect(failures.atGreenWeight(50)).toEqual({
      alarms: [
        {
          name: 'api-5xx',
          reason: 'Threshold Crossed: errors rose with 50% of traffic on green (simulated)',
        },
      ],
    });
    expect(failures.atGreenWeight(75)).toEqual({
      alarms: [
        {
          name: 'api-5xx',
          reason: 'Threshold Crossed: errors rose with 75% of traffic on green (simulated)',
        },
      ],
      greenHealthIssue: {
        code: 'SimulatedFailure',
        message: 'Unhealthy with 75% of traffic (simulated)',
        resourceIds: [],
      },
    });
  });
});
