import type { AddonSnapshot } from '@eks-upgrade/core-models';
import {
  addonMinorDistance,
  addonMinorKey,
  compareAddonVersions,
  parseAddonVersion,
  VPC_CNI_ADDON,
} from '../versions/addon-versions.js';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';

/** The kube-proxy add-on's name as EKS knows it. */
export const KUBE_PROXY_ADDON = 'kube-proxy';

/**
 * Add-ons in the order they are updated or installed: VPC CNI, kube-proxy, CoreDNS (the add-ons
 * the EKS user guide says to update once the control plane is updated,
 * https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html), then the rest. In place,
 * kube-proxy then waits for the hop's node groups (see `planInPlace`).
 */
export function orderAddons(addons: readonly AddonSnapshot[]): AddonSnapshot[] {
  const rank = (name: string) => {
    const index = [VPC_CNI_ADDON, KUBE_PROXY_ADDON, 'coredns'].indexOf(name);
    return index === -1 ? 3 : index;
  };
  return [...addons].sort((left, right) => rank(left.name) - rank(right.name));
}

/** The compatibility row of `kubernetesVersion`, or a blocker when no version is compatible. */
function compatibilityFor(addon: AddonSnapshot, kubernetesVersion: string, builder: PlanBuilder) {
  // DescribeAddonVersions lists the versions compatible with each Kubernetes version
  // (https://docs.aws.amazon.com/eks/latest/userguide/addon-compat.html).
  const compatibility = addon.compatibility.find((entry) => entry.kubernetesVersion === kubernetesVersion);
  if (!compatibility || compatibility.versions.length === 0) {
    builder.block(
      PlanIssueCode.ADDON_INCOMPATIBLE,
      `Add-on ${addon.name} has no version compatible with Kubernetes ${kubernetesVersion}`,
      `addon:${addon.name}`,
    );
    return undefined;
  }
  return compatibility;
}

/**
 * EKS's default version for the Kubernetes version, or (with a warning) the newest compatible
 * one when EKS marks none as default.
 */
function defaultOrNewest(
  addon: AddonSnapshot,
  compatibility: AddonSnapshot['compatibility'][number],
  kubernetesVersion: string,
  builder: PlanBuilder,
): string {
  if (compatibility.defaultVersion) return compatibility.defaultVersion;
  const newest = [...compatibility.versions].sort(compareAddonVersions).reverse()[0]!;
  builder.warn(
    PlanIssueCode.ADDON_NO_DEFAULT_VERSION,
    `EKS marks no default ${addon.name} version for Kubernetes ${kubernetesVersion}; using the newest compatible ${newest}`,
    `addon:${addon.name}`,
  );
  return newest;
}

/**
 * The add-on versions to pass through so that `addon` ends on a version compatible with
 * `kubernetesVersion`: the default compatible version (or the newest when EKS marks none), and
 * for VPC CNI the newest compatible version of each minor in between. `[]` when the current
 * version is already compatible and not older than that; `undefined`, with a blocker, when no
 * path exists.
 *
 * @example
 * ```ts
 * addonUpgradePath(vpcCni, 'v1.16.4-eksbuild.2', '1.31', builder);
 * // ['v1.17.1-eksbuild.1', 'v1.18.5-eksbuild.1', 'v1.19.2-eksbuild.1']
 * ```
 */
export function addonUpgradePath(
  addon: AddonSnapshot,
  currentVersion: string,
  kubernetesVersion: string,
  builder: PlanBuilder,
): string[] | undefined {
  const compatibility = compatibilityFor(addon, kubernetesVersion, builder);
  if (!compatibility) return undefined;
  const target = defaultOrNewest(addon, compatibility, kubernetesVersion, builder);
  if (compareAddonVersions(currentVersion, target) >= 0) {
    if (compatibility.versions.includes(currentVersion)) return [];
    builder.block(
      PlanIssueCode.ADDON_INCOMPATIBLE,
      `Add-on ${addon.name} ${currentVersion} is not compatible with Kubernetes ${kubernetesVersion} and no newer compatible version exists`,
      `addon:${addon.name}`,
    );
    return undefined;
  }
  if (addon.name !== VPC_CNI_ADDON || addonMinorDistance(currentVersion, target) <= 1) return [target];
  // EKS recommends updating VPC CNI one minor version at a time
  // (https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html): the newest
  // compatible patch of each minor in between.
  const path: string[] = [];
  const current = parseAddonVersion(currentVersion)!;
  const last = parseAddonVersion(target)!;
  for (let minor = current.minor + 1; minor < last.minor; minor += 1) {
    const key = `${current.major}.${minor}`;
    const candidates = compatibility.versions
      .filter((version) => addonMinorKey(version) === key)
      .sort(compareAddonVersions)
      .reverse();
    if (candidates.length === 0) {
      builder.block(
        PlanIssueCode.ADDON_INCOMPATIBLE,
        `VPC CNI moves one minor version at a time, but no ${key}.x version is compatible with Kubernetes ${kubernetesVersion}`,
        `addon:${addon.name}`,
      );
      return undefined;
    }
    path.push(candidates[0]!);
  }
  path.push(target);
  return path;
}

/**
 * The version an add-on is installed at on the green cluster: EKS's default for the target (or
 * the newest compatible one, with a warning, when EKS marks none). A fresh install may take any
 * compatible version (VPC CNI's one-minor rule is about updates). `undefined`, with a blocker,
 * when nothing is compatible.
 *
 * @example
 * ```ts
 * addonInstallVersion(coredns, '1.31', builder); // 'v1.11.3-eksbuild.1'
 * ```
 */
export function addonInstallVersion(
  addon: AddonSnapshot,
  kubernetesVersion: string,
  builder: PlanBuilder,
): string | undefined {
  const compatibility = compatibilityFor(addon, kubernetesVersion, builder);
  if (!compatibility) return undefined;
  return defaultOrNewest(addon, compatibility, kubernetesVersion, builder);
}
