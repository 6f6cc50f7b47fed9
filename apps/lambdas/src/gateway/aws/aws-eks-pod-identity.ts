import {
  CreatePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  type EKSClientConfig,
  type PodIdentityAssociation,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import type { ClusterGateway } from '../cluster-gateway.js';
import type { CreatePodIdentityAssociationSpec, PodIdentityAssociationDetails } from '../cluster-identity.js';
import { DESCRIBE_CONCURRENCY, defined, mapLimited } from './aws-eks-mappers.js';
import { sendEks } from './aws-eks-send.js';

/** The Pod Identity operations of the cluster gateway. */
export type PodIdentityOperations = Pick<
  ClusterGateway,
  'listPodIdentityAssociations' | 'createPodIdentityAssociation'
>;

/** Options of `AwsEksPodIdentity`: an injected EKS client (e.g. `AwsEksApi`'s) or a configuration. */
export type AwsEksPodIdentityOptions =
  | { region?: string; client?: EKSClient; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: EKSClientConfig };

function toAssociationDetails(association: PodIdentityAssociation): PodIdentityAssociationDetails {
  return defined({
    associationId: association.associationId ?? '',
    clusterName: association.clusterName ?? '',
    namespace: association.namespace ?? '',
    serviceAccount: association.serviceAccount ?? '',
    roleArn: association.roleArn ?? '',
    targetRoleArn: association.targetRoleArn,
    disableSessionTags: association.disableSessionTags,
    policy: association.policy,
    tags: association.tags && Object.keys(association.tags).length > 0 ? { ...association.tags } : undefined,
  });
}

/**
 * EKS Pod Identity associations over the AWS SDK v3 (EKS API reference:
 * ListPodIdentityAssociations, DescribePodIdentityAssociation, CreatePodIdentityAssociation,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html).
 * The associations belong to one cluster; a green cluster needs its own copies.
 *
 * @example
 * ```ts
 * const podIdentity = new AwsEksPodIdentity({ client: eks.client });
 * const associations = await podIdentity.listPodIdentityAssociations('prod');
 * ```
 */
export class AwsEksPodIdentity implements PodIdentityOperations {
  readonly client: EKSClient;

  constructor(options: AwsEksPodIdentityOptions = {}) {
    this.client =
      options.client ??
      new EKSClient({ ...(options.region ? { region: options.region } : {}), ...options.clientConfig });
  }

  async listPodIdentityAssociations(clusterName: string): Promise<PodIdentityAssociationDetails[]> {
    const ids = await sendEks(
      'ListPodIdentityAssociations',
      `list Pod Identity associations of ${clusterName}`,
      async () => {
        const all: string[] = [];
        for await (const page of paginateListPodIdentityAssociations(
          { client: this.client },
          { clusterName },
        ))
          for (const summary of page.associations ?? [])
            if (summary.associationId) all.push(summary.associationId);
        return all;
      },
    );
    return mapLimited(ids, DESCRIBE_CONCURRENCY, async (associationId) => {
      const response = await sendEks(
        'DescribePodIdentityAssociation',
        `describe Pod Identity association ${associationId} of ${clusterName}`,
        () => this.client.send(new DescribePodIdentityAssociationCommand({ clusterName, associationId })),
      );
      return toAssociationDetails(response.association ?? { associationId, clusterName });
    });
  }

  async createPodIdentityAssociation(spec: CreatePodIdentityAssociationSpec): Promise<void> {
    await sendEks(
      'CreatePodIdentityAssociation',
      `associate ${spec.roleArn} with service account ${spec.namespace}/${spec.serviceAccount} of ${spec.clusterName}`,
      () =>
        this.client.send(
          new CreatePodIdentityAssociationCommand(
            defined({
              clusterName: spec.clusterName,
              namespace: spec.namespace,
              serviceAccount: spec.serviceAccount,
              roleArn: spec.roleArn,
              targetRoleArn: spec.targetRoleArn,
              disableSessionTags: spec.disableSessionTags,
              policy: spec.policy,
              tags: spec.tags ? { ...spec.tags } : undefined,
            }),
          ),
        ),
    );
  }
}
