import {
  CreateNodegroupCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListNodegroupsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { ExecutionError, type PlanStep, type StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, awsPhaseDependencies, eksCluster, eksNodegroup } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest, config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { validateUpgrade } from '../../phases/validation.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { nodegroupProvision } from './nodegroup-provision.js';

const eks = mockClient(EKSClient);

describe('Step kind: nodegroup_provision', () => {
  beforeEach(() => {
    eks.reset();
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => awsPhaseDependencies(NOW);
    const bgRequest = blueGreenRequest;
    const ngStep: PlanStep = {
      id: 'green-ng-general',
      kind: 'nodegroup_provision',
      description: 'Copy general to green',
      clusterName: 'prod-1-31',
      nodegroupName: 'general',
      sourceClusterName: 'prod',
      sourceNodegroupName: 'general',
      version: '1.31',
    };
    const notFound = (message: string) => new ResourceNotFoundException({ message, $metadata: {} });
    const green = () => eksCluster({ name: 'prod-1-31', version: '1.31' });

    it('copies a blue node group to green with its whole shape at the green version, once', async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: green() });
      eks
        .on(DescribeNodegroupCommand, { clusterName: 'prod-1-31', nodegroupName: 'general' })
        .rejectsOnce(notFound('No node group found for name: general.'))
        .resolves({
          nodegroup: eksNodegroup('general', '1.31', { clusterName: 'prod-1-31', status: 'CREATING' }),
        });
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod', nodegroupName: 'general' }).resolves({
        nodegroup: eksNodegroup('general', '1.29', {
          capacityType: 'SPOT',
          instanceTypes: ['m6i.large', 'm5.large'],
          labels: { workload: 'general' },
          taints: [{ key: 'spot', value: 'true', effect: 'NO_SCHEDULE' }],
          launchTemplate: { id: 'lt-0abc123', name: 'general-nodes', version: '7' },
          tags: { team: 'platform', 'aws:cloudformation:stack-name': 'prod-nodes' },
        }),
      });
      eks.on(CreateNodegroupCommand).resolves({
        nodegroup: eksNodegroup('general', '1.31', { clusterName: 'prod-1-31', status: 'CREATING' }),
      });

      // Act
      const first = await executeStep({ request: bgRequest(), step: ngStep }, deps());
      const retry = await executeStep({ request: bgRequest(), step: ngStep }, deps());

      // Assess
      expect(first).toMatchObject({
        status: 'in_progress',
        clusterName: 'prod-1-31',
        nodegroupName: 'general',
        pollAfterSeconds: 30,
      });
      expect(retry).toMatchObject({
        status: 'in_progress',
        message: 'Node group general of prod-1-31 is already being created',
      });
      expect(eks).toHaveReceivedCommandTimes(CreateNodegroupCommand, 1);
      // The launch template carries the disk (EKS refuses diskSize or remoteAccess next to one).
      expect(eks.commandCalls(CreateNodegroupCommand)[0]!.args[0].input).toEqual({
        clusterName: 'prod-1-31',
        nodegroupName: 'general',
        version: '1.31',
        nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
        subnets: ['subnet-0a1', 'subnet-0a2'],
        scalingConfig: { minSize: 1, maxSize: 6, desiredSize: 3 },
        instanceTypes: ['m6i.large', 'm5.large'],
        amiType: 'AL2023_x86_64_STANDARD',
        capacityType: 'SPOT',
        labels: { workload: 'general' },
        taints: [{ key: 'spot', value: 'true', effect: 'NO_SCHEDULE' }],
        launchTemplate: { id: 'lt-0abc123', version: '7' },
        updateConfig: { maxUnavailable: 1 },
        tags: { team: 'platform', 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
      });
    });

    it('copies disk size and remote access when the blue node group has no launch template', async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: green() });
      eks
        .on(DescribeNodegroupCommand, { clusterName: 'prod-1-31' })
        .rejects(notFound('No node group found for name: general.'));
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod' }).resolves({
        nodegroup: eksNodegroup('general', '1.29', {
          diskSize: 80,
          remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: ['sg-0bastion'] },
        }),
      });
      eks
        .on(CreateNodegroupCommand)
        .resolves({ nodegroup: eksNodegroup('general', '1.31', { status: 'CREATING' }) });

      // Act
      await executeStep({ request: bgRequest(), step: ngStep }, deps());

      // Assess
      expect(eks).toHaveReceivedCommandWith(CreateNodegroupCommand, {
        diskSize: 80,
        remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: ['sg-0bastion'] },
      });
      expect(eks.commandCalls(CreateNodegroupCommand)[0]!.args[0].input.launchTemplate).toBeUndefined();
    });

    it("creates the copy on the plan's AMI type (AL2 → AL2023 at 1.33), all else blue's (whole input)", async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod-1-33' }).resolves({
        cluster: eksCluster({ name: 'prod-1-33', version: '1.33' }),
      });
      eks
        .on(DescribeNodegroupCommand, { clusterName: 'prod-1-33' })
        .rejects(notFound('No node group found for name: general.'));
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod' }).resolves({
        nodegroup: eksNodegroup('general', '1.32', {
          amiType: 'AL2_x86_64',
          launchTemplate: undefined,
          diskSize: 80,
        }),
      });
      eks
        .on(CreateNodegroupCommand)
        .resolves({ nodegroup: eksNodegroup('general', '1.33', { status: 'CREATING' }) });
      const step: PlanStep = {
        ...ngStep,
        clusterName: 'prod-1-33',
        version: '1.33',
        amiType: 'AL2023_x86_64_STANDARD',
      } as PlanStep;

      // Act
      await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      expect(eks.commandCalls(CreateNodegroupCommand).map((call) => call.args[0].input)).toEqual([
        {
          clusterName: 'prod-1-33',
          nodegroupName: 'general',
          version: '1.33',
          nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
          subnets: ['subnet-0a1', 'subnet-0a2'],
          scalingConfig: { minSize: 1, maxSize: 6, desiredSize: 3 },
          instanceTypes: ['m6i.large'],
          amiType: 'AL2023_x86_64_STANDARD',
          capacityType: 'ON_DEMAND',
          diskSize: 80,
          updateConfig: { maxUnavailable: 1 },
          tags: { 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
        },
      ]);
    });

    it('skips a green node group already ACTIVE at the version, and refuses one at another version', async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: green() });
      eks
        .on(DescribeNodegroupCommand, { clusterName: 'prod-1-31' })
        .resolvesOnce({ nodegroup: eksNodegroup('general', '1.31', { clusterName: 'prod-1-31' }) })
        .resolves({ nodegroup: eksNodegroup('general', '1.30', { clusterName: 'prod-1-31' }) });

      // Act
      const done = await executeStep({ request: bgRequest(), step: ngStep }, deps());
      const other = await executeStep({ request: bgRequest(), step: ngStep }, deps()).catch(
        (caught) => caught,
      );

      // Assess
      expect(done).toMatchObject({ status: 'skipped', pollAfterSeconds: 0 });
      expect(ExecutionError.isInstance(other)).toBe(true);
      expect(other.message).toMatch(/already exists at 1\.30, not the planned 1\.31/);
      expect(eks).not.toHaveReceivedCommand(CreateNodegroupCommand);
    });

    it('refuses to copy a custom-AMI node group, or to add one to a green cluster still CREATING', async () => {
      // Prepare
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .resolvesOnce({ cluster: green() })
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31', status: 'CREATING' }) });
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod-1-31' }).rejects(notFound('No node group.'));
      eks
        .on(DescribeNodegroupCommand, { clusterName: 'prod' })
        .resolves({ nodegroup: eksNodegroup('general', '1.29', { amiType: 'CUSTOM' }) });

      // Act
      const customAmi = await executeStep({ request: bgRequest(), step: ngStep }, deps()).catch((e) => e);
      const creating = await executeStep({ request: bgRequest(), step: ngStep }, deps()).catch((e) => e);

      // Assess
      expect(customAmi).toMatchObject({
        name: 'ExecutionError',
        message: expect.stringMatching(/custom AMI/),
      });
      expect(creating).toMatchObject({
        name: 'ExecutionError',
        message: expect.stringMatching(/is CREATING/),
      });
      expect(eks).not.toHaveReceivedCommand(CreateNodegroupCommand);
    });

    it('answers in_progress when a racing retry already created the node group (ResourceInUseException)', async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: green() });
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod-1-31' }).rejects(notFound('No node group.'));
      eks
        .on(DescribeNodegroupCommand, { clusterName: 'prod' })
        .resolves({ nodegroup: eksNodegroup('general', '1.29') });
      eks.on(CreateNodegroupCommand).rejects(
        new ResourceInUseException({
          message: 'NodeGroup already exists with name general and cluster name prod-1-31',
          $metadata: { httpStatusCode: 409 },
        }),
      );

      // Act
      const result = await executeStep({ request: bgRequest(), step: ngStep }, deps());

      // Assess
      expect(result).toMatchObject({ status: 'in_progress', nodegroupName: 'general' });
    });
  });

  describe('Phase: validation', () => {
    const NOW = new Date('2026-11-25T10:05:00Z');
    const deps = (alarmNames: string[] = []) => ({
      gateway: awsGateway(),
      config: config({ alarmNames }),
      clock: { now: () => NOW },
    });
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

    it('waits while a green node group is CREATING, then checks it ACTIVE at the version', async () => {
      // Prepare
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
      eks
        .on(DescribeNodegroupCommand)
        .resolvesOnce({ nodegroup: eksNodegroup('general', '1.31', { status: 'CREATING' }) })
        .resolves({ nodegroup: eksNodegroup('general', '1.31') });
      eks.on(ListAddonsCommand).resolves({ addons: [] });
      const ngStep: PlanStep = {
        id: 'green-ng-general',
        kind: 'nodegroup_provision',
        description: 'Copy general',
        clusterName: 'prod-1-31',
        nodegroupName: 'general',
        sourceClusterName: 'prod',
        sourceNodegroupName: 'general',
        version: '1.31',
      };
      const input = {
        request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
        scope: 'step' as const,
        step: ngStep,
        stepResult: {
          ...stepResult,
          stepId: 'green-ng-general',
          kind: 'nodegroup_provision' as const,
          clusterName: 'prod-1-31',
          nodegroupName: 'general',
          updateId: undefined,
        },
      };

      // Act
      const creating = await validateUpgrade(input, deps());
      const active = await validateUpgrade(input, deps());

      // Assess
      expect(creating.status).toBe('in_progress');
      expect(creating.summary).toContain('nodegroup general is CREATING');
      expect(active.status).toBe('healthy');
      expect(active.checks.find((item) => item.name === 'nodegroup-version:general')).toMatchObject({
        status: 'pass',
        observed: '1.31',
      });
    });
  });
});

describe('Module: nodegroupProvision', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(nodegroupProvision);

    // Assess
    expect(parts).toEqual({
      describe: 'Create node group general on prod-1-31 at 1.31, shaped like prod/general',
      rollback: 'covered:cluster_provision',
      health: {
        clusterName: 'prod-1-31',
      },
      final: {
        nodegroupVersions: [['general', '1.31']],
        addonVersions: [],
      },
      typicalDurationSeconds: 600,
      operations: {
        execution: ['describeCluster', 'describeNodegroup', 'createNodegroup'],
        validation: [],
        rollback: [],
      },
    });
  });
});
