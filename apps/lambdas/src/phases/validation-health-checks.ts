import type { ValidationCheck, ValidationResult } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';
import { check } from '../steps/shared/checks.js';
import type { HealthExpectations } from '../steps/step-kind-module.js';

/** What a validation measures on the way (cluster version, node groups and add-ons counted). */
export type ValidationMetrics = ValidationResult['metrics'];

/** Statuses that mean "still settling" rather than "broken". */
const SETTLING = new Set(['CREATING', 'UPDATING', 'PENDING']);

/** A resource's status as a check: ACTIVE with no health issues passes, still settling is pending. */
export function statusCheck(
  kind: string,
  name: string,
  status: string,
  issues: { code: string; message: string }[],
) {
  if (issues.length > 0) {
    return check(
      `${kind}:${name}`,
      'fail',
      `${issues.map((issue) => `${issue.code}: ${issue.message}`).join('; ')}`,
      {
        expected: 'no health issues',
        observed: status,
      },
    );
  }
  if (status === 'ACTIVE') return check(`${kind}:${name}`, 'pass', `${kind} ${name} is ACTIVE`);
  if (SETTLING.has(status)) {
    return check(`${kind}:${name}`, 'pending', `${kind} ${name} is ${status}`, {
      expected: 'ACTIVE',
      observed: status,
    });
  }
  return check(`${kind}:${name}`, 'fail', `${kind} ${name} is ${status}`, {
    expected: 'ACTIVE',
    observed: status,
  });
}

/** A version as planned, or not. */
export function versionCheck(name: string, expected: string, observed: string): ValidationCheck {
  return expected === observed
    ? check(name, 'pass', `runs ${observed} as planned`, { expected, observed })
    : check(name, 'fail', `runs ${observed}, planned ${expected}`, { expected, observed });
}

/** Cluster, node groups and add-ons ACTIVE with no health issues, at the expected versions. */
export async function healthChecks(
  gateway: ClusterGateway,
  clusterName: string,
  expectations: HealthExpectations,
  metrics: ValidationMetrics,
): Promise<ValidationCheck[]> {
  const cluster = await gateway.describeCluster(clusterName);
  if (!cluster) return [check('cluster-exists', 'fail', `Cluster ${clusterName} does not exist`)];
  const checks: ValidationCheck[] = [
    statusCheck('cluster', clusterName, cluster.status, cluster.healthIssues),
  ];
  if (expectations.clusterVersion) {
    checks.push(versionCheck('cluster-version', expectations.clusterVersion, cluster.version));
  }
  const [nodegroups, addons] = await Promise.all([
    gateway.listNodegroups(clusterName),
    gateway.listAddons(clusterName),
  ]);
  // A resource the plan expects but EKS does not list (never created, or gone) fails: no
  // check at all would pass it silently.
  const missing = (kind: string, expected: Map<string, string> | undefined, present: { name: string }[]) =>
    [...(expected?.keys() ?? [])]
      .filter((name) => !present.some((item) => item.name === name))
      .map((name) => check(`${kind}:${name}`, 'fail', `${kind} ${name} does not exist in ${clusterName}`));
  checks.push(...missing('nodegroup', expectations.nodegroupVersions, nodegroups));
  checks.push(...missing('addon', expectations.addonVersions, addons));
  for (const nodegroup of nodegroups) {
    checks.push(statusCheck('nodegroup', nodegroup.name, nodegroup.status, nodegroup.healthIssues));
    const expected = expectations.nodegroupVersions?.get(nodegroup.name) ?? expectations.allNodegroupsAt;
    if (expected)
      checks.push(versionCheck(`nodegroup-version:${nodegroup.name}`, expected, nodegroup.version));
  }
  for (const addon of addons) {
    checks.push(statusCheck('addon', addon.name, addon.status, addon.healthIssues));
    const expected = expectations.addonVersions?.get(addon.name);
    if (expected) checks.push(versionCheck(`addon-version:${addon.name}`, expected, addon.version));
  }
  metrics.clusterVersion = cluster.version;
  metrics.nodegroups = nodegroups.length;
  metrics.healthyNodegroups = nodegroups.filter(
    (nodegroup) => nodegroup.status === 'ACTIVE' && nodegroup.healthIssues.length === 0,
  ).length;
  metrics.addons = addons.length;
  return checks;
}
