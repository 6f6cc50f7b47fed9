import type { HealthIssue, UpgradeInsight } from '@eks-upgrade/core-models';
import type { Scenario } from '../../simulation/scenario.js';

/** How an injected update failure ends the update (DescribeUpdate `errors`). */
export interface InjectedUpdateError {
  code: string;
  message: string;
}

/** What the traffic weights reached make happen (`unhealthy_at_weight`). */
export interface WeightEffects {
  /** Alarms that go to ALARM, with their reason. */
  alarms: { name: string; reason: string }[];
  /** A health issue the green cluster reports, when a failure names no alarm. */
  greenHealthIssue?: HealthIssue;
}

/**
 * The failures a scenario injects, asked by the simulated services at the moment each one
 * applies: an update that ends `Failed`, an upgrade insight in ERROR, a refused native
 * rollback, alarms in ALARM from the start or once green carries some traffic.
 *
 * @example
 * ```ts
 * const failures = new FailureInjection(scenario);
 * failures.updateFailure('nodegroup', 'general', '1.30'); // { code: 'ClusterUnreachable', ... }
 * ```
 */
export class FailureInjection {
  private readonly failures: Scenario['failures'];
  private readonly targetVersion: string;
  /** How many updates each `update_fails` entry (by index) has failed so far. */
  private readonly failedUpdates = new Map<number, number>();

  constructor(scenario: Scenario) {
    this.failures = scenario.failures;
    this.targetVersion = scenario.request.targetVersion;
  }

  /** The error the update of `resource` (named `name`) to `version` ends with, if one is injected. */
  updateFailure(
    resource: 'control_plane' | 'addon' | 'nodegroup',
    name: string | undefined,
    version: string,
  ): InjectedUpdateError | undefined {
    for (const [index, failure] of this.failures.entries()) {
      if (
        failure.type === 'update_fails' &&
        failure.resource === resource &&
        (failure.name === undefined || failure.name === name) &&
        (failure.toVersion === undefined || failure.toVersion === version)
      ) {
        // A failure with `times` fails that many matching updates, then lets the next ones succeed.
        const failed = this.failedUpdates.get(index) ?? 0;
        if (failure.times !== undefined && failed >= failure.times) continue;
        this.failedUpdates.set(index, failed + 1);
        return { code: failure.errorCode, message: failure.message };
      }
    }
    return undefined;
  }

  /** Why EKS refuses the native rollback, when the scenario says it does. */
  rollbackRefusal(): string | undefined {
    for (const failure of this.failures) if (failure.type === 'rollback_fails') return failure.message;
    return undefined;
  }

  /** Upgrade insights in ERROR the scenario adds to the cluster's own. */
  blockingInsights(): UpgradeInsight[] {
    return this.failures.flatMap((failure, index) =>
      failure.type === 'blocking_insight'
        ? [
            {
              id: `sim-insight-${index + 1}`,
              name: failure.name,
              category: 'UPGRADE_READINESS',
              kubernetesVersion: failure.kubernetesVersion ?? this.targetVersion,
              status: 'ERROR',
              reason: failure.reason,
              description: `${failure.name} (injected by the scenario)`,
              recommendation: 'Fix the reported resources before upgrading.',
            },
          ]
        : [],
    );
  }

  /** Alarms the failures put in ALARM from the start, or name (so they exist, OK until they fire). */
  initialAlarms(): { name: string; state: string; reason: string }[] {
    const alarms: { name: string; state: string; reason: string }[] = [];
    for (const failure of this.failures) {
      if (failure.type === 'alarm_in_alarm') {
        alarms.push({ name: failure.alarmName, state: 'ALARM', reason: failure.reason });
      }
      if (failure.type === 'unhealthy_at_weight' && failure.alarmName) {
        alarms.push({ name: failure.alarmName, state: 'OK', reason: 'Initial state OK' });
      }
    }
    return alarms;
  }

  /** What happens once green carries `greenWeight` % of the traffic. */
  atGreenWeight(greenWeight: number): WeightEffects {
    const effects: WeightEffects = { alarms: [] };
    for (const failure of this.failures) {
      if (failure.type !== 'unhealthy_at_weight' || greenWeight < failure.weight) continue;
      if (failure.alarmName) {
        effects.alarms.push({
          name: failure.alarmName,
          reason: `Threshold Crossed: errors rose with ${greenWeight}% of traffic on green (simulated)`,
        });
      } else {
        effects.greenHealthIssue = {
          code: 'SimulatedFailure',
          message: `Unhealthy with ${greenWeight}% of traffic (simulated)`,
          resourceIds: [],
        };
      }
    }
    return effects;
  }
}
