import type {
  UpgradeEventDetailInput,
  UpgradeEventInput,
  UpgradeEventType,
  UpgradePhase,
  UpgradeStrategy,
} from '@eks-upgrade/core-models';

/** An upgrade event as callers write it (core-models' type, re-exported for convenience). */
export type { UpgradeEventInput };

/** Detail fields a typed helper takes besides its positional arguments. */
export type DetailExtras<T extends UpgradeEventType, Positional extends string> = Omit<
  UpgradeEventDetailInput<T>,
  'clusterName' | Positional
>;

/**
 * The typed `publish*` helpers for the 17 upgrade event types, shared by `EventBridgeClient`
 * and `LocalEventBus`. Each builds the detail, validates it against its type's schema and
 * publishes it, returning the event id.
 *
 * @example
 * ```ts
 * async function announce(publisher: UpgradeEventPublisher) {
 *   await publisher.publishPhaseStarted('prod', 'perception');
 * }
 * announce(new EventBridgeClient()); // or announce(new LocalEventBus())
 * ```
 */
export abstract class UpgradeEventPublisher {
  /**
   * Validates and publishes one upgrade event; returns its event id.
   *
   * @example
   * ```ts
   * const id = await publisher.publishEvent({ type: 'phase.started', detail: { clusterName: 'prod', phase: 'perception' } });
   * ```
   */
  abstract publishEvent(event: UpgradeEventInput): Promise<string>;

  private publishTyped<T extends UpgradeEventType>(
    type: T,
    detail: UpgradeEventDetailInput<T>,
  ): Promise<string> {
    return this.publishEvent({ type, detail } as UpgradeEventInput);
  }

  /**
   * Publishes `upgrade.started`.
   *
   * @example
   * ```ts
   * await events.publishUpgradeStarted('prod', '1.31', 'blue_green', { upgradeId: 'upg-1', sourceVersion: '1.30' });
   * ```
   */
  publishUpgradeStarted(
    clusterName: string,
    targetVersion: string,
    strategy: UpgradeStrategy,
    extra: DetailExtras<'upgrade.started', 'targetVersion' | 'strategy'> = {},
  ): Promise<string> {
    return this.publishTyped('upgrade.started', { ...extra, clusterName, targetVersion, strategy });
  }

  /**
   * Publishes `upgrade.completed`.
   *
   * @example
   * ```ts
   * await events.publishUpgradeCompleted('prod', '1.31', 1840);
   * ```
   */
  publishUpgradeCompleted(
    clusterName: string,
    targetVersion: string,
    durationSeconds: number,
    extra: DetailExtras<'upgrade.completed', 'targetVersion' | 'durationSeconds'> = {},
  ): Promise<string> {
    return this.publishTyped('upgrade.completed', { ...extra, clusterName, targetVersion, durationSeconds });
  }

  /**
   * Publishes `upgrade.failed`.
   *
   * @example
   * ```ts
   * await events.publishUpgradeFailed('prod', 'Insight ERROR blocks the upgrade', { phase: 'reasoning' });
   * ```
   */
  publishUpgradeFailed(
    clusterName: string,
    error: string,
    extra: DetailExtras<'upgrade.failed', 'error'> = {},
  ): Promise<string> {
    return this.publishTyped('upgrade.failed', { ...extra, clusterName, error });
  }

  /**
   * Publishes `phase.started`.
   *
   * @example
   * ```ts
   * await events.publishPhaseStarted('prod', 'execution', { stepId: 'control-plane-1.31' });
   * ```
   */
  publishPhaseStarted(
    clusterName: string,
    phase: UpgradePhase,
    extra: DetailExtras<'phase.started', 'phase'> = {},
  ): Promise<string> {
    return this.publishTyped('phase.started', { ...extra, clusterName, phase });
  }

  /**
   * Publishes `phase.completed`.
   *
   * @example
   * ```ts
   * await events.publishPhaseCompleted('prod', 'perception', { durationSeconds: 4 });
   * ```
   */
  publishPhaseCompleted(
    clusterName: string,
    phase: UpgradePhase,
    extra: DetailExtras<'phase.completed', 'phase'> = {},
  ): Promise<string> {
    return this.publishTyped('phase.completed', { ...extra, clusterName, phase });
  }

  /**
   * Publishes `phase.failed`.
   *
   * @example
   * ```ts
   * await events.publishPhaseFailed('prod', 'execution', 'ResourceInUseException', { stepId: 'ng-default' });
   * ```
   */
  publishPhaseFailed(
    clusterName: string,
    phase: UpgradePhase,
    error: string,
    extra: DetailExtras<'phase.failed', 'phase' | 'error'> = {},
  ): Promise<string> {
    return this.publishTyped('phase.failed', { ...extra, clusterName, phase, error });
  }

  /**
   * Publishes `validation.success` when `success` is true, `validation.failure` otherwise — the
   * original system's `publish_validation_result`.
   *
   * @example
   * ```ts
   * await events.publishValidationResult('prod', true, { nodesReady: 6, errorRate: 0.01 });
   * ```
   */
  publishValidationResult(
    clusterName: string,
    success: boolean,
    metrics: Record<string, number | string | boolean>,
    extra: DetailExtras<'validation.failure', 'metrics'> = {},
  ): Promise<string> {
    if (success) {
      const { failedChecks: _ignored, ...successExtra } = extra;
      return this.publishValidationSuccess(clusterName, metrics, successExtra);
    }
    return this.publishTyped('validation.failure', { ...extra, clusterName, metrics });
  }

  /**
   * Publishes `validation.success`.
   *
   * @example
   * ```ts
   * await events.publishValidationSuccess('prod', { nodesReady: 6 }, { stepId: 'traffic-50' });
   * ```
   */
  publishValidationSuccess(
    clusterName: string,
    metrics: Record<string, number | string | boolean> = {},
    extra: DetailExtras<'validation.success', 'metrics'> = {},
  ): Promise<string> {
    return this.publishTyped('validation.success', { ...extra, clusterName, metrics });
  }

  /**
   * Publishes `validation.failure`.
   *
   * @example
   * ```ts
   * await events.publishValidationFailure('prod', ['nodegroup ng-1 DEGRADED'], { errorRate: 0.2 });
   * ```
   */
  publishValidationFailure(
    clusterName: string,
    failedChecks: string[],
    metrics: Record<string, number | string | boolean> = {},
    extra: DetailExtras<'validation.failure', 'failedChecks' | 'metrics'> = {},
  ): Promise<string> {
    return this.publishTyped('validation.failure', { ...extra, clusterName, failedChecks, metrics });
  }

  /**
   * Publishes `rollback.triggered`.
   *
   * @example
   * ```ts
   * await events.publishRollbackTriggered('prod', 'validation failed at 50 % traffic', { failedPhase: 'validation' });
   * ```
   */
  publishRollbackTriggered(
    clusterName: string,
    reason: string,
    extra: DetailExtras<'rollback.triggered', 'reason'> = {},
  ): Promise<string> {
    return this.publishTyped('rollback.triggered', { ...extra, clusterName, reason });
  }

  /**
   * Publishes `rollback.completed`.
   *
   * @example
   * ```ts
   * await events.publishRollbackCompleted('prod', true, { notUndone: ['add-on vpc-cni 1.19'] });
   * ```
   */
  publishRollbackCompleted(
    clusterName: string,
    success: boolean,
    extra: DetailExtras<'rollback.completed', 'success'> = {},
  ): Promise<string> {
    return this.publishTyped('rollback.completed', { ...extra, clusterName, success });
  }

  /**
   * Publishes `traffic.shifted` (weight = percentage of traffic now on green).
   *
   * @example
   * ```ts
   * await events.publishTrafficShifted('prod', 'prod-blue', 'prod-green', 50, { previousWeight: 25 });
   * ```
   */
  publishTrafficShifted(
    clusterName: string,
    blueClusterName: string,
    greenClusterName: string,
    weight: number,
    extra: DetailExtras<'traffic.shifted', 'blueClusterName' | 'greenClusterName' | 'weight'> = {},
  ): Promise<string> {
    return this.publishTyped('traffic.shifted', {
      ...extra,
      clusterName,
      blueClusterName,
      greenClusterName,
      weight,
    });
  }

  /**
   * Publishes `cluster.provisioned`.
   *
   * @example
   * ```ts
   * await events.publishClusterProvisioned('prod-green', '1.31', { sourceClusterName: 'prod-blue' });
   * ```
   */
  publishClusterProvisioned(
    clusterName: string,
    version: string,
    extra: DetailExtras<'cluster.provisioned', 'version'> = {},
  ): Promise<string> {
    return this.publishTyped('cluster.provisioned', { ...extra, clusterName, version });
  }

  /**
   * Publishes `cluster.decommissioned`.
   *
   * @example
   * ```ts
   * await events.publishClusterDecommissioned('prod-blue', { reason: 'green cluster took 100 % of traffic' });
   * ```
   */
  publishClusterDecommissioned(
    clusterName: string,
    extra: DetailExtras<'cluster.decommissioned', never> = {},
  ): Promise<string> {
    return this.publishTyped('cluster.decommissioned', { ...extra, clusterName });
  }

  /**
   * Publishes `gate.pending`: an execution waits at an approval gate; `taskToken` is what
   * SendTaskSuccess / SendTaskFailure answer. (The workflow publishes it itself, from its
   * `.waitForTaskToken` task; this helper is for tools that relay or replay it.)
   *
   * @example
   * ```ts
   * await events.publishGatePending({ clusterName: 'shop', executionArn, planId, stepId: 'gate-workload-shop-1-31',
   *   gate: { purpose: 'workload', summary: 'Deploy workloads to shop-1-31', timeoutSeconds: 3600, acceptsTrafficTarget: true },
   *   taskToken });
   * ```
   */
  publishGatePending(detail: UpgradeEventDetailInput<'gate.pending'>): Promise<string> {
    return this.publishTyped('gate.pending', detail);
  }

  /**
   * Publishes `gate.approved`.
   *
   * @example
   * ```ts
   * await events.publishGateApproved({ clusterName: 'shop', executionArn, planId, stepId: 'gate-plan', purpose: 'plan' });
   * ```
   */
  publishGateApproved(detail: UpgradeEventDetailInput<'gate.approved'>): Promise<string> {
    return this.publishTyped('gate.approved', detail);
  }

  /**
   * Publishes `gate.rejected`.
   *
   * @example
   * ```ts
   * await events.publishGateRejected({ clusterName: 'shop', executionArn, planId, stepId: 'gate-plan', purpose: 'plan', reason: 'CHG refused' });
   * ```
   */
  publishGateRejected(detail: UpgradeEventDetailInput<'gate.rejected'>): Promise<string> {
    return this.publishTyped('gate.rejected', detail);
  }

  /**
   * Publishes `gate.timed_out`.
   *
   * @example
   * ```ts
   * await events.publishGateTimedOut({ clusterName: 'shop', executionArn, planId, stepId: 'gate-plan', purpose: 'plan', timeoutSeconds: 3600 });
   * ```
   */
  publishGateTimedOut(detail: UpgradeEventDetailInput<'gate.timed_out'>): Promise<string> {
    return this.publishTyped('gate.timed_out', detail);
  }
}
