import { type IoProps, RetryableState, renderIo, type State, type Transitions } from './base-states.js';
import { renderGraph } from './render-definition.js';
import type { AslState, JsonObject } from './types.js';

/** Options of a Map state. */
export interface MapProps extends Omit<IoProps, 'parameters'> {
  itemsPath: string;
  itemSelector?: JsonObject;
  maxConcurrency?: number;
  /**
   * `INLINE` (default) runs the iterations inside this execution's history; `DISTRIBUTED` runs
   * each item as a child workflow execution (Standard) with a history of its own
   * (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
   */
  mode?: 'INLINE' | 'DISTRIBUTED';
  /** The first state of the work done for each item. */
  iterator: State;
  comment?: string;
}

/**
 * A Map state: runs a sub-workflow for each item (inline, or as child executions).
 *
 * @example
 * ```ts
 * const work = new PassState('Work on item');
 * work.end();
 * new MapState('Each step', { itemsPath: '$.plan.steps', maxConcurrency: 1, iterator: work });
 * ```
 */
export class MapState extends RetryableState {
  constructor(
    name: string,
    readonly props: MapProps,
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    const { itemsPath, itemSelector, maxConcurrency, mode, iterator, comment: _comment, ...io } = this.props;
    const processor = renderGraph(iterator);
    return {
      ...this.base('Map'),
      ItemsPath: itemsPath,
      ...(itemSelector ? { ItemSelector: itemSelector } : {}),
      ...(maxConcurrency !== undefined ? { MaxConcurrency: maxConcurrency } : {}),
      ItemProcessor: {
        ProcessorConfig:
          mode === 'DISTRIBUTED' ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' },
        StartAt: processor.StartAt,
        States: processor.States,
      } as JsonObject,
      ...renderIo(io),
      ...this.renderErrorHandling(),
      ...this.renderNext(),
    };
  }

  /** Only the states after the Map; the iterator's states live in their own scope. */
  override transitions(): Transitions {
    return super.transitions();
  }
}
