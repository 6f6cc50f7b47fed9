/**
 * @packageDocumentation
 * Step Functions for eks-upgrade: the `StepFunctionsClient`, the upgrade workflow definition
 * (Amazon States Language), its validation and Mermaid rendering, and a local runner.
 */
export * from './client/execution-name.js';
export * from './client/phase-timeline.js';
export * from './client/step-functions-client.js';
export * from './models/state-machine.js';
