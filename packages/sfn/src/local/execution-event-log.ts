import type { WorkflowHistoryEvent } from '../client/phase-timeline.js';
import { type HistoryEventCounter, historyEventsOfLogEvent } from './history-quota.js';
import { ITEM_SELECTOR_STATE, type StateIndex } from './local-state-rewrite.js';
import { stringify } from './local-task-error.js';
import type { VirtualClock } from './virtual-clock.js';

/** An event of aws-local-stepfunctions' event log (the local interpreter emits the same shape). */
export type LibraryEvent = {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
  index?: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
};

/** Converts the library's events to AWS history event names, stamped with virtual time. */
export async function readEventLog(
  events: AsyncGenerator<unknown>,
  record: (event: LibraryEvent) => void,
): Promise<void> {
  for await (const raw of events) record(raw as LibraryEvent);
}

/**
 * Records one library event (or the local interpreter's, the same shape) in the execution's
 * log under its AWS history event name, stamped with virtual time, and counts its history events.
 */
export function eventRecorder(
  log: WorkflowHistoryEvent[],
  states: StateIndex,
  clock: VirtualClock,
  history: HistoryEventCounter,
): (event: LibraryEvent) => void {
  const caught = new Set<string>();
  // The history event types of each state, named once (every poll records four states).
  const typeNames = new Map<string, { isMap: boolean; entered: string; exited: string; failed: string }>();
  const namesOf = (stateName: string, libraryType: string | undefined) => {
    let names = typeNames.get(stateName);
    if (!names) {
      const type = String(states.get(stateName)?.Type ?? libraryType);
      names = {
        isMap: states.get(stateName)?.Type === 'Map',
        entered: `${type}StateEntered`,
        exited: `${type}StateExited`,
        failed: type === 'Task' ? 'TaskFailed' : `${type}StateFailed`,
      };
      typeNames.set(stateName, names);
    }
    return names;
  };
  return (event) => {
    if (event.state?.name === ITEM_SELECTOR_STATE) return;
    history.add(historyEventsOfLogEvent(event.type));
    const stateName = event.state?.name;
    const names = stateName ? namesOf(stateName, event.state?.type) : undefined;
    // A Map state also records MapStateStarted and MapStateSucceeded|Failed.
    if (event.type === 'StateEntered' && names?.isMap) history.add(2);
    const base = { id: log.length + 1, timestamp: clock.now() };
    const failure =
      event.Error === undefined && event.Cause === undefined
        ? {}
        : {
            ...(event.Error !== undefined ? { error: event.Error } : {}),
            ...(event.Cause !== undefined ? { cause: stringify(event.Cause) } : {}),
          };
    switch (event.type) {
      case 'ExecutionStarted':
        log.push({ ...base, type: 'ExecutionStarted', input: event.input });
        break;
      case 'ExecutionSucceeded':
        log.push({ ...base, type: 'ExecutionSucceeded', output: event.output });
        break;
      case 'ExecutionFailed':
        log.push({ ...base, type: 'ExecutionFailed', ...failure });
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        log.push({
          ...base,
          type: event.type,
          ...(event.parentState ? { stateName: event.parentState.name } : {}),
          ...(event.index !== undefined ? { mapIndex: event.index } : {}),
          ...failure,
        });
        break;
      case 'StateEntered':
        log.push({
          id: base.id,
          timestamp: base.timestamp,
          type: names?.entered ?? 'StateEntered',
          stateName: stateName as string,
          input: event.state?.input,
        });
        break;
      case 'StateExited':
        if (stateName && caught.delete(stateName)) break;
        log.push({
          id: base.id,
          timestamp: base.timestamp,
          type: names?.exited ?? 'StateExited',
          stateName: stateName as string,
          output: event.state?.output,
        });
        break;
      case 'StateFailed':
        log.push({
          ...base,
          type: names?.failed ?? 'StateFailed',
          stateName: stateName as string,
          ...failure,
        });
        break;
      case 'StateCaught':
        if (stateName) caught.add(stateName);
        break;
      default:
        break;
    }
  };
}
