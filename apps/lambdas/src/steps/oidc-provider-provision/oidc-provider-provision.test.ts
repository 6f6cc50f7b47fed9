import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
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
import { oidcProviderProvision } from './oidc-provider-provision.js';

const eks = mockClient(EKSClient);
const iam = mockClient(IAMClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);
const STEP = oidcProviderProvision.example;
const ISSUER = 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN1';
const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/GREEN1';

describe('Step kind: oidc_provider_provision', () => {
  beforeEach(() => {
    eks.reset();
    iam.reset();
    eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({
      cluster: eksCluster({ name: 'prod-1-31', version: '1.31', identity: { oidc: { issuer: ISSUER } } }),
    });
  });

  describe('Phase: execution', () => {
    it("creates the provider of green's issuer with the STS audience and green's tags (whole input)", async () => {
      // Prepare
      iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });
      iam.on(CreateOpenIDConnectProviderCommand).resolves({ OpenIDConnectProviderArn: PROVIDER });

      // Act
      const outcome = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());

      // Assess
      expect(outcome).toMatchObject({
        status: 'succeeded',
        clusterName: 'prod-1-31',
        message: `Created the IAM OIDC provider ${PROVIDER} for ${ISSUER}`,
      });
      expect(iam.commandCalls(CreateOpenIDConnectProviderCommand).map((call) => call.args[0].input)).toEqual([
        {
          Url: ISSUER,
          ClientIDList: ['sts.amazonaws.com'],
          Tags: [
            { Key: 'eks-upgrade:blue-cluster', Value: 'prod' },
            { Key: 'eks-upgrade:role', Value: 'green' },
          ],
        },
      ]);
    });

    it('keeps a provider already there (a retry) and creates nothing', async () => {
      // Prepare
      iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [{ Arn: PROVIDER }] });
      iam.on(GetOpenIDConnectProviderCommand).resolves({ ClientIDList: ['sts.amazonaws.com'] });

      // Act
      const outcome = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());

      // Assess
      expect(outcome).toMatchObject({
        status: 'skipped',
        message: `The IAM OIDC provider ${PROVIDER} already exists`,
      });
      expect(iam).not.toHaveReceivedCommand(CreateOpenIDConnectProviderCommand);
    });
  });

  describe('Phase: rollback', () => {
    const plan = (): UpgradePlan => ({
      ...buildRulesPlan(blueGreenRequest(), snapshot(), { config: config(), now: NOW }),
      steps: [STEP],
    });

    it("deletes the provider of green's issuer (whole input), and reports nothing once it is gone", async () => {
      // Prepare
      iam
        .on(ListOpenIDConnectProvidersCommand)
        .resolvesOnce({ OpenIDConnectProviderList: [{ Arn: PROVIDER }] });
      iam.on(GetOpenIDConnectProviderCommand).resolves({ ClientIDList: ['sts.amazonaws.com'] });
      iam.on(DeleteOpenIDConnectProviderCommand).resolves({});
      const failure = { Error: 'ValidationFailed' };

      // Act
      const first = await rollbackUpgrade({ request: blueGreenRequest(), plan: plan(), failure }, deps());
      iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });
      const second = await rollbackUpgrade({ request: blueGreenRequest(), plan: plan(), failure }, deps());

      // Assess
      expect(iam.commandCalls(DeleteOpenIDConnectProviderCommand).map((call) => call.args[0].input)).toEqual([
        { OpenIDConnectProviderArn: PROVIDER },
      ]);
      expect(first.actions).toContainEqual(
        expect.objectContaining({
          target: 'green-oidc-provider',
          status: 'undone',
          message: `Deleted the IAM OIDC provider ${PROVIDER}`,
        }),
      );
      expect(second.actions.filter((action) => action.target === 'green-oidc-provider')).toEqual([]);
    });
  });
});

describe('Step kind: oidc_provider_provision, rollback while green keeps the traffic', () => {
  it('keeps the provider (no IAM call) and says so, as green carries the traffic blue cannot take back', async () => {
    // Prepare
    iam.reset();
    const report = new RollbackReport();
    const context = {
      ...deps(),
      request: blueGreenRequest(),
      plan: buildRulesPlan(blueGreenRequest(), snapshot(), { config: config(), now: NOW }),
      now: NOW,
      report,
      earlier: [],
      clustersServingTraffic: new Set(['prod-1-31']),
    };
    const rollback = oidcProviderProvision.rollback;
    if (rollback.kind !== 'undo') throw new Error('oidc_provider_provision has an undo');

    // Act
    await rollback.undo([STEP], context);

    // Assess
    expect(iam.calls()).toHaveLength(0);
    expect(report.actions).toEqual([]);
    expect(report.notUndone).toEqual(['green-oidc-provider: kept with prod-1-31, which carries the traffic']);
  });
});

describe('Module: oidcProviderProvision', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(oidcProviderProvision);

    // Assess
    expect(parts).toEqual({
      describe: 'Create the IAM OIDC provider for the issuer of prod-1-31 (IRSA on green)',
      rollback: 'undo:green-oidc-provider',
      final: { nodegroupVersions: [], addonVersions: [] },
      typicalDurationSeconds: 0,
      operations: {
        execution: ['describeCluster', 'findOidcProvider', 'createOidcProvider'],
        validation: [],
        rollback: ['describeCluster', 'findOidcProvider', 'deleteOidcProvider'],
      },
    });
  });
});
