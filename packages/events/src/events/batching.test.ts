import { describe, expect, it } from 'vitest';
import { minimumBatchCount, packBatches } from './batching.js';
import { putEventsEntrySize } from './upgrade-event-entry.js';

describe('Function: packBatches', () => {
  it('keeps at most 10 entries a batch', () => {
    expect(packBatches(Array(25).fill(10)).map((batch) => batch.length)).toEqual([10, 10, 5]);
  });

  it('keeps every batch within 256 KB', () => {
    const sizes = Array(10).fill(40 * 1024 + 100);
    const batches = packBatches(sizes);
    expect(batches).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9],
    ]);
    for (const batch of batches) {
      expect(batch.reduce((sum, index) => sum + sizes[index]!, 0)).toBeLessThanOrEqual(256 * 1024);
    }
  });

  it('accepts a batch of exactly 256 KB', () => {
    expect(packBatches([128 * 1024, 128 * 1024])).toEqual([[0, 1]]);
  });

  it('returns nothing for nothing', () => {
    expect(packBatches([])).toEqual([]);
    expect(minimumBatchCount([])).toBe(0);
  });
});

describe('Function: minimumBatchCount', () => {
  it('is the larger of the count bound and the size bound', () => {
    expect(minimumBatchCount(Array(11).fill(1))).toBe(2);
    expect(minimumBatchCount(Array(3).fill(200 * 1024))).toBe(3);
  });
});

describe('Function: putEventsEntrySize', () => {
  it('counts 14 bytes for Time and UTF-8 bytes of Source, DetailType, Detail and Resources', () => {
    expect(putEventsEntrySize({ Source: 'src', DetailType: 'dt', Detail: '{"a":"é"}' })).toBe(3 + 2 + 10);
    expect(
      putEventsEntrySize({
        Source: 'src',
        DetailType: 'dt',
        Detail: '{}',
        Time: new Date(),
        Resources: ['r1', 'ré'],
      }),
    ).toBe(14 + 3 + 2 + 2 + 2 + 3);
  });
});
