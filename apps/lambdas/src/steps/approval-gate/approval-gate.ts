import { ExecutionError, GATE_REJECTED_ERROR } from '@eks-upgrade/core-models';
import type { StepKindModule, StepOfKind } from '../step-kind-module.js';

const PURPOSE_WORDS: Readonly<Record<StepOfKind<'approval_gate'>['gate']['purpose'], string>> = {
  plan: 'the plan',
  workload: 'workloads deployed',
  control_plane_hop: 'the control-plane update',
  traffic: 'the traffic shift',
  decommission: 'the decommission',
  fargate: 'the Fargate restart',
  irsa_trust: "the IRSA roles' trust of green's issuer",
  failure: 'resuming after the failure (or rolling back)',
};

/** The error a phase raises when asked to run a gate, which only the workflow can. */
function handledByWorkflow(step: StepOfKind<'approval_gate'>, phase: string): ExecutionError {
  return new ExecutionError(
    `Step ${step.id} is an approval gate: the workflow waits at it on a task token and never calls ${phase} for it. ` +
      'Answer it with `eks-upgrade approve` or `eks-upgrade reject`; if a workflow called this, its definition is older than the plan (redeploy with `eks-upgrade deploy`).',
    { phase: phase === 'Execute' ? 'execution' : 'validation', errorType: 'Upgrade.GateNotExecutable' },
  );
}

/**
 * `approval_gate`: wait for a person or a pipeline to approve before the plan goes on. The
 * workflow handles it itself: a `events:putEvents.waitForTaskToken` Task publishes `gate.pending`
 * with the task token and waits up to `gate.timeoutSeconds` for `SendTaskSuccess` (approved, with
 * a `GateDecision`) or `SendTaskFailure` (`Upgrade.GateRejected`). So this module calls no
 * gateway operation, its execute and progress refuse to run, and there is nothing to undo.
 * See https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 */
export const approvalGate: StepKindModule<'approval_gate'> = {
  kind: 'approval_gate',
  example: {
    id: 'gate-workload',
    kind: 'approval_gate',
    description: 'Wait for workloads on prod-1-31 before moving traffic',
    clusterName: 'prod-1-31',
    gate: {
      purpose: 'workload',
      summary: 'Deploy your workloads to prod-1-31, then approve with its traffic target',
      timeoutSeconds: 86400,
      acceptsTrafficTarget: true,
    },
  },
  // The wait is the approver's, not EKS's: no typical duration to add; it is bounded by the gate's timeout.
  typicalDurationSeconds: () => 0,
  describe: (step) =>
    `Wait for approval of ${PURPOSE_WORDS[step.gate.purpose]} on ${step.clusterName} (${step.gate.purpose} gate, times out after ${step.gate.timeoutSeconds} s)${step.gate.acceptsTrafficTarget ? '; the approval may name the green traffic target' : ''}`,
  operations: { execution: [], validation: [], rollback: [] },

  async execute(step) {
    throw handledByWorkflow(step, 'Execute');
  },

  validation: {
    async progress(step) {
      throw handledByWorkflow(step, 'Validation');
    },
    // Approving changes no resource: no health to judge and nothing left behind.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'nothing',
    reason: `An approval gate changes nothing, so there is nothing to undo; a rejection (${GATE_REJECTED_ERROR}) or a timeout at it starts the rollback of the steps before it.`,
  },
};
