/** An EKS add-on version such as `v1.18.3-eksbuild.1`, split into comparable numbers. */
export interface AddonVersion {
  major: number;
  minor: number;
  patch: number;
  /** The `eksbuild.N` number, 0 when absent. */
  build: number;
}

/**
 * Parses an EKS add-on version (`v1.18.3-eksbuild.1`, `1.11.1`); `undefined` when it does not
 * look like one.
 *
 * @example
 * ```ts
 * parseAddonVersion('v1.18.3-eksbuild.1'); // { major: 1, minor: 18, patch: 3, build: 1 }
 * ```
 */
export function parseAddonVersion(text: string): AddonVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-eksbuild\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
    build: Number(match[4] ?? 0),
  };
}

/**
 * Negative when `a` is older than `b`, 0 when equal, positive when newer; unparsable compare as text.
 *
 * @example
 * ```ts
 * ['v1.19.2-eksbuild.1', 'v1.18.5-eksbuild.1'].sort(compareAddonVersions); // oldest first
 * ```
 */
export function compareAddonVersions(a: string, b: string): number {
  const left = parseAddonVersion(a);
  const right = parseAddonVersion(b);
  if (!left || !right) return a.localeCompare(b);
  return (
    left.major - right.major ||
    left.minor - right.minor ||
    left.patch - right.patch ||
    left.build - right.build
  );
}

/**
 * `major.minor` of an add-on version.
 *
 * @example
 * ```ts
 * addonMinorKey('v1.18.3-eksbuild.1'); // '1.18'
 * ```
 */
export function addonMinorKey(text: string): string | undefined {
  const version = parseAddonVersion(text);
  return version ? `${version.major}.${version.minor}` : undefined;
}

/**
 * How many minor versions `to` is ahead of `from` (across majors: a large number).
 *
 * @example
 * ```ts
 * addonMinorDistance('v1.16.4-eksbuild.2', 'v1.19.2-eksbuild.1'); // 3
 * ```
 */
export function addonMinorDistance(from: string, to: string): number {
  const left = parseAddonVersion(from);
  const right = parseAddonVersion(to);
  if (!left || !right) return 0;
  if (left.major !== right.major) return (right.major - left.major) * 1000;
  return right.minor - left.minor;
}

/** The Amazon VPC CNI add-on, which EKS says to move one minor version at a time. */
export const VPC_CNI_ADDON = 'vpc-cni';
