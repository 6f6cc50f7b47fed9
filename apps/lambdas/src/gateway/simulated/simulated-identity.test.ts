import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, type ScenarioInput } from '../../simulation/scenario.js';
import { rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

const WEB_ROLE = 'arn:aws:iam::123456789012:role/web-api';

function withPodIdentity(): ScenarioInput {
  return {
    ...DEMO_SCENARIO,
    cluster: {
      ...DEMO_SCENARIO.cluster,
      podIdentityAssociations: [
        { namespace: 'web', serviceAccount: 'api', roleArn: WEB_ROLE, tags: { team: 'web' } },
      ],
    },
  };
}

describe('Class: SimulatedClusterGateway', () => {
  describe('Pod Identity associations', () => {
    it("lists the scenario cluster's associations, and refuses a second one for the same service account", async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(withPodIdentity());
      const spec = { clusterName: 'demo', namespace: 'web', serviceAccount: 'api', roleArn: WEB_ROLE };

      // Act
      const listed = await gateway.listPodIdentityAssociations('demo');
      const second = await rejection(gateway.createPodIdentityAssociation(spec));

      // Assess
      expect(listed).toEqual([
        {
          associationId: 'a-00000000000000001',
          clusterName: 'demo',
          namespace: 'web',
          serviceAccount: 'api',
          roleArn: WEB_ROLE,
          tags: { team: 'web' },
        },
      ]);
      expect(second).toMatchObject({ code: 'ResourceInUseException' });
    });
  });

  describe('IAM OIDC providers and role trust', () => {
    it("has an OIDC provider for blue's issuer and a role per add-on service-account role trusting it", async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
      const issuer = (await gateway.describeCluster('demo'))!.oidcIssuer!;

      // Act
      const provider = await gateway.findOidcProvider(issuer);
      const trust = await gateway.getRoleTrust('arn:aws:iam::123456789012:role/demo-vpc-cni');

      // Assess
      expect(provider).toEqual({
        arn: `arn:aws:iam::123456789012:oidc-provider/${issuer.slice('https://'.length)}`,
        issuerUrl: issuer,
        clientIds: ['sts.amazonaws.com'],
      });
      expect(trust?.trustPolicy.Statement.map((statement) => statement.Principal?.Federated)).toEqual([
        provider?.arn,
      ]);
    });

    it('refuses a second provider for one issuer, and a trust policy naming a provider that does not exist', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
      const issuer = (await gateway.describeCluster('demo'))!.oidcIssuer!;
      const green = 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN';
      const greenArn = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/GREEN';
      const trustingGreen = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Federated: greenArn }, Action: 'sts:AssumeRoleWithWebIdentity' },
        ],
      };

      // Act
      const again = await rejection(
        gateway.createOidcProvider({ issuerUrl: issuer, clientIds: [], tags: {} }),
      );
      const beforeProvider = await rejection(gateway.updateRoleTrust('demo-vpc-cni', trustingGreen));
      await gateway.createOidcProvider({ issuerUrl: green, clientIds: ['sts.amazonaws.com'], tags: {} });
      await gateway.updateRoleTrust('demo-vpc-cni', trustingGreen);
      const missingRole = await rejection(gateway.updateRoleTrust('nobody', trustingGreen));

      // Assess
      expect(again).toMatchObject({ code: 'EntityAlreadyExistsException' });
      expect(beforeProvider).toMatchObject({ code: 'MalformedPolicyDocumentException' });
      expect(
        (await gateway.getRoleTrust('arn:aws:iam::123456789012:role/demo-vpc-cni'))?.trustPolicy,
      ).toEqual(trustingGreen);
      expect(missingRole).toMatchObject({ code: 'NoSuchEntityException' });
    });
  });
});
