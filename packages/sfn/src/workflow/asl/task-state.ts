import { type IoProps, RetryableState, renderIo } from './base-states.js';
import type { AslState } from './types.js';

/** Options of a Task state. */
export interface TaskProps extends IoProps {
  resource: string;
  timeoutSeconds?: number;
  /** Reads the timeout from the state's input instead (e.g. an approval gate's own timeout). */
  timeoutSecondsPath?: string;
  comment?: string;
}

/**
 * A Task state (a service integration such as `lambda:invoke` or `events:putEvents`).
 *
 * @example
 * ```ts
 * const invoke = new TaskState('Perception: Collect cluster state', {
 *   resource: 'arn:aws:states:::lambda:invoke',
 *   parameters: { FunctionName: 'eks-upgrade-agent-perception', Payload: { 'request.$': '$.request' } },
 *   resultSelector: { 'snapshot.$': '$.Payload' },
 *   resultPath: '$.perception',
 *   timeoutSeconds: 300,
 * }).addRetry({ errors: ['Lambda.ServiceException'], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2 });
 * ```
 */
export class TaskState extends RetryableState {
  constructor(
    name: string,
    readonly props: TaskProps,
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    return {
      ...this.base('Task'),
      Resource: this.props.resource,
      ...renderIo(this.props),
      ...(this.props.timeoutSeconds !== undefined ? { TimeoutSeconds: this.props.timeoutSeconds } : {}),
      ...(this.props.timeoutSecondsPath !== undefined
        ? { TimeoutSecondsPath: this.props.timeoutSecondsPath }
        : {}),
      ...this.renderErrorHandling(),
      ...this.renderNext(),
    };
  }
}
