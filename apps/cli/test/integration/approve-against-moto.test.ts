import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { createFunctionZip } from '@eks-upgrade/lambda-templates';
import { MOTO_CREDENTIALS, useMoto } from '@eks-upgrade/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/run-cli.js';

const moto = useMoto();
let zipDirectory: string;
let workDirectory: string;

beforeAll(async () => {
  zipDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-zips-'));
  workDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-work-'));
  for (const phase of UPGRADE_PHASES) {
    await writeFile(
      path.join(zipDirectory, `${phase}.zip`),
      createFunctionZip({ 'index.mjs': `export const handler = async () => ({ phase: '${phase}' });` }),
    );
  }
});

beforeEach(async () => {
  // Machines must be created after this switch; moto is reset before each test.
  await moto.configure({ lambda: { use_docker: false }, stepfunctions: { execute_state_machine: true } });
});

/** Runs the CLI against moto through --endpoint-url. */
function cli(argv: readonly string[]): Promise<CliRun> {
  return runCli([...argv, '--endpoint-url', moto.endpoint, '--region', 'us-east-1'], {
    clientConfig: { credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 },
    cwd: workDirectory,
    env: { USER: 'alice' },
  });
}

const NOW = '2026-11-25T10:00:00Z';
const SNAPSHOT = { clusterName: 'prod', version: '1.30', status: 'ACTIVE', capturedAt: NOW };
const PLAN_GATE = {
  id: 'gate-plan',
  kind: 'approval_gate',
  description: 'Approve the plan for prod before anything changes',
  clusterName: 'prod',
  gate: {
    purpose: 'plan',
    summary: 'Review the plan for prod',
    timeoutSeconds: 300,
    acceptsTrafficTarget: false,
  },
};
const PLAN = {
  planId: 'plan-prod-1.31',
  clusterName: 'prod',
  sourceVersion: '1.30',
  targetVersion: '1.31',
  strategy: 'in_place',
  hops: ['1.31'],
  steps: [PLAN_GATE],
  blockers: [],
  warnings: [],
  blocked: false,
  source: 'rules',
  createdAt: NOW,
};
/** Execution's answer before the gate waits: its timeout, not cut (the plan has no deadline). */
const GATE_WAIT = {
  stepId: 'gate-plan',
  kind: 'approval_gate',
  clusterName: 'prod',
  waitSeconds: 300,
  cutByDeadline: false,
  message: 'Gate gate-plan may wait its 300 s timeout',
};
const HEALTHY = {
  clusterName: 'prod',
  status: 'healthy',
  success: true,
  checks: [],
  metrics: {},
  summary: 'prod: healthy',
  checkedAt: NOW,
};

/** `status --output json` until it shows a pending gate (moto runs the execution in the background). */
async function untilGatePending(): Promise<Record<string, unknown>> {
  for (let read = 0; read < 300; read += 1) {
    const status = await cli(['status', '--cluster', 'prod', '--output', 'json']);
    const report = JSON.parse(status.stdout || '{}') as {
      pendingGate?: Record<string, unknown>;
      status?: string;
    };
    if (report.pendingGate) return report.pendingGate;
    if (report.status && report.status !== 'RUNNING')
      throw new Error(`the execution ended: ${report.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no gate became pending');
}

describe('eks-upgrade approve against moto', () => {
  it('start --approve-plan waits at the plan gate; plan --cluster shows it; approve --plan-id resumes it to SUCCEEDED', async () => {
    // Prepare: perception, reasoning (a plan whose only step is its plan gate), Execution's
    // answer of how long the gate may wait, final validation.
    expect((await cli(['deploy', '--zip-dir', zipDirectory, '--output', 'json'])).exitCode).toBe(0);
    await moto.queueLambdaResults([SNAPSHOT, PLAN, GATE_WAIT, HEALTHY]);
    const start = await cli([
      'start',
      '--cluster',
      'prod',
      '--target',
      '1.31',
      '--strategy',
      'in_place',
      '--approve-plan',
    ]);
    expect(start.exitCode, start.stderr).toBe(0);
    const executionArn = start.stdout.trim();

    // Act
    const pendingGate = await untilGatePending();
    const shown = await cli(['plan', '--cluster', 'prod', '--output', 'json']);
    const stale = await cli(['approve', '--cluster', 'prod', '--plan-id', 'plan-other']);
    const approve = await cli([
      'approve',
      '--cluster',
      'prod',
      '--plan-id',
      'plan-prod-1.31',
      '--output',
      'json',
    ]);
    const watch = await cli(['watch', '--cluster', 'prod', '--interval', '1', '--output', 'json']);

    // Assess
    expect(pendingGate).toMatchObject({
      executionArn,
      clusterName: 'prod',
      planId: 'plan-prod-1.31',
      stepId: 'gate-plan',
      purpose: 'plan',
      approveWith: 'eks-upgrade approve --cluster prod --plan-id plan-prod-1.31',
    });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).plan).toMatchObject({ planId: 'plan-prod-1.31', steps: [PLAN_GATE] });
    expect(stale.exitCode).toBe(2);
    expect(stale.stderr).toContain(
      '--plan-id: is plan-other, but the execution waits for approval of plan plan-prod-1.31',
    );
    expect(approve.exitCode, approve.stderr).toBe(0);
    expect(JSON.parse(approve.stdout)).toEqual({
      executionArn,
      stepId: 'gate-plan',
      purpose: 'plan',
      decision: { planId: 'plan-prod-1.31', approvedBy: 'alice' },
    });
    expect(watch.exitCode, watch.stderr).toBe(0);
    expect(JSON.parse(watch.stdout)).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      outcome: 'succeeded',
    });
    // Answered: no gate is pending any more.
    const after = await cli(['reject', '--cluster', 'prod']);
    expect(after.exitCode).toBe(1);
    expect(after.stderr).toContain('No running execution of cluster prod: there is no gate to answer');
  }, 180_000);
});
