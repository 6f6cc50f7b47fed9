import type { AslState, JsonObject } from '../workflow/asl/types.js';
import type { ExecutionScope, LocalRun } from './local-run-context.js';
import type { LocalChildExecution } from './local-run-result.js';
import type { LocalProcessor } from './local-state-rewrite.js';
import { taskError } from './local-task-error.js';
import { readPath } from './wait-seconds.js';

/**
 * A Distributed Map: each item runs as a child execution with its own history (and its own
 * 25,000-event quota), at most MaxConcurrency at a time on the shared virtual clock. The
 * output is the children's outputs in item order. A child that fails fails the Map Run
 * (`States.ExceedToleratedFailureThreshold`, no failure tolerated) once the children already
 * running have ended; no further child starts.
 */
export async function runDistributedMap(
  run: LocalRun,
  parent: ExecutionScope,
  stateName: string,
  state: AslState,
  input: unknown,
): Promise<unknown> {
  const items = readPath(typeof state.ItemsPath === 'string' ? state.ItemsPath : '$', input);
  if (!Array.isArray(items)) {
    throw taskError('States.Runtime', `${stateName}: ItemsPath ${String(state.ItemsPath)} is not an array`);
  }
  const processor = run.localProcessors.get(stateName) as LocalProcessor;
  const outputs: unknown[] = new Array(items.length).fill(null);
  const limit =
    typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0
      ? state.MaxConcurrency
      : items.length;
  let next = 0;
  let failed: LocalChildExecution | undefined;
  const worker = async () => {
    try {
      while (next < items.length && !failed && !run.rootStopped) {
        const index = next;
        next += 1;
        const child = await run.runExecution({
          name: `${parent.name}:${stateName}:${index}`,
          startAt: processor.startAt,
          states: processor.states,
          input,
          itemSelector: state.ItemSelector as JsonObject | undefined,
          item: { Index: index, Value: items[index] },
          parent: { mapStateName: stateName, index },
        });
        outputs[index] = child.output ?? null;
        if (child.status !== 'SUCCEEDED') failed ??= child;
      }
    } finally {
      run.scheduler.ended();
    }
  };
  const workers: Promise<void>[] = [];
  for (let count = 0; count < Math.min(limit, items.length); count += 1) {
    run.scheduler.started();
    workers.push(worker());
  }
  // The parent waits for its children: it is not running meanwhile.
  run.scheduler.ended();
  await Promise.all(workers);
  run.scheduler.started();
  if (failed) {
    throw taskError(
      'States.ExceedToleratedFailureThreshold',
      `The Map Run failed: child execution ${failed.name} ended ${failed.status} with ${failed.error ?? 'an error'}: ${failed.cause ?? ''}`,
    );
  }
  return outputs;
}
