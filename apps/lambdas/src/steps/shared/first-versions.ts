/**
 * The version each resource had before the plan moved it: the `fromVersion` of its first step,
 * keyed by cluster then by resource name.
 */
export function firstVersions<S extends { clusterName: string; fromVersion: string }>(
  steps: readonly S[],
  nameOf: (step: S) => string,
): Map<string, Map<string, string>> {
  const byCluster = new Map<string, Map<string, string>>();
  for (const step of steps) {
    const versions = byCluster.get(step.clusterName) ?? new Map<string, string>();
    if (!versions.has(nameOf(step))) versions.set(nameOf(step), step.fromVersion);
    byCluster.set(step.clusterName, versions);
  }
  return byCluster;
}
