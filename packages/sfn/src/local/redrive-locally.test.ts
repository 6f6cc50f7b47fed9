import { describe, expect, it } from 'vitest';
import { redriveWorkflowLocally } from './redrive-locally.js';
import { localTaskError, runWorkflowLocally } from './run-workflow-locally.js';

const FIRST = 'arn:aws:lambda:us-east-1:123456789012:function:first';
const SECOND = 'arn:aws:lambda:us-east-1:123456789012:function:second';
const lambda = (name: string, next?: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: name, 'Payload.$': '$' },
  ResultSelector: { 'value.$': '$.Payload' },
  ResultPath: `$.${name.split(':').pop()}`,
  ...(next ? { Next: next } : { End: true }),
});
const DEFINITION = {
  StartAt: 'First',
  States: { First: lambda(FIRST, 'Second'), Second: lambda(SECOND) },
};

describe('Function: redriveWorkflowLocally', () => {
  it('restarts from the state that failed with the input it had, and runs none before it', async () => {
    // Prepare: the second function fails once, then works.
    const calls: string[] = [];
    let secondFails = true;
    const lambdaHandlers = {
      [FIRST]: () => {
        calls.push('first');
        return 1;
      },
      [SECOND]: (payload: unknown) => {
        calls.push(`second ${JSON.stringify(payload)}`);
        if (secondFails) throw localTaskError('Broken', 'second is down');
        return 2;
      },
    };
    const failed = await runWorkflowLocally({ definition: DEFINITION, input: { n: 0 }, lambdaHandlers });
    expect(failed.status).toBe('FAILED');
    secondFails = false;
    calls.length = 0;

    // Act
    const redriven = await redriveWorkflowLocally(failed, { definition: DEFINITION, lambdaHandlers });

    // Assess
    expect(redriven.status).toBe('SUCCEEDED');
    expect(redriven.redrive).toMatchObject({ fromState: 'Second', input: { n: 0, first: { value: 1 } } });
    expect(calls).toEqual(['second {"n":0,"first":{"value":1}}']);
    expect(redriven.output).toEqual({ n: 0, first: { value: 1 }, second: { value: 2 } });
  });

  it('refuses a run that succeeded, as RedriveExecution does', async () => {
    // Prepare
    const lambdaHandlers = { [FIRST]: () => 1, [SECOND]: () => 2 };
    const succeeded = await runWorkflowLocally({ definition: DEFINITION, input: {}, lambdaHandlers });

    // Act
    const error = await redriveWorkflowLocally(succeeded, { definition: DEFINITION, lambdaHandlers }).catch(
      (caught) => caught,
    );

    // Assess
    expect(error).toMatchObject({ name: 'ExecutionError', errorType: 'ExecutionNotRedrivable' });
    expect(error.message).toBe('The run cannot be redriven: Execution is SUCCEEDED and cannot be redriven');
  });
});
