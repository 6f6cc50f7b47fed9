import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ValidationError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { BedrockNarrativeClient } from '../bedrock/bedrock-narrative-client.js';
import { config, request, snapshot, TRAFFIC_ROUTING } from './__fixtures__/snapshots.js';
import { buildRulesPlan, estimatePlanDurationSeconds, planUpgrade } from './reasoning.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const rules = (req = request(), snap = snapshot()) =>
  buildRulesPlan(req, snap, { config: config(), now: NOW });
const codes = (issues: { code: string }[]) => issues.map((issue) => issue.code);

describe('Function: buildRulesPlan', () => {
  it('plans 1.29 → 1.31 in place: each hop, then its add-ons, then the node groups', () => {
    // Act
    const plan = rules();

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.hops).toEqual(['1.30', '1.31']);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'cp-1.30',
      'addon-vpc-cni-1.30',
      'addon-kube-proxy-1.30',
      'addon-coredns-1.30',
      'ng-general-1.30',
      'ng-batch-1.30',
      'cp-1.31',
      'addon-vpc-cni-1.31',
      'addon-kube-proxy-1.31',
      'addon-coredns-1.31',
      'ng-general-1.31',
      'ng-batch-1.31',
    ]);
    expect(plan.steps[1]).toMatchObject({
      kind: 'addon_upgrade',
      fromVersion: 'v1.18.3-eksbuild.1',
      toVersion: 'v1.18.5-eksbuild.1',
      kubernetesVersion: '1.30',
    });
    expect(plan.steps[7]).toMatchObject({
      fromVersion: 'v1.18.5-eksbuild.1',
      toVersion: 'v1.19.2-eksbuild.1',
    });
    expect(plan).toMatchObject({
      source: 'rules',
      sourceVersion: '1.29',
      targetVersion: '1.31',
      createdAt: NOW.toISOString(),
    });
  });

  it('moves node groups two minors behind to the control plane version before the first hop', () => {
    // Prepare
    const snap = snapshot({
      nodegroups: [
        { name: 'general', version: '1.27', status: 'ACTIVE' },
        { name: 'batch', version: '1.29', status: 'ACTIVE' },
      ],
    });

    // Act
    const plan = rules(request({ targetVersion: '1.30' }), snap);

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'ng-general-1.29',
      'cp-1.30',
      'addon-vpc-cni-1.30',
      'addon-kube-proxy-1.30',
      'addon-coredns-1.30',
      'ng-general-1.30',
      'ng-batch-1.30',
    ]);
    expect(plan.steps[0]).toMatchObject({ fromVersion: '1.27', toVersion: '1.29' });
  });

  it('blocks on an ERROR insight and warns on a WARNING one', () => {
    // Prepare
    const snap = snapshot({
      insights: [
        {
          id: 'i-err',
          name: 'Deprecated APIs removed in Kubernetes v1.30',
          status: 'ERROR',
          reason: 'flowcontrol v1beta2 in use',
        },
        { id: 'i-warn', name: 'Cluster health issues', status: 'WARNING', reason: 'one node NotReady' },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toEqual([
      expect.objectContaining({
        code: 'INSIGHT_ERROR',
        resource: 'i-err',
        message: expect.stringMatching(/flowcontrol/),
      }),
    ]);
    expect(codes(plan.warnings)).toEqual(['INSIGHT_WARNING']);
  });

  it('blocks a target EKS does not support', () => {
    // Act
    const plan = rules(request({ targetVersion: '1.33' }));

    // Assess
    expect(plan.blocked).toBe(true);
    expect(codes(plan.blockers)).toContain('UNSUPPORTED_TARGET');
    expect(plan.blockers.find((issue) => issue.code === 'UNSUPPORTED_TARGET')?.message).toMatch(/1\.33/);
  });

  it('blocks when an add-on has no version compatible with a hop', () => {
    // Prepare
    const snap = snapshot({
      addons: [
        {
          name: 'aws-ebs-csi-driver',
          version: 'v1.30.0-eksbuild.1',
          status: 'ACTIVE',
          compatibility: [
            {
              kubernetesVersion: '1.30',
              defaultVersion: 'v1.31.0-eksbuild.1',
              versions: ['v1.31.0-eksbuild.1'],
            },
            { kubernetesVersion: '1.31', versions: [] },
          ],
        },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toEqual([
      expect.objectContaining({ code: 'ADDON_INCOMPATIBLE', resource: 'addon:aws-ebs-csi-driver' }),
    ]);
    expect(plan.blockers[0]?.message).toMatch(/Kubernetes 1\.31/);
  });

  it('moves VPC CNI one minor at a time through the newest patch of each minor', () => {
    // Prepare
    const snap = snapshot({
      version: '1.30',
      nodegroups: [],
      addons: [
        {
          name: 'vpc-cni',
          version: 'v1.16.4-eksbuild.2',
          status: 'ACTIVE',
          compatibility: [
            {
              kubernetesVersion: '1.31',
              defaultVersion: 'v1.19.2-eksbuild.1',
              versions: [
                'v1.19.2-eksbuild.1',
                'v1.18.5-eksbuild.1',
                'v1.18.3-eksbuild.1',
                'v1.17.1-eksbuild.1',
              ],
            },
          ],
        },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(
      plan.steps.filter((step) => step.kind === 'addon_upgrade').map((step) => [step.id, step.toVersion]),
    ).toEqual([
      ['addon-vpc-cni-1.31-1', 'v1.17.1-eksbuild.1'],
      ['addon-vpc-cni-1.31-2', 'v1.18.5-eksbuild.1'],
      ['addon-vpc-cni-1.31-3', 'v1.19.2-eksbuild.1'],
    ]);
  });

  it('plans blue/green: provision green, copy its node groups and add-ons, five traffic steps, decommission blue', () => {
    // Act
    const plan = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }));

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.hops).toEqual(['1.30', '1.31']);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'provision-prod-1-31',
      'green-ng-general',
      'green-ng-batch',
      'green-addon-vpc-cni',
      'green-addon-kube-proxy',
      'green-addon-coredns',
      'traffic-10',
      'traffic-25',
      'traffic-50',
      'traffic-75',
      'traffic-100',
      'decommission-prod',
    ]);
    expect(plan.steps[0]).toMatchObject({
      kind: 'cluster_provision',
      clusterName: 'prod-1-31',
      version: '1.31',
    });
    expect(plan.steps[1]).toEqual({
      id: 'green-ng-general',
      kind: 'nodegroup_provision',
      description: "Create node group general on prod-1-31 at 1.31, shaped like prod's",
      clusterName: 'prod-1-31',
      nodegroupName: 'general',
      sourceClusterName: 'prod',
      sourceNodegroupName: 'general',
      version: '1.31',
    });
    // Each add-on straight at EKS's default for the target: a fresh install has no VPC CNI minor rule.
    expect(
      plan.steps
        .filter((step) => step.kind === 'addon_install')
        .map((step) => [step.addonName, step.toVersion, step.clusterName, step.kubernetesVersion]),
    ).toEqual([
      ['vpc-cni', 'v1.19.2-eksbuild.1', 'prod-1-31', '1.31'],
      ['kube-proxy', 'v1.31.0-eksbuild.2', 'prod-1-31', '1.31'],
      ['coredns', 'v1.11.3-eksbuild.1', 'prod-1-31', '1.31'],
    ]);
    expect(plan.steps[8]).toMatchObject({ kind: 'traffic_shift', fromWeight: 25, toWeight: 50 });
    expect(plan.warnings).toEqual([]);
  });

  it('blocks blue/green when an add-on has no version for the target or a node group uses a custom AMI', () => {
    // Prepare
    const base = snapshot();
    const snap = snapshot({
      nodegroups: [
        ...base.nodegroups,
        { name: 'gpu', version: '1.29', status: 'ACTIVE', amiType: 'CUSTOM', customAmi: true },
      ],
      addons: base.addons.map((addon) =>
        addon.name === 'coredns'
          ? {
              ...addon,
              compatibility: addon.compatibility.filter((entry) => entry.kubernetesVersion !== '1.31'),
            }
          : addon,
      ),
    });

    // Act
    const plan = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers.map((issue) => [issue.code, issue.resource])).toEqual([
      ['CUSTOM_AMI_NODEGROUP', 'nodegroup:gpu'],
      ['ADDON_INCOMPATIBLE', 'addon:coredns'],
    ]);
    expect(plan.blockers[0]!.message).toMatch(/custom AMI built for 1\.29.*an AMI for 1\.31/);
    expect(plan.steps.some((step) => step.kind === 'addon_install' && step.addonName === 'coredns')).toBe(
      false,
    );
  });

  it('installs the newest compatible add-on version on green when EKS marks no default, with a warning', () => {
    // Prepare
    const base = snapshot();
    const snap = snapshot({
      addons: base.addons.map((addon) =>
        addon.name === 'kube-proxy'
          ? {
              ...addon,
              compatibility: [
                { kubernetesVersion: '1.31', versions: ['v1.31.0-eksbuild.2', 'v1.31.2-eksbuild.3'] },
              ],
            }
          : addon,
      ),
    });

    // Act
    const plan = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), snap);

    // Assess
    expect(plan.steps.find((step) => step.id === 'green-addon-kube-proxy')).toMatchObject({
      toVersion: 'v1.31.2-eksbuild.3',
    });
    expect(codes(plan.warnings)).toEqual(['ADDON_NO_DEFAULT_VERSION']);
  });

  it('uses the traffic intervals of the request over the configured ones', () => {
    // Act
    const plan = rules(
      request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, trafficShiftIntervals: [50, 100] }),
    );

    // Assess
    expect(plan.steps.filter((step) => step.kind === 'traffic_shift').map((step) => step.toWeight)).toEqual([
      50, 100,
    ]);
  });

  it('blocks blue/green without traffic routing', () => {
    // Act
    const plan = rules(request({ strategy: 'blue_green' }));

    // Assess
    expect(codes(plan.blockers)).toEqual(['TRAFFIC_ROUTING_MISSING']);
  });

  it('blocks a downgrade and an upgrade to the current version, with no steps', () => {
    // Act
    const down = rules(request({ targetVersion: '1.28' }));
    const same = rules(request({ targetVersion: '1.29' }));

    // Assess
    expect(codes(down.blockers)).toContain('DOWNGRADE');
    expect(codes(same.blockers)).toEqual(['ALREADY_AT_TARGET']);
    expect([down.steps, same.steps, down.hops]).toEqual([[], [], []]);
  });

  it('blocks in place when a node group uses a custom AMI, and when the cluster is unhealthy', () => {
    // Prepare
    const snap = snapshot({
      status: 'UPDATING',
      healthIssues: [{ code: 'Ec2SubnetNotFound', message: 'subnet-0a2 was deleted' }],
      nodegroups: [{ name: 'gpu', version: '1.29', status: 'ACTIVE', amiType: 'CUSTOM', customAmi: true }],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(codes(plan.blockers)).toEqual(['CLUSTER_NOT_ACTIVE', 'CLUSTER_UNHEALTHY', 'CUSTOM_AMI_NODEGROUP']);
  });

  it('warns when the target is in extended support', () => {
    // Prepare
    const snap = snapshot({
      supportedVersions: [
        { version: '1.30', status: 'EXTENDED_SUPPORT' },
        { version: '1.31', status: 'EXTENDED_SUPPORT', endOfExtendedSupportDate: '2027-11-26T00:00:00Z' },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'EXTENDED_SUPPORT', message: expect.stringMatching(/2027/) }),
    ]);
  });

  it('estimates the duration from typical EKS durations', () => {
    // Act
    const inPlace = rules();
    const blueGreen = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }));

    // Assess
    // 2 control-plane hops × 15 min + 6 add-on updates × 3 min + 4 node group rolls × 20 min.
    expect(inPlace.estimatedDurationSeconds).toBe(2 * 900 + 6 * 180 + 4 * 1200);
    // Cluster 15 min + 2 node groups × 10 min + 3 add-ons × 3 min + 5 bakes × 300 s + decommission 15 min.
    expect(blueGreen.estimatedDurationSeconds).toBe(900 + 2 * 600 + 3 * 180 + 5 * 300 + 900);
    expect(
      estimatePlanDurationSeconds(blueGreen.steps, {
        ...config(),
        upgrade: { ...config().upgrade, bakeTimeSeconds: 600 },
      }),
    ).toBe(900 + 2 * 600 + 3 * 180 + 5 * 600 + 900);
  });

  it('warns when the estimate exceeds the execution timeout, naming the setting to raise', () => {
    // Prepare
    const bg = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

    // Act
    const tooShort = buildRulesPlan(bg, snapshot(), {
      config: config({ executionTimeoutSeconds: 3600 }),
      now: NOW,
    });
    const enough = buildRulesPlan(bg, snapshot(), {
      config: config({ executionTimeoutSeconds: 7200 }),
      now: NOW,
    });

    // Assess
    expect(tooShort.blocked).toBe(false);
    expect(tooShort.warnings).toEqual([
      {
        code: 'EXECUTION_TIMEOUT_TOO_SHORT',
        message: expect.stringContaining(
          "about 1 h 24 min (5040 s), longer than the workflow's execution timeout of 3600 s",
        ),
      },
    ]);
    expect(tooShort.warnings[0]!.message).toContain(
      'raise stepFunctions.executionTimeoutSeconds (e.g. `eks-upgrade config set stepFunctions.executionTimeoutSeconds 10800`)',
    );
    expect(enough.warnings).toEqual([]);
  });

  it('refuses a snapshot of another cluster', () => {
    // Act & Assess
    expect(() => rules(request({ clusterName: 'staging' }))).toThrow(ValidationError);
  });
});

describe('Function: planUpgrade', () => {
  const bedrock = mockClient(BedrockRuntimeClient);
  beforeEach(() => {
    bedrock.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('adds the Bedrock narrative when Bedrock is on', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves({
      output: {
        message: { role: 'assistant', content: [{ text: 'Moderate risk: two hops; watch CoreDNS.' }] },
      },
      stopReason: 'end_turn',
      usage: { inputTokens: 812, outputTokens: 14, totalTokens: 826 },
      metrics: { latencyMs: 950 },
    });
    const narrative = new BedrockNarrativeClient({
      client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    });

    // Act
    const plan = await planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config({ bedrockEnabled: true }), narrative, clock: { now: () => NOW } },
    );

    // Assess
    expect(plan.source).toBe('rules+bedrock');
    expect(plan.narrative).toBe('Moderate risk: two hops; watch CoreDNS.');
    expect(plan.narrativeUnavailableReason).toBeUndefined();
    expect(bedrock).toHaveReceivedCommandWith(ConverseCommand, {
      modelId: 'anthropic.claude-3-sonnet-20240229-v1:0',
      inferenceConfig: { maxTokens: 4000, temperature: 0.1 },
    });
  });

  it('plans with the rules alone when Bedrock is off, without calling it', async () => {
    // Prepare
    const narrative = new BedrockNarrativeClient({
      client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    });

    // Act
    const plan = await planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config(), narrative },
    );

    // Assess
    expect(plan.source).toBe('rules');
    expect(plan.narrativeUnavailableReason).toMatch(/disabled/);
    expect(bedrock).not.toHaveReceivedCommand(ConverseCommand);
    expect(plan.steps).toHaveLength(12);
  });

  it('plans with the rules alone when Bedrock fails, saying why', async () => {
    // Prepare
    bedrock.on(ConverseCommand).rejects(
      Object.assign(new Error("You don't have access to the model with the specified model ID."), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403, requestId: 'req-1' },
      }),
    );
    const narrative = new BedrockNarrativeClient({
      client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    });

    // Act
    const plan = await planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config({ bedrockEnabled: true }), narrative },
    );

    // Assess
    expect(plan.source).toBe('rules');
    expect(plan.narrative).toBeUndefined();
    expect(plan.narrativeUnavailableReason).toMatch(/^Bedrock failed: .*AccessDeniedException/);
    expect(plan.steps).toHaveLength(12);
  });

  it('plans with the rules alone when Bedrock is slower than the timeout, and aborts the call', async () => {
    // Prepare
    vi.useFakeTimers();
    let aborted = false;
    const narrative = {
      summarize: (_request: unknown, options: { abortSignal: AbortSignal }) =>
        new Promise<string>((_resolve, reject) => {
          options.abortSignal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    };

    // Act
    const pending = planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config({ bedrockEnabled: true, timeoutSeconds: 5 }), narrative },
    );
    await vi.advanceTimersByTimeAsync(5000);
    const plan = await pending;

    // Assess
    expect(plan.source).toBe('rules');
    expect(plan.narrativeUnavailableReason).toBe('Bedrock did not answer within 5s');
    expect(aborted).toBe(true);
  });

  it('rejects an input that breaks the contract', async () => {
    // Act & Assess
    await expect(
      planUpgrade({ request: { clusterName: 'prod' }, snapshot: snapshot() } as never, { config: config() }),
    ).rejects.toThrow(/request\.targetVersion/);
  });
});
