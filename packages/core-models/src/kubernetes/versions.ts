import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';

/** A Kubernetes minor release as EKS names it: `1.31`. */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
}

const VERSION_PATTERN = /^(\d+)\.(\d+)$/;
export const KUBERNETES_VERSION_RULE = 'must look like 1.31';

/** zod schema for an EKS Kubernetes version string such as `1.31`. */
export const KubernetesVersionSchema = z
  .string({ error: KUBERNETES_VERSION_RULE })
  .regex(VERSION_PATTERN, { error: KUBERNETES_VERSION_RULE })
  .refine((value) => value.startsWith('1.'), { error: 'must be a Kubernetes 1.x version' });

/**
 * Parses `1.31` (a leading `v` and a patch part such as `v1.31.2` are accepted, since kubelet
 * reports them so) into `{ major: 1, minor: 31 }`.
 *
 * @throws ValidationError when the text is not a Kubernetes 1.x version.
 * @example
 * ```ts
 * parseKubernetesVersion('1.31'); // { major: 1, minor: 31 }
 * parseKubernetesVersion('v1.30.4-eks-a737599'); // { major: 1, minor: 30 }
 * ```
 */
export function parseKubernetesVersion(text: string, field = 'version'): KubernetesVersion {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!match) {
    throw new ValidationError('Invalid Kubernetes version', [
      { path: field, message: `${KUBERNETES_VERSION_RULE} (got ${JSON.stringify(text)})` },
    ]);
  }
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  if (version.major !== 1) {
    throw new ValidationError('Invalid Kubernetes version', [
      { path: field, message: `must be a Kubernetes 1.x version (got ${JSON.stringify(text)})` },
    ]);
  }
  return version;
}

/** Renders a version as EKS does: `1.31`. */
export function formatKubernetesVersion(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}`;
}

/** Normalises any accepted spelling (`v1.31.2`) to `1.31`. */
export function normalizeKubernetesVersion(text: string, field?: string): string {
  return formatKubernetesVersion(parseKubernetesVersion(text, field));
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareKubernetesVersions(a: string, b: string): number {
  const left = parseKubernetesVersion(a);
  const right = parseKubernetesVersion(b);
  return left.major - right.major || left.minor - right.minor;
}

/** How many minor versions `to` is ahead of `from` (negative when behind). */
export function minorVersionDistance(from: string, to: string): number {
  const left = parseKubernetesVersion(from);
  const right = parseKubernetesVersion(to);
  if (left.major !== right.major) {
    throw new ValidationError('Invalid Kubernetes version pair', [
      { path: 'version', message: `cannot compare across major versions (${from} and ${to})` },
    ]);
  }
  return right.minor - left.minor;
}

/** Options for `planVersionHops`. */
export interface VersionHopOptions {
  /**
   * Versions the service supports (from EKS DescribeClusterVersions). When given, the target
   * and every intermediate hop must be among them.
   */
  supportedVersions?: readonly string[];
}

/**
 * The control-plane versions an upgrade passes through, one minor at a time, ending at the
 * target: EKS moves the control plane one minor version per update.
 *
 * @throws ValidationError for malformed versions, a downgrade, equal versions, or a hop the
 *   service does not support.
 * @example
 * ```ts
 * planVersionHops('1.28', '1.31'); // ['1.29', '1.30', '1.31']
 * ```
 */
export function planVersionHops(from: string, to: string, options: VersionHopOptions = {}): string[] {
  const source = parseKubernetesVersion(from, 'sourceVersion');
  const target = parseKubernetesVersion(to, 'targetVersion');
  const distance = target.minor - source.minor;
  if (distance < 0) {
    throw new ValidationError('Invalid upgrade path', [
      {
        path: 'targetVersion',
        message: `must be newer than the current version ${from}: EKS cannot downgrade to ${to}`,
      },
    ]);
  }
  if (distance === 0) {
    throw new ValidationError('Invalid upgrade path', [
      { path: 'targetVersion', message: `must differ from the current version ${from}: nothing to upgrade` },
    ]);
  }
  const hops: string[] = [];
  for (let minor = source.minor + 1; minor <= target.minor; minor += 1) {
    hops.push(formatKubernetesVersion({ major: source.major, minor }));
  }
  if (options.supportedVersions) {
    const supported = new Set(
      options.supportedVersions.map((version) => normalizeKubernetesVersion(version)),
    );
    const unsupported = hops.filter((hop) => !supported.has(hop));
    if (unsupported.length > 0) {
      throw new ValidationError('Invalid upgrade path', [
        {
          path: 'targetVersion',
          message: `must be reachable through supported versions; EKS does not support ${unsupported.join(', ')} (supported: ${[...supported].join(', ')})`,
        },
      ]);
    }
  }
  return hops;
}

/**
 * The largest number of minor versions a kubelet may trail the API server: three from
 * Kubernetes 1.28 on, two before.
 */
export function maxKubeletSkew(controlPlaneVersion: string): number {
  return compareKubernetesVersions(controlPlaneVersion, '1.28') >= 0 ? 3 : 2;
}

/** Result of a version-skew check between the control plane and a node group's kubelet. */
export interface KubeletSkewCheck {
  allowed: boolean;
  /** Minor versions the kubelet trails by (negative when it leads). */
  skew: number;
  maxSkew: number;
  reason?: string;
}

/**
 * Checks the kubelet version-skew policy: a kubelet may trail the API server by up to
 * `maxKubeletSkew()` minors and may never lead it.
 *
 * @example
 * ```ts
 * checkKubeletSkew('1.31', '1.28').allowed; // true (3 behind)
 * checkKubeletSkew('1.31', '1.27').allowed; // false
 * ```
 */
export function checkKubeletSkew(controlPlaneVersion: string, kubeletVersion: string): KubeletSkewCheck {
  const skew = minorVersionDistance(kubeletVersion, controlPlaneVersion);
  const maxSkew = maxKubeletSkew(controlPlaneVersion);
  if (skew < 0) {
    return {
      allowed: false,
      skew,
      maxSkew,
      reason: `kubelet ${kubeletVersion} is newer than the control plane ${controlPlaneVersion}`,
    };
  }
  if (skew > maxSkew) {
    return {
      allowed: false,
      skew,
      maxSkew,
      reason: `kubelet ${kubeletVersion} trails the control plane ${controlPlaneVersion} by ${skew} minors (at most ${maxSkew})`,
    };
  }
  return { allowed: true, skew, maxSkew };
}
