/**
 * The identity side of a cluster the gateway reads and copies: EKS Pod Identity associations
 * (per cluster, https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html) and the
 * IAM side of IAM roles for service accounts (IRSA): the account's IAM OIDC provider for a
 * cluster's issuer and the trust policies of the roles that name it
 * (https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html).
 */

/** An EKS Pod Identity association (ListPodIdentityAssociations + DescribePodIdentityAssociation). */
export interface PodIdentityAssociationDetails {
  associationId: string;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  /** The role EKS Pod Identity assumes for the service account's pods. */
  roleArn: string;
  /** A second role assumed with the first one's credentials (cross-account). */
  targetRoleArn?: string;
  /** Whether EKS leaves out the session tags (namespace, service account, cluster). */
  disableSessionTags?: boolean;
  /** A session policy limiting the role's permissions. */
  policy?: string;
  tags?: Record<string, string>;
}

/** What a new Pod Identity association is created from (CreatePodIdentityAssociation). */
export type CreatePodIdentityAssociationSpec = Omit<PodIdentityAssociationDetails, 'associationId'>;

/** An IAM OpenID Connect provider (ListOpenIDConnectProviders + GetOpenIDConnectProvider). */
export interface OidcProviderInfo {
  arn: string;
  /** The issuer URL, with its `https://` scheme (IAM stores it without). */
  issuerUrl: string;
  /** The audiences it accepts; IRSA needs `sts.amazonaws.com`. */
  clientIds: string[];
  /** Its tags (GetOpenIDConnectProvider `Tags`), when it has any. */
  tags?: Record<string, string>;
}

/** What an IAM OIDC provider is created from (CreateOpenIDConnectProvider). */
export interface CreateOidcProviderSpec {
  /** The cluster's issuer URL (`identity.oidc.issuer` of DescribeCluster), `https://…`. */
  issuerUrl: string;
  clientIds: string[];
  tags: Record<string, string>;
}

/** One statement of an IAM role's trust policy (the parts eks-upgrade reads and writes). */
export interface TrustStatement {
  Sid?: string;
  Effect: string;
  Principal?: { Federated?: string | string[]; Service?: string | string[]; AWS?: string | string[] };
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM role's trust policy (`AssumeRolePolicyDocument`). */
export interface TrustPolicyDocument {
  Version?: string;
  Statement: TrustStatement[];
}

/** An IAM role and the trust policy it has (GetRole). */
export interface RoleTrust {
  roleArn: string;
  roleName: string;
  trustPolicy: TrustPolicyDocument;
}

/**
 * The cluster-gateway operations on a cluster's identity side (Pod Identity in EKS, IRSA in
 * IAM); `ClusterGateway` extends it.
 */
export interface ClusterIdentityOperations {
  /** ListPodIdentityAssociations (all pages), each described. */
  listPodIdentityAssociations(clusterName: string): Promise<PodIdentityAssociationDetails[]>;
  /** CreatePodIdentityAssociation; ResourceInUseException when the service account has one. */
  createPodIdentityAssociation(spec: CreatePodIdentityAssociationSpec): Promise<void>;
  /** The account's IAM OIDC provider for an issuer URL; `undefined` when there is none. */
  findOidcProvider(issuerUrl: string): Promise<OidcProviderInfo | undefined>;
  /** CreateOpenIDConnectProvider; returns its ARN. */
  createOidcProvider(spec: CreateOidcProviderSpec): Promise<string>;
  /** DeleteOpenIDConnectProvider (nothing when it is gone already). */
  deleteOidcProvider(arn: string): Promise<void>;
  /** GetRole: the role's trust policy; `undefined` when the role does not exist. */
  getRoleTrust(roleArn: string): Promise<RoleTrust | undefined>;
  /** UpdateAssumeRolePolicy: replaces the role's whole trust policy. */
  updateRoleTrust(roleName: string, trustPolicy: TrustPolicyDocument): Promise<void>;
}

/** An identity-side operation's name. */
export type ClusterIdentityOperation = keyof ClusterIdentityOperations;
