/**
 * AWS calls made by each batch operation, counted on a mocked SDK client, against the minimum
 * AWS's limits allow (10 names per GetParameters/DeleteParameters call, 10 results per
 * GetParametersByPath page, one PutParameter per parameter). The bench fails when a count is
 * not the minimum. Run: `pnpm bench` in packages/params (runs every bench file with node;
 * vitest 5 no longer ships `bench`, so timings use tinybench).
 */
import { registerHooks } from 'node:module';
import {
  DeleteParametersCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient as SdkSSMClient,
} from '@aws-sdk/client-ssm';
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

const { SSMClient } = await import('../src/index.js');
type SSMClient = InstanceType<typeof SSMClient>;

interface Row {
  operation: string;
  calls: number;
  minimum: number;
}
const rows: Row[] = [];

/** A mocked SSM whose by-path pages hold 10 parameters and carry a token only when more remain. */
function mocked(storedUnderPath: number) {
  const sdk = new SdkSSMClient({ region: 'us-east-1' });
  const mock = mockClient(sdk);
  const stored = Array.from({ length: storedUnderPath }, (_, index) => ({
    Name: `/eks-upgrade-agent/bench/k${index}`,
    Value: 'v',
    Type: 'String' as const,
    Version: 1,
  }));
  mock.on(GetParametersCommand).callsFake(({ Names }: { Names: string[] }) => ({
    Parameters: Names.map((Name) => ({ Name, Value: 'v', Type: 'String', Version: 1 })),
    InvalidParameters: [],
  }));
  mock
    .on(DeleteParametersCommand)
    .callsFake(({ Names }: { Names: string[] }) => ({ DeletedParameters: Names, InvalidParameters: [] }));
  mock.on(PutParameterCommand).resolves({ Version: 1 });
  mock
    .on(GetParametersByPathCommand)
    .callsFake(({ NextToken, MaxResults }: { NextToken?: string; MaxResults?: number }) => {
      const start = Number(NextToken ?? '0');
      const end = start + (MaxResults ?? 10);
      return {
        Parameters: stored.slice(start, end),
        ...(end < stored.length ? { NextToken: String(end) } : {}),
      };
    });
  return { mock, ssm: new SSMClient({ client: sdk }) };
}

async function count(
  operation: string,
  minimum: number,
  stored: number,
  run: (ssm: SSMClient) => Promise<unknown>,
) {
  const { mock, ssm } = mocked(stored);
  await run(ssm);
  rows.push({ operation, calls: mock.calls().length, minimum });
}

const names = (count: number) =>
  Array.from({ length: count }, (_, index) => `/eks-upgrade-agent/bench/k${index}`);
const config = (keys: number) =>
  Object.fromEntries(Array.from({ length: keys }, (_, index) => [`k${index}`, `value-${index}`]));

await count('getParameters(25 names)', 3, 0, (ssm) => ssm.getParameters(names(25)));
await count('deleteParameters(23 names)', 3, 0, (ssm) => ssm.deleteParameters(names(23)));
for (const stored of [0, 7, 10, 95, 200]) {
  await count(
    `getParametersByPath(${stored} parameters)`,
    Math.max(1, Math.ceil(stored / 10)),
    stored,
    (ssm) => ssm.getParametersByPath('/eks-upgrade-agent/bench'),
  );
}
for (const keys of [1, 50, 200]) {
  // One by-path page to find stale parameters (none stored) + one PutParameter per key.
  await count(`putConfiguration(${keys} keys, new)`, 1 + keys, 0, (ssm) =>
    ssm.putConfiguration(config(keys), 'bench'),
  );
}
// Replacing 200 stored parameters by 50 of the same names: 20 pages to list them, 50 writes,
// and the 150 stale ones deleted in 15 calls of 10.
await count('putConfiguration(50 keys over 200 stored)', 20 + 50 + 15, 200, (ssm) =>
  ssm.putConfiguration(config(50), 'bench'),
);
await count('getConfiguration(200 parameters)', 20, 200, (ssm) => ssm.getConfiguration('bench'));

const wrong = rows.filter((row) => row.calls !== row.minimum);
console.log('\nAWS calls per batch operation (mocked client):');
console.table(rows.map((row) => ({ ...row, equal: row.calls === row.minimum ? 'yes' : 'NO' })));
if (wrong.length > 0) throw new Error(`Calls above the minimum: ${JSON.stringify(wrong)}`);

const getMany = mocked(0);
const byPath = mocked(200);
const timing = new Bench({ time: 1000 });
timing
  .add('getParameters(25 names), mocked client', async () => {
    await getMany.ssm.getParameters(names(25));
  })
  .add('getParametersByPath(200 parameters), mocked client', async () => {
    await byPath.ssm.getParametersByPath('/eks-upgrade-agent/bench');
  });
await timing.run();
console.table(timing.table());
