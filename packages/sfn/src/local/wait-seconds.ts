import type { AslState } from '../workflow/asl/types.js';
import { isRfc3339Timestamp } from './local-json-path.js';
import { taskError } from './local-task-error.js';
import type { VirtualClock } from './virtual-clock.js';

/**
 * Reads `$`, `$.a.b`, `$.a[0].b` (what Wait states and a Distributed Map's ItemsPath use); anything
 * else is a runtime error.
 */
export function readPath(path: string, input: unknown): unknown {
  if (!/^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\[\d+\]))*$/.test(path)) {
    throw taskError('States.Runtime', `The local runner reads simple paths only in Wait states: ${path}`);
  }
  let value: unknown = input;
  for (const part of path.slice(1).match(/\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g) ?? []) {
    const key = part.startsWith('.') ? part.slice(1) : Number(part.slice(1, -1));
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string | number, unknown>)[key]
        : undefined;
  }
  if (value === undefined) throw taskError('States.Runtime', `The path ${path} matched nothing in the input`);
  return value;
}

/** The seconds a Wait state waits: Seconds, SecondsPath, Timestamp or TimestampPath, as on AWS. */
export function waitSeconds(state: AslState, input: unknown, clock: VirtualClock): number {
  if (typeof state.Seconds === 'number') return state.Seconds;
  if (typeof state.SecondsPath === 'string') {
    const seconds = readPath(state.SecondsPath, input);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw taskError(
        'States.Runtime',
        `${state.SecondsPath} must be a whole number of seconds (is ${JSON.stringify(seconds)})`,
      );
    }
    return seconds;
  }
  const timestamp =
    typeof state.Timestamp === 'string' ? state.Timestamp : readPath(String(state.TimestampPath), input);
  // "Timestamps must conform to the RFC3339 profile of ISO 8601" with an uppercase T and Z
  // (https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html): not any text Date reads.
  if (!isRfc3339Timestamp(timestamp))
    throw taskError('States.Runtime', `Not an RFC 3339 timestamp: ${JSON.stringify(timestamp)}`);
  const until = Date.parse(timestamp as string);
  return Math.max(0, (until - clock.now().getTime()) / 1000);
}
