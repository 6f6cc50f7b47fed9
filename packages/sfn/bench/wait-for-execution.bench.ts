/**
 * How many DescribeExecution calls `waitForExecution` makes while an execution runs for ten
 * minutes (goal: at most 70). Time is simulated: each timer the client sets moves a virtual
 * clock forward, so the ten minutes pass instantly. Run with `pnpm bench` in packages/sfn.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsClient } from '../dist/index.js';

const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:bench';
const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';

async function countPolls(runSeconds: number): Promise<{ calls: number; waitedSeconds: number }> {
  const realSetTimeout = globalThis.setTimeout;
  const realNow = Date.now;
  let now = realNow();
  const start = now;
  Date.now = () => now;
  globalThis.setTimeout = ((callback: () => void, milliseconds = 0) => {
    now += milliseconds;
    return realSetTimeout(callback, 0);
  }) as typeof setTimeout;
  let calls = 0;
  const sdk = {
    send: async () => {
      calls += 1;
      return {
        executionArn: EXECUTION_ARN,
        stateMachineArn: MACHINE_ARN,
        name: 'bench',
        status: now - start >= runSeconds * 1000 ? 'SUCCEEDED' : 'RUNNING',
        startDate: new Date(start),
      };
    },
  } as unknown as SFNClient;
  try {
    await new StepFunctionsClient({ client: sdk }).waitForExecution(EXECUTION_ARN, { maxWaitSeconds: 7200 });
    return { calls, waitedSeconds: (now - start) / 1000 };
  } finally {
    globalThis.setTimeout = realSetTimeout;
    Date.now = realNow;
  }
}

const rows = [];
for (const runSeconds of [60, 600, 3600]) {
  const { calls, waitedSeconds } = await countPolls(runSeconds);
  rows.push({
    'execution runs (s)': runSeconds,
    'DescribeExecution calls': calls,
    'noticed end after (s)': waitedSeconds,
  });
}
console.log('waitForExecution: DescribeExecution calls (backoff 1 s doubling to a 10 s cap)');
console.table(rows);
const tenMinutes = rows.find((row) => row['execution runs (s)'] === 600);
if (!tenMinutes || tenMinutes['DescribeExecution calls'] > 70) {
  console.error('goal missed: more than 70 calls for a 10-minute execution');
  process.exit(1);
}
