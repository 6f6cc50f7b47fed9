import { compareKubernetesVersions } from '@eks-upgrade/core-models';
import type {
  AddonInfo,
  ClusterGateway,
  ClusterInfo,
  CreateAddonSpec,
  CreateClusterSpec,
  CreateNodegroupSpec,
  NodegroupInfo,
} from '../cluster-gateway.js';
import { createdClusterConfiguration, oidcIssuerFor } from './simulated-cluster-configuration.js';
import {
  addonInfo,
  clone,
  clusterArn,
  compatibilityOf,
  eksError,
  nodegroupInfo,
  requireActive,
  requireCluster,
  requireNodegroup,
  type SimAddon,
  type SimNodegroup,
  type SimulatedWorld,
  simulatedCertificateAuthority,
  simulatedClusterSecurityGroupId,
} from './simulated-eks-state.js';
import { refuseAmazonLinux2 } from './simulated-eks-version-rules.js';
import { PollCountdown } from './virtual-clock.js';

/** The EKS creations and deletions of the simulated gateway. */
export type SimulatedEksProvisioningOperations = Pick<
  ClusterGateway,
  'createCluster' | 'createNodegroup' | 'createAddon' | 'deleteNodegroup' | 'deleteCluster'
>;

/**
 * EKS creations and deletions. Each starts a transition (CREATING or DELETING) that ends after
 * `timing.createPolls` / `timing.deletePolls` polls of that resource (see `SimulatedEks`).
 *
 * @example
 * ```ts
 * const provisioning = new SimulatedEksProvisioning(world);
 * await provisioning.createCluster({ name: 'demo-1-31', version: '1.31', roleArn, subnetIds, securityGroupIds });
 * ```
 */
export class SimulatedEksProvisioning implements SimulatedEksProvisioningOperations {
  private readonly world: SimulatedWorld;

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  /**
   * Cluster names are unique per account and region (ResourceInUseException), the version must
   * be one EKS supports, and the endpoint must be reachable one way at least
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html,
   * https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html). What the request
   * leaves out gets EKS's defaults (`createdClusterConfiguration`), and a new OIDC issuer.
   */
  async createCluster(spec: CreateClusterSpec): Promise<ClusterInfo> {
    const operation = 'CreateCluster';
    const { scenario } = this.world;
    if (this.world.clusters.has(spec.name)) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Cluster already exists with name: ${spec.name}`,
        409,
      );
    }
    if (!scenario.cluster.supportedVersions.some((row) => row.version === spec.version)) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Kubernetes version ${spec.version} is not supported`,
      );
    }
    const configuration = createdClusterConfiguration(spec.configuration);
    if (
      !configuration.endpointAccess?.endpointPublicAccess &&
      !configuration.endpointAccess?.endpointPrivateAccess
    ) {
      throw eksError(
        operation,
        'InvalidParameterException',
        'At least one of endpointPublicAccess and endpointPrivateAccess must be true',
      );
    }
    this.world.calls.push({ operation, clusterName: spec.name, detail: spec.version });
    const arn = clusterArn(scenario, spec.name);
    const createdAt = this.world.clock.now().toISOString();
    const info: ClusterInfo = {
      name: spec.name,
      arn,
      version: spec.version,
      platformVersion: 'eks.1',
      status: 'CREATING',
      endpoint: `https://${spec.name}.sim.eks.${scenario.cluster.region}.amazonaws.com`,
      roleArn: spec.roleArn,
      subnetIds: [...spec.subnetIds],
      securityGroupIds: [...spec.securityGroupIds],
      supportType: configuration.upgradePolicy?.supportType ?? 'EXTENDED',
      healthIssues: [],
      createdAt,
      ...(spec.tags ? { tags: { ...spec.tags } } : {}),
      oidcIssuer: oidcIssuerFor(scenario.cluster.region, arn, createdAt),
      // EKS creates a cluster security group of the new cluster's own
      // (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html).
      clusterSecurityGroupId: simulatedClusterSecurityGroupId(spec.name),
      certificateAuthorityData: simulatedCertificateAuthority(spec.name),
      configuration,
    };
    const { failures } = this.world;
    const failure = failures.resourceFailure('cluster', 'create', spec.name);
    this.world.clusters.set(spec.name, {
      info,
      nodegroups: [],
      fargateProfiles: [],
      accessEntries: [],
      podIdentityAssociations: [],
      addons: [],
      transition: new PollCountdown(
        failures.transitionPolls('cluster', 'create', spec.name, undefined, scenario.timing.createPolls),
      ),
      ...(failure ? { failure } : {}),
    });
    return clone(info);
  }

  /**
   * CreateNodegroup's rules (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html):
   * unique name per cluster; `nodeRole` and at least one subnet required; a custom AMI only
   * through a launch template; `diskSize` and `remoteAccess` not with a launch template (they
   * belong in it, https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html);
   * minSize <= desiredSize <= maxSize; never a newer version than the control plane; no Amazon
   * Linux 2 AMI type at Kubernetes 1.33 or later (`refuseAmazonLinux2`).
   */
  async createNodegroup(spec: CreateNodegroupSpec): Promise<NodegroupInfo> {
    const operation = 'CreateNodegroup';
    const cluster = requireCluster(this.world, operation, spec.clusterName);
    requireActive(operation, cluster);
    if (cluster.nodegroups.some((nodegroup) => nodegroup.name === spec.nodegroupName)) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `NodeGroup already exists with name ${spec.nodegroupName} and cluster name ${spec.clusterName}`,
        409,
      );
    }
    const invalid = (message: string) => eksError(operation, 'InvalidParameterException', message);
    if (!spec.nodeRole) throw invalid('nodeRole is required');
    if (spec.subnets.length === 0) throw invalid('At least one subnet is required');
    if (spec.amiType === 'CUSTOM') {
      throw invalid(
        'A custom AMI comes from the launch template; version and releaseVersion cannot be given',
      );
    }
    refuseAmazonLinux2(operation, spec.nodegroupName, spec.amiType, spec.version);
    if (spec.launchTemplate && spec.diskSize !== undefined) {
      throw invalid('Disk size must be specified within the launch template.');
    }
    if (spec.launchTemplate && spec.remoteAccess) {
      throw invalid('Remote access configuration cannot be specified with a launch template.');
    }
    const { minSize = 1, maxSize = 2, desiredSize = minSize } = spec.scalingConfig ?? {};
    if (!(minSize <= desiredSize && desiredSize <= maxSize)) {
      throw invalid(
        `Scaling config must satisfy minSize <= desiredSize <= maxSize (${minSize}, ${desiredSize}, ${maxSize})`,
      );
    }
    if (compareKubernetesVersions(spec.version, cluster.info.version) > 0) {
      throw invalid(
        `Requested Kubernetes version ${spec.version} is newer than the control plane ${cluster.info.version}`,
      );
    }
    this.world.calls.push({
      operation,
      clusterName: spec.clusterName,
      detail: `${spec.nodegroupName} ${spec.version}`,
    });
    const nodegroup: SimNodegroup = {
      name: spec.nodegroupName,
      version: spec.version,
      releaseVersion: `${spec.version}.0-20260101`,
      status: 'CREATING',
      ...(spec.capacityType ? { capacityType: spec.capacityType } : {}),
      desiredSize,
      ...(spec.amiType ? { amiType: spec.amiType } : {}),
      customAmi: false,
      healthIssues: [],
      transition: this.creation('nodegroup', spec.clusterName, spec.nodegroupName),
      ...this.failureOf('nodegroup', 'create', spec.clusterName, spec.nodegroupName),
      shape: {
        nodeRole: spec.nodeRole,
        subnets: [...spec.subnets],
        scalingConfig: { minSize, maxSize, desiredSize },
        ...(spec.instanceTypes ? { instanceTypes: [...spec.instanceTypes] } : {}),
        ...(spec.diskSize !== undefined ? { diskSize: spec.diskSize } : {}),
        ...(spec.labels ? { labels: { ...spec.labels } } : {}),
        ...(spec.taints ? { taints: clone(spec.taints) } : {}),
        ...(spec.launchTemplate ? { launchTemplate: { ...spec.launchTemplate } } : {}),
        ...(spec.remoteAccess ? { remoteAccess: clone(spec.remoteAccess) } : {}),
        ...(spec.updateConfig ? { updateConfig: { ...spec.updateConfig } } : {}),
        ...(spec.tags ? { tags: { ...spec.tags } } : {}),
      },
    };
    cluster.nodegroups.push(nodegroup);
    return nodegroupInfo(nodegroup);
  }

  /**
   * One add-on of a name per cluster, at a version DescribeAddonVersions lists as compatible
   * with the cluster's Kubernetes version
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html,
   * https://docs.aws.amazon.com/eks/latest/userguide/addon-compat.html).
   */
  async createAddon(spec: CreateAddonSpec): Promise<AddonInfo> {
    const operation = 'CreateAddon';
    const cluster = requireCluster(this.world, operation, spec.clusterName);
    requireActive(operation, cluster);
    if (cluster.addons.some((addon) => addon.name === spec.addonName)) {
      throw eksError(operation, 'ResourceInUseException', `Addon already exists: ${spec.addonName}`, 409);
    }
    const compatibility = compatibilityOf(this.world.scenario, spec.addonName) ?? {};
    const compatible = compatibility[cluster.info.version]?.versions ?? [];
    if (!compatible.includes(spec.version)) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Addon version ${spec.version} is not compatible with Kubernetes ${cluster.info.version} (compatible: ${compatible.join(', ') || 'none'})`,
      );
    }
    this.world.calls.push({
      operation,
      clusterName: spec.clusterName,
      detail: `${spec.addonName} ${spec.version}`,
    });
    const addon: SimAddon = {
      name: spec.addonName,
      version: spec.version,
      status: 'CREATING',
      healthIssues: [],
      compatibility: clone(compatibility),
      transition: this.creation('addon', spec.clusterName, spec.addonName),
      ...this.failureOf('addon', 'create', spec.clusterName, spec.addonName),
      settings: {
        ...(spec.serviceAccountRoleArn ? { serviceAccountRoleArn: spec.serviceAccountRoleArn } : {}),
        ...(spec.configurationValues ? { configurationValues: spec.configurationValues } : {}),
        ...(spec.tags ? { tags: { ...spec.tags } } : {}),
      },
    };
    cluster.addons.push(addon);
    return addonInfo(addon);
  }

  /**
   * A node group being created or already being deleted cannot be deleted (ResourceInUseException,
   * https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteNodegroup.html, Errors).
   */
  async deleteNodegroup(clusterName: string, nodegroupName: string): Promise<void> {
    const operation = 'DeleteNodegroup';
    const cluster = requireCluster(this.world, operation, clusterName);
    const nodegroup = requireNodegroup(operation, cluster, nodegroupName);
    if (nodegroup.status === 'DELETING' || nodegroup.status === 'CREATING') {
      throw eksError(
        operation,
        'ResourceInUseException',
        nodegroup.status === 'DELETING'
          ? `Nodegroup ${nodegroupName} is already being deleted`
          : `Nodegroup ${nodegroupName} is in CREATING state and cannot be deleted until it is created`,
        409,
      );
    }
    this.world.calls.push({ operation, clusterName, detail: nodegroupName });
    nodegroup.status = 'DELETING';
    nodegroup.transition = new PollCountdown(
      this.world.failures.transitionPolls(
        'nodegroup',
        'delete',
        clusterName,
        nodegroupName,
        this.world.scenario.timing.deletePolls,
      ),
    );
    const failure = this.world.failures.resourceFailure('nodegroup', 'delete', clusterName, nodegroupName);
    if (failure) nodegroup.failure = failure;
    else delete nodegroup.failure;
  }

  /** A creation's countdown: the scenario's `timing.createPolls`, or a `slow_resource` fault's. */
  private creation(resource: 'nodegroup' | 'addon', clusterName: string, name: string): PollCountdown {
    return new PollCountdown(
      this.world.failures.transitionPolls(
        resource,
        'create',
        clusterName,
        name,
        this.world.scenario.timing.createPolls,
      ),
    );
  }

  /** How a creation or deletion ends when a `resource_fails` fault names it (nothing otherwise). */
  private failureOf(
    resource: 'nodegroup' | 'addon',
    operation: 'create' | 'delete',
    clusterName: string,
    name: string,
  ): Pick<SimNodegroup, 'failure'> {
    const failure = this.world.failures.resourceFailure(resource, operation, clusterName, name);
    return failure ? { failure } : {};
  }

  /**
   * EKS deletes a cluster only once its managed node groups and Fargate profiles are deleted
   * (ResourceInUseException otherwise; DeleteCluster API reference,
   * https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteCluster.html, and
   * https://docs.aws.amazon.com/eks/latest/userguide/delete-cluster.html).
   */
  async deleteCluster(clusterName: string): Promise<void> {
    const operation = 'DeleteCluster';
    const cluster = requireCluster(this.world, operation, clusterName);
    if (cluster.info.status === 'DELETING') {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Cluster ${clusterName} is already being deleted`,
        409,
      );
    }
    if (cluster.nodegroups.length > 0) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Cluster has nodegroups attached: ${cluster.nodegroups.map((nodegroup) => nodegroup.name).join(', ')}`,
        409,
      );
    }
    if (cluster.fargateProfiles.length > 0) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Cluster has fargate profiles attached: ${cluster.fargateProfiles.map((profile) => profile.name).join(', ')}`,
        409,
      );
    }
    this.world.calls.push({ operation, clusterName });
    cluster.info.status = 'DELETING';
    cluster.transition = new PollCountdown(
      this.world.failures.transitionPolls(
        'cluster',
        'delete',
        clusterName,
        undefined,
        this.world.scenario.timing.deletePolls,
      ),
    );
  }
}
