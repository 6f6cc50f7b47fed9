/*
 * The EKS update shapes of the cluster gateway (UpdateClusterVersion, UpdateNodegroupVersion,
 * UpdateAddon, DescribeUpdate, the insights refresh): kept apart from cluster-gateway.ts, which
 * re-exports them, so neither file outgrows 400 lines.
 */

/** Status values of an EKS update. */
export const UpdateStatus = {
  IN_PROGRESS: 'InProgress',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  SUCCESSFUL: 'Successful',
} as const;
export type UpdateStatus = (typeof UpdateStatus)[keyof typeof UpdateStatus];

/** Where an update applies: the cluster, one of its node groups, or one of its add-ons. */
export interface UpdateScope {
  nodegroupName?: string;
  addonName?: string;
}

/** An asynchronous EKS update (DescribeUpdate, or the response of an Update* call). */
export interface UpdateInfo {
  id: string;
  /** `VersionUpdate`, `VersionRollback`, `AddonUpdate`, ... */
  type: string;
  status: UpdateStatus | string;
  /** The update's parameters by name: `Version`, `PlatformVersion`, `AddonVersion`, ... */
  params: Record<string, string>;
  /** EKS's error details (`errors[]`): code, message and the resources (e.g. pods) concerned. */
  errors: { code: string; message: string; resourceIds?: string[] }[];
  createdAt?: string;
}

/**
 * Options of a node group version update (UpdateNodegroupVersion,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html).
 */
export interface UpdateNodegroupVersionOptions {
  /** Drain even when a PodDisruptionBudget blocks evicting a pod, instead of failing with PodEvictionFailure. */
  force?: boolean;
  /**
   * A custom-AMI group: the launch template (its id or name) and the version of it to roll to.
   * The Kubernetes version is then not sent: EKS fails the update of a custom-AMI group that
   * names one, the AMI in the template decides it.
   */
  launchTemplate?: { id?: string; name?: string; version: string };
  /** An EKS-AMI group: the AMI release to roll to (EKS refuses it for a custom AMI). */
  releaseVersion?: string;
}

/**
 * How a node group rolls, as UpdateNodegroupConfig takes it (`updateConfig`,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html): the update
 * strategy with one of the two unavailability bounds, which EKS requires to have a value (the
 * group's own is sent along, so changing the strategy leaves the bound as it was).
 */
export interface NodegroupUpdateConfig {
  /** `DEFAULT` (new nodes first, then the old drained) or `MINIMAL` (old nodes drained first). */
  updateStrategy: 'DEFAULT' | 'MINIMAL';
  /** The most nodes unavailable at once (1-100); or `maxUnavailablePercentage`. */
  maxUnavailable?: number;
  /** The largest share of nodes unavailable at once, in percent (1-100); or `maxUnavailable`. */
  maxUnavailablePercentage?: number;
}

/** Where an insights refresh stands (StartInsightsRefresh / DescribeInsightsRefresh). */
export interface InsightsRefreshInfo {
  /** `IN_PROGRESS`, `FAILED` or `COMPLETED`. */
  status: string;
  message?: string;
}

/** Options of a control-plane version update. */
export interface UpdateClusterVersionOptions {
  /**
   * Ask for EKS's native version rollback (UpdateClusterVersion to N-1 with `rollbackConfig`).
   * Only valid to the previous minor version within 7 days of an in-place upgrade.
   */
  rollback?: boolean;
  /**
   * How long EKS waits for the native rollback before cancelling it (`rollbackConfig.timeoutMinutes`,
   * 120-10080; the phases pass `upgrade.nativeRollbackTimeoutMinutes`); not the 7-day window in
   * which a rollback may be asked for. EKS's default, 720,
   * when absent.
   */
  rollbackTimeoutMinutes?: number;
  /** Idempotency token passed to EKS. */
  clientRequestToken?: string;
}
