/**
 * The definition as the local runner runs it: Wait states and Distributed Maps become Task states
 * on local resources (so their time passes on the virtual clock and a Map's items run as child
 * executions), and every state, nested ones too, is indexed by name.
 */
import type { AslState } from '../workflow/asl/types.js';

export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::eks-upgrade-local:wait';
export const LOCAL_MAP_RESOURCE = 'arn:aws:states:::eks-upgrade-local:distributed-map';
/** The Pass state that applies a Distributed Map's ItemSelector in a child (not in its history). */
export const ITEM_SELECTOR_STATE = 'eks-upgrade-local: ItemSelector';
/**
 * The (real-time) timeout the library gets for the local stand-in of a Distributed Map and for
 * tasks with a TimeoutSecondsPath: the runner keeps their time on the virtual clock instead.
 */
const LOCAL_MAP_TIMEOUT_SECONDS = 2_000_000;

/** Every state of a definition by name, nested ones (Map item processors, Parallel branches) too. */
export type StateIndex = Map<string, AslState>;

/** Adds `states` and the states nested in them to `index`. */
export function indexStates(states: Record<string, AslState>, index: StateIndex): void {
  for (const [name, state] of Object.entries(states)) {
    index.set(name, state);
    const processor = (state.ItemProcessor ?? state.Iterator) as
      | { States?: Record<string, AslState> }
      | undefined;
    if (processor?.States) indexStates(processor.States, index);
    const branches = state.Branches as Array<{ States?: Record<string, AslState> }> | undefined;
    for (const branch of branches ?? []) if (branch.States) indexStates(branch.States, index);
  }
}

/** The states a Distributed Map's child executions run, rewritten for the local runner. */
export interface LocalProcessor {
  startAt: string;
  states: Record<string, AslState>;
}

function isDistributedMap(state: AslState): boolean {
  const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
  return state.Type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

/** The local resource a state runs as (Wait and Distributed Map states become local tasks). */
export function localResourceOf(state: AslState): string {
  if (state.Type === 'Wait') return LOCAL_WAIT_RESOURCE;
  if (isDistributedMap(state)) return LOCAL_MAP_RESOURCE;
  return String(state.Resource ?? '');
}

/**
 * Wait states become local Task states so their time passes on the virtual clock; Distributed
 * Map states become local Task states that run their items as child executions (their item
 * processors, rewritten too, are kept in `processors`).
 */
export function withLocalStates(
  states: Record<string, AslState>,
  processors: Map<string, LocalProcessor>,
): Record<string, AslState> {
  const rewritten: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(states)) {
    let copy: AslState = { ...state };
    if (state.Type === 'Wait') {
      const { Seconds: _s, SecondsPath: _sp, Timestamp: _t, TimestampPath: _tp, ...rest } = state;
      copy = { ...rest, Type: 'Task', Resource: LOCAL_WAIT_RESOURCE };
    } else if (isDistributedMap(state)) {
      const processor = state.ItemProcessor as { StartAt: string; States: Record<string, AslState> };
      processors.set(name, {
        startAt: processor.StartAt,
        states: withLocalStates(processor.States, processors),
      });
      const {
        ItemProcessor: _processor,
        ItemsPath: _items,
        ItemSelector: _selector,
        MaxConcurrency: _concurrency,
        MaxConcurrencyPath: _concurrencyPath,
        ToleratedFailureCount: _count,
        ToleratedFailurePercentage: _percentage,
        Label: _label,
        ItemReader: _reader,
        ItemBatcher: _batcher,
        ResultWriter: _writer,
        ...rest
      } = state;
      rewritten[name] = {
        ...rest,
        Type: 'Task',
        Resource: LOCAL_MAP_RESOURCE,
        TimeoutSeconds: LOCAL_MAP_TIMEOUT_SECONDS,
      };
      continue;
    }
    if (state.Type === 'Task' && state.TimeoutSecondsPath !== undefined) {
      // The library reads TimeoutSecondsPath from the effective parameters (AWS: from the state's
      // input) and times out in real time; the runner enforces it on the virtual clock instead.
      const { TimeoutSecondsPath: _path, ...rest } = state;
      copy = { ...rest, TimeoutSeconds: LOCAL_MAP_TIMEOUT_SECONDS };
    }
    for (const key of ['ItemProcessor', 'Iterator'] as const) {
      const processor = state[key] as { States: Record<string, AslState> } | undefined;
      if (processor?.States)
        copy[key] = { ...processor, States: withLocalStates(processor.States, processors) } as never;
    }
    if (Array.isArray(state.Branches)) {
      copy.Branches = (state.Branches as Array<{ States: Record<string, AslState> }>).map((branch) => ({
        ...branch,
        States: withLocalStates(branch.States, processors),
      })) as never;
    }
    rewritten[name] = copy;
  }
  return rewritten;
}
