import { UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';
import { ScenarioClusterSchema } from './scenario-cluster.js';
import { ScenarioFailureSchema } from './scenario-failures.js';
import { MAX_SCENARIO_GATES, ScenarioGateSchema } from './scenario-gates.js';
import {
  atMost,
  IsoDateSchema,
  MAX_SCENARIO_ALARMS,
  MAX_SCENARIO_FAILURES,
  PollsSchema,
  strictObject,
} from './scenario-limits.js';

/**
 * A rehearsal scenario: the cluster as it stands, the upgrade asked for, and the failures to
 * inject. `SimulatedClusterGateway` plays it deterministically.
 *
 * Fields:
 * - `name`, `description`: for reports.
 * - `startTime`: the virtual clock's start (ISO date-time).
 * - `timing.updatePolls`: DescribeUpdate calls of an update it stays `InProgress` for;
 *   `timing.createPolls` / `timing.deletePolls`: polls of a cluster, node group or add-on it
 *   stays `CREATING` / `DELETING` for (DescribeCluster of the cluster; DescribeNodegroup of
 *   the node group or ListNodegroups of its cluster; DescribeAddon of the add-on or ListAddons
 *   of its cluster); `timing.changePolls`: GetChange calls of a Route 53 change it stays
 *   `PENDING` for; `timing.secondsPerPoll`: virtual seconds each poll advances the clock. Other
 *   reads move nothing on and take no virtual time.
 * - `cluster`: name, version, platform version, status, networking, support type, health issues,
 *   node groups (version, capacity, AMI type, and the shape a green copy is created with: node
 *   role, subnets, instance types, sizes, labels, taints, launch template, tags), add-ons (with
 *   compatible versions per Kubernetes version, service account role, configuration), insights, supported
 *   versions and when it was last upgraded.
 * - `alarms`: CloudWatch alarms and their initial state.
 * - `request`: the `UpgradeRequest` (target, strategy, green name, traffic routing, alarms).
 * - `traffic`: the initial weights of the blue and green records (when routing is given), their
 *   type (CNAME, or alias A/AAAA), health checks and the zone's name.
 * - `failures`: what to inject (see `ScenarioFailureSchema`).
 * - `gates`: how approval gates are answered (approve, reject with a reason, or time out, after a
 *   virtual delay; see `ScenarioGateSchema`); a gate no entry names is approved at once.
 *
 * @example
 * ```ts
 * const scenario = parseOrThrow(ScenarioSchema, JSON.parse(text), 'scenario');
 * const gateway = new SimulatedClusterGateway(scenario);
 * ```
 */
export const ScenarioSchema = strictObject({
  name: z.string().min(1).default('scenario'),
  description: z.string().optional(),
  startTime: IsoDateSchema.default('2026-01-05T09:00:00Z'),
  timing: strictObject({
    updatePolls: PollsSchema.default(2),
    createPolls: PollsSchema.default(3),
    deletePolls: PollsSchema.default(2),
    changePolls: PollsSchema.default(2),
    secondsPerPoll: z.number().int().min(1).max(86_400).default(60),
  }).default({ updatePolls: 2, createPolls: 3, deletePolls: 2, changePolls: 2, secondsPerPoll: 60 }),
  cluster: ScenarioClusterSchema,
  alarms: atMost(
    strictObject({
      name: z.string().min(1),
      state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).default('OK'),
    }),
    MAX_SCENARIO_ALARMS,
    'AlarmNames of one DescribeAlarms call',
  ).default([]),
  // core-models' schema, strict (its trafficRouting too).
  request: UpgradeRequestSchema,
  traffic: strictObject({
    blueWeight: z.number().int().min(0).max(255),
    greenWeight: z.number().int().min(0).max(255),
    /**
     * The type of both weighted records: `CNAME` (the default; value: the side's `target`) or
     * `A`/`AAAA`, alias records to the side's load balancer `target` (ResourceRecordSet
     * AliasTarget, https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html).
     */
    recordType: z.enum(['CNAME', 'A', 'AAAA']).optional(),
    /** Alias records: whether Route 53 evaluates the load balancer's health (default true). */
    evaluateTargetHealth: z.boolean().optional(),
    /** Route 53 health checks attached to the records, by side (HealthCheckId). */
    healthCheckIds: strictObject({
      blue: z.string().min(1).max(64).optional(),
      green: z.string().min(1).max(64).optional(),
    }).optional(),
    /** The hosted zone's name, e.g. `example.com`: the zone apex, where no CNAME may be. */
    zoneName: z.string().min(1).optional(),
  }).default({ blueWeight: 100, greenWeight: 0 }),
  failures: atMost(ScenarioFailureSchema, MAX_SCENARIO_FAILURES, 'failures per scenario').default([]),
  gates: atMost(ScenarioGateSchema, MAX_SCENARIO_GATES, 'gates per scenario').default([]),
}).superRefine((scenario, context) => {
  if (scenario.request.clusterName !== scenario.cluster.name) {
    context.addIssue({
      code: 'custom',
      path: ['request', 'clusterName'],
      message: `must name the scenario's cluster ${scenario.cluster.name}`,
    });
  }
  const routing = scenario.request.trafficRouting;
  const bareName = (name: string) => name.replace(/\.$/, '').toLowerCase();
  if (
    routing &&
    scenario.traffic.zoneName &&
    (scenario.traffic.recordType ?? 'CNAME') === 'CNAME' &&
    bareName(routing.recordName) === bareName(scenario.traffic.zoneName)
  ) {
    // Route 53 refuses a CNAME at the zone apex ("Choosing between alias and non-alias records").
    context.addIssue({
      code: 'custom',
      path: ['traffic', 'recordType'],
      message: `must be A or AAAA (alias records): ${routing.recordName} is the zone apex, where Route 53 allows no CNAME`,
    });
  }
  const names = scenario.cluster.nodegroups.map((nodegroup) => nodegroup.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) {
      context.addIssue({
        code: 'custom',
        path: ['cluster', 'nodegroups', index, 'name'],
        message: `must be unique (${name} repeats)`,
      });
    }
  });
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
