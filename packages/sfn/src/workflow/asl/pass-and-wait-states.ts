import { type IoProps, NextableState, renderIo } from './base-states.js';
import type { AslState, JsonValue } from './types.js';

/**
 * A Pass state: reshapes data.
 *
 * @example
 * ```ts
 * new PassState('Start polling', { result: { count: 0 }, resultPath: '$.poll' });
 * ```
 */
export class PassState extends NextableState {
  constructor(
    name: string,
    readonly props: IoProps & { result?: JsonValue; comment?: string } = {},
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    const { result, ...io } = this.props;
    return {
      ...this.base('Pass'),
      ...renderIo(io),
      ...(result !== undefined ? { Result: result } : {}),
      ...this.renderNext(),
    };
  }
}

/**
 * A Wait state: a fixed number of seconds or a number read from the input.
 *
 * @example
 * ```ts
 * new WaitState('Bake', { seconds: 300 });
 * new WaitState('Wait for update', { secondsPath: '$.execution.stepResult.pollAfterSeconds' });
 * new WaitState('Wait until deferred', { timestampPath: '$.execution.stepResult.deferredUntil' });
 * ```
 */
export class WaitState extends NextableState {
  constructor(
    name: string,
    readonly props: ({ seconds: number } | { secondsPath: string } | { timestampPath: string }) & {
      comment?: string;
    },
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    const props = this.props;
    return {
      ...this.base('Wait'),
      ...('seconds' in props
        ? { Seconds: props.seconds }
        : 'secondsPath' in props
          ? { SecondsPath: props.secondsPath }
          : { TimestampPath: props.timestampPath }),
      ...this.renderNext(),
    };
  }
}
