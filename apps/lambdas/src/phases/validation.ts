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
  withApprovedTrafficTarget,
} from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';
import { stepKindOf } from '../steps/registry.js';
import { check } from '../steps/shared/checks.js';
import { greenClusterOf } from '../steps/shared/plan-facts.js';
import type { GatewayOperation, HealthExpectations } from '../steps/step-kind-module.js';
import { type PhaseDependencies, silentLogger, systemClock } from './dependencies.js';
import {
  healthChecks,
  statusCheck,
  type ValidationMetrics,
  versionCheck,
} from './validation-health-checks.js';

type Dependencies = Pick<PhaseDependencies, 'gateway' | 'config' | 'logger' | 'clock'>;
type Metrics = ValidationMetrics;

/**
 * The gateway operations the validation phase calls itself, beyond what its step kinds declare
 * for polling: the health checks (cluster, node groups, add-ons), the Route 53 weights and the
 * CloudWatch alarms.
 */
export const VALIDATION_OWN_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listNodegroups',
  'describeNodegroup',
  'listAddons',
  'describeAddon',
  'getTrafficWeights',
  'describeAlarms',
];

/**
 * The node groups and add-ons a step creates or changes (its expectations), each described on
 * its own: what a poll reads while they settle, instead of every resource of the cluster.
 */
async function touchedResourceChecks(
  gateway: ClusterGateway,
  clusterName: string,
  expectations: HealthExpectations,
): Promise<ValidationCheck[]> {
  const checks: ValidationCheck[] = [];
  for (const [name, version] of expectations.nodegroupVersions ?? []) {
    const nodegroup = await gateway.describeNodegroup(clusterName, name);
    if (!nodegroup) {
      checks.push(check(`nodegroup:${name}`, 'fail', `nodegroup ${name} does not exist in ${clusterName}`));
      continue;
    }
    checks.push(statusCheck('nodegroup', name, nodegroup.status, nodegroup.healthIssues));
    checks.push(versionCheck(`nodegroup-version:${name}`, version, nodegroup.version));
  }
  for (const [name, version] of expectations.addonVersions ?? []) {
    const addon = await gateway.describeAddon(clusterName, name);
    if (!addon) {
      checks.push(check(`addon:${name}`, 'fail', `addon ${name} does not exist in ${clusterName}`));
      continue;
    }
    checks.push(statusCheck('addon', name, addon.status, addon.healthIssues));
    checks.push(versionCheck(`addon-version:${name}`, version, addon.version));
  }
  return checks;
}

/**
 * Any named alarm in ALARM is unhealthy; a named alarm that does not exist is too (we would be
 * blind). One in INSUFFICIENT_DATA holds the gate (`pending`), passes or fails it, as
 * `upgrade.insufficientDataIs` says.
 */
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
    if (alarm.state === 'INSUFFICIENT_DATA') {
      // Too few data points (e.g. just after traffic moved) vouch for nothing: by default the
      // gate waits for them, within the validation timeout (upgrade.insufficientDataIs).
      const reading = config.upgrade.insufficientDataIs;
      const message = `Alarm ${alarm.name} is INSUFFICIENT_DATA${alarm.reason ? `: ${alarm.reason}` : ''}`;
      if (reading === 'wait')
        return check(name, 'pending', message, { expected: 'OK', observed: alarm.state });
      if (reading === 'unhealthy')
        return check(name, 'fail', message, { expected: 'OK', observed: alarm.state });
    }
    return check(name, 'pass', `Alarm ${alarm.name} is ${alarm.state}`, { observed: alarm.state });
  });
}

/**
 * A step: what its kind polls (an update, a Route 53 change, a deletion); once that is done, the
 * health its kind expects, the traffic weights for a traffic step, and the alarms.
 */
async function validateStep(
  step: PlanStep,
  result: StepResult,
  request: UpgradeRequest,
  dependencies: Dependencies,
  metrics: Metrics,
): Promise<ValidationCheck[]> {
  const { gateway, config } = dependencies;
  const kind = stepKindOf(step);
  const progress = await kind.validation.progress(step, result, { gateway, request });
  if (progress.state === 'failed') return progress.checks;
  // A poll while the step's own operation runs reads only that operation, plus the alarms (so
  // an alarm firing mid-roll stops the step); the whole cluster is read once, at its end.
  if (progress.state === 'running')
    return [...progress.checks, ...(await alarmChecks(gateway, request, config, metrics))];
  const health = kind.validation.expectedHealth(step);
  if (!health) return progress.checks;
  if (!result.updateId) {
    // A creation has no update to poll: the node groups and add-ons it makes are polled
    // themselves (DescribeNodegroup / DescribeAddon, as EKS's waiters do) until they settle.
    const touched = await touchedResourceChecks(gateway, health.clusterName, health.expectations);
    if (touched.some((item) => item.status === 'pending')) {
      return [...progress.checks, ...touched, ...(await alarmChecks(gateway, request, config, metrics))];
    }
  }
  const checks = [
    ...progress.checks,
    ...(await healthChecks(gateway, health.clusterName, health.expectations, metrics)),
  ];
  if (health.greenWeight !== undefined && request.trafficRouting) {
    checks.push(await weightCheck(gateway, request, health.greenWeight, metrics));
  }
  checks.push(...(await alarmChecks(gateway, request, config, metrics)));
  return checks;
}

/** The node group and add-on versions the plan ends with (its last step per resource). */
function plannedFinalState(
  plan: UpgradePlan | undefined,
): Required<Pick<HealthExpectations, 'nodegroupVersions' | 'addonVersions'>> {
  const state = { nodegroupVersions: new Map<string, string>(), addonVersions: new Map<string, string>() };
  for (const step of plan?.steps ?? []) {
    const expected = stepKindOf(step).validation.finalExpectations(step);
    for (const [name, version] of expected.nodegroupVersions ?? [])
      state.nodegroupVersions.set(name, version);
    for (const [name, version] of expected.addonVersions ?? []) state.addonVersions.set(name, version);
  }
  return state;
}

/** The cluster a bake or final check judges: green for blue/green (as the plan names it), else the request's. */
function judgedCluster(
  request: UpgradeRequest,
  plan: UpgradePlan | undefined,
  step: PlanStep | undefined,
): string {
  if ((plan?.strategy ?? request.strategy) !== UpgradeStrategy.BLUE_GREEN) return request.clusterName;
  const green = greenClusterOf(plan, step);
  if (!green) {
    throw new ValidationError('Invalid validation input', [
      {
        path: 'plan',
        message:
          'is required for a blue/green check outside a traffic step: its cluster_provision step names the green cluster',
      },
    ]);
  }
  return green;
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
 * request (any in ALARM, or missing, is unhealthy). What each step kind polls and expects is in
 * its module (`STEP_KINDS`); for blue/green, bake and final judge the green cluster the plan (or
 * the traffic step) names.
 *
 * @throws ValidationError when the input breaks the contract, or a blue/green bake or final check
 * has neither the plan nor a traffic step to name the green cluster.
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
  return validateUpgradeFromParsedInput(
    parseOrThrow(ValidationInputSchema, input, 'validation input'),
    dependencies,
  );
}

/**
 * `validateUpgrade` for an input already parsed with `ValidationInputSchema`: the handlers parse
 * the event once, at the boundary, and call this (a long rehearsal polls tens of thousands of times).
 *
 * @example
 * ```ts
 * const input = parseOrThrow(ValidationInputSchema, event, 'validation input');
 * const verdict = await validateUpgradeFromParsedInput(input, { gateway, config });
 * ```
 */
export async function validateUpgradeFromParsedInput(
  parsed: ValidationInput,
  dependencies: Dependencies,
): Promise<ValidationResult> {
  const { scope } = parsed;
  // Traffic checks read the green record the workload gate's approval named, when the request names none.
  const request = withApprovedTrafficTarget(parsed.request, parsed.approvedTrafficTarget);
  const { gateway, config } = dependencies;
  const logger = dependencies.logger ?? silentLogger;
  const metrics: Metrics = {};
  let checks: ValidationCheck[];
  let clusterName = request.clusterName;
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
    clusterName = judgedCluster(request, parsed.plan, parsed.step);
    checks = await healthChecks(gateway, clusterName, {}, metrics);
    const weight = parsed.step
      ? stepKindOf(parsed.step).validation.expectedHealth(parsed.step)?.greenWeight
      : undefined;
    if (weight !== undefined && request.trafficRouting)
      checks.push(await weightCheck(gateway, request, weight, metrics));
    checks.push(...(await alarmChecks(gateway, request, config, metrics)));
  } else {
    clusterName = judgedCluster(request, parsed.plan, parsed.step);
    const target = parsed.plan?.targetVersion ?? request.targetVersion;
    checks = await healthChecks(
      gateway,
      clusterName,
      {
        clusterVersion: target,
        allNodegroupsAt: target,
        ...plannedFinalState(parsed.plan),
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
      ? `${clusterName}: healthy (${checks.length} ${checks.length === 1 ? 'check' : 'checks'} passed)`
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
