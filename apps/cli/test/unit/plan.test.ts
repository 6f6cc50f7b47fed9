import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { DEMO_SCENARIO, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import { LocalParameterStore } from '@eks-upgrade/params';
import { describe, expect, it } from 'vitest';
import { AGENT_CONFIG_NAME } from '../../src/context/agent-config.js';
import type { ServiceFactory } from '../../src/context/services.js';
import { runCli } from '../helpers/run-cli.js';

/** plan against the simulated demo cluster, with the configuration in a local store. */
function offlineServices(
  gateway: SimulatedClusterGateway,
  narrative?: string,
  store = new LocalParameterStore(),
): () => ServiceFactory {
  return () =>
    ({
      parameters: async () => store,
      clusterGateway: async () => gateway,
      narrative: async () => ({
        summarize: async () => {
          if (narrative === undefined) throw new Error('Bedrock unavailable');
          return narrative;
        },
      }),
    }) as unknown as ServiceFactory;
}

describe('Command: plan', () => {
  it('prints the plan of the real phase code and changes nothing', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);

    // Act
    const result = await runCli(
      ['plan', '--cluster', 'demo', '--target', '1.31', '--strategy', 'in_place', '--output', 'json'],
      {
        services: offlineServices(gateway, 'Low risk: two hops.'),
      },
    );

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const { plan, snapshot } = JSON.parse(result.stdout);
    expect(snapshot.version).toBe('1.29');
    expect(plan).toMatchObject({
      hops: ['1.30', '1.31'],
      blocked: false,
      source: 'rules+bedrock',
      narrative: 'Low risk: two hops.',
    });
    expect(plan.steps[0].kind).toBe('control_plane_upgrade');
    expect(gateway.calls).toEqual([]);
    expect(result.stderr).toContain('using the defaults');
  });

  it('exits 1 and lists the blockers when the plan is blocked, planning with the rules alone without Bedrock', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway({
      ...DEMO_SCENARIO,
      failures: [
        { type: 'blocking_insight', name: 'Deprecated APIs', reason: 'in use', kubernetesVersion: '1.30' },
      ],
    });

    // Act
    const result = await runCli(['plan', '--cluster', 'demo', '--target', '1.31', '--strategy', 'in_place'], {
      services: offlineServices(gateway),
    });

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error: blocker [A-Z_]+: /);
    expect(result.stdout).toMatch(/^demo: 1\.29 → 1\.31 \(in_place\), hops 1\.30, 1\.31, BLOCKED/);
  });

  it('plans blue/green with --traffic-routing: green bootstrapped with copies of the node groups and add-ons', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
    const directory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-plan-'));
    await writeFile(
      path.join(directory, 'routing.json'),
      JSON.stringify(DEMO_SCENARIO.request.trafficRouting),
    );

    // Act
    const result = await runCli(
      [
        'plan',
        '--cluster',
        'demo',
        '--target',
        '1.31',
        '--strategy',
        'blue_green',
        '--traffic-routing',
        '@routing.json',
        '--alarm',
        'demo-api-5xx',
        '--output',
        'json',
      ],
      { services: offlineServices(gateway), cwd: directory },
    );

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const { plan } = JSON.parse(result.stdout);
    expect(plan.blocked).toBe(false);
    expect(plan.steps.map((step: { id: string }) => step.id).slice(0, 10)).toEqual([
      'provision-demo-1-31',
      'green-oidc-demo-1-31',
      'green-ng-general',
      'green-ng-spot-workers',
      'green-access-demo-1-31',
      'green-pod-identity-demo-1-31',
      'gate-irsa-demo-1-31',
      'green-addon-vpc-cni',
      'green-addon-kube-proxy',
      'green-addon-coredns',
    ]);
    // 84 min of steps and blue's hour of retention before its decommission.
    expect(plan.estimatedDurationSeconds).toBe(8640);
    expect(gateway.calls).toEqual([]);
  });

  it('prints the typical duration and is blocked when it exceeds the execution timeout (exit 1)', async () => {
    // Prepare: the original system's one-hour timeout, too short for two hops and their node groups.
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
    const store = new LocalParameterStore();
    const defaults = createDefaultAgentConfig();
    await store.putConfiguration(
      { ...defaults, stepFunctions: { ...defaults.stepFunctions, executionTimeoutSeconds: 3600 } },
      AGENT_CONFIG_NAME,
    );

    // Act
    const result = await runCli(['plan', '--cluster', 'demo', '--target', '1.31', '--strategy', 'in_place'], {
      services: offlineServices(gateway, undefined, store),
    });

    // Assess: a workflow timeout ends the execution with no rollback, so the planner blocks.
    expect(result.exitCode, result.stderr).toBe(1);
    // 2 control-plane hops × 15 min + 6 add-on updates × 3 min + 4 node group rolls × 20 min.
    expect(result.stdout).toMatch(
      /^demo: 1\.29 → 1\.31 \(in_place\), hops 1\.30, 1\.31, BLOCKED, typically 128 min\n/,
    );
    expect(result.stderr).toMatch(
      /error: blocker EXECUTION_TIMEOUT_TOO_SHORT: The plan typically takes about 2 h 8 min \(7680 s\), longer than the workflow's execution timeout of 1 h 0 min \(3600 s\).*Raise stepFunctions\.executionTimeoutSeconds above 7680/,
    );
    expect(gateway.calls).toEqual([]);
  });
});
