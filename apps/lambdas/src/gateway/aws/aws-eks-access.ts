import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  type EKSClient,
  paginateListAccessEntries,
  paginateListAssociatedAccessPolicies,
} from '@aws-sdk/client-eks';
import { AWSServiceError } from '@eks-upgrade/core-models';
import type {
  AccessEntryDetails,
  AccessPolicyAssociation,
  CreateAccessEntrySpec,
} from '../cluster-gateway.js';
import { sendEks } from './aws-eks-send.js';

/**
 * The access entry operations of `AwsEksApi` ("Grant IAM users access to Kubernetes with EKS
 * access entries", https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html), over
 * its client. Entries are read one at a time: a cluster has few.
 *
 * @example
 * ```ts
 * const access = new AwsEksAccess(new EKSClient({ region: 'eu-west-1' }));
 * const entries = await access.listAccessEntries('prod');
 * ```
 */
export class AwsEksAccess {
  private readonly client: EKSClient;

  constructor(client: EKSClient) {
    this.client = client;
  }

  async listAccessEntries(clusterName: string): Promise<AccessEntryDetails[]> {
    const principals = await sendEks(
      'ListAccessEntries',
      `list access entries of ${clusterName}`,
      async () => {
        const all: string[] = [];
        for await (const page of paginateListAccessEntries({ client: this.client }, { clusterName })) {
          all.push(...(page.accessEntries ?? []));
        }
        return all;
      },
    );
    const entries: AccessEntryDetails[] = [];
    for (const principalArn of principals) {
      const described = await sendEks('DescribeAccessEntry', `describe access entry ${principalArn}`, () =>
        this.client.send(new DescribeAccessEntryCommand({ clusterName, principalArn })),
      );
      const policies = await sendEks(
        'ListAssociatedAccessPolicies',
        `list access policies of ${principalArn}`,
        async () => {
          const all: AccessPolicyAssociation[] = [];
          for await (const page of paginateListAssociatedAccessPolicies(
            { client: this.client },
            { clusterName, principalArn },
          )) {
            for (const policy of page.associatedAccessPolicies ?? []) {
              if (!policy.policyArn) continue;
              all.push({
                policyArn: policy.policyArn,
                accessScope: {
                  type: policy.accessScope?.type ?? 'cluster',
                  ...(policy.accessScope?.namespaces?.length
                    ? { namespaces: [...policy.accessScope.namespaces] }
                    : {}),
                },
              });
            }
          }
          return all;
        },
      );
      const entry = described.accessEntry;
      entries.push({
        principalArn,
        type: entry?.type ?? 'STANDARD',
        kubernetesGroups: [...(entry?.kubernetesGroups ?? [])],
        ...(entry?.username ? { username: entry.username } : {}),
        ...(entry?.tags && Object.keys(entry.tags).length > 0 ? { tags: { ...entry.tags } } : {}),
        policies,
      });
    }
    return entries;
  }

  async createAccessEntry(spec: CreateAccessEntrySpec): Promise<void> {
    try {
      await sendEks(
        'CreateAccessEntry',
        `create access entry ${spec.principalArn} in ${spec.clusterName}`,
        () =>
          this.client.send(
            new CreateAccessEntryCommand({
              clusterName: spec.clusterName,
              principalArn: spec.principalArn,
              type: spec.type,
              ...(spec.kubernetesGroups.length > 0 ? { kubernetesGroups: [...spec.kubernetesGroups] } : {}),
              ...(spec.username ? { username: spec.username } : {}),
              ...(spec.tags ? { tags: { ...spec.tags } } : {}),
            }),
          ),
      );
    } catch (error) {
      // A retry: the entry exists; its policies are associated below all the same.
      if (!(AWSServiceError.isInstance(error) && error.code === 'ResourceInUseException')) throw error;
    }
    for (const policy of spec.policies) {
      await sendEks('AssociateAccessPolicy', `associate ${policy.policyArn} with ${spec.principalArn}`, () =>
        this.client.send(
          new AssociateAccessPolicyCommand({
            clusterName: spec.clusterName,
            principalArn: spec.principalArn,
            policyArn: policy.policyArn,
            accessScope: {
              type: policy.accessScope.type as 'cluster' | 'namespace',
              ...(policy.accessScope.namespaces ? { namespaces: [...policy.accessScope.namespaces] } : {}),
            },
          }),
        ),
      );
    }
  }
}
