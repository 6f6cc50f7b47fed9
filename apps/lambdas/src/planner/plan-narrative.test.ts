import { describe, expect, it } from 'vitest';
import { config, request, snapshot } from '../phases/__fixtures__/snapshots.js';
import type { NarrativeRequest } from '../phases/dependencies.js';
import { silentLogger } from '../phases/dependencies.js';
import { rules } from './__fixtures__/rules-plan.js';
import { withPlanNarrative } from './plan-narrative.js';

const answering = (text: string) => {
  const requests: NarrativeRequest[] = [];
  return {
    requests,
    client: {
      summarize: async (narrativeRequest: NarrativeRequest) => {
        requests.push(narrativeRequest);
        return text;
      },
    },
  };
};

describe('Function: withPlanNarrative', () => {
  it('asks the configured model about the plan: versions, step descriptions, blockers and warnings', async () => {
    // Prepare
    const plan = rules(request(), snapshot({ status: 'UPDATING', fargateProfiles: ['fp-default'] }));
    const { requests, client } = answering('  High risk: the cluster is updating.  ');
    const bedrockConfig = config({ bedrockEnabled: true });

    // Act
    const result = await withPlanNarrative(plan, {
      config: bedrockConfig,
      narrative: client,
      logger: silentLogger,
    });

    // Assess
    expect(result).toEqual({
      ...plan,
      source: 'rules+bedrock',
      narrative: 'High risk: the cluster is updating.',
    });
    expect(requests).toEqual([
      {
        modelId: bedrockConfig.bedrock.modelId,
        maxTokens: bedrockConfig.bedrock.maxTokens,
        temperature: bedrockConfig.bedrock.temperature,
        system:
          'You review Amazon EKS upgrade plans for platform engineers. In at most 200 words, summarise the risks of the plan you are given: the hops, the add-on and node group moves, blockers and warnings, and what to watch during the upgrade. Do not invent steps; the plan is decided.',
        prompt: JSON.stringify({
          cluster: 'prod',
          from: '1.29',
          to: '1.31',
          strategy: 'in_place',
          hops: ['1.30', '1.31'],
          steps: plan.steps.map((step) => step.description),
          blockers: ['CLUSTER_NOT_ACTIVE: Cluster prod is UPDATING, not ACTIVE'],
          warnings: [
            'FARGATE_PROFILES: Fargate profiles (fp-default) keep their old kubelet until their pods are restarted after each hop',
          ],
        }),
      },
    ]);
  });

  it('cuts a runaway answer at 4000 characters', async () => {
    // Prepare
    const { client } = answering('x'.repeat(5000));

    // Act
    const result = await withPlanNarrative(rules(), {
      config: config({ bedrockEnabled: true }),
      narrative: client,
      logger: silentLogger,
    });

    // Assess
    expect(result.narrative).toBe('x'.repeat(4000));
  });

  it('keeps the rules plan alone when Bedrock answers with no text or no client is configured', async () => {
    // Prepare
    const plan = rules();
    const { client } = answering('   ');

    // Act
    const empty = await withPlanNarrative(plan, {
      config: config({ bedrockEnabled: true }),
      narrative: client,
      logger: silentLogger,
    });
    const noClient = await withPlanNarrative(plan, {
      config: config({ bedrockEnabled: true }),
      logger: silentLogger,
    });

    // Assess
    expect(empty).toEqual({ ...plan, narrativeUnavailableReason: 'Bedrock returned no text' });
    expect(noClient).toEqual({ ...plan, narrativeUnavailableReason: 'No Bedrock client is configured' });
  });

  it('says why when the client throws something that is not an Error, cut to 500 characters', async () => {
    // Prepare
    const plan = rules();
    const client = {
      summarize: async (): Promise<string> => {
        throw `throttled ${'y'.repeat(600)}`;
      },
    };

    // Act
    const result = await withPlanNarrative(plan, {
      config: config({ bedrockEnabled: true }),
      narrative: client,
      logger: silentLogger,
    });

    // Assess
    expect(result).toEqual({
      ...plan,
      narrativeUnavailableReason: `Bedrock failed: throttled ${'y'.repeat(600)}`.slice(0, 500),
    });
    expect(result.narrativeUnavailableReason).toHaveLength(500);
  });
});
