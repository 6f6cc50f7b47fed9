import { DescribeClusterCommand, EKSClient, ResourceNotFoundException } from '@aws-sdk/client-eks';
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest, config, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { rollbackUpgrade } from '../../phases/rollback.js';
import { buildRulesPlan } from '../../planner/rules-plan.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { RollbackReport } from '../shared/rollback-report.js';
import { irsaTrustUpdate } from './irsa-trust-update.js';

const eks = mockClient(EKSClient);
const iam = mockClient(IAMClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);
const STEP = irsaTrustUpdate.example;
const BLUE = 'oidc.eks.us-east-1.amazonaws.com/id/BLUE0';
const GREEN = 'oidc.eks.us-east-1.amazonaws.com/id/GREEN1';
const BLUE_PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${BLUE}`;
const GREEN_PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${GREEN}`;

const blueStatement = {
  Sid: 'VpcCni',
  Effect: 'Allow',
  Principal: { Federated: BLUE_PROVIDER },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: {
    StringEquals: {
      [`${BLUE}:aud`]: 'sts.amazonaws.com',
      [`${BLUE}:sub`]: 'system:serviceaccount:kube-system:aws-node',
    },
  },
};
const greenStatement = {
  Sid: 'VpcCniGreen',
  Effect: 'Allow',
  Action: 'sts:AssumeRoleWithWebIdentity',
  Principal: { Federated: GREEN_PROVIDER },
  Condition: {
    StringEquals: {
      [`${GREEN}:aud`]: 'sts.amazonaws.com',
      [`${GREEN}:sub`]: 'system:serviceaccount:kube-system:aws-node',
    },
  },
};
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const roleWith = (document: object) => ({
  Role: { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(document)) } as never,
});

describe('Step kind: irsa_trust_update', () => {
  beforeEach(() => {
    eks.reset();
    iam.reset();
    eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({
      cluster: eksCluster({ identity: { oidc: { issuer: `https://${BLUE}` } } }),
    });
    eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({
      cluster: eksCluster({
        name: 'prod-1-31',
        version: '1.31',
        identity: { oidc: { issuer: `https://${GREEN}` } },
      }),
    });
    iam.on(ListOpenIDConnectProvidersCommand).resolves({
      OpenIDConnectProviderList: [{ Arn: BLUE_PROVIDER }, { Arn: GREEN_PROVIDER }],
    });
    iam.on(GetOpenIDConnectProviderCommand).resolves({ ClientIDList: ['sts.amazonaws.com'] });
    iam.on(UpdateAssumeRolePolicyCommand).resolves({});
  });

  describe('Phase: execution', () => {
    it("adds green's issuer beside blue's to the listed role only, conditions restated (whole input)", async () => {
      // Prepare
      iam.on(GetRoleCommand, { RoleName: 'prod-vpc-cni' }).resolves(roleWith(policy(blueStatement)));

      // Act
      const outcome = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());

      // Assess
      expect(outcome).toMatchObject({
        status: 'succeeded',
        message: "arn:aws:iam::123456789012:role/prod-vpc-cni now trusts prod-1-31's issuer beside prod's",
      });
      expect(iam.commandCalls(UpdateAssumeRolePolicyCommand).map((call) => call.args[0].input)).toEqual([
        { RoleName: 'prod-vpc-cni', PolicyDocument: JSON.stringify(policy(blueStatement, greenStatement)) },
      ]);
    });

    it('changes nothing on a retry (green trusted already), and fails, naming it, without green’s provider', async () => {
      // Prepare
      iam.on(GetRoleCommand).resolves(roleWith(policy(blueStatement, greenStatement)));

      // Act
      const retry = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());
      iam
        .on(ListOpenIDConnectProvidersCommand)
        .resolves({ OpenIDConnectProviderList: [{ Arn: BLUE_PROVIDER }] });
      const missing = await executeStep({ request: blueGreenRequest(), step: STEP }, deps()).catch(
        (error: Error) => error,
      );

      // Assess
      expect(retry).toMatchObject({ status: 'skipped' });
      expect(iam).not.toHaveReceivedCommand(UpdateAssumeRolePolicyCommand);
      expect((missing as Error).message).toContain(`no IAM OIDC provider exists for https://${GREEN}`);
    });
  });

  describe('Phase: rollback', () => {
    it("takes green's statements out again, blue's kept (whole input)", async () => {
      // Prepare
      iam.on(GetRoleCommand).resolves(roleWith(policy(blueStatement, greenStatement)));
      const plan: UpgradePlan = {
        ...buildRulesPlan(blueGreenRequest(), snapshot(), { config: config(), now: NOW }),
        steps: [STEP],
      };

      // Act
      const result = await rollbackUpgrade(
        { request: blueGreenRequest(), plan, failure: { Error: 'ValidationFailed' } },
        deps(),
      );

      // Assess
      expect(iam.commandCalls(UpdateAssumeRolePolicyCommand).map((call) => call.args[0].input)).toEqual([
        { RoleName: 'prod-vpc-cni', PolicyDocument: JSON.stringify(policy(blueStatement)) },
      ]);
      expect(result.actions).toContainEqual(
        expect.objectContaining({
          target: 'irsa-trust',
          status: 'undone',
          message: "arn:aws:iam::123456789012:role/prod-vpc-cni no longer trusts prod-1-31's issuer",
        }),
      );
    });
  });
});

describe('Step kind: irsa_trust_update, rollback while green keeps the traffic', () => {
  it("leaves the roles trusting green's issuer (no IAM call) and says so", async () => {
    // Prepare
    iam.reset();
    const report = new RollbackReport();
    const rollback = irsaTrustUpdate.rollback;
    if (rollback.kind !== 'undo') throw new Error('irsa_trust_update has an undo');

    // Act
    await rollback.undo([STEP], {
      ...deps(),
      request: blueGreenRequest(),
      plan: buildRulesPlan(blueGreenRequest(), snapshot(), { config: config(), now: NOW }),
      now: NOW,
      report,
      earlier: [],
      clustersServingTraffic: new Set(['prod-1-31']),
    });

    // Assess
    expect(iam.calls()).toHaveLength(0);
    expect(report.notUndone).toEqual([
      "irsa-trust: arn:aws:iam::123456789012:role/prod-vpc-cni keep trusting prod-1-31's issuer, as it carries the traffic",
    ]);
  });
});

describe('Step kind: irsa_trust_update, a later rollback pass once green is deleted', () => {
  it('reports nothing more when an earlier pass took green out of the trust', async () => {
    // Prepare
    iam.reset();
    eks.reset();
    eks
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ message: 'No cluster found', $metadata: {} }));
    const report = new RollbackReport();
    const rollback = irsaTrustUpdate.rollback;
    if (rollback.kind !== 'undo') throw new Error('irsa_trust_update has an undo');
    const earlier = [{ target: 'irsa-trust', status: 'undone' as const, message: 'no longer trusts green' }];

    // Act
    await rollback.undo([STEP], {
      ...deps(),
      request: blueGreenRequest(),
      plan: buildRulesPlan(blueGreenRequest(), snapshot(), { config: config(), now: NOW }),
      now: NOW,
      report,
      earlier,
      clustersServingTraffic: new Set(),
    });

    // Assess
    expect([report.actions, report.notUndone, iam.calls()]).toEqual([[], [], []]);
  });
});

describe('Module: irsaTrustUpdate', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(irsaTrustUpdate);

    // Assess
    expect(parts).toEqual({
      describe:
        "Add prod-1-31's OIDC issuer to the trust of 1 IRSA role of prod (arn:aws:iam::123456789012:role/prod-vpc-cni)",
      rollback: 'undo:irsa-trust',
      final: { nodegroupVersions: [], addonVersions: [] },
      typicalDurationSeconds: 0,
      operations: {
        execution: ['describeCluster', 'findOidcProvider', 'getRoleTrust', 'updateRoleTrust'],
        validation: [],
        rollback: ['describeCluster', 'getRoleTrust', 'updateRoleTrust'],
      },
    });
  });
});
