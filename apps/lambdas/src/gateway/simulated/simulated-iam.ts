import { AWSServiceError } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../cluster-gateway.js';
import type {
  CreateOidcProviderSpec,
  OidcProviderInfo,
  RoleTrust,
  TrustPolicyDocument,
} from '../cluster-identity.js';
import { clone, oidcProviderArn, type SimulatedWorld } from './simulated-eks-state.js';

/** The IAM operations of the simulated gateway. */
export type SimulatedIamOperations = Pick<
  ClusterGateway,
  'findOidcProvider' | 'createOidcProvider' | 'deleteOidcProvider' | 'getRoleTrust' | 'updateRoleTrust'
>;

/** An IAM error as the SDK reports it. */
function iamError(operation: string, code: string, message: string, httpStatusCode = 400): AWSServiceError {
  return new AWSServiceError(`IAM ${operation} failed: ${code}: ${message}`, {
    service: 'IAM',
    operation,
    code,
    httpStatusCode,
    retryable: false,
  });
}

function federatedPrincipals(policy: TrustPolicyDocument): string[] {
  return policy.Statement.flatMap((statement) => {
    const federated = statement.Principal?.Federated;
    return federated === undefined ? [] : Array.isArray(federated) ? federated : [federated];
  });
}

/**
 * The IAM side of IRSA in the simulated account: OIDC providers and role trust policies.
 *
 * @example
 * ```ts
 * const iam = new SimulatedIam(world);
 * await iam.findOidcProvider('https://oidc.eks.us-east-1.amazonaws.com/id/ABC');
 * ```
 */
export class SimulatedIam implements SimulatedIamOperations {
  private readonly world: SimulatedWorld;

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  async findOidcProvider(issuerUrl: string): Promise<OidcProviderInfo | undefined> {
    const provider = this.world.iam.oidcProviders.get(oidcProviderArn(issuerUrl));
    if (!provider) return undefined;
    // GetOpenIDConnectProvider reports the provider's tags (none: no `Tags`).
    const { tags, ...info } = clone(provider);
    return Object.keys(tags).length > 0 ? { ...info, tags } : info;
  }

  /**
   * CreateOpenIDConnectProvider
   * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html):
   * the URL must begin with `https://`; one provider per URL in an account
   * (EntityAlreadyExists); at most 100 client ids.
   */
  async createOidcProvider(spec: CreateOidcProviderSpec): Promise<string> {
    const operation = 'CreateOpenIDConnectProvider';
    if (!spec.issuerUrl.startsWith('https://')) {
      throw iamError(
        operation,
        'InvalidInputException',
        `The URL ${spec.issuerUrl} must begin with https://`,
      );
    }
    if (spec.clientIds.length > 100) {
      throw iamError(operation, 'LimitExceededException', 'At most 100 client IDs per OIDC provider');
    }
    const arn = oidcProviderArn(spec.issuerUrl);
    if (this.world.iam.oidcProviders.has(arn)) {
      throw iamError(
        operation,
        'EntityAlreadyExistsException',
        `Provider with url ${spec.issuerUrl} already exists.`,
        409,
      );
    }
    const refused = this.world.failures.iamRefusal(operation);
    if (refused) throw refused;
    this.world.calls.push({ operation, detail: spec.issuerUrl });
    this.world.iam.oidcProviders.set(arn, {
      arn,
      issuerUrl: spec.issuerUrl,
      clientIds: [...spec.clientIds],
      tags: { ...spec.tags },
    });
    return arn;
  }

  async deleteOidcProvider(arn: string): Promise<void> {
    if (!this.world.iam.oidcProviders.has(arn)) return;
    const refused = this.world.failures.iamRefusal('DeleteOpenIDConnectProvider');
    if (refused) throw refused;
    this.world.calls.push({ operation: 'DeleteOpenIDConnectProvider', detail: arn });
    this.world.iam.oidcProviders.delete(arn);
  }

  async getRoleTrust(roleArn: string): Promise<RoleTrust | undefined> {
    const role = this.world.iam.roles.get(roleArn.slice(roleArn.lastIndexOf('/') + 1));
    return role ? clone(role) : undefined;
  }

  /**
   * UpdateAssumeRolePolicy
   * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html): the
   * role must exist (NoSuchEntity), and IAM refuses a trust policy whose federated principal is
   * no OIDC provider of the account (MalformedPolicyDocument, "Invalid principal in policy"), so
   * green's provider must exist before a role may trust it.
   */
  async updateRoleTrust(roleName: string, trustPolicy: TrustPolicyDocument): Promise<void> {
    const operation = 'UpdateAssumeRolePolicy';
    const role = this.world.iam.roles.get(roleName);
    if (!role) {
      throw iamError(
        operation,
        'NoSuchEntityException',
        `The role with name ${roleName} cannot be found.`,
        404,
      );
    }
    const unknown = federatedPrincipals(trustPolicy).find(
      (principal) => principal.includes(':oidc-provider/') && !this.world.iam.oidcProviders.has(principal),
    );
    if (unknown) {
      throw iamError(
        operation,
        'MalformedPolicyDocumentException',
        `Invalid principal in policy: "Federated":"${unknown}"`,
      );
    }
    const refused = this.world.failures.iamRefusal(operation);
    if (refused) throw refused;
    this.world.calls.push({ operation, detail: roleName });
    role.trustPolicy = clone(trustPolicy);
  }
}
