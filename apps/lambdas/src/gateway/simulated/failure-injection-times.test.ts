import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, ScenarioSchema } from '../../simulation/scenario.js';
import { FailureInjection } from './failure-injection.js';

describe('Class: FailureInjection (times)', () => {
  it('fails only the first `times` matching updates, so a step run again can succeed', () => {
    // Prepare
    const failures = new FailureInjection(
      ScenarioSchema.parse({
        ...DEMO_SCENARIO,
        failures: [
          {
            type: 'update_fails',
            resource: 'nodegroup',
            name: 'spot-workers',
            times: 1,
            errorCode: 'PodEvictionFailure',
          },
        ],
      }),
    );

    // Act & Assess: another node group's update does not use up the failure
    expect(failures.updateFailure('nodegroup', 'general', '1.30')).toBeUndefined();
    expect(failures.updateFailure('nodegroup', 'spot-workers', '1.30')).toEqual({
      code: 'PodEvictionFailure',
      message: 'Simulated update failure',
    });
    expect(failures.updateFailure('nodegroup', 'spot-workers', '1.30')).toBeUndefined();
  });

  it('refuses a times below 1', () => {
    expect(
      ScenarioSchema.safeParse({
        ...DEMO_SCENARIO,
        failures: [{ type: 'update_fails', resource: 'addon', times: 0 }],
      }).success,
    ).toBe(false);
  });
});
