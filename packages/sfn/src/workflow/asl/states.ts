// The ASL state classes a workflow is built from, one kind per module; the workflow modules and
// the package index import them from here.
export {
  type CatchProps,
  type IoProps,
  NextableState,
  RetryableState,
  type RetryProps,
  STATES_ALL,
  State,
} from './base-states.js';
export { ChoiceState, Condition } from './choice-state.js';
export { type MapProps, MapState } from './map-state.js';
export { PassState, WaitState } from './pass-and-wait-states.js';
export { type DefinitionProps, renderDefinition, renderGraph } from './render-definition.js';
export { type FailProps, FailState, SucceedState } from './succeed-and-fail-states.js';
export { type TaskProps, TaskState } from './task-state.js';
