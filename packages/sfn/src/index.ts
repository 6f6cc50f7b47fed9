/**
 * @packageDocumentation
 * Step Functions for eks-upgrade: the `StepFunctionsClient`, the upgrade workflow definition
 * (Amazon States Language), its validation and Mermaid rendering, and a local runner.
 */
export * from './client/approval-gates.js';
export * from './client/execution-name.js';
export * from './client/phase-timeline.js';
export * from './client/resume-decision.js';
export * from './client/state-machine-version-pruning.js';
export * from './client/state-machine-versions.js';
export * from './client/step-functions-client.js';
export * from './client/step-runs.js';
export * from './local/history-quota.js';
export * from './local/redrive-locally.js';
export * from './local/run-workflow-locally.js';
export * from './local/virtual-clock.js';
export * from './models/state-machine.js';
export * from './workflow/asl/states.js';
export type * from './workflow/asl/types.js';
export * from './workflow/render-mermaid.js';
export * from './workflow/upgrade-workflow.js';
export * from './workflow/validate-definition.js';
