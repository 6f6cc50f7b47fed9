import {
  EKSClient,
  InvalidParameterException,
  InvalidRequestException,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { mockUpgradedInPlace } from '../steps/control-plane-upgrade/__fixtures__/upgraded-in-place.js';
import { awsPhaseDependencies } from './__fixtures__/aws.js';
import { config, request, snapshot } from './__fixtures__/snapshots.js';
import { buildRulesPlan } from './reasoning.js';
import { rollbackUpgrade } from './rollback.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T12:00:00Z');
const failure = { Error: 'ValidationFailed', Cause: 'cluster unhealthy after cp-1.30' };
const deps = () => awsPhaseDependencies(NOW);
const inPlacePlan = (): UpgradePlan => buildRulesPlan(request(), snapshot(), { config: config(), now: NOW });
const byTarget = (actions: { target: string; status: string }[]) =>
  Object.fromEntries(actions.map((action) => [action.target, action.status]));

/** The in-place cluster after `cp-1.30` succeeded `hoursAgo` hours ago. */
const upgradedInPlace = (options: Parameters<typeof mockUpgradedInPlace>[2] = {}) =>
  mockUpgradedInPlace(eks, NOW, options);

describe('Function: rollbackUpgrade (in place)', () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
    eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
  });

  describe('in place', () => {
    it('rolls the control plane back one minor with EKS native rollback and reports the add-on it cannot undo', async () => {
      // Prepare
      upgradedInPlace();

      // Act
      const result = await rollbackUpgrade(
        { request: request(), plan: inPlacePlan(), failure },
        { ...deps(), config: config({ nativeRollbackTimeoutMinutes: 240 }) },
      );

      // Assess
      expect(result.success).toBe(true);
      expect(result.actions).toEqual([
        expect.objectContaining({ target: 'addon:vpc-cni', status: 'not_possible' }),
        {
          target: 'control-plane',
          status: 'started',
          message: 'EKS native rollback 1.30 → 1.29 started',
          updateId: 'rb-1',
        },
      ]);
      expect(result.notUndone).toEqual([
        'addon:vpc-cni: EKS does not roll back add-ons: vpc-cni stays at v1.18.5-eksbuild.1 (was v1.18.3-eksbuild.1), which supports 1.29',
      ]);
      expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, {
        name: 'prod',
        version: '1.29',
        // upgrade.nativeRollbackTimeoutMinutes, not EKS's default 720.
        rollbackConfig: { timeoutMinutes: 240 },
      });
    });

    it('cannot undo the control plane while a node group it cannot roll back runs the newer kubelet', async () => {
      // Prepare
      upgradedInPlace({ nodegroupVersion: '1.30' });
      eks.on(UpdateNodegroupVersionCommand).rejects(
        new InvalidParameterException({
          message: 'Launch template version required',
          $metadata: { httpStatusCode: 400 },
        }),
      );

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(byTarget(result.actions)).toEqual({
        'nodegroup:general': 'failed',
        'addon:vpc-cni': 'not_possible',
        'control-plane': 'not_possible',
      });
      expect(eks).toHaveReceivedCommandWith(UpdateNodegroupVersionCommand, {
        clusterName: 'prod',
        nodegroupName: 'general',
        version: '1.29',
      });
      expect(result.notUndone.at(-1)).toMatch(/general \(1\.30\) run a kubelet newer than 1\.29/);
      expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    });

    it('has nothing to undo without a plan', async () => {
      // Act
      const result = await rollbackUpgrade({ request: request(), failure }, deps());

      // Assess
      expect(result).toMatchObject({ success: true, notUndone: [] });
      expect(byTarget(result.actions)).toEqual({ 'control-plane': 'not_needed' });
      expect(eks.calls()).toHaveLength(0);
    });

    it('reports a kind it cannot inspect and still undoes the others', async () => {
      // Prepare
      upgradedInPlace();
      eks
        .on(ListNodegroupsCommand)
        .rejects(new InvalidRequestException({ message: 'Throttled', $metadata: { httpStatusCode: 400 } }));

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      // Node groups are undone first (they began moving last); the native rollback reads them too.
      expect(result.actions).toEqual([
        {
          target: 'nodegroups',
          status: 'failed',
          message: expect.stringMatching(
            /^Could not inspect nodegroups: .*InvalidRequestException: Throttled/,
          ),
        },
        expect.objectContaining({ target: 'addon:vpc-cni', status: 'not_possible' }),
        {
          target: 'control-plane',
          status: 'failed',
          message: expect.stringMatching(
            /^Could not inspect control-plane: .*InvalidRequestException: Throttled/,
          ),
        },
      ]);
      expect(result.success).toBe(false);
      expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    });
  });
});
