/**
 * EKS API calls per validation poll of an in-place upgrade of a cluster with 8 managed node
 * groups and 3 add-ons (1.29 → 1.30), through the real phase code (`perceiveCluster`,
 * `buildRulesPlan`, `executeStep`, `validateUpgrade` from the built `dist/`) against the simulated
 * cluster, driven the way the workflow drives a step: Execute, then Validate (scope `step`) until
 * it is no longer `in_progress`. Every gateway call is counted as the EKS API calls
 * `AwsEksApi` makes for it: `listNodegroups` = ListNodegroups + one DescribeNodegroup per group,
 * `listAddons` = ListAddons + one DescribeAddon per add-on, every other EKS method one call
 * (CloudWatch DescribeAlarms is counted apart). A "running" poll is one that answers
 * `in_progress`; a "boundary" poll is the one that ends the step (its update finished).
 *
 * Run: `pnpm --filter @eks-upgrade/lambdas build && node apps/lambdas/bench/validation-poll-calls.bench.mjs`
 */

import { createDefaultAgentConfig, UpgradeRequestSchema } from '@eks-upgrade/core-models';
import {
  buildRulesPlan,
  DEMO_SCENARIO,
  executeStep,
  perceiveCluster,
  SimulatedClusterGateway,
  validateUpgrade,
} from '../dist/index.js';

const NODEGROUPS = 8;
const UPDATE_POLLS = 10;
const CLOUDWATCH = new Set(['describeAlarms']);
const ROUTE53 = new Set([
  'getTrafficWeights',
  'readTrafficRecords',
  'setTrafficWeights',
  'getTrafficChangeStatus',
]);

function scenarioOf(strategy) {
  const { request: demoRequest, ...demo } = DEMO_SCENARIO;
  return {
    ...demo,
    name: `${strategy === 'in_place' ? 'in-place-1.29-1.30' : 'blue-green-1.29-1.31'}-${NODEGROUPS}ng`,
    cluster: {
      ...DEMO_SCENARIO.cluster,
      nodegroups: Array.from({ length: NODEGROUPS }, (_, index) => ({
        name: `ng-${String(index + 1).padStart(2, '0')}`,
        version: '1.29',
        desiredSize: 3,
      })),
    },
    request:
      strategy === 'in_place'
        ? { clusterName: 'demo', targetVersion: '1.30', strategy, alarmNames: ['demo-api-5xx'] }
        : demoRequest,
    timing: { ...DEMO_SCENARIO.timing, updatePolls: UPDATE_POLLS },
  };
}

/** Runs every step of the plan as the workflow does (gates approved), counting calls per validation poll. */
async function measure(scenario) {
  const simulated = new SimulatedClusterGateway(scenario);
  const counter = { eks: 0, cloudwatch: 0 };
  const gateway = new Proxy(simulated, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args) => {
        const result = await value.apply(target, args);
        const name = String(property);
        if (CLOUDWATCH.has(name)) counter.cloudwatch += 1;
        else if (ROUTE53.has(name) || name === 'now' || name === 'advanceClock') {
          // not EKS
        } else if (name === 'listNodegroups' || name === 'listAddons') counter.eks += 1 + result.length;
        else counter.eks += 1;
        return result;
      };
    },
  });
  const config = createDefaultAgentConfig();
  const clock = { now: () => simulated.now() };
  const request = UpgradeRequestSchema.parse(scenario.request);
  const snapshot = await perceiveCluster({ request }, { gateway, clock });
  const plan = buildRulesPlan(request, snapshot, { config, now: simulated.now() });
  if (plan.blocked)
    throw new Error(`plan blocked: ${plan.blockers.map((blocker) => blocker.code).join(', ')}`);
  const running = [];
  const boundary = [];
  for (const step of plan.steps) {
    if (step.kind === 'approval_gate') continue;
    const stepResult = await executeStep({ request, step }, { gateway, config, clock });
    for (let poll = 0; poll < 100; poll += 1) {
      const before = { ...counter };
      const verdict = await validateUpgrade(
        { request, scope: 'step', step, stepResult },
        { gateway, config, clock },
      );
      const calls = {
        kind: step.kind,
        eks: counter.eks - before.eks,
        cloudwatch: counter.cloudwatch - before.cloudwatch,
      };
      if (verdict.status === 'in_progress') running.push(calls);
      else {
        boundary.push(calls);
        if (verdict.status !== 'healthy') throw new Error(`${step.id}: ${verdict.summary}`);
        break;
      }
    }
  }
  return { scenario, plan, running, boundary };
}

const stats = (rows, key) => {
  const values = rows.map((row) => row[key]);
  const total = values.reduce((sum, value) => sum + value, 0);
  return {
    polls: values.length,
    mean: +(total / Math.max(values.length, 1)).toFixed(2),
    max: Math.max(0, ...values),
  };
};
const results = [];
for (const strategy of ['in_place', 'blue_green']) {
  const { scenario, plan, running, boundary } = await measure(scenarioOf(strategy));
  const all = [...running, ...boundary];
  results.push({
    scenario: scenario.name,
    steps: plan.steps.length,
    updatePolls: UPDATE_POLLS,
    eksCallsPerPoll: {
      all: stats(all, 'eks'),
      running: stats(running, 'eks'),
      boundary: stats(boundary, 'eks'),
    },
    cloudwatchCallsPerPoll: {
      running: stats(running, 'cloudwatch'),
      boundary: stats(boundary, 'cloudwatch'),
    },
    totalEksCallsInValidation: all.reduce((sum, row) => sum + row.eks, 0),
    runningEksCallsPerPollByKind: Object.fromEntries(
      [...new Set(running.map((row) => row.kind))].map((kind) => [
        kind,
        stats(
          running.filter((row) => row.kind === kind),
          'eks',
        ),
      ]),
    ),
  });
}
console.log(JSON.stringify(results, null, 2));
