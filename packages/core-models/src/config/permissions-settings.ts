import { z } from 'zod';
import { AwsRegionSchema, EksClusterNameSchema } from '../names/aws-names.js';

/**
 * The tag eks-upgrade puts on every cluster, node group, add-on, Fargate profile and access
 * entry it creates for a blue/green upgrade (`cluster_provision` and the green bootstrap steps).
 * The deployed roles may create, fill and delete a green cluster only under this tag
 * (`aws:RequestTag` when creating, `aws:ResourceTag` afterwards), so they can delete no cluster
 * the tool did not create.
 *
 * @example
 * ```ts
 * CREATED_RESOURCE_TAG; // { key: 'eks-upgrade:role', value: 'green' }
 * ```
 */
export const CREATED_RESOURCE_TAG = Object.freeze({ key: 'eks-upgrade:role', value: 'green' } as const);

/** The tag a cluster carries when the stack may upgrade it without being named (the default scope). */
export const DEFAULT_UPGRADABLE_CLUSTER_TAG = Object.freeze({
  key: 'eks-upgrade:managed',
  value: 'true',
} as const);

const TAG_RULE = 'must be 1-128 characters and not start with aws:';

/** A resource tag (`key` = `value`) a permission is conditioned on. */
export const ResourceTagSchema = z
  .object({
    key: z
      .string({ error: TAG_RULE })
      .min(1, { error: TAG_RULE })
      .max(128, { error: TAG_RULE })
      .refine((key) => !key.toLowerCase().startsWith('aws:'), { error: TAG_RULE }),
    value: z.string().max(256, { error: 'must be at most 256 characters' }),
  })
  .strict();
export type ResourceTag = z.infer<typeof ResourceTagSchema>;

const ROLE_ARN_RULE =
  'must be the ARN of one IAM role, such as arn:aws:iam::123456789012:role/eks-node (no wildcards)';

/** The ARN of one IAM role: no `*` or `?`, so a grant naming it names that role only. */
export const IamRoleArnSchema = z
  .string({ error: ROLE_ARN_RULE })
  .regex(/^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { error: ROLE_ARN_RULE });

const HOSTED_ZONE_RULE = 'must be a Route 53 hosted zone id such as Z123ABC (or /hostedzone/Z123ABC)';

/** A Route 53 hosted zone id, with or without the `/hostedzone/` prefix Route 53 returns. */
export const HostedZoneIdSchema = z
  .string({ error: HOSTED_ZONE_RULE })
  .regex(/^(\/hostedzone\/)?[A-Z0-9]{1,32}$/, { error: HOSTED_ZONE_RULE });

/**
 * What the deployed functions may touch, the same in `deploy` and in the synthesized template
 * (least privilege, https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege):
 *
 * - `regions`: where the clusters live. Every EKS ARN is built for each of them; empty means the
 *   region the stack is deployed in.
 * - `clusterNames` and `clusterTag`: the clusters the stack may change (upgrade, roll, decommission):
 *   the named ones, and every cluster carrying the tag (an `aws:ResourceTag` condition;
 *   default `eks-upgrade:managed` = `true`). Green clusters eks-upgrade creates are reached through
 *   `CREATED_RESOURCE_TAG` instead, and copy the blue cluster's tags, so a tagged blue makes a
 *   tagged green. Reads (Describe, List) stay open to every cluster of those regions.
 * - `hostedZoneIds`: the only zones traffic steps may change (route53:ChangeResourceRecordSets).
 * - `passRoleArns`: the only roles the execution function may hand to EKS when it builds a green
 *   cluster (the blue cluster's role, its node groups' node roles, its add-ons' service account
 *   roles, its Fargate profiles' pod execution roles, its Pod Identity association roles), and
 *   the only roles whose trust policy it may extend to green's OIDC provider (IRSA). Empty: no
 *   role may be passed, and blue/green creation is refused by IAM.
 *
 * @example
 * ```ts
 * PermissionsSettingsSchema.parse({
 *   regions: ['eu-west-1'],
 *   clusterNames: ['payments-prod'],
 *   hostedZoneIds: ['Z123ABC'],
 *   passRoleArns: ['arn:aws:iam::123456789012:role/payments-cluster', 'arn:aws:iam::123456789012:role/payments-nodes'],
 * });
 * ```
 */
export const PermissionsSettingsSchema = z
  .object({
    regions: z.array(AwsRegionSchema).max(30, { error: 'must list at most 30 regions' }).default([]),
    clusterNames: z
      .array(EksClusterNameSchema)
      .max(100, { error: 'must list at most 100 clusters' })
      .default([]),
    clusterTag: ResourceTagSchema.default({ ...DEFAULT_UPGRADABLE_CLUSTER_TAG }),
    hostedZoneIds: z
      .array(HostedZoneIdSchema)
      .max(100, { error: 'must list at most 100 hosted zones' })
      .default([]),
    passRoleArns: z.array(IamRoleArnSchema).max(100, { error: 'must list at most 100 roles' }).default([]),
  })
  .strict();
export type PermissionsSettings = z.infer<typeof PermissionsSettingsSchema>;
