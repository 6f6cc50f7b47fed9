import {
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  type IAMClientConfig,
  ListOpenIDConnectProvidersCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AWSServiceError, toAWSServiceError } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../cluster-gateway.js';
import type {
  CreateOidcProviderSpec,
  OidcProviderInfo,
  RoleTrust,
  TrustPolicyDocument,
} from '../cluster-identity.js';

/** The IAM operations of the cluster gateway (IRSA: OIDC providers and role trust). */
export type IamIdentityOperations = Pick<
  ClusterGateway,
  | 'findOidcProvider'
  | 'createOidcProvider'
  | 'deleteOidcProvider'
  | 'untagOidcProvider'
  | 'getRoleTrust'
  | 'updateRoleTrust'
>;

/** Options of `AwsIamIdentity`: an injected client or a client configuration, not both. */
export type AwsIamIdentityOptions =
  | { client?: IAMClient; clientConfig?: never }
  | { client?: never; clientConfig?: IAMClientConfig };

/** `https://oidc.eks.eu-west-1.amazonaws.com/id/ABC` → `oidc.eks.eu-west-1.amazonaws.com/id/ABC`, as IAM names it. */
function issuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '').replace(/\/$/, '');
}

/** The role name GetRole and UpdateAssumeRolePolicy take: the ARN's last segment (paths aside). */
export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function isNoSuchEntity(error: unknown): boolean {
  return AWSServiceError.isInstance(error) && error.code === 'NoSuchEntityException';
}

/**
 * The IAM side of IAM roles for service accounts over the AWS SDK v3: the account's OIDC
 * providers (one per cluster issuer,
 * https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html)
 * and the trust policies of the roles that name them
 * (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html). IAM is
 * global: the client's region only picks the endpoint.
 *
 * @example
 * ```ts
 * const iam = new AwsIamIdentity();
 * const provider = await iam.findOidcProvider('https://oidc.eks.eu-west-1.amazonaws.com/id/ABC');
 * ```
 */
export class AwsIamIdentity implements IamIdentityOperations {
  readonly client: IAMClient;

  constructor(options: AwsIamIdentityOptions = {}) {
    this.client = options.client ?? new IAMClient({ region: 'us-east-1', ...options.clientConfig });
  }

  private async call<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toAWSServiceError(error, { service: 'IAM', operation, action });
    }
  }

  async findOidcProvider(issuerUrl: string): Promise<OidcProviderInfo | undefined> {
    const suffix = `:oidc-provider/${issuerHostPath(issuerUrl)}`;
    // ListOpenIDConnectProviders has no pagination: it returns every provider of the account.
    const listed = await this.call('ListOpenIDConnectProviders', 'list the IAM OIDC providers', () =>
      this.client.send(new ListOpenIDConnectProvidersCommand({})),
    );
    const arn = (listed.OpenIDConnectProviderList ?? [])
      .map((entry) => entry.Arn ?? '')
      .find((candidate) => candidate.endsWith(suffix));
    if (!arn) return undefined;
    const provider = await this.call('GetOpenIDConnectProvider', `read the IAM OIDC provider ${arn}`, () =>
      this.client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
    );
    return {
      arn,
      issuerUrl: `https://${issuerHostPath(issuerUrl)}`,
      clientIds: [...(provider.ClientIDList ?? [])],
      ...((provider.Tags ?? []).length > 0
        ? { tags: Object.fromEntries((provider.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])) }
        : {}),
    };
  }

  async createOidcProvider(spec: CreateOidcProviderSpec): Promise<string> {
    const response = await this.call(
      'CreateOpenIDConnectProvider',
      `create the IAM OIDC provider for ${spec.issuerUrl}`,
      () =>
        this.client.send(
          // No ThumbprintList: it is optional, IAM then retrieves the issuer's top intermediate CA
          // thumbprint itself (CreateOpenIDConnectProvider, IAM API reference,
          // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html).
          new CreateOpenIDConnectProviderCommand({
            Url: spec.issuerUrl,
            ClientIDList: [...spec.clientIds],
            Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        ),
    );
    return response.OpenIDConnectProviderArn ?? '';
  }

  async deleteOidcProvider(arn: string): Promise<void> {
    try {
      await this.call('DeleteOpenIDConnectProvider', `delete the IAM OIDC provider ${arn}`, () =>
        this.client.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
      );
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error;
    }
  }

  async untagOidcProvider(providerArn: string, tagKeys: readonly string[]): Promise<void> {
    await this.call(
      'UntagOpenIDConnectProvider',
      `remove the tags ${tagKeys.join(', ')} from the IAM OIDC provider ${providerArn}`,
      () =>
        this.client.send(
          new UntagOpenIDConnectProviderCommand({
            OpenIDConnectProviderArn: providerArn,
            TagKeys: [...tagKeys],
          }),
        ),
    );
  }

  async getRoleTrust(roleArn: string): Promise<RoleTrust | undefined> {
    const roleName = roleNameOf(roleArn);
    try {
      const response = await this.call('GetRole', `read the trust policy of role ${roleName}`, () =>
        this.client.send(new GetRoleCommand({ RoleName: roleName })),
      );
      // GetRole returns the policy URL-encoded (RFC 3986; IAM API reference, GetRole).
      const document = response.Role?.AssumeRolePolicyDocument;
      const trustPolicy = document
        ? (JSON.parse(decodeURIComponent(document)) as TrustPolicyDocument)
        : { Statement: [] };
      return { roleArn, roleName, trustPolicy };
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw error;
    }
  }

  async updateRoleTrust(roleName: string, trustPolicy: TrustPolicyDocument): Promise<void> {
    await this.call('UpdateAssumeRolePolicy', `update the trust policy of role ${roleName}`, () =>
      this.client.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: roleName,
          PolicyDocument: JSON.stringify(trustPolicy),
        }),
      ),
    );
  }
}
