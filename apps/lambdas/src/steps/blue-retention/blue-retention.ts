import { nothingToPoll } from '../shared/checks.js';
import type { StepKindModule } from '../step-kind-module.js';

/**
 * `blue_retention` (blue/green): once green carries all traffic (and its bake passed), keep the
 * blue cluster as it is for `retentionSeconds` before it may be decommissioned: resolvers and
 * clients may still send it traffic for the records' TTL (the planner never plans less), and it
 * stays the quickest way back. Execution defers the step (contract C) until the retention,
 * counted from when the workflow first selected the step, has passed; then it succeeds without
 * touching anything. Nothing to undo: it changes nothing.
 */
export const blueRetention: StepKindModule<'blue_retention'> = {
  kind: 'blue_retention',
  example: {
    id: 'retain-prod',
    kind: 'blue_retention',
    description: 'Keep prod for an hour',
    clusterName: 'prod',
    greenClusterName: 'prod-1-31',
    retentionSeconds: 3600,
  },
  // The step is the retention.
  typicalDurationSeconds: (step) => step.retentionSeconds,
  describe: (step) =>
    `Keep ${step.clusterName} for ${step.retentionSeconds} s while ${step.greenClusterName} carries all traffic, before its decommission`,
  deferral: (step, { stepSelectedAt }) => ({
    until: new Date(stepSelectedAt.getTime() + step.retentionSeconds * 1000),
    reason: `${step.clusterName} is kept for ${step.retentionSeconds} s after ${step.greenClusterName} took all traffic (upgrade.blueRetentionSeconds, at least the records' TTL)`,
  }),
  operations: { execution: [], validation: [], rollback: [] },

  async execute(step) {
    return {
      clusterName: step.clusterName,
      status: 'succeeded',
      message: `${step.clusterName} was kept for ${step.retentionSeconds} s with all traffic on ${step.greenClusterName}`,
    };
  },

  validation: {
    progress: async () => nothingToPoll(),
    // Nothing changed: the final check judges green.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'nothing',
    reason:
      'Keeping the blue cluster changes nothing, so there is nothing to undo; the traffic and green undos decide what happens.',
  },
};
