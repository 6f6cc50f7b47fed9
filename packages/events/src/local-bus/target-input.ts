import type { EventEnvelope } from '../events/envelope.js';
import type { EventTarget } from '../rules/event-rule.js';

/**
 * Resolves a simple JSON path (`$`, `$.detail`, `$.detail.clusterName`, `$.resources[0]`)
 * against `value`; `undefined` when the path leads nowhere.
 */
export function resolveJsonPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  const segments = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment.length > 0);
  let current: unknown = value;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * What a target receives for an event, as EventBridge computes it: the event itself, a constant
 * `input`, the part selected by `inputPath`, or the `inputTransformer` template filled in
 * (strings are inserted raw, other values as JSON; the result is parsed when it is JSON).
 */
export function targetInput(
  target: EventTarget | undefined,
  event: EventEnvelope,
  ruleName: string,
): unknown {
  if (target?.input !== undefined) return JSON.parse(target.input);
  if (target?.inputPath !== undefined) return resolveJsonPath(event, target.inputPath);
  const transformer = target?.inputTransformer;
  if (transformer === undefined) return event;
  const variables = new Map<string, unknown>([
    ['aws.events.rule-name', ruleName],
    ['aws.events.event.json', event],
  ]);
  for (const [name, path] of Object.entries(transformer.inputPathsMap ?? {})) {
    variables.set(name, resolveJsonPath(event, path));
  }
  const filled = transformer.inputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (placeholder, name: string) => {
    if (!variables.has(name)) return placeholder;
    const value = variables.get(name);
    if (value === undefined) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  try {
    return JSON.parse(filled);
  } catch {
    return filled;
  }
}
