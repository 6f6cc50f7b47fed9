import {
  DescribeClusterCommand,
  DescribeUpdateCommand,
  EKSClient,
  InvalidRequestException,
  ListInsightsCommand,
  ListUpdatesCommand,
  ResourceInUseException,
  UpdateClusterVersionCommand,
} from '@aws-sdk/client-eks';
import { ExecutionError, type PlanStep, type StepResult, type UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, awsPhaseDependencies, eksCluster, eksUpdate } from '../../phases/__fixtures__/aws.js';
import { config, request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { buildRulesPlan } from '../../phases/reasoning.js';
import { rollbackUpgrade } from '../../phases/rollback.js';
import { validateUpgrade } from '../../phases/validation.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { mockUpgradedInPlace } from './__fixtures__/upgraded-in-place.js';
import { controlPlaneUpgrade } from './control-plane-upgrade.js';

const eks = mockClient(EKSClient);

describe('Step kind: control_plane_upgrade', () => {
  beforeEach(() => {
    eks.reset();
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => awsPhaseDependencies(NOW);
    const cpStep: PlanStep = {
      id: 'cp-1.30',
      kind: 'control_plane_upgrade',
      description: 'Upgrade the control plane of prod from 1.29 to 1.30',
      clusterName: 'prod',
      fromVersion: '1.29',
      toVersion: '1.30',
    };

    it('starts UpdateClusterVersion and returns the update to poll', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
      eks.on(ListInsightsCommand).resolves({ insights: [] });
      eks.on(UpdateClusterVersionCommand).resolves({ update: eksUpdate('upd-1') });

      // Act
      const result = await executeStep({ request: request(), step: cpStep }, deps());

      // Assess
      expect(result).toEqual({
        stepId: 'cp-1.30',
        kind: 'control_plane_upgrade',
        status: 'in_progress',
        clusterName: 'prod',
        updateId: 'upd-1',
        pollAfterSeconds: 30,
        message: 'UpdateClusterVersion 1.29 → 1.30: update upd-1 started',
        startedAt: NOW.toISOString(),
      });
      expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, { name: 'prod', version: '1.30' });
      expect(eks).not.toHaveReceivedCommand(ListUpdatesCommand);
    });

    it('returns the update already in progress on a retry instead of starting a second one', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ status: 'UPDATING' }) });
      eks.on(ListUpdatesCommand).resolves({ updateIds: ['old-1', 'upd-1'] });
      eks.on(DescribeUpdateCommand, { updateId: 'upd-1' }).resolves({ update: eksUpdate('upd-1') });
      eks.on(DescribeUpdateCommand, { updateId: 'old-1' }).resolves({
        update: eksUpdate('old-1', { status: 'Successful', params: [{ type: 'Version', value: '1.29' }] }),
      });

      // Act
      const result = await executeStep({ request: request(), step: cpStep }, deps());

      // Assess
      expect(result).toMatchObject({ status: 'in_progress', updateId: 'upd-1' });
      expect(result.message).toMatch(/already in progress/);
      expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    });

    it('resumes the running update when EKS answers ResourceInUseException (status not yet UPDATING)', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
      eks.on(ListInsightsCommand).resolves({ insights: [] });
      eks.on(UpdateClusterVersionCommand).rejects(
        new ResourceInUseException({
          message: 'Update already in progress',
          $metadata: { httpStatusCode: 409 },
        }),
      );
      eks.on(ListUpdatesCommand).resolves({ updateIds: ['upd-1'] });
      eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1') });

      // Act
      const result = await executeStep({ request: request(), step: cpStep }, deps());

      // Assess
      expect(result).toMatchObject({ status: 'in_progress', updateId: 'upd-1' });
      expect(eks).toHaveReceivedCommandTimes(UpdateClusterVersionCommand, 1);
    });

    it('skips when the control plane already runs the target', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version: '1.30' }) });

      // Act
      const result = await executeStep({ request: request(), step: cpStep }, deps());

      // Assess
      expect(result).toMatchObject({ status: 'skipped', pollAfterSeconds: 0 });
      expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    });

    it('refuses when another update is running', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ status: 'UPDATING' }) });
      eks.on(ListUpdatesCommand).resolves({ updateIds: ['cfg-1'] });
      eks.on(DescribeUpdateCommand).resolves({
        update: eksUpdate('cfg-1', {
          type: 'LoggingUpdate',
          params: [{ type: 'ClusterLogging', value: '{}' }],
        }),
      });

      // Act
      const error = await executeStep({ request: request(), step: cpStep }, deps()).catch((caught) => caught);

      // Assess
      expect(ExecutionError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/cfg-1 \(LoggingUpdate/);
      expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    });
  });

  describe('Phase: validation', () => {
    const NOW = new Date('2026-11-25T10:05:00Z');
    const deps = (alarmNames: string[] = []) => ({
      gateway: awsGateway(),
      config: config({ alarmNames }),
      clock: { now: () => NOW },
    });
    const step: PlanStep = {
      id: 'cp-1.30',
      kind: 'control_plane_upgrade',
      description: 'Upgrade the control plane of prod from 1.29 to 1.30',
      clusterName: 'prod',
      fromVersion: '1.29',
      toVersion: '1.30',
    };
    const stepResult: StepResult = {
      stepId: 'cp-1.30',
      kind: 'control_plane_upgrade',
      status: 'in_progress',
      clusterName: 'prod',
      updateId: 'upd-1',
      pollAfterSeconds: 30,
      message: 'started',
      startedAt: '2026-11-25T10:00:00Z',
    };

    it('answers in_progress while the update runs, without health checks', async () => {
      // Prepare
      eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1') });

      // Act
      const result = await validateUpgrade({ request: request(), scope: 'step', step, stepResult }, deps());

      // Assess
      expect(result).toMatchObject({
        status: 'in_progress',
        success: false,
        stepId: 'cp-1.30',
        clusterName: 'prod',
      });
      expect(result.checks).toEqual([expect.objectContaining({ name: 'update-status', status: 'pending' })]);
      expect(eks).toHaveReceivedCommandWith(DescribeUpdateCommand, { name: 'prod', updateId: 'upd-1' });
      expect(eks).not.toHaveReceivedCommand(DescribeClusterCommand);
    });

    it('answers unhealthy when the update failed, with EKS errors', async () => {
      // Prepare
      eks.on(DescribeUpdateCommand).resolves({
        update: eksUpdate('upd-1', {
          status: 'Failed',
          errors: [
            {
              errorCode: 'ClusterUnreachable',
              errorMessage: 'The cluster API server could not be reached',
              resourceIds: ['prod'],
            },
          ],
        }),
      });

      // Act
      const result = await validateUpgrade({ request: request(), scope: 'step', step, stepResult }, deps());

      // Assess
      expect(result.status).toBe('unhealthy');
      expect(result.summary).toMatch(
        /ended Failed: ClusterUnreachable: The cluster API server could not be reached/,
      );
    });
  });

  describe('Phase: rollback', () => {
    const NOW = new Date('2026-11-25T12:00:00Z');
    const failure = { Error: 'ValidationFailed', Cause: 'cluster unhealthy after cp-1.30' };
    const deps = () => awsPhaseDependencies(NOW);
    const inPlacePlan = (): UpgradePlan =>
      buildRulesPlan(request(), snapshot(), { config: config(), now: NOW });
    const upgradedInPlace = (options: Parameters<typeof mockUpgradedInPlace>[2] = {}) =>
      mockUpgradedInPlace(eks, NOW, options);

    it('cannot undo the control plane after the 7-day window', async () => {
      // Prepare
      upgradedInPlace({ hoursAgo: 8 * 24 });

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.actions.at(-1)).toMatchObject({ target: 'control-plane', status: 'not_possible' });
      expect(result.actions.at(-1)?.message).toMatch(/older than 7 days/);
    });

    it('rolls back only one minor of two hops and says so', async () => {
      // Prepare
      upgradedInPlace({ version: '1.31' });
      eks.on(UpdateClusterVersionCommand).resolves({
        update: eksUpdate('rb-2', { type: 'VersionRollback', params: [{ type: 'Version', value: '1.30' }] }),
      });

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.actions.at(-1)).toMatchObject({
        target: 'control-plane',
        status: 'started',
        updateId: 'rb-2',
      });
      expect(result.notUndone).toContain(
        'control-plane: EKS rolls back one minor version only; the control plane can go back to 1.30 at best, not to 1.29',
      );
      expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, { version: '1.30' });
    });

    it('reports failure when EKS refuses the rollback', async () => {
      // Prepare
      upgradedInPlace();
      eks.on(UpdateClusterVersionCommand).rejects(
        new InvalidRequestException({
          message: 'Rollback readiness insight "Add-on version compatibility" is ERROR',
          $metadata: { httpStatusCode: 400 },
        }),
      );

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.success).toBe(false);
      expect(result.actions.at(-1)).toMatchObject({ target: 'control-plane', status: 'failed' });
      expect(result.actions.at(-1)?.message).toMatch(/InvalidRequestException: Rollback readiness insight/);
      expect(result.summary).toMatch(/some undo failed/);
    });

    it('cannot cancel an update that is still running', async () => {
      // Prepare
      upgradedInPlace();
      eks
        .on(DescribeClusterCommand)
        .resolves({ cluster: eksCluster({ version: '1.29', status: 'UPDATING' }) });
      eks.on(DescribeUpdateCommand, { updateId: 'upd-1' }).resolves({ update: eksUpdate('upd-1') });

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.actions.at(-1)).toMatchObject({
        target: 'control-plane',
        status: 'not_possible',
        updateId: 'upd-1',
      });
      expect(result.actions.at(-1)?.message).toMatch(/cannot cancel it/);
    });
  });
});

describe('Module: controlPlaneUpgrade', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(controlPlaneUpgrade);

    // Assess
    expect(parts).toEqual({
      describe: 'Upgrade the control plane of prod 1.29 → 1.30',
      rollback: 'undo:control-plane',
      health: {
        clusterName: 'prod',
      },
      final: {
        nodegroupVersions: [],
        addonVersions: [],
      },
      typicalDurationSeconds: 900,
      operations: {
        execution: [
          'describeCluster',
          'listUpdateIds',
          'describeUpdate',
          'listInsights',
          'updateClusterVersion',
        ],
        validation: ['describeUpdate'],
        rollback: [
          'describeCluster',
          'listUpdateIds',
          'describeUpdate',
          'listNodegroups',
          'listInsights',
          'updateClusterVersion',
        ],
      },
    });
  });
});
