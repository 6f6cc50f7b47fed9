import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { DEMO_SCENARIO, PHASE_GATEWAY_OPERATIONS, ScenarioSchema } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const example = (name: string) => path.join(examples, name);

/** The outcome each example's README entry documents. */
const EXAMPLES = [
  ['in-place-success.json', 0, 'succeeded'],
  ['rollback-at-50-percent.json', 3, 'rolled_back'],
  ['blocked-by-insight.json', 1, 'failed'],
  ['failing-rollback.json', 1, 'failed'],
  ['control-plane-update-fails.json', 3, 'rolled_back'],
  ['blue-green-custom-ami.json', 1, 'failed'],
  ['in-place-second-hop-nodegroup-fails.json', 4, 'partially_rolled_back'],
  ['blue-green-fargate.json', 0, 'succeeded'],
  ['blue-green-fargate-rollback.json', 3, 'rolled_back'],
  ['blue-green-decommission-fails.json', 4, 'partially_rolled_back'],
  ['al2-blocked-at-1-33.json', 1, 'failed'],
  ['blocked-by-warning-insight.json', 1, 'failed'],
  ['blue-green-alias-records.json', 0, 'succeeded'],
  ['blue-green-rejected-at-workload-gate.json', 3, 'rolled_back'],
  ['in-place-plan-approved-after-review.json', 0, 'succeeded'],
  ['in-place-update-strategy-rollback.json', 4, 'partially_rolled_back'],
] as const;

describe('Command: rehearse', () => {
  it('rehearses the built-in blue/green demo with no flags and exits 0', async () => {
    // Prepare
    const spy = createServiceSpy();

    // Act
    const result = await runCli(['rehearse', '--output', 'json'], { services: spy.factory });

    // Assess
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.outcome).toBe('succeeded');
    expect(report.scenario).toMatchObject({
      name: 'demo',
      strategy: 'blue_green',
      fromVersion: '1.29',
      targetVersion: '1.31',
    });
    // Green is bootstrapped before traffic moves: copies of blue's node groups, access entries and add-ons.
    expect(report.steps.map((step: { id: string }) => step.id)).toEqual([
      'provision-demo-1-31',
      'green-oidc-demo-1-31',
      'green-ng-general',
      'green-ng-spot-workers',
      'green-access-demo-1-31',
      'green-pod-identity-demo-1-31',
      // vpc-cni's IRSA role trusts demo's issuer only: its copy waits until the role trusts green's.
      'gate-irsa-demo-1-31',
      'green-addon-vpc-cni',
      'green-addon-kube-proxy',
      'green-addon-coredns',
      // The demo says nothing about its gates: each is approved at once.
      'gate-workload-demo-1-31',
      'traffic-10',
      'traffic-25',
      'traffic-50',
      'traffic-75',
      'traffic-100',
      // Blue kept an hour (upgrade.blueRetentionSeconds) before the decommission gate.
      'retain-demo',
      'gate-decommission-demo',
      'decommission-demo',
    ]);
    const gateSteps = report.steps.filter((step: { kind: string }) => step.kind === 'approval_gate');
    expect(gateSteps.map((step: { status: string }) => step.status)).toEqual(gateSteps.map(() => 'approved'));
    expect(report.gates).toHaveLength(gateSteps.length);
    // Every other step succeeded, but the Pod Identity copy, skipped: demo has no associations.
    expect(
      report.steps
        .filter(
          (step: { kind: string; status: string }) =>
            step.kind !== 'approval_gate' && step.status !== 'succeeded',
        )
        .map((step: { id: string; status: string }) => [step.id, step.status]),
    ).toEqual([['green-pod-identity-demo-1-31', 'skipped']]);
    // The typical 2 h 24 min (84 min of steps and blue's hour of retention) fit the default
    // four-hour execution timeout: no duration blocker.
    expect(report.plan.estimatedDurationSeconds).toBe(8640);
    // Green starts with access for its nodes only: the plan says whom to grant it to.
    // vpc-cni's IRSA role is named, with what to do before its gate is approved. One gate waiting
    // its default hour still fits the four-hour timeout (and every gate's wait is cut at the
    // deadline), so no APPROVAL_WAIT_BEYOND_TIMEOUT.
    expect(report.plan.warnings.map((warning: { code: string }) => warning.code)).toEqual([
      'GREEN_CLUSTER_ACCESS',
      'IRSA_ROLES_TRUST_BLUE_ONLY',
    ]);
    expect(report.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining([
        'upgrade.started',
        'traffic.shifted',
        'cluster.provisioned',
        'upgrade.completed',
      ]),
    );
    expect(report.rulesMatched['eks-upgrade-monitor']).toBe(report.events.length);
    expect(report.rulesMatched['eks-upgrade-rollback-trigger']).toBeUndefined();
    expect(spy.requested).toEqual([]);
    // The live timeline went to stderr, not stdout; traffic steps wait for Route 53 to be INSYNC.
    expect(result.stderr).toContain('traffic-50');
    expect(result.stderr).toMatch(
      /validation\s+traffic-10 in_progress: demo-1-31: waiting \(Route 53 change \/change\/C\d+ is PENDING\)/,
    );
    expect(result.stderr).toMatch(
      /validation\s+green-ng-general in_progress: demo-1-31: waiting \(nodegroup general is CREATING\)/,
    );
  });

  it.each(EXAMPLES)(
    'examples/%s reaches its documented outcome (exit %i, %s)',
    async (file, exitCode, outcome) => {
      // Act
      const result = await runCli(['rehearse', '--scenario', example(file), '--output', 'json']);

      // Assess
      expect(result.exitCode).toBe(exitCode);
      expect(JSON.parse(result.stdout).outcome).toBe(outcome);
    },
  );

  it("keeps traffic on green when blue's decommission fails, and names what is left of blue", async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('blue-green-decommission-fails.json'),
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode).toBe(4);
    const report = JSON.parse(result.stdout);
    expect(report.outcome).toBe('partially_rolled_back');
    expect(
      report.rollback.actions.find((action: { target: string }) => action.target === 'traffic'),
    ).toMatchObject({
      status: 'not_possible',
    });
    expect(report.rollback.notUndone).toEqual([
      'blue-cluster: shop is left part-decommissioned (shop is being taken down (node group general DELETING, node group spot-workers DELETING)); no traffic goes back to it: finish deleting it (its node groups and Fargate profiles, then the cluster) once green is confirmed',
      'traffic: Traffic NOT moved back to shop, which has no capacity (shop is being taken down (node group general DELETING, node group spot-workers DELETING)); it stays 100% on shop-1-31, and shop-1-31 is kept',
      'green-oidc-provider: kept with shop-1-31, which carries the traffic',
      'green-cluster: shop-1-31 kept, as it carries the traffic',
    ]);
  });

  it('reports the rollback events, the rule they matched and the rollback when traffic fails at 50%', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('rollback-at-50-percent.json'),
      '--output',
      'json',
    ]);

    // Assess: traffic is back on blue, and the workflow ran the rollback again until green was gone
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ outcome: 'rolled_back', error: 'Upgrade.ValidationFailed' });
    expect(report.rollback.notUndone).toEqual([]);
    expect(report.rollback.pending).toEqual([]);
    const types = report.events.map((event: { type: string }) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['validation.failure', 'rollback.triggered', 'rollback.completed']),
    );
    expect(report.rulesMatched['eks-upgrade-rollback-trigger']).toBeGreaterThan(0);
    expect(report.rollback.success).toBe(true);
    // The bootstrapped green cluster goes: its node groups first (EKS deletes a cluster only
    // without them), then the cluster, over the rollback's passes.
    // Green's IAM OIDC provider goes first; green itself only once the records' 60 s TTL has
    // passed since the first pass that saw the move back INSYNC (the move was at 09:24:00; on the
    // simulated cluster's clock, which the passes catch up).
    expect(report.rollback.actions).toEqual([
      expect.objectContaining({ target: 'traffic', status: 'undone', at: '2026-01-05T09:25:00.000Z' }),
      expect.objectContaining({ target: 'green-oidc-provider', status: 'undone' }),
      {
        target: 'green-cluster',
        status: 'undone',
        message: 'DeleteCluster shop-1-31 started; now: Green cluster shop-1-31 does not exist',
      },
    ]);
    // Six passes, five waits of the 30 s poll interval between them; rollback.completed once, after
    // them. (The simulated cluster's clock, which the TTL is judged on, runs ahead of the
    // workflow's: each simulated poll, GetChange among them, advances it a poll interval.)
    expect(report.phases.at(-1)).toMatchObject({
      phase: 'rollback',
      startedAt: '2026-01-05T09:21:30.000Z',
      endedAt: '2026-01-05T09:24:00.000Z',
    });
    expect(types.filter((type: string) => type === 'rollback.completed')).toHaveLength(1);
    const stepStatus = Object.fromEntries(
      report.steps.map((step: { id: string; status: string }) => [step.id, step.status]),
    );
    expect(stepStatus).toMatchObject({
      'traffic-25': 'succeeded',
      'traffic-50': 'failed',
      'traffic-75': 'not_run',
    });
  });

  it('fails with Upgrade.RollbackFailed when EKS refuses the native rollback, listing what stays changed', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('failing-rollback.json'),
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ outcome: 'failed', status: 'FAILED', error: 'Upgrade.RollbackFailed' });
    expect(report.rollback.success).toBe(false);
    expect(report.rollback.actions.at(-1)).toMatchObject({ target: 'control-plane', status: 'failed' });
    expect(report.rollback.notUndone).toEqual(
      expect.arrayContaining([expect.stringMatching(/^control-plane: EKS refused the rollback to 1\.29/)]),
    );
  });

  it('blocks a blue/green plan whose node group runs a custom AMI, before creating anything', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('blue-green-custom-ami.json'),
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.error).toBe('Upgrade.PlanBlocked');
    expect(report.plan.blockers.map((blocker: { code: string }) => blocker.code)).toEqual([
      'CUSTOM_AMI_NODEGROUP',
    ]);
    expect(report.steps.every((step: { status: string }) => step.status === 'not_run')).toBe(true);
    expect(report.gatewayOperations.execution).toEqual([]);
  });

  it('writes the report as Markdown with --report and prints text by default', async () => {
    // Prepare
    const directory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-report-'));

    // Act
    const result = await runCli(
      ['rehearse', '--scenario', example('blocked-by-insight.json'), '--report', 'report.md'],
      {
        cwd: directory,
      },
    );

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('outcome: FAILED');
    expect(result.stdout).toContain('blocker');
    const markdown = await readFile(path.join(directory, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^# Rehearsal: blocked-by-insight/);
    expect(markdown).toContain('**Blocker**');
    expect(markdown).toContain('| Time (s) | Type | Rules matched |');
  });

  it('applies --from, --to and --strategy to the scenario', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--from',
      '1.30',
      '--to',
      '1.31',
      '--strategy',
      'in_place',
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.scenario).toMatchObject({
      fromVersion: '1.30',
      targetVersion: '1.31',
      strategy: 'in_place',
    });
    expect(report.steps.map((step: { kind: string }) => step.kind)).toContain('control_plane_upgrade');
  });
});

/**
 * Operations a phase needs on AWS that none of the rehearsals above reaches, and why. Anything
 * else granted but unused fails the test: a grant nobody needs.
 */
const NEEDED_BEYOND_REHEARSALS: Record<string, string[]> = {
  perception: [],
  reasoning: [],
  execution: [
    // A Step Functions retry, or EKS's ResourceInUseException, resumes the update already running.
    'listUpdateIds',
    'describeUpdate',
    // Decommissioning a blue cluster that has no managed node groups deletes it at once.
    'deleteCluster',
    // No example opts in to upgrade.trustGreenIssuer, so no rehearsal changes an IRSA role's trust.
    'getRoleTrust',
    'updateRoleTrust',
  ],
  // A decommission poll deletes a node group execution could not (it was still being created).
  validation: ['deleteNodegroup'],
  // The rollback's passes reach DeleteCluster in the blue/green rollback examples.
  rollback: [
    // No example opts in to upgrade.trustGreenIssuer, so no rehearsal changes an IRSA role's trust.
    'getRoleTrust',
    'updateRoleTrust',
  ],
};

describe('Constant: PHASE_GATEWAY_OPERATIONS', () => {
  it('lists every cluster operation each phase calls in every rehearsal (the IAM policies are built from it)', async () => {
    // Prepare
    const scenarios = [
      DEMO_SCENARIO,
      ...(await Promise.all(
        EXAMPLES.map(async ([file]) =>
          ScenarioSchema.parse(JSON.parse(await readFile(example(file), 'utf8'))),
        ),
      )),
      ScenarioSchema.parse({ ...DEMO_SCENARIO, request: { ...DEMO_SCENARIO.request, strategy: 'in_place' } }),
      // Blue/green perception reads the launch template a node group uses (none in the examples).
      ScenarioSchema.parse({
        ...DEMO_SCENARIO,
        cluster: {
          ...DEMO_SCENARIO.cluster,
          nodegroups: DEMO_SCENARIO.cluster.nodegroups.map((nodegroup, index) =>
            index === 0 ? { ...nodegroup, launchTemplate: { id: 'lt-0demo', version: '1' } } : nodegroup,
          ),
        },
      }),
    ];
    const used = Object.fromEntries(UPGRADE_PHASES.map((phase) => [phase, new Set<string>()]));

    // Act
    for (const scenario of scenarios) {
      const report = await runRehearsal(scenario);
      for (const phase of UPGRADE_PHASES)
        for (const operation of report.gatewayOperations[phase]) used[phase]!.add(operation);
    }

    // Assess
    for (const phase of UPGRADE_PHASES) {
      expect(
        [...used[phase]!].filter(
          (operation) => !(PHASE_GATEWAY_OPERATIONS[phase] as readonly string[]).includes(operation),
        ),
        phase,
      ).toEqual([]);
    }
    // And no grant without a use: what no rehearsal reaches is listed here with the reason.
    const unused = Object.fromEntries(
      UPGRADE_PHASES.map((phase) => [
        phase,
        PHASE_GATEWAY_OPERATIONS[phase].filter((operation) => !used[phase]!.has(operation)),
      ]),
    );
    expect(unused).toEqual(NEEDED_BEYOND_REHEARSALS);
  });
});
