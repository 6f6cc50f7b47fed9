import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
} from '@aws-sdk/client-iam';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createAwsClusterGateway } from '../../src/gateway/aws/create-aws-cluster-gateway.js';
import { blueGreenRequest, config, snapshot } from '../../src/phases/__fixtures__/snapshots.js';
import { executeStep } from '../../src/phases/execution.js';
import { rollbackUpgrade } from '../../src/phases/rollback.js';
import { buildRulesPlan } from '../../src/planner/rules-plan.js';
import { oidcProviderProvision } from '../../src/steps/oidc-provider-provision/oidc-provider-provision.js';

declare module 'vitest' {
  // Provided by the workspace's moto global setup (packages/testing/src/moto-global-setup.ts).
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const endpoint = inject('motoEndpoint');
const clientConfig = { endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
const eks = new EKSClient({ region: 'us-east-1', ...clientConfig });
const iam = new IAMClient({ region: 'us-east-1', ...clientConfig });
const deps = () => ({
  gateway: createAwsClusterGateway({ region: 'us-east-1', clientConfig }),
  config: config(),
  clock: { now: () => new Date() },
});
const STEP = oidcProviderProvision.example;

async function createCluster(name: string): Promise<void> {
  await eks.send(
    new CreateClusterCommand({
      name,
      version: '1.31',
      roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
      resourcesVpcConfig: { subnetIds: ['subnet-0a1', 'subnet-0a2'] },
    }),
  );
}

describe("Green's identity on moto (AWS gateway)", () => {
  beforeEach(async () => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    expect(response.ok).toBe(true);
  });

  it("creates the IAM OIDC provider of green's issuer with the STS audience, keeps it on a retry, deletes it on rollback", async () => {
    // Prepare
    await createCluster('prod-1-31');
    const issuer = (await deps().gateway.describeCluster('prod-1-31'))?.oidcIssuer;
    expect(issuer).toMatch(/^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//);

    // Act
    const created = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());
    const retry = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());
    const { OpenIDConnectProviderList: providers = [] } = await iam.send(
      new ListOpenIDConnectProvidersCommand({}),
    );
    const provider = await iam.send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providers[0]?.Arn }),
    );
    const plan: UpgradePlan = {
      ...buildRulesPlan(blueGreenRequest(), snapshot(), { config: config(), now: new Date() }),
      steps: [STEP],
    };
    const rollback = await rollbackUpgrade(
      { request: blueGreenRequest(), plan, failure: { Error: 'ValidationFailed' } },
      deps(),
    );
    const after = await iam.send(new ListOpenIDConnectProvidersCommand({}));

    // Assess
    expect(created).toMatchObject({ status: 'succeeded' });
    expect(retry).toMatchObject({ status: 'skipped' });
    expect(providers.map((entry) => entry.Arn)).toEqual([
      `arn:aws:iam::123456789012:oidc-provider/${issuer!.slice('https://'.length)}`,
    ]);
    expect(provider.ClientIDList).toEqual(['sts.amazonaws.com']);
    expect(provider.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'eks-upgrade:blue-cluster', Value: 'prod' },
        { Key: 'eks-upgrade:role', Value: 'green' },
      ]),
    );
    expect(rollback.actions).toContainEqual(
      expect.objectContaining({ target: 'green-oidc-provider', status: 'undone' }),
    );
    expect(after.OpenIDConnectProviderList ?? []).toEqual([]);
  });

  it('reads a role trust policy (GetRole, URL-decoded) and replaces it whole (UpdateAssumeRolePolicy)', async () => {
    // Prepare
    const blue = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/BLUE';
    const green = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/GREEN';
    const statement = (federated: string) => ({
      Effect: 'Allow',
      Principal: { Federated: federated },
      Action: 'sts:AssumeRoleWithWebIdentity',
    });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'prod-vpc-cni',
        Path: '/eks/',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement(blue)] }),
      }),
    );
    const gateway = deps().gateway;

    // Act
    const before = await gateway.getRoleTrust('arn:aws:iam::123456789012:role/eks/prod-vpc-cni');
    await gateway.updateRoleTrust('prod-vpc-cni', {
      Version: '2012-10-17',
      Statement: [statement(blue), statement(green)],
    });
    const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: 'prod-vpc-cni' }));

    // Assess
    expect(before).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/eks/prod-vpc-cni',
      roleName: 'prod-vpc-cni',
      trustPolicy: { Version: '2012-10-17', Statement: [statement(blue)] },
    });
    expect(JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!))).toEqual({
      Version: '2012-10-17',
      Statement: [statement(blue), statement(green)],
    });
    expect(await gateway.getRoleTrust('arn:aws:iam::123456789012:role/missing')).toBeUndefined();
  });
});
