import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
} from '@aws-sdk/client-eks';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsGateway, eksCluster } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest, config } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { accessEntryProvision } from './access-entry-provision.js';

const eks = mockClient(EKSClient);
const deps = () => ({
  gateway: awsGateway(),
  config: config(),
  clock: { now: () => new Date('2026-11-25T10:00:00Z') },
});
const bgRequest = blueGreenRequest;
const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const DEVS = 'arn:aws:iam::123456789012:role/developers';
const NODES = 'arn:aws:iam::123456789012:role/eks-node-role';
const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
const EDIT_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';

const STEP: PlanStep = {
  id: 'green-access-prod-1-31',
  kind: 'access_entry_provision',
  description: 'Copy access entries',
  clusterName: 'prod-1-31',
  sourceClusterName: 'prod',
};

describe('Step kind: access_entry_provision', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({
      cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }),
    });
  });

  describe('Phase: execution', () => {
    it("creates each of blue's entries green lacks, with its groups, tags and policies (whole inputs)", async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks
        .on(ListAccessEntriesCommand, { clusterName: 'prod' })
        .resolves({ accessEntries: [ADMIN, DEVS, NODES] });
      // EKS created the node role's entry on green with its node group.
      eks.on(ListAccessEntriesCommand, { clusterName: 'prod-1-31' }).resolves({ accessEntries: [NODES] });
      eks.on(DescribeAccessEntryCommand, { principalArn: ADMIN }).resolves({
        accessEntry: {
          principalArn: ADMIN,
          type: 'STANDARD',
          kubernetesGroups: [],
          tags: { team: 'platform' },
        },
      });
      eks.on(DescribeAccessEntryCommand, { principalArn: DEVS }).resolves({
        accessEntry: {
          principalArn: DEVS,
          type: 'STANDARD',
          kubernetesGroups: ['developers'],
          username: 'dev',
        },
      });
      eks.on(DescribeAccessEntryCommand, { principalArn: NODES }).resolves({
        accessEntry: { principalArn: NODES, type: 'EC2_LINUX', kubernetesGroups: ['system:nodes'] },
      });
      eks.on(ListAssociatedAccessPoliciesCommand, { principalArn: ADMIN }).resolves({
        associatedAccessPolicies: [{ policyArn: ADMIN_POLICY, accessScope: { type: 'cluster' } }],
      });
      eks.on(ListAssociatedAccessPoliciesCommand, { principalArn: DEVS }).resolves({
        associatedAccessPolicies: [
          { policyArn: EDIT_POLICY, accessScope: { type: 'namespace', namespaces: ['web'] } },
        ],
      });
      eks
        .on(ListAssociatedAccessPoliciesCommand, { principalArn: NODES })
        .resolves({ associatedAccessPolicies: [] });
      eks.on(CreateAccessEntryCommand).resolves({});
      eks.on(AssociateAccessPolicyCommand).resolves({});

      // Act
      const outcome = await executeStep({ request: bgRequest(), step: STEP }, deps());

      // Assess
      expect(outcome).toMatchObject({
        status: 'succeeded',
        message: `Copied 2 access entries of prod to prod-1-31: ${ADMIN}, ${DEVS}`,
      });
      const green = { 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' };
      expect(eks.commandCalls(CreateAccessEntryCommand).map((call) => call.args[0].input)).toEqual([
        {
          clusterName: 'prod-1-31',
          principalArn: ADMIN,
          type: 'STANDARD',
          tags: { team: 'platform', ...green },
        },
        {
          clusterName: 'prod-1-31',
          principalArn: DEVS,
          type: 'STANDARD',
          kubernetesGroups: ['developers'],
          username: 'dev',
          tags: green,
        },
      ]);
      expect(eks.commandCalls(AssociateAccessPolicyCommand).map((call) => call.args[0].input)).toEqual([
        {
          clusterName: 'prod-1-31',
          principalArn: ADMIN,
          policyArn: ADMIN_POLICY,
          accessScope: { type: 'cluster' },
        },
        {
          clusterName: 'prod-1-31',
          principalArn: DEVS,
          policyArn: EDIT_POLICY,
          accessScope: { type: 'namespace', namespaces: ['web'] },
        },
      ]);
    });

    it('skips a blue on CONFIG_MAP authentication: it has no access entries (the plan names its mappings)', async () => {
      // Prepare
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({
        cluster: eksCluster({ accessConfig: { authenticationMode: 'CONFIG_MAP' } }),
      });

      // Act
      const outcome = await executeStep({ request: bgRequest(), step: STEP }, deps());

      // Assess
      expect(outcome).toMatchObject({
        status: 'skipped',
        message: 'prod uses the aws-auth ConfigMap only: it has no access entries to copy',
      });
      expect(eks.commandCalls(ListAccessEntriesCommand)).toEqual([]);
      expect(eks.commandCalls(CreateAccessEntryCommand)).toEqual([]);
    });
  });
});

describe('Module: accessEntryProvision', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(accessEntryProvision);

    // Assess
    expect(parts).toEqual({
      describe: 'Copy the access entries of prod to prod-1-31',
      rollback: 'covered:cluster_provision',
      final: {
        nodegroupVersions: [],
        addonVersions: [],
      },
      typicalDurationSeconds: 0,
      operations: {
        execution: ['describeCluster', 'listAccessEntries', 'createAccessEntry'],
        validation: [],
        rollback: [],
      },
    });
  });
});
