import {
  CREATED_RESOURCE_TAG,
  createDefaultAgentConfig,
  PermissionsSettingsSchema,
} from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { greenTags } from '../../steps/shared/green-resources.js';
import { GATEWAY_OPERATION_GRANTS } from './aws-gateway-iam.js';
import { type IamScopeTarget, scopedResources } from './iam-scopes.js';

const permissions = PermissionsSettingsSchema.parse({
  clusterNames: ['prod'],
  clusterTag: { key: 'team', value: 'payments' },
  hostedZoneIds: ['/hostedzone/Z123ABC', 'Z456DEF'],
  passRoleArns: ['arn:aws:iam::111122223333:role/prod-nodes'],
});
const oneRegion: IamScopeTarget = {
  partition: 'aws',
  accountId: '111122223333',
  regions: ['eu-west-1'],
  permissions,
};
const twoRegions: IamScopeTarget = { ...oneRegion, regions: ['eu-west-1', 'eu-central-1'] };

describe('Function: scopedResources', () => {
  it('reads every resource of the kind in the region', () => {
    expect(scopedResources({ kind: 'eks-nodegroup' }, 'any', oneRegion)).toEqual([
      { statement: 'Read', resources: ['arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*'] },
    ]);
  });

  it('changes the named clusters and the tagged ones, with what belongs to them', () => {
    expect(scopedResources({ kind: 'eks-cluster' }, 'upgradable', oneRegion)).toEqual([
      { statement: 'Upgrade', resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/prod'] },
      {
        statement: 'UpgradeTagged',
        resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/*'],
        condition: { StringEquals: { 'aws:ResourceTag/team': 'payments' } },
      },
    ]);
    expect(scopedResources({ kind: 'eks-nodegroup' }, 'decommissioned', oneRegion)).toEqual([
      { statement: 'Decommission', resources: ['arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/*/*'] },
      {
        statement: 'DecommissionTagged',
        resources: ['arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*'],
        condition: { StringEquals: { 'aws:ResourceTag/team': 'payments' } },
      },
    ]);
  });

  it('with no cluster named, changes only the tagged clusters (the default tag)', () => {
    const defaults = { ...oneRegion, permissions: createDefaultAgentConfig().permissions };
    expect(scopedResources({ kind: 'eks-addon' }, 'upgradable', defaults)).toEqual([
      {
        statement: 'UpgradeTagged',
        resources: ['arn:aws:eks:eu-west-1:111122223333:addon/*/*/*'],
        condition: { StringEquals: { 'aws:ResourceTag/eks-upgrade:managed': 'true' } },
      },
    ]);
  });

  it('reaches green only through the tag eks-upgrade creates it with and checks afterwards', () => {
    expect(scopedResources({ kind: 'eks-cluster' }, 'creating', oneRegion)).toEqual([
      {
        statement: 'CreateTagged',
        resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/*'],
        condition: { StringEquals: { 'aws:RequestTag/eks-upgrade:role': 'green' } },
      },
    ]);
    expect(scopedResources({ kind: 'eks-cluster' }, 'created', oneRegion)).toEqual([
      {
        statement: 'CreatedByUpgrade',
        resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/*'],
        condition: { StringEquals: { 'aws:ResourceTag/eks-upgrade:role': 'green' } },
      },
    ]);
  });

  it('acts in every configured region: any region under an aws:RequestedRegion condition naming them', () => {
    expect(scopedResources({ kind: 'eks-cluster' }, 'upgradable', twoRegions)).toEqual([
      {
        statement: 'Upgrade',
        resources: ['arn:aws:eks:*:111122223333:cluster/prod'],
        condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
      },
      {
        statement: 'UpgradeTagged',
        resources: ['arn:aws:eks:*:111122223333:cluster/*'],
        condition: {
          StringEquals: {
            'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'],
            'aws:ResourceTag/team': 'payments',
          },
        },
      },
    ]);
    // Route 53 and IAM are global: no region, no region condition.
    expect(scopedResources({ kind: 'iam-oidc-provider' }, 'created', twoRegions)).toEqual([
      {
        statement: 'CreatedByUpgrade',
        resources: ['arn:aws:iam::111122223333:oidc-provider/*'],
        condition: { StringEquals: { 'aws:ResourceTag/eks-upgrade:role': 'green' } },
      },
    ]);
  });

  it('changes records only in the configured hosted zones and passes only the configured roles', () => {
    expect(scopedResources({ kind: 'route53-hosted-zone' }, 'configured', twoRegions)).toEqual([
      {
        statement: 'HostedZones',
        resources: ['arn:aws:route53:::hostedzone/Z123ABC', 'arn:aws:route53:::hostedzone/Z456DEF'],
      },
    ]);
    expect(scopedResources({ kind: 'iam-role' }, 'configured', oneRegion)).toEqual([
      { statement: 'ConfiguredRoles', resources: ['arn:aws:iam::111122223333:role/prod-nodes'] },
    ]);
    const none = { ...oneRegion, permissions: createDefaultAgentConfig().permissions };
    expect(scopedResources({ kind: 'route53-hosted-zone' }, 'configured', none)).toEqual([]);
    expect(scopedResources({ kind: 'iam-role' }, 'configured', none)).toEqual([]);
  });
});

describe('Declarations: GATEWAY_OPERATION_GRANTS', () => {
  it('scope every change: only reads (Describe, List, Get) reach every resource of their kind', () => {
    const unscoped = Object.entries(GATEWAY_OPERATION_GRANTS).flatMap(([operation, grants]) =>
      grants
        .filter((grant) => !/^[a-z0-9]+:(Describe|List|Get)/.test(grant.action))
        .filter((grant) => (grant.scope ?? 'any') === 'any')
        .map((grant) => `${operation}: ${grant.action}`),
    );
    expect(unscoped).toEqual([]);
    const passRoles = Object.values(GATEWAY_OPERATION_GRANTS)
      .flat()
      .filter((grant) => grant.action === 'iam:PassRole');
    expect(passRoles.length).toBeGreaterThan(0);
    for (const grant of passRoles) {
      expect(grant).toMatchObject({ resources: [{ kind: 'iam-role' }], scope: 'configured' });
      expect(grant.condition?.key).toBe('iam:PassedToService');
    }
  });

  it('uses the tag the green steps put on what they create', () => {
    expect(greenTags('prod')[CREATED_RESOURCE_TAG.key]).toBe(CREATED_RESOURCE_TAG.value);
  });
});
