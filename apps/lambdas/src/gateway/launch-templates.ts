/**
 * EC2 launch templates as the blue/green planner needs them: which template version a node group
 * uses and what of it could pin the blue cluster (DescribeLaunchTemplateVersions,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html).
 */

/** A launch template by id or name, as DescribeNodegroup reports it (EC2 takes one, not both). */
export interface LaunchTemplateRef {
  readonly id?: string;
  readonly name?: string;
}

/** One launch template version: the settings of it that can name a cluster. */
export interface LaunchTemplateVersionInfo {
  templateId: string;
  templateName?: string;
  /** `VersionNumber`, as a string like the node group's `launchTemplate.version`. */
  versionNumber: string;
  /** Whether it is the template's default version (what a node group without a version uses). */
  defaultVersion: boolean;
  /** `LaunchTemplateData.UserData`: base64, as EC2 returns it (it may hold secrets: never logged or stored). */
  userData?: string;
  /** `LaunchTemplateData.SecurityGroupIds`. */
  securityGroupIds: string[];
  /** `LaunchTemplateData.NetworkInterfaces[i].Groups`, one list per interface. */
  networkInterfaceGroups: string[][];
}

/** The launch-template read of the cluster gateway. */
export interface ClusterLaunchTemplateOperations {
  /**
   * DescribeLaunchTemplateVersions of one template for the versions named (`$Default` and
   * `$Latest` too), all pages: what of each version could name a cluster.
   */
  describeLaunchTemplateVersions(
    template: LaunchTemplateRef,
    versions: readonly string[],
  ): Promise<LaunchTemplateVersionInfo[]>;
}
