/**
 * PutEvents calls made by `publishEvents` against the fewest possible, for typical batches, on a
 * mocked SDK client; then the time `publishEvents` takes to validate, size, batch and send.
 * The run fails when a count is not the minimum. Run: `pnpm bench` in packages/events.
 *
 * The minimum: the lower bound max(ceil(n / 10), ceil(total bytes / 256 KB)); when the calls
 * exceed it, an exhaustive search over every grouping decides the true minimum (small n only).
 */

import { registerHooks } from 'node:module';
import {
  PutEventsCommand,
  type PutEventsRequestEntry,
  EventBridgeClient as SdkEventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { Bench } from 'tinybench';

// Plain node runs this file (vitest 5 has no bench): type stripping handles TypeScript, and this
// hook lets the sources' `.js` imports find their `.ts` files.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
        return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
      }
      throw error;
    }
  },
});

const {
  EventBridgeClient,
  MAX_PUT_EVENTS_ENTRIES,
  MAX_PUT_EVENTS_REQUEST_BYTES,
  minimumBatchCount,
  putEventsEntrySize,
} = await import('../src/index.js');
type UpgradeEventInput = import('../src/index.js').UpgradeEventInput;

const sdkMock = mockClient(SdkEventBridgeClient);
sdkMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
  FailedEntryCount: 0,
  Entries: input.Entries.map((_, index) => ({ EventId: `id-${index}` })),
}));
const client = new EventBridgeClient({ client: new SdkEventBridgeClient({ region: 'us-east-1' }) });

const small = (count: number): UpgradeEventInput[] =>
  Array.from({ length: count }, (_, index) => ({
    type: 'phase.started',
    detail: { clusterName: `cluster-${index}`, phase: 'execution', stepId: `step-${index}` },
  }));
const sized = (kilobytes: readonly number[]): UpgradeEventInput[] =>
  kilobytes.map((size, index) => ({
    type: 'upgrade.failed',
    detail: { clusterName: `cluster-${index}`, error: 'x'.repeat(size * 1024) },
  }));

/** The fewest batches any grouping can use (exhaustive search; sizes sorted, largest first). */
function exactMinimum(sizes: number[]): number {
  const sorted = [...sizes].sort((left, right) => right - left);
  let best = sorted.length;
  const bins: { bytes: number; count: number }[] = [];
  const place = (index: number): void => {
    if (bins.length >= best) return;
    if (index === sorted.length) {
      best = bins.length;
      return;
    }
    const size = sorted[index]!;
    for (const bin of bins) {
      if (bin.count < MAX_PUT_EVENTS_ENTRIES && bin.bytes + size <= MAX_PUT_EVENTS_REQUEST_BYTES) {
        bin.bytes += size;
        bin.count++;
        place(index + 1);
        bin.bytes -= size;
        bin.count--;
      }
    }
    bins.push({ bytes: size, count: 1 });
    place(index + 1);
    bins.pop();
  };
  place(0);
  return best;
}

const cases: Array<[string, UpgradeEventInput[]]> = [
  ['11 events', small(11)],
  ['25 events', small(25)],
  ['100 events', small(100)],
  ['10 x 40 KB', sized(Array(10).fill(40))],
  ['30 x 20 KB', sized(Array(30).fill(20))],
  ['8 mixed: 200, 100, 200, 100... KB', sized([200, 100, 200, 100, 200, 100, 200, 100])],
  ['6 mixed: 150, 30, 150, 30, 100, 100 KB', sized([150, 30, 150, 30, 100, 100])],
];

const rows: Array<Record<string, string | number>> = [];
let failed = false;
for (const [name, events] of cases) {
  sdkMock.resetHistory();
  const results = await client.publishEvents(events);
  const calls = sdkMock.commandCalls(PutEventsCommand);
  const sizes = calls.flatMap((call) => (call.args[0].input.Entries ?? []).map(putEventsEntrySize));
  const lowerBound = minimumBatchCount(sizes);
  const minimum = calls.length === lowerBound || sizes.length > 16 ? lowerBound : exactMinimum(sizes);
  const published = results.filter((result) => result.status === 'published').length;
  rows.push({
    batch: name,
    events: events.length,
    'PutEvents calls': calls.length,
    'minimum possible': minimum,
    equal: calls.length === minimum ? 'yes' : 'NO',
    published,
  });
  if (calls.length !== minimum || published !== events.length) failed = true;
}
console.log('PutEvents calls made by publishEvents (mocked SDK)');
console.table(rows);

const bench = new Bench({ name: 'publishEvents on a mocked SDK client', time: 1000 });
bench
  .add('publishEvents: 100 small events (10 calls)', async () => {
    await client.publishEvents(cases[2]![1]);
  })
  .add('publishEvents: 10 x 40 KB events (2 calls)', async () => {
    await client.publishEvents(cases[3]![1]);
  });
await bench.run();
console.log(bench.name);
console.table(bench.table());

if (failed) {
  console.error('A batch used more PutEvents calls than the minimum, or lost events.');
  process.exit(1);
}
