import {
  CreateAddonCommand,
  CreateClusterCommand,
  CreateNodegroupCommand,
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListAddonsCommand,
  ListNodegroupsCommand,
  ListUpdatesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateAddonCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { ExecutionError, type PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, eksAddon, eksCluster, eksNodegroup, eksUpdate } from './__fixtures__/aws.js';
import { config, request, TRAFFIC_ROUTING } from './__fixtures__/snapshots.js';
import { executeStep } from './execution.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => ({ gateway: awsGateway(), config: config(), clock: { now: () => NOW } });

const cpStep: PlanStep = {
  id: 'cp-1.30',
  kind: 'control_plane_upgrade',
  description: 'Upgrade the control plane of prod from 1.29 to 1.30',
  clusterName: 'prod',
  fromVersion: '1.29',
  toVersion: '1.30',
};

describe('Function: executeStep', () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
  });

  describe('control_plane_upgrade', () => {
    it('starts UpdateClusterVersion and returns the update to poll', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
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

  describe('addon_upgrade and nodegroup_upgrade', () => {
    const addonStep: PlanStep = {
      id: 'addon-coredns-1.30',
      kind: 'addon_upgrade',
      description: 'Update coredns',
      clusterName: 'prod',
      addonName: 'coredns',
      fromVersion: 'v1.11.1-eksbuild.8',
      toVersion: 'v1.11.1-eksbuild.9',
      kubernetesVersion: '1.30',
    };
    const nodegroupStep: PlanStep = {
      id: 'ng-general-1.30',
      kind: 'nodegroup_upgrade',
      description: 'Upgrade general',
      clusterName: 'prod',
      nodegroupName: 'general',
      fromVersion: '1.29',
      toVersion: '1.30',
    };

    it('updates an add-on once, and on retry returns the same running update', async () => {
      // Prepare
      eks.on(ListAddonsCommand).resolves({ addons: ['coredns'] });
      eks
        .on(DescribeAddonCommand)
        .resolvesOnce({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.8') })
        .resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.8', { status: 'UPDATING' }) });
      const update = eksUpdate('add-1', {
        type: 'AddonUpdate',
        params: [
          { type: 'AddonVersion', value: 'v1.11.1-eksbuild.9' },
          { type: 'ResolveConflicts', value: 'PRESERVE' },
        ],
      });
      eks.on(UpdateAddonCommand).resolves({ update });
      eks.on(ListUpdatesCommand, { name: 'prod', addonName: 'coredns' }).resolves({ updateIds: ['add-1'] });
      eks.on(DescribeUpdateCommand, { updateId: 'add-1', addonName: 'coredns' }).resolves({ update });

      // Act
      const first = await executeStep({ request: request(), step: addonStep }, deps());
      const retry = await executeStep({ request: request(), step: addonStep }, deps());

      // Assess
      expect(first).toMatchObject({ status: 'in_progress', updateId: 'add-1', addonName: 'coredns' });
      expect(retry).toMatchObject({ status: 'in_progress', updateId: 'add-1', addonName: 'coredns' });
      expect(eks).toHaveReceivedCommandTimes(UpdateAddonCommand, 1);
      expect(eks).toHaveReceivedCommandWith(UpdateAddonCommand, {
        clusterName: 'prod',
        addonName: 'coredns',
        addonVersion: 'v1.11.1-eksbuild.9',
        resolveConflicts: 'PRESERVE',
      });
    });

    it('upgrades a node group, and skips it once it runs the target', async () => {
      // Prepare
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
      eks
        .on(DescribeNodegroupCommand)
        .resolvesOnce({ nodegroup: eksNodegroup('general', '1.29') })
        .resolves({ nodegroup: eksNodegroup('general', '1.30') });
      eks.on(UpdateNodegroupVersionCommand).resolves({ update: eksUpdate('ng-1') });

      // Act
      const first = await executeStep({ request: request(), step: nodegroupStep }, deps());
      const later = await executeStep({ request: request(), step: nodegroupStep }, deps());

      // Assess
      expect(first).toMatchObject({ status: 'in_progress', updateId: 'ng-1', nodegroupName: 'general' });
      expect(later).toMatchObject({ status: 'skipped', nodegroupName: 'general' });
      expect(eks).toHaveReceivedCommandTimes(UpdateNodegroupVersionCommand, 1);
      expect(eks).toHaveReceivedCommandWith(UpdateNodegroupVersionCommand, {
        clusterName: 'prod',
        nodegroupName: 'general',
        version: '1.30',
      });
    });
  });

  describe('blue/green steps', () => {
    const bgRequest = () => request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

    it('shifts traffic by UPSERTing both weighted records in one change', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({
        ResourceRecordSets: [
          {
            Name: 'api.example.com.',
            Type: 'CNAME',
            SetIdentifier: 'blue',
            Weight: 90,
            TTL: 60,
            ResourceRecords: [{ Value: 'prod-blue.elb.example.com' }],
          },
          {
            Name: 'api.example.com.',
            Type: 'CNAME',
            SetIdentifier: 'green',
            Weight: 10,
            TTL: 60,
            ResourceRecords: [{ Value: 'prod-green.elb.example.com' }],
          },
          { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
        ],
        IsTruncated: false,
        MaxItems: 100,
      });
      route53.on(ChangeResourceRecordSetsCommand).resolves({
        ChangeInfo: { Id: '/change/C2682N5HXP0BZ4', Status: 'PENDING', SubmittedAt: NOW },
      });
      const step: PlanStep = {
        id: 'traffic-25',
        kind: 'traffic_shift',
        description: 'Shift 25%',
        blueClusterName: 'prod',
        greenClusterName: 'prod-1-31',
        fromWeight: 10,
        toWeight: 25,
      };

      // Act
      const result = await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      // Validation polls the change until Route 53 reports it INSYNC.
      expect(result).toMatchObject({
        status: 'in_progress',
        clusterName: 'prod-1-31',
        changeId: '/change/C2682N5HXP0BZ4',
        pollAfterSeconds: 30,
      });
      expect(result.message).toMatch(/\/change\/C2682N5HXP0BZ4/);
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, {
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        ChangeBatch: {
          Comment: 'eks-upgrade: 25% green / 75% blue',
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                SetIdentifier: 'blue',
                Weight: 75,
                TTL: 60,
                ResourceRecords: [{ Value: 'prod-blue.elb.example.com' }],
              },
            },
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                SetIdentifier: 'green',
                Weight: 25,
                TTL: 60,
                ResourceRecords: [{ Value: 'prod-green.elb.example.com' }],
              },
            },
          ],
        },
      });
    });

    it('creates the green cluster with the blue cluster role and network, once', async () => {
      // Prepare
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .rejectsOnce(
          new ResourceNotFoundException({ message: 'No cluster found for name: prod-1-31.', $metadata: {} }),
        )
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31', status: 'CREATING' }) });
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks
        .on(CreateClusterCommand)
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31', status: 'CREATING' }) });
      const step: PlanStep = {
        id: 'provision-prod-1-31',
        kind: 'cluster_provision',
        description: 'Create green',
        sourceClusterName: 'prod',
        clusterName: 'prod-1-31',
        version: '1.31',
      };

      // Act
      const first = await executeStep({ request: bgRequest(), step }, deps());
      const retry = await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      expect(first).toMatchObject({ status: 'in_progress', clusterName: 'prod-1-31' });
      expect(retry).toMatchObject({
        status: 'in_progress',
        message: 'Cluster prod-1-31 is already being created',
      });
      expect(eks).toHaveReceivedCommandTimes(CreateClusterCommand, 1);
      expect(eks).toHaveReceivedCommandWith(CreateClusterCommand, {
        name: 'prod-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
        resourcesVpcConfig: { subnetIds: ['subnet-0a1', 'subnet-0a2'], securityGroupIds: ['sg-0a1'] },
      });
    });

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
    const addonStep: PlanStep = {
      id: 'green-addon-vpc-cni',
      kind: 'addon_install',
      description: 'Install vpc-cni on green',
      clusterName: 'prod-1-31',
      addonName: 'vpc-cni',
      toVersion: 'v1.19.2-eksbuild.1',
      kubernetesVersion: '1.31',
      sourceClusterName: 'prod',
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

    it('installs an add-on on green with the blue add-on role and configuration, once', async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: green() });
      eks
        .on(DescribeAddonCommand, { clusterName: 'prod-1-31' })
        .rejectsOnce(notFound('No addon: vpc-cni found in cluster: prod-1-31'))
        .resolves({
          addon: eksAddon('vpc-cni', 'v1.19.2-eksbuild.1', { clusterName: 'prod-1-31', status: 'CREATING' }),
        });
      eks.on(DescribeAddonCommand, { clusterName: 'prod' }).resolves({
        addon: eksAddon('vpc-cni', 'v1.18.3-eksbuild.1', {
          serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/prod-vpc-cni',
          configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}',
        }),
      });
      eks.on(CreateAddonCommand).resolves({
        addon: eksAddon('vpc-cni', 'v1.19.2-eksbuild.1', { clusterName: 'prod-1-31', status: 'CREATING' }),
      });

      // Act
      const first = await executeStep({ request: bgRequest(), step: addonStep }, deps());
      const retry = await executeStep({ request: bgRequest(), step: addonStep }, deps());

      // Assess
      expect(first).toMatchObject({ status: 'in_progress', clusterName: 'prod-1-31', addonName: 'vpc-cni' });
      expect(first.message).toMatch(/with prod's service account role and configuration/);
      expect(retry).toMatchObject({
        status: 'in_progress',
        message: 'Add-on vpc-cni on prod-1-31 is already being created',
      });
      expect(eks).toHaveReceivedCommandTimes(CreateAddonCommand, 1);
      expect(eks.commandCalls(CreateAddonCommand)[0]!.args[0].input).toEqual({
        clusterName: 'prod-1-31',
        addonName: 'vpc-cni',
        addonVersion: 'v1.19.2-eksbuild.1',
        serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/prod-vpc-cni',
        configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}',
        resolveConflicts: 'OVERWRITE',
        tags: { 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
      });
    });

    it('skips an add-on already ACTIVE on green at the version, and fails one that failed to create', async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: green() });
      eks
        .on(DescribeAddonCommand, { clusterName: 'prod-1-31' })
        .resolvesOnce({ addon: eksAddon('vpc-cni', 'v1.19.2-eksbuild.1') })
        .resolves({ addon: eksAddon('vpc-cni', 'v1.19.2-eksbuild.1', { status: 'CREATE_FAILED' }) });

      // Act
      const done = await executeStep({ request: bgRequest(), step: addonStep }, deps());
      const failed = await executeStep({ request: bgRequest(), step: addonStep }, deps());

      // Assess
      expect(done).toMatchObject({ status: 'skipped' });
      expect(failed).toMatchObject({
        status: 'failed',
        message: 'Add-on vpc-cni on prod-1-31 exists but is CREATE_FAILED',
      });
      expect(eks).not.toHaveReceivedCommand(CreateAddonCommand);
    });

    it('decommissions blue without waiting: node groups first, the cluster on a later call', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
      eks
        .on(ListNodegroupsCommand)
        .resolvesOnce({ nodegroups: ['general', 'batch'] })
        .resolves({ nodegroups: [] });
      eks
        .on(DescribeNodegroupCommand, { nodegroupName: 'general' })
        .resolves({ nodegroup: eksNodegroup('general', '1.29') });
      eks
        .on(DescribeNodegroupCommand, { nodegroupName: 'batch' })
        .resolves({ nodegroup: eksNodegroup('batch', '1.29', { status: 'DELETING' }) });
      eks
        .on(DeleteNodegroupCommand)
        .resolves({ nodegroup: eksNodegroup('general', '1.29', { status: 'DELETING' }) });
      eks.on(DeleteClusterCommand).resolves({ cluster: eksCluster({ status: 'DELETING' }) });
      const step: PlanStep = {
        id: 'decommission-prod',
        kind: 'cluster_decommission',
        description: 'Delete blue',
        clusterName: 'prod',
      };

      // Act
      const first = await executeStep({ request: bgRequest(), step }, deps());
      const afterNodegroups = await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      expect(first).toMatchObject({
        status: 'in_progress',
        message: expect.stringMatching(/Deleting node groups general, batch/),
      });
      expect(eks).toHaveReceivedCommandTimes(DeleteNodegroupCommand, 1);
      expect(eks).toHaveReceivedCommandWith(DeleteNodegroupCommand, {
        clusterName: 'prod',
        nodegroupName: 'general',
      });
      expect(afterNodegroups).toMatchObject({ status: 'in_progress', message: 'DeleteCluster prod started' });
      expect(eks).toHaveReceivedCommandTimes(DeleteClusterCommand, 1);
      expect(eks).toHaveReceivedCommandWith(DeleteClusterCommand, { name: 'prod' });
    });
  });

  it('rejects a step that breaks the contract before any call', async () => {
    // Act
    const error = await executeStep(
      { request: request(), step: { ...cpStep, toVersion: '1.x' } } as never,
      deps(),
    ).catch((caught) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect(error.message).toMatch(/step\.toVersion/);
    expect(eks.calls()).toHaveLength(0);
  });
});
