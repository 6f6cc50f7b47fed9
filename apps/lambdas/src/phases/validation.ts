import {
  type AgentConfig,
  type PlanStep,
  parseOrThrow,
  type StepResult,
  type UpgradePlan,
  type UpgradeRequest,
  UpgradeStrategy,
  type ValidationCheck,
  ValidationError,
  type ValidationInput,
  ValidationInputSchema,
  type ValidationResult,
  ValidationResultSchema,
} from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';
import { advanceClusterDeletion, describeDeletion } from './cluster-deletion.js';
import { type PhaseDependencies, silentLogger, systemClock } from './dependencies.js';
import { greenClusterNameFor } from './reasoning.js';

type Dependencies = Pick<PhaseDependencies, 'gateway' | 'config' | 'logger' | 'clock'>;
type Metrics = ValidationResult['metrics'];

/** Statuses that mean "still settling" rather than "broken". */
const SETTLING = new Set(['CREATING', 'UPDATING', 'PENDING']);

/** What the resources should look like for the checks to pass. */
interface Expectations {
  clusterVersion?: string;
  nodegroupVersions?: Map<string, string>;
  /** Every node group on this version (final scope). */
  allNodegroupsAt?: string;
  addonVersions?: Map<string, string>;
}

function check(
  name: string,
  status: ValidationCheck['status'],
  message: string,
  extra: Partial<ValidationCheck> = {},
) {
  return { name, status, message, ...extra };
}

function statusCheck(
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

function versionCheck(name: string, expected: string, observed: string): ValidationCheck {
  return expected === observed
    ? check(name, 'pass', `runs ${observed} as planned`, { expected, observed })
    : check(name, 'fail', `runs ${observed}, planned ${expected}`, { expected, observed });
}

/** Cluster, node groups and add-ons ACTIVE with no health issues, at the expected versions. */
async function healthChecks(
  gateway: ClusterGateway,
  clusterName: string,
  expectations: Expectations,
  metrics: Metrics,
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

/** Any named alarm in ALARM is unhealthy; a named alarm that does not exist is too (we would be blind). */
async function alarmChecks(
  gateway: ClusterGateway,
  request: UpgradeRequest,
  config: AgentConfig,
  metrics: Metrics,
): Promise<ValidationCheck[]> {
  const names = [...new Set([...config.upgrade.alarmNames, ...(request.alarmNames ?? [])])];
  if (names.length === 0) return [];
  const alarms = await gateway.describeAlarms(names);
  metrics.alarmsInAlarm = alarms.filter((alarm) => alarm.state === 'ALARM').length;
  return alarms.map((alarm) => {
    const name = `alarm:${alarm.name}`;
    if (!alarm.found)
      return check(name, 'fail', `Alarm ${alarm.name} does not exist, so it cannot vouch for the upgrade`);
    if (alarm.state === 'ALARM') {
      return check(
        name,
        'fail',
        `Alarm ${alarm.name} is in ALARM${alarm.reason ? `: ${alarm.reason}` : ''}`,
        {
          expected: 'OK',
          observed: 'ALARM',
        },
      );
    }
    return check(name, 'pass', `Alarm ${alarm.name} is ${alarm.state}`, { observed: alarm.state });
  });
}

/** Polls the update a step started; `undefined` when it finished successfully (go on to health). */
async function updateCheck(
  gateway: ClusterGateway,
  result: StepResult,
): Promise<ValidationCheck | undefined> {
  if (!result.updateId) return undefined;
  const scope = {
    ...(result.nodegroupName ? { nodegroupName: result.nodegroupName } : {}),
    ...(result.addonName ? { addonName: result.addonName } : {}),
  };
  const update = await gateway.describeUpdate(result.clusterName, result.updateId, scope);
  if (update.status === 'InProgress') {
    return check('update-status', 'pending', `Update ${update.id} (${update.type}) is in progress`, {
      expected: 'Successful',
      observed: update.status,
    });
  }
  if (update.status !== 'Successful') {
    const errors = update.errors.map((error) => `${error.code}: ${error.message}`).join('; ');
    return check(
      'update-status',
      'fail',
      `Update ${update.id} (${update.type}) ended ${update.status}${errors ? `: ${errors}` : ''}`,
      {
        expected: 'Successful',
        observed: update.status,
      },
    );
  }
  return undefined;
}

function expectationsForStep(step: PlanStep): Expectations {
  switch (step.kind) {
    case 'control_plane_upgrade':
      return { clusterVersion: step.toVersion };
    case 'addon_upgrade':
      return { addonVersions: new Map([[step.addonName, step.toVersion]]) };
    case 'nodegroup_upgrade':
      return { nodegroupVersions: new Map([[step.nodegroupName, step.toVersion]]) };
    case 'cluster_provision':
      return { clusterVersion: step.version };
    case 'nodegroup_provision':
      return { nodegroupVersions: new Map([[step.nodegroupName, step.version]]) };
    case 'addon_install':
      return { addonVersions: new Map([[step.addonName, step.toVersion]]) };
    default:
      return {};
  }
}

/** Add-on versions the plan ends with (its last upgrade or install step per add-on). */
function plannedAddonVersions(plan: UpgradePlan | undefined): Map<string, string> {
  const versions = new Map<string, string>();
  for (const step of plan?.steps ?? [])
    if (step.kind === 'addon_upgrade' || step.kind === 'addon_install')
      versions.set(step.addonName, step.toVersion);
  return versions;
}

/** Node groups the plan creates on the green cluster, at their versions. */
function plannedGreenNodegroups(plan: UpgradePlan | undefined): Map<string, string> {
  const versions = new Map<string, string>();
  for (const step of plan?.steps ?? [])
    if (step.kind === 'nodegroup_provision') versions.set(step.nodegroupName, step.version);
  return versions;
}

/** Polls a traffic step's Route 53 change; `undefined` once it is INSYNC (go on to health). */
async function trafficChangeCheck(
  gateway: ClusterGateway,
  result: StepResult,
): Promise<ValidationCheck | undefined> {
  if (!result.changeId) return undefined;
  const status = await gateway.getTrafficChangeStatus(result.changeId);
  if (status === 'INSYNC') return undefined;
  return check('traffic-change', 'pending', `Route 53 change ${result.changeId} is ${status}`, {
    expected: 'INSYNC',
    observed: status,
  });
}

async function validateStep(
  step: PlanStep,
  result: StepResult,
  request: UpgradeRequest,
  dependencies: Dependencies,
  metrics: Metrics,
): Promise<ValidationCheck[]> {
  const { gateway, config } = dependencies;
  if (step.kind === 'cluster_decommission') {
    // The one write validation makes: EKS deletes the cluster only after its node groups are
    // gone, minutes later, so each poll moves the deletion on (see advanceClusterDeletion).
    const progress = await advanceClusterDeletion(gateway, step.clusterName);
    const message = describeDeletion(step.clusterName, progress);
    return [
      check('cluster-deleted', progress.state === 'gone' ? 'pass' : 'pending', message, {
        observed: progress.state,
      }),
    ];
  }
  const progress =
    step.kind === 'traffic_shift'
      ? await trafficChangeCheck(gateway, result)
      : await updateCheck(gateway, result);
  if (progress) return [progress];
  const checks: ValidationCheck[] = result.updateId
    ? [check('update-status', 'pass', `Update ${result.updateId} succeeded`)]
    : [];
  if (step.kind === 'traffic_shift' && result.changeId) {
    checks.push(check('traffic-change', 'pass', `Route 53 change ${result.changeId} is INSYNC`));
  }
  const clusterName = step.kind === 'traffic_shift' ? step.greenClusterName : step.clusterName;
  checks.push(...(await healthChecks(gateway, clusterName, expectationsForStep(step), metrics)));
  if (step.kind === 'traffic_shift' && request.trafficRouting) {
    checks.push(await weightCheck(gateway, request, step.toWeight, metrics));
  }
  checks.push(...(await alarmChecks(gateway, request, config, metrics)));
  return checks;
}

async function weightCheck(
  gateway: ClusterGateway,
  request: UpgradeRequest,
  expectedGreen: number,
  metrics: Metrics,
): Promise<ValidationCheck> {
  const weights = await gateway.getTrafficWeights(request.trafficRouting!);
  metrics.greenWeight = weights.green ?? 0;
  metrics.blueWeight = weights.blue ?? 0;
  return weights.green === expectedGreen && weights.blue === 100 - expectedGreen
    ? check('traffic-weights', 'pass', `${expectedGreen}% of traffic on green`, {
        observed: `${weights.green}`,
      })
    : check('traffic-weights', 'fail', `Weights are blue=${weights.blue} green=${weights.green}`, {
        expected: `blue=${100 - expectedGreen} green=${expectedGreen}`,
        observed: `blue=${weights.blue} green=${weights.green}`,
      });
}

/**
 * Validation: decides the workflow's gates. `step`: polls the step's update (DescribeUpdate), a
 * traffic step's Route 53 change (GetChange, until INSYNC), the creation of the green cluster,
 * its node groups and add-ons, or the blue cluster's deletion — `in_progress` until it ends —
 * then checks health (for a deletion, each poll also moves it on: node groups first, then the
 * cluster, as EKS requires). `bake`: after a traffic step's bake time, the green cluster's health, the
 * weights and the alarms. `final`: the upgraded cluster at the target with every node group on
 * it and the planned add-on versions. Health: cluster, node groups and add-ons ACTIVE with no
 * health issues, versions as planned; CloudWatch alarms named in the configuration or the
 * request (any in ALARM, or missing, is unhealthy).
 *
 * @example
 * ```ts
 * const verdict = await validateUpgrade({ request, scope: 'step', step, stepResult }, { gateway, config });
 * if (verdict.status === 'in_progress') { ... poll again ... }
 * ```
 */
export async function validateUpgrade(
  input: ValidationInput,
  dependencies: Dependencies,
): Promise<ValidationResult> {
  const parsed = parseOrThrow(ValidationInputSchema, input, 'validation input');
  const { request, scope } = parsed;
  const { gateway, config } = dependencies;
  const logger = dependencies.logger ?? silentLogger;
  const metrics: Metrics = {};
  let checks: ValidationCheck[];
  let clusterName = request.clusterName;
  const greenName = greenClusterNameFor(request);
  const blueGreen = (parsed.plan?.strategy ?? request.strategy) === UpgradeStrategy.BLUE_GREEN;
  if (scope === 'step') {
    if (!parsed.step || !parsed.stepResult) {
      throw new ValidationError('Invalid validation input', [
        { path: parsed.step ? 'stepResult' : 'step', message: 'is required when scope is step' },
      ]);
    }
    clusterName = parsed.stepResult.clusterName;
    if (parsed.stepResult.status === 'failed') {
      checks = [check('step-status', 'fail', `Step ${parsed.step.id} failed: ${parsed.stepResult.message}`)];
    } else {
      checks = await validateStep(parsed.step, parsed.stepResult, request, dependencies, metrics);
    }
  } else if (scope === 'bake') {
    clusterName = blueGreen ? greenName : request.clusterName;
    checks = await healthChecks(gateway, clusterName, {}, metrics);
    const weight = parsed.step?.kind === 'traffic_shift' ? parsed.step.toWeight : undefined;
    if (weight !== undefined && request.trafficRouting)
      checks.push(await weightCheck(gateway, request, weight, metrics));
    checks.push(...(await alarmChecks(gateway, request, config, metrics)));
  } else {
    clusterName = blueGreen ? greenName : request.clusterName;
    const target = parsed.plan?.targetVersion ?? request.targetVersion;
    checks = await healthChecks(
      gateway,
      clusterName,
      {
        clusterVersion: target,
        allNodegroupsAt: target,
        ...(blueGreen ? { nodegroupVersions: plannedGreenNodegroups(parsed.plan) } : {}),
        addonVersions: plannedAddonVersions(parsed.plan),
      },
      metrics,
    );
    checks.push(...(await alarmChecks(gateway, request, config, metrics)));
  }
  const failed = checks.filter((item) => item.status === 'fail');
  const pending = checks.filter((item) => item.status === 'pending');
  const status = failed.length > 0 ? 'unhealthy' : pending.length > 0 ? 'in_progress' : 'healthy';
  const summary =
    status === 'healthy'
      ? `${clusterName}: healthy (${checks.length} checks passed)`
      : status === 'in_progress'
        ? `${clusterName}: waiting (${pending.map((item) => item.message).join('; ')})`
        : `${clusterName}: unhealthy (${failed.map((item) => `${item.name}: ${item.message}`).join('; ')})`;
  const result = parseOrThrow(
    ValidationResultSchema,
    {
      clusterName,
      ...(parsed.step ? { stepId: parsed.step.id } : {}),
      status,
      success: status === 'healthy',
      checks,
      failedChecks: failed.map((item) => item.name),
      metrics,
      summary: summary.slice(0, 2000),
      checkedAt: (dependencies.clock ?? systemClock).now().toISOString(),
    },
    'validation result',
  );
  logger.info('Validation done', {
    scope,
    status,
    stepId: parsed.step?.id,
    failed: failed.length,
    pending: pending.length,
  });
  return result;
}
