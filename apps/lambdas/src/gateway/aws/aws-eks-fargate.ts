import {
  CreateFargateProfileCommand,
  DeleteFargateProfileCommand,
  DescribeFargateProfileCommand,
  type EKSClient,
  type FargateProfile,
} from '@aws-sdk/client-eks';
import { AWSServiceError } from '@eks-upgrade/core-models';
import type { CreateFargateProfileSpec, FargateProfileDetails } from '../cluster-gateway.js';
import { sendEks } from './aws-eks-send.js';

function toFargateProfileDetails(profile: FargateProfile): FargateProfileDetails {
  return {
    name: profile.fargateProfileName ?? '',
    clusterName: profile.clusterName ?? '',
    status: profile.status ?? 'UNKNOWN',
    podExecutionRoleArn: profile.podExecutionRoleArn ?? '',
    subnets: [...(profile.subnets ?? [])],
    selectors: (profile.selectors ?? []).map((selector) => ({
      ...(selector.namespace !== undefined ? { namespace: selector.namespace } : {}),
      ...(selector.labels && Object.keys(selector.labels).length > 0
        ? { labels: { ...selector.labels } }
        : {}),
    })),
    ...(profile.tags && Object.keys(profile.tags).length > 0 ? { tags: { ...profile.tags } } : {}),
  };
}

/**
 * The Fargate profile operations of `AwsEksApi` (EKS API reference: DescribeFargateProfile,
 * CreateFargateProfile, DeleteFargateProfile,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_Operations.html), over its client.
 *
 * @example
 * ```ts
 * const fargate = new AwsEksFargate(new EKSClient({ region: 'eu-west-1' }));
 * await fargate.describeFargateProfile('prod', 'default');
 * ```
 */
export class AwsEksFargate {
  private readonly client: EKSClient;

  constructor(client: EKSClient) {
    this.client = client;
  }

  async describeFargateProfile(
    clusterName: string,
    profileName: string,
  ): Promise<FargateProfileDetails | undefined> {
    try {
      const response = await sendEks(
        'DescribeFargateProfile',
        `describe Fargate profile ${profileName} of ${clusterName}`,
        () =>
          this.client.send(
            new DescribeFargateProfileCommand({ clusterName, fargateProfileName: profileName }),
          ),
      );
      return response.fargateProfile ? toFargateProfileDetails(response.fargateProfile) : undefined;
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async createFargateProfile(spec: CreateFargateProfileSpec): Promise<FargateProfileDetails> {
    const response = await sendEks(
      'CreateFargateProfile',
      `create Fargate profile ${spec.fargateProfileName} in ${spec.clusterName}`,
      () =>
        this.client.send(
          new CreateFargateProfileCommand({
            clusterName: spec.clusterName,
            fargateProfileName: spec.fargateProfileName,
            podExecutionRoleArn: spec.podExecutionRoleArn,
            subnets: [...spec.subnets],
            selectors: structuredClone(spec.selectors),
            ...(spec.tags ? { tags: { ...spec.tags } } : {}),
          }),
        ),
    );
    return toFargateProfileDetails(
      response.fargateProfile ?? {
        fargateProfileName: spec.fargateProfileName,
        clusterName: spec.clusterName,
        status: 'CREATING',
      },
    );
  }

  async deleteFargateProfile(clusterName: string, profileName: string): Promise<void> {
    await sendEks('DeleteFargateProfile', `delete Fargate profile ${profileName} of ${clusterName}`, () =>
      this.client.send(new DeleteFargateProfileCommand({ clusterName, fargateProfileName: profileName })),
    );
  }
}
