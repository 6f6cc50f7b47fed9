import { ConfigurationError } from '@eks-upgrade/core-models';
import { State, type Transitions } from './base-states.js';
import type { AslState } from './types.js';

/**
 * A Succeed state.
 *
 * @example
 * ```ts
 * const done = new SucceedState('Upgrade: Succeeded');
 * ```
 */
export class SucceedState extends State {
  constructor(name: string, comment?: string) {
    super(name, comment);
  }
  render(): AslState {
    return this.base('Succeed');
  }
  transitions(): Transitions {
    return { next: [] };
  }
}

/** Options of a Fail state: a fixed or a computed error and cause. */
export interface FailProps {
  error?: string;
  errorPath?: string;
  cause?: string;
  causePath?: string;
  comment?: string;
}

/**
 * A Fail state with a fixed or a computed error and cause.
 *
 * @example
 * ```ts
 * new FailState('Upgrade: Rolled back', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' });
 * ```
 */
export class FailState extends State {
  constructor(
    name: string,
    readonly props: FailProps,
  ) {
    super(name, props.comment);
    if (props.error !== undefined && props.errorPath !== undefined) {
      throw new ConfigurationError(`Fail state "${name}" takes error or errorPath, not both`);
    }
    if (props.cause !== undefined && props.causePath !== undefined) {
      throw new ConfigurationError(`Fail state "${name}" takes cause or causePath, not both`);
    }
  }
  render(): AslState {
    const { error, errorPath, cause, causePath } = this.props;
    return {
      ...this.base('Fail'),
      ...(error !== undefined ? { Error: error } : {}),
      ...(errorPath !== undefined ? { ErrorPath: errorPath } : {}),
      ...(cause !== undefined ? { Cause: cause } : {}),
      ...(causePath !== undefined ? { CausePath: causePath } : {}),
    };
  }
  transitions(): Transitions {
    return { next: [] };
  }
}
