import {
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  NoSuchEntityException,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsIamIdentity } from './aws-iam-identity.js';

const iam = mockClient(IAMClient);
const identity = () => new AwsIamIdentity({ client: new IAMClient({ region: 'us-east-1' }) });
const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/GREEN';
const ARN = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/GREEN';
const noSuchEntity = () => new NoSuchEntityException({ message: 'not found', $metadata: {} });

describe('Class: AwsIamIdentity', () => {
  beforeEach(() => iam.reset());

  it('finds the provider of an issuer among the listed ones, with its audiences', async () => {
    // Prepare
    iam.on(ListOpenIDConnectProvidersCommand).resolves({
      OpenIDConnectProviderList: [
        { Arn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/BLUE' },
        { Arn: ARN },
      ],
    });
    iam.on(GetOpenIDConnectProviderCommand, { OpenIDConnectProviderArn: ARN }).resolves({
      ClientIDList: ['sts.amazonaws.com'],
    });

    // Act
    const found = await identity().findOidcProvider(ISSUER);
    iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });
    const missing = await identity().findOidcProvider(ISSUER);

    // Assess
    expect(found).toEqual({ arn: ARN, issuerUrl: ISSUER, clientIds: ['sts.amazonaws.com'] });
    expect(missing).toBeUndefined();
  });

  it('creates a provider with the STS audience and tags, without a thumbprint (whole input)', async () => {
    // Prepare
    iam.on(CreateOpenIDConnectProviderCommand).resolves({ OpenIDConnectProviderArn: ARN });

    // Act
    const arn = await identity().createOidcProvider({
      issuerUrl: ISSUER,
      clientIds: ['sts.amazonaws.com'],
      tags: { 'eks-upgrade:blue-cluster': 'prod' },
    });

    // Assess
    expect(arn).toBe(ARN);
    expect(iam.commandCalls(CreateOpenIDConnectProviderCommand).map((call) => call.args[0].input)).toEqual([
      {
        Url: ISSUER,
        ClientIDList: ['sts.amazonaws.com'],
        Tags: [{ Key: 'eks-upgrade:blue-cluster', Value: 'prod' }],
      },
    ]);
  });

  it('deletes a provider, and takes one already gone as deleted (whole input)', async () => {
    // Prepare
    iam.on(DeleteOpenIDConnectProviderCommand).resolvesOnce({}).rejectsOnce(noSuchEntity());

    // Act
    await identity().deleteOidcProvider(ARN);
    await identity().deleteOidcProvider(ARN);

    // Assess
    expect(iam.commandCalls(DeleteOpenIDConnectProviderCommand).map((call) => call.args[0].input)).toEqual([
      { OpenIDConnectProviderArn: ARN },
      { OpenIDConnectProviderArn: ARN },
    ]);
  });

  it('reads a role trust policy (URL-decoded), by the role name of a path ARN; undefined when absent', async () => {
    // Prepare
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity' }],
    };
    iam
      .on(GetRoleCommand, { RoleName: 'vpc-cni' })
      .resolves({ Role: { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(policy)) } as never });
    iam.on(GetRoleCommand, { RoleName: 'gone' }).rejects(noSuchEntity());

    // Act
    const trust = await identity().getRoleTrust('arn:aws:iam::123456789012:role/eks/vpc-cni');
    const gone = await identity().getRoleTrust('arn:aws:iam::123456789012:role/gone');

    // Assess
    expect(trust).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/eks/vpc-cni',
      roleName: 'vpc-cni',
      trustPolicy: policy,
    });
    expect(gone).toBeUndefined();
  });

  it('replaces a role trust policy with the whole document given (whole input)', async () => {
    // Prepare
    iam.on(UpdateAssumeRolePolicyCommand).resolves({});
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: ARN } }] };

    // Act
    await identity().updateRoleTrust('vpc-cni', policy);

    // Assess
    expect(iam.commandCalls(UpdateAssumeRolePolicyCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: 'vpc-cni', PolicyDocument: JSON.stringify(policy) },
    ]);
  });
});
