/**
 * The IAM permissions each method of `AwsIamIdentity` (aws-iam-identity.ts) needs. Actions and
 * resource types are from the Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
import type { IamGrant, IamResource } from './aws-gateway-iam.js';
import type { IamIdentityOperations } from './aws-iam-identity.js';
import { UNTAG_ONLY_GREEN_TAG_KEYS } from './green-tags-iam.js';

const OIDC_PROVIDER: IamResource = { kind: 'iam-oidc-provider' };
const ROLE: IamResource = { kind: 'iam-role' };

/**
 * The IAM permissions of each `AwsIamIdentity` method. ListOpenIDConnectProviders is authorised
 * on no resource (`*`); tags given at creation are iam:TagOpenIDConnectProvider.
 *
 * @example
 * ```ts
 * IAM_IDENTITY_OPERATION_GRANTS.updateRoleTrust[0]?.action; // 'iam:UpdateAssumeRolePolicy'
 * ```
 */
export const IAM_IDENTITY_OPERATION_GRANTS = {
  findOidcProvider: [
    {
      action: 'iam:ListOpenIDConnectProviders',
      resources: [
        { kind: 'any', reason: 'ListOpenIDConnectProviders supports no resource-level permissions' },
      ],
    },
    { action: 'iam:GetOpenIDConnectProvider', resources: [OIDC_PROVIDER] },
  ],
  // Created only with the green tag in the request, deleted only when it carries it: the
  // provider of green's issuer is the only one eks-upgrade may remove.
  createOidcProvider: [
    { action: 'iam:CreateOpenIDConnectProvider', resources: [OIDC_PROVIDER], scope: 'creating' },
    { action: 'iam:TagOpenIDConnectProvider', resources: [OIDC_PROVIDER], scope: 'creating' },
  ],
  deleteOidcProvider: [
    { action: 'iam:DeleteOpenIDConnectProvider', resources: [OIDC_PROVIDER], scope: 'created' },
  ],
  // Green's provider loses the green tags once green is production (its decommission of blue):
  // only a provider that carries them may be untagged, and only of those tags.
  untagOidcProvider: [
    {
      action: 'iam:UntagOpenIDConnectProvider',
      resources: [OIDC_PROVIDER],
      scope: 'created',
      condition: UNTAG_ONLY_GREEN_TAG_KEYS,
    },
  ],
  getRoleTrust: [{ action: 'iam:GetRole', resources: [ROLE] }],
  // Rewriting a trust policy makes a role assumable by someone new: only the configured roles
  // (`permissions.passRoleArns`), never any role of the account.
  updateRoleTrust: [{ action: 'iam:UpdateAssumeRolePolicy', resources: [ROLE], scope: 'configured' }],
} as const satisfies Record<keyof IamIdentityOperations, readonly IamGrant[]>;
