/**
 * The EKS upgrade workflow definition (Amazon States Language), one module per part of the
 * workflow under `./upgrade-workflow/`. This index keeps the package's public exports; the
 * modules, in the order an execution meets them:
 *
 * - `workflow-options.ts`: the options, their defaults and checks, and the mapping from the agent configuration.
 * - `definition.ts`: `createUpgradeStateMachineDefinition`, which wires the parts below together.
 * - `state-factory.ts`: the building blocks: best-effort event publishers, phase function tasks and their retries.
 * - `service-integrations.ts`: the Lambda and EventBridge resources and retry policies.
 * - `workflow-errors.ts`: the error names the workflow raises itself.
 * - `perception-reasoning.ts`: Perception and Reasoning, and the failure end before any change.
 * - `step-loop.ts`: the loop over the plan's steps and the state it carries from step to step.
 * - `deadline.ts`: the rollback reserve, the deadline budget and the deadline check of the loop.
 * - `step-stage.ts`: one stage of the loop: the `Step: Run` Distributed Map (parallel groups in batches) and its verdict.
 * - `step-child-execution.ts`: the child execution that runs one plan step (execute, deferrals, polls, validation, bake).
 * - `approval-gate.ts`: approval gates (`.waitForTaskToken`) and the rejection before any change.
 * - `failure-hold.ts`: `failurePolicy: hold`: roll back or resume a failed batch.
 * - `final-validation.ts`: the final validation and the success end.
 * - `rollback.ts`: the rollback passes and the three failure ends after a change.
 */
export { deadlineBudgetSeconds, rollbackReserveSeconds } from './upgrade-workflow/deadline.js';
export { createUpgradeStateMachineDefinition } from './upgrade-workflow/definition.js';
export {
  EVENTS_PUT_EVENTS_RESOURCE,
  EVENTS_PUT_EVENTS_WAIT_RESOURCE,
  LAMBDA_INVOKE_RESOURCE,
  LAMBDA_TRANSIENT_ERRORS,
  RETRYABLE_AWS_ERROR_RETRY,
} from './upgrade-workflow/service-integrations.js';
export { STEP_RUN_STATE } from './upgrade-workflow/step-stage.js';
export { WorkflowError } from './upgrade-workflow/workflow-errors.js';
export {
  type PhaseFunctions,
  type ResolvedUpgradeWorkflowOptions,
  resolveWorkflowOptions,
  type UpgradeWorkflowOptions,
  workflowOptionsFromConfig,
} from './upgrade-workflow/workflow-options.js';
