import { MAX_PUT_EVENTS_ENTRIES, MAX_PUT_EVENTS_REQUEST_BYTES } from '../constants.js';

/** Limits of one batch. */
export interface BatchLimits {
  maxEntries: number;
  maxBytes: number;
}

const PUT_EVENTS_LIMITS: BatchLimits = {
  maxEntries: MAX_PUT_EVENTS_ENTRIES,
  maxBytes: MAX_PUT_EVENTS_REQUEST_BYTES,
};

/**
 * Groups entries (given by size, each at most `maxBytes`) into batches of at most `maxEntries`
 * entries and `maxBytes` bytes. First fit in request order: each entry joins the first batch
 * with room, so batches keep request order inside and small entries fill gaps left by large ones.
 * Returns the indexes of each batch.
 *
 * @example
 * ```ts
 * packBatches(Array(11).fill(100)); // [[0..9], [10]]
 * ```
 */
export function packBatches(sizes: readonly number[], limits: BatchLimits = PUT_EVENTS_LIMITS): number[][] {
  const batches: { indexes: number[]; bytes: number }[] = [];
  sizes.forEach((size, index) => {
    const batch = batches.find(
      (candidate) =>
        candidate.indexes.length < limits.maxEntries && candidate.bytes + size <= limits.maxBytes,
    );
    if (batch) {
      batch.indexes.push(index);
      batch.bytes += size;
    } else {
      batches.push({ indexes: [index], bytes: size });
    }
  });
  return batches.map((batch) => batch.indexes);
}

/**
 * The fewest PutEvents calls any batching could use: by entry count and by total bytes.
 *
 * @example
 * ```ts
 * minimumBatchCount([1, 2, 3]); // 1
 * ```
 */
export function minimumBatchCount(sizes: readonly number[], limits: BatchLimits = PUT_EVENTS_LIMITS): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return Math.max(Math.ceil(sizes.length / limits.maxEntries), Math.ceil(total / limits.maxBytes));
}
