import { ConfigurationError } from '@eks-upgrade/core-models';
import type { State } from './base-states.js';
import type { AslDefinition, AslState } from './types.js';

/**
 * Renders every state reachable from `start` into `{ StartAt, States }`, refusing two
 * different states with the same name.
 *
 * @example
 * ```ts
 * const { StartAt, States } = renderGraph(firstState);
 * ```
 */
export function renderGraph(start: State): { StartAt: string; States: Record<string, AslState> } {
  const byName = new Map<string, State>();
  const queue: State[] = [start];
  while (queue.length > 0) {
    const state = queue.shift() as State;
    const known = byName.get(state.name);
    if (known) {
      if (known !== state) throw new ConfigurationError(`Duplicate state name "${state.name}"`);
      continue;
    }
    byName.set(state.name, state);
    queue.push(...state.transitions().next);
  }
  const states: Record<string, AslState> = {};
  for (const [name, state] of byName) states[name] = state.render();
  return { StartAt: start.name, States: states };
}

/** Options of a whole definition. */
export interface DefinitionProps {
  comment?: string;
  timeoutSeconds?: number;
}

/**
 * Renders a complete ASL document (JSONPath query language) from its first state.
 *
 * @example
 * ```ts
 * const hello = new PassState('Hello');
 * hello.next(new SucceedState('Done'));
 * const asl = renderDefinition(hello, { timeoutSeconds: 60 });
 * ```
 */
export function renderDefinition(start: State, props: DefinitionProps = {}): AslDefinition {
  const graph = renderGraph(start);
  assertUniqueNames(graph.States, new Set());
  return {
    ...(props.comment ? { Comment: props.comment } : {}),
    QueryLanguage: 'JSONPath',
    StartAt: graph.StartAt,
    ...(props.timeoutSeconds !== undefined ? { TimeoutSeconds: props.timeoutSeconds } : {}),
    States: graph.States,
  };
}

/** Step Functions wants state names unique across the whole machine, iterators included. */
function assertUniqueNames(states: Record<string, AslState>, seen: Set<string>): void {
  for (const [name, state] of Object.entries(states)) {
    if (seen.has(name)) throw new ConfigurationError(`Duplicate state name "${name}"`);
    seen.add(name);
    const processor = state.ItemProcessor as { States?: Record<string, AslState> } | undefined;
    if (processor?.States) assertUniqueNames(processor.States, seen);
  }
}
