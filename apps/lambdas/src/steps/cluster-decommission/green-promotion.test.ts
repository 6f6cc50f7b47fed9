import {
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListAssociatedAccessPoliciesCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eks';
import {
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  UntagOpenIDConnectProviderCommand,
} from '@aws-sdk/client-iam';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksAddon, eksCluster, eksNodegroup } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';

const eks = mockClient(EKSClient);
const iam = mockClient(IAMClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);
const GREEN_TAGS = { 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' };
const GREEN_TAG_KEYS = ['eks-upgrade:blue-cluster', 'eks-upgrade:role'];
const ISSUER = 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN1';
const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/GREEN1';
const GREEN_ARN = 'arn:aws:eks:us-east-1:123456789012:cluster/prod-1-31';
const NODEGROUP_ARN = 'arn:aws:eks:us-east-1:123456789012:nodegroup/prod-1-31/general/4ec6-1a2b';
const ADDON_ARN = 'arn:aws:eks:us-east-1:123456789012:addon/prod-1-31/vpc-cni/1a2b';
const PROFILE_ARN = 'arn:aws:eks:us-east-1:123456789012:fargateprofile/prod-1-31/web/5f6e';
const ENTRY_PRINCIPAL = 'arn:aws:iam::123456789012:role/deployer';
const ENTRY_ARN = 'arn:aws:eks:us-east-1:123456789012:access-entry/prod-1-31/role/123456789012/deployer/7a8b';
const ASSOCIATION_ARN = 'arn:aws:eks:us-east-1:123456789012:podidentityassociation/prod-1-31/a-0001';
const DECOMMISSION: PlanStep = {
  id: 'decommission-prod',
  kind: 'cluster_decommission',
  description: 'Delete blue',
  clusterName: 'prod',
};

/** Blue is being deleted already (its cluster DELETING): only the promotion moves. */
function blueBeingDeleted() {
  eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster({ status: 'DELETING' }) });
}

/** Green as the bootstrap steps left it: every resource eks-upgrade created on it carries the green tags. */
function greenAsCreated(clusterTags: Record<string, string> = { team: 'platform', ...GREEN_TAGS }) {
  eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({
    cluster: eksCluster({
      name: 'prod-1-31',
      arn: GREEN_ARN,
      version: '1.31',
      tags: clusterTags,
      identity: { oidc: { issuer: ISSUER } },
      accessConfig: { authenticationMode: 'API' },
    }),
  });
  eks.on(ListNodegroupsCommand, { clusterName: 'prod-1-31' }).resolves({ nodegroups: ['general', 'legacy'] });
  eks.on(DescribeNodegroupCommand, { clusterName: 'prod-1-31', nodegroupName: 'general' }).resolves({
    nodegroup: eksNodegroup('general', '1.31', {
      clusterName: 'prod-1-31',
      nodegroupArn: NODEGROUP_ARN,
      tags: { team: 'platform', ...GREEN_TAGS },
    }),
  });
  // Created by the operator on green after the switch: not eks-upgrade's, not touched.
  eks.on(DescribeNodegroupCommand, { clusterName: 'prod-1-31', nodegroupName: 'legacy' }).resolves({
    nodegroup: eksNodegroup('legacy', '1.31', { clusterName: 'prod-1-31', tags: { team: 'platform' } }),
  });
  eks.on(ListAddonsCommand, { clusterName: 'prod-1-31' }).resolves({ addons: ['vpc-cni'] });
  eks.on(DescribeAddonCommand, { clusterName: 'prod-1-31', addonName: 'vpc-cni' }).resolves({
    addon: eksAddon('vpc-cni', 'v1.19.0-eksbuild.1', {
      clusterName: 'prod-1-31',
      addonArn: ADDON_ARN,
      tags: GREEN_TAGS,
    }),
  });
  eks.on(ListFargateProfilesCommand, { clusterName: 'prod-1-31' }).resolves({ fargateProfileNames: ['web'] });
  eks.on(DescribeFargateProfileCommand, { clusterName: 'prod-1-31', fargateProfileName: 'web' }).resolves({
    fargateProfile: {
      fargateProfileName: 'web',
      fargateProfileArn: PROFILE_ARN,
      clusterName: 'prod-1-31',
      status: 'ACTIVE',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
      subnets: ['subnet-0a1'],
      selectors: [{ namespace: 'web' }],
      tags: GREEN_TAGS,
    },
  });
  eks
    .on(ListAccessEntriesCommand, { clusterName: 'prod-1-31' })
    .resolves({ accessEntries: [ENTRY_PRINCIPAL] });
  eks.on(DescribeAccessEntryCommand, { clusterName: 'prod-1-31', principalArn: ENTRY_PRINCIPAL }).resolves({
    accessEntry: {
      clusterName: 'prod-1-31',
      principalArn: ENTRY_PRINCIPAL,
      accessEntryArn: ENTRY_ARN,
      type: 'STANDARD',
      kubernetesGroups: [],
      tags: GREEN_TAGS,
    },
  });
  eks.on(ListAssociatedAccessPoliciesCommand).resolves({ associatedAccessPolicies: [] });
  eks
    .on(ListPodIdentityAssociationsCommand, { clusterName: 'prod-1-31' })
    .resolves({ associations: [{ associationId: 'a-0001', clusterName: 'prod-1-31' }] });
  eks
    .on(DescribePodIdentityAssociationCommand, { clusterName: 'prod-1-31', associationId: 'a-0001' })
    .resolves({
      association: {
        associationId: 'a-0001',
        associationArn: ASSOCIATION_ARN,
        clusterName: 'prod-1-31',
        namespace: 'kube-system',
        serviceAccount: 'aws-node',
        roleArn: 'arn:aws:iam::123456789012:role/vpc-cni',
        tags: GREEN_TAGS,
      },
    });
  eks.on(UntagResourceCommand).resolves({});
  iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [{ Arn: PROVIDER }] });
  iam.on(GetOpenIDConnectProviderCommand).resolves({
    Url: ISSUER.replace('https://', ''),
    ClientIDList: ['sts.amazonaws.com'],
    Tags: [
      { Key: 'eks-upgrade:blue-cluster', Value: 'prod' },
      { Key: 'eks-upgrade:role', Value: 'green' },
    ],
  });
  iam.on(UntagOpenIDConnectProviderCommand).resolves({});
}

describe('Step kind: cluster_decommission, promotion of green', () => {
  beforeEach(() => {
    eks.reset();
    iam.reset();
  });

  it('takes the green tags off green and everything eks-upgrade created on it, the cluster last (whole inputs)', async () => {
    // Prepare
    blueBeingDeleted();
    greenAsCreated();

    // Act
    const outcome = await executeStep({ request: blueGreenRequest(), step: DECOMMISSION }, deps());

    // Assess
    expect(outcome).toMatchObject({
      status: 'in_progress',
      message:
        'Cluster prod is being deleted; prod-1-31 promoted: the green tags eks-upgrade:blue-cluster, eks-upgrade:role removed from ' +
        `node group general of prod-1-31, add-on vpc-cni of prod-1-31, Fargate profile web of prod-1-31, access entry ${ENTRY_PRINCIPAL} of prod-1-31, ` +
        `Pod Identity association a-0001 of prod-1-31, IAM OIDC provider ${PROVIDER}, cluster prod-1-31`,
    });
    expect(eks.commandCalls(UntagResourceCommand).map((call) => call.args[0].input)).toEqual([
      { resourceArn: NODEGROUP_ARN, tagKeys: GREEN_TAG_KEYS },
      { resourceArn: ADDON_ARN, tagKeys: GREEN_TAG_KEYS },
      { resourceArn: PROFILE_ARN, tagKeys: GREEN_TAG_KEYS },
      { resourceArn: ENTRY_ARN, tagKeys: GREEN_TAG_KEYS },
      { resourceArn: ASSOCIATION_ARN, tagKeys: GREEN_TAG_KEYS },
      { resourceArn: GREEN_ARN, tagKeys: GREEN_TAG_KEYS },
    ]);
    expect(iam.commandCalls(UntagOpenIDConnectProviderCommand).map((call) => call.args[0].input)).toEqual([
      { OpenIDConnectProviderArn: PROVIDER, TagKeys: GREEN_TAG_KEYS },
    ]);
  });

  it('untags nothing once green carries no green tag (a retry after the promotion)', async () => {
    // Prepare
    blueBeingDeleted();
    greenAsCreated({ team: 'platform' });

    // Act
    const outcome = await executeStep({ request: blueGreenRequest(), step: DECOMMISSION }, deps());

    // Assess
    expect(outcome.message).toBe(
      'Cluster prod is being deleted; prod-1-31 is promoted already (it carries no green tag)',
    );
    expect(eks).toHaveReceivedCommandTimes(UntagResourceCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(UntagOpenIDConnectProviderCommand, 0);
  });

  it('leaves a green created for another blue cluster as it is', async () => {
    // Prepare
    blueBeingDeleted();
    greenAsCreated({ 'eks-upgrade:blue-cluster': 'shop', 'eks-upgrade:role': 'green' });

    // Act
    const outcome = await executeStep({ request: blueGreenRequest(), step: DECOMMISSION }, deps());

    // Assess
    expect(outcome.message).toBe(
      'Cluster prod is being deleted; prod-1-31 keeps its green tag: it was created for shop, not prod',
    );
    expect(eks).toHaveReceivedCommandTimes(UntagResourceCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(UntagOpenIDConnectProviderCommand, 0);
  });
});
