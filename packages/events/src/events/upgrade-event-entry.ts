import {
  toValidationIssues,
  type UpgradeEvent,
  UpgradeEventSchema,
  ValidationError,
  type ValidationIssue,
} from '@eks-upgrade/core-models';
import { MAX_PUT_EVENTS_REQUEST_BYTES, TIME_ENTRY_BYTES } from '../constants.js';

/** One PutEvents request entry, as we build it from an `UpgradeEvent`. */
export interface UpgradeEventEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
  Time?: Date;
  Resources?: string[];
}

const encoder = new TextEncoder();
const utf8Length = (text: string): number => encoder.encode(text).length;

/**
 * The size of a PutEvents entry by AWS's rules: 14 bytes when `Time` is set, plus the UTF-8
 * bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 *
 * @example
 * ```ts
 * putEventsEntrySize({ Source: 'a', DetailType: 'b', Detail: '{}' }); // 4
 * ```
 */
export function putEventsEntrySize(entry: {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Time?: Date;
  Resources?: readonly string[];
}): number {
  let size = entry.Time === undefined ? 0 : TIME_ENTRY_BYTES;
  if (entry.Source) size += utf8Length(entry.Source);
  if (entry.DetailType) size += utf8Length(entry.DetailType);
  if (entry.Detail) size += utf8Length(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8Length(resource);
  return size;
}

/**
 * Validates every event (the detail against its type's schema) and returns them parsed, with
 * defaults applied. Throws one `ValidationError` naming every offending `events[i]` field.
 */
export function parseUpgradeEvents(events: readonly unknown[]): UpgradeEvent[] {
  if (!Array.isArray(events)) {
    throw new ValidationError('Invalid upgrade events', [
      { path: 'events', message: 'must be an array of events' },
    ]);
  }
  const issues: ValidationIssue[] = [];
  const parsed: UpgradeEvent[] = [];
  events.forEach((event, index) => {
    const result = UpgradeEventSchema.safeParse(event);
    if (result.success) parsed.push(result.data as UpgradeEvent);
    else issues.push(...toValidationIssues(result.error, `events[${index}]`));
  });
  if (issues.length > 0) throw new ValidationError('Invalid upgrade events', issues);
  return parsed;
}

/**
 * Builds the PutEvents entries for validated events and checks each fits in one request.
 * Throws a `ValidationError` (before anything is sent) for an event too large for one entry.
 */
export function toUpgradeEventEntries(
  events: readonly UpgradeEvent[],
  options: { source: string; busName: string },
): { entries: UpgradeEventEntry[]; sizes: number[] } {
  const entries = events.map(
    (event): UpgradeEventEntry => ({
      Source: options.source,
      DetailType: event.type,
      Detail: JSON.stringify(event.detail),
      EventBusName: options.busName,
      ...(event.time === undefined ? {} : { Time: event.time }),
      ...(event.resources === undefined || event.resources.length === 0
        ? {}
        : { Resources: event.resources }),
    }),
  );
  const sizes = entries.map(putEventsEntrySize);
  const issues = sizes.flatMap((size, index) =>
    size > MAX_PUT_EVENTS_REQUEST_BYTES
      ? [
          {
            path: `events[${index}]`,
            message: `is ${size} bytes by PutEvents' entry-size rules; one entry must be at most ${MAX_PUT_EVENTS_REQUEST_BYTES} bytes (256 KB)`,
          },
        ]
      : [],
  );
  if (issues.length > 0) throw new ValidationError('Upgrade events too large to publish', issues);
  return { entries, sizes };
}
