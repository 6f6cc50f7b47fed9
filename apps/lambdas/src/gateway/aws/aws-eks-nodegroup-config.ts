import { type EKSClient, UpdateNodegroupConfigCommand } from '@aws-sdk/client-eks';
import type { NodegroupUpdateConfig, UpdateInfo } from '../cluster-gateway.js';
import { defined, toUpdateInfo } from './aws-eks-mappers.js';
import { sendEks } from './aws-eks-send.js';

/**
 * UpdateNodegroupConfig for how a managed node group rolls
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html), over
 * `AwsEksApi`'s client: only `updateConfig` is sent, so labels, taints, scaling and repair stay
 * as they are.
 *
 * @example
 * ```ts
 * const config = new AwsEksNodegroupConfig(new EKSClient({ region: 'eu-west-1' }));
 * await config.updateNodegroupConfig('prod', 'general', { updateStrategy: 'MINIMAL', maxUnavailable: 1 });
 * ```
 */
export class AwsEksNodegroupConfig {
  private readonly client: EKSClient;

  constructor(client: EKSClient) {
    this.client = client;
  }

  async updateNodegroupConfig(
    clusterName: string,
    nodegroupName: string,
    updateConfig: NodegroupUpdateConfig,
  ): Promise<UpdateInfo> {
    const operation = 'UpdateNodegroupConfig';
    const response = await sendEks(
      operation,
      `set node group ${nodegroupName}'s update strategy to ${updateConfig.updateStrategy}`,
      () =>
        this.client.send(
          new UpdateNodegroupConfigCommand({
            clusterName,
            nodegroupName,
            updateConfig: defined(updateConfig),
          }),
        ),
    );
    return toUpdateInfo(response.update, operation);
  }
}
