import { describe, expect, it } from 'vitest';
import type { AslState } from '../workflow/asl/types.js';
import { createUpgradeStateMachineDefinition } from '../workflow/upgrade-workflow.js';
import { canInterpretLocally, interpretLocally } from './local-interpreter.js';
import { type LocalProcessor, withLocalStates } from './local-state-rewrite.js';
import { taskError } from './local-task-error.js';
import { nextRetryDelaySeconds } from './retry-policy.js';
import { VirtualClock } from './virtual-clock.js';
import { waitSeconds } from './wait-seconds.js';

// Each case pins what AWS Step Functions does where aws-local-stepfunctions 3 (which the
// interpreter once copied) does something else; the AWS page is named at the rule in the source.

type Definition = { StartAt: string; States: Record<string, AslState> };
type Handlers = Record<string, (input: unknown) => Promise<unknown>>;

const CONTEXT = { Execution: { Name: 'x' }, State: { EnteredTime: '2026-01-05T09:00:00.000Z' } };

async function run(definition: Definition, input: unknown, taskHandlers: Handlers = {}) {
  const events: string[] = [];
  const execution = interpretLocally(definition, input, {
    taskHandlers,
    context: CONTEXT,
    onEvent: (event) => events.push(event.type),
  });
  try {
    return { output: await execution.result, events };
  } catch (caught) {
    const cause = (caught as Error & { cause: Error }).cause;
    return { error: cause.name, cause: cause.message, events };
  }
}

/** One Pass state with these Parameters. */
const shape = (parameters: Record<string, unknown>): Definition => ({
  StartAt: 'Shape',
  States: { Shape: { Type: 'Pass', Parameters: parameters as never, End: true } },
});

describe('Function: interpretLocally (intrinsic functions as AWS evaluates them)', () => {
  it('keeps every backslash of a string an intrinsic function returns (States.JsonToString, States.Format)', async () => {
    // Arrange
    const input = { nested: { quote: 'say "hi"', path: 'a\\b' }, cause: 'C:\\dir "x"', left: ['it "is"'] };
    // Act
    const result = await run(
      shape({
        'text.$': 'States.JsonToString($.nested)',
        'cause.$': "States.Format('failed: {}', $.cause)",
        'left.$': "States.Format('left changed: {}', States.JsonToString($.left))",
      }),
      input,
    );
    // Assert
    expect(result.output).toEqual({
      text: '{"quote":"say \\"hi\\"","path":"a\\\\b"}',
      cause: 'failed: C:\\dir "x"',
      left: 'left changed: ["it \\"is\\""]',
    });
    expect(JSON.parse((result.output as { text: string }).text)).toEqual(input.nested);
  });

  it("reads \\', \\{, \\} and \\\\ in a string literal as ', {, } and \\ (an escaped {} is no placeholder)", async () => {
    const result = await run(
      shape({
        'text.$': "States.Format('it\\'s \\{{}\\} in C:\\\\dir', $.name)",
        'has.$': "States.ArrayContains($.names, 'it\\'s')",
        'braces.$': "States.Format('\\{\\}')",
      }),
      { name: 'eks', names: ["it's"] },
    );
    expect(result.output).toEqual({ text: "it's {eks} in C:\\dir", has: true, braces: '{}' });
  });

  it('fails with States.Runtime on a backslash that escapes nothing reserved, or a lone brace', async () => {
    for (const call of [
      "States.Format('line\\n{}', $.name)",
      "States.Format('open { {}', $.name)",
      "States.ArrayContains($.names, 'a}')",
    ]) {
      const result = await run(shape({ 'x.$': call }), { name: 'eks', names: [] });
      expect({ call, error: result.error }).toEqual({ call, error: 'States.Runtime' });
    }
  });

  it('fails States.ArrayGetItem with an index outside the array (or not an integer) instead of giving null', async () => {
    for (const index of [3, -1, 0.5]) {
      const result = await run(shape({ 'x.$': `States.ArrayGetItem($.items, ${index})` }), {
        items: ['a', 'b', 'c'],
      });
      expect({ index, error: result.error }).toEqual({ index, error: 'States.Runtime' });
    }
    expect(
      (await run(shape({ 'x.$': 'States.ArrayGetItem($.items, 2)' }), { items: [1, 2, 3] })).output,
    ).toEqual({
      x: 3,
    });
  });

  it('rounds States.MathAdd operands to integers, fails on a half and on values outside the int range', async () => {
    const add = async (a: number, b: number) => run(shape({ 'x.$': 'States.MathAdd($.a, $.b)' }), { a, b });
    expect((await add(1.4, 1)).output).toEqual({ x: 2 });
    expect((await add(-2.6, 1)).output).toEqual({ x: -2 });
    expect((await add(0.5, 1)).error).toBe('States.Runtime');
    expect((await add(2147483648, 1)).error).toBe('States.Runtime');
  });

  it('partitions an array into chunks and makes an inclusive integer range (States.ArrayPartition, States.ArrayRange)', async () => {
    const result = await run(
      shape({
        'chunks.$': 'States.ArrayPartition(States.ArrayRange($.first, $.last, 1), 3)',
        'down.$': 'States.ArrayRange(9, 1, -4)',
      }),
      { first: 2, last: 8 },
    );
    expect(result.output).toEqual({ chunks: [[2, 3, 4], [5, 6, 7], [8]], down: [9, 5, 1] });
    for (const call of [
      'States.ArrayRange(1, 3, 0)',
      'States.ArrayRange(1, 1000, 1)',
      'States.ArrayRange(1, 1001, 1)',
      'States.ArrayPartition($.items, 0)',
    ]) {
      const outcome = await run(shape({ 'x.$': call }), { items: [1] });
      const expected = call === 'States.ArrayRange(1, 1000, 1)' ? undefined : 'States.Runtime';
      expect({ call, error: outcome.error }).toEqual({ call, error: expected });
    }
  });

  it('takes only a path as the argument of States.JsonToString', async () => {
    const result = await run(shape({ 'x.$': "States.JsonToString('text')" }), {});
    expect(result.error).toBe('States.Runtime');
  });
});

describe('Function: interpretLocally (JSONPath as AWS reads it)', () => {
  it('selects the whole input with $ whatever it is (false, 0, an empty string)', async () => {
    for (const input of [false, 0, '']) {
      expect((await run(shape({ 'v.$': '$' }), input)).output).toEqual({ v: input });
    }
  });

  it('selects nothing (States.Runtime) for .length of a string or an array, an index of a string, an index of an object', async () => {
    const input = { name: 'eks', items: [1, 2], byIndex: { 0: 'zero' } };
    for (const path of ['$.name.length', '$.items.length', '$.name[0]', '$.byIndex[0]']) {
      const result = await run(shape({ 'x.$': path }), input);
      expect({ path, error: result.error }).toEqual({ path, error: 'States.Runtime' });
    }
  });

  it("compares a filter's field with the very string (3 is not '3') and skips items that are not objects", async () => {
    const reports = [null, 'text', { id: 3, outcome: 'failed' }, { id: '3', outcome: 'failed' }, { id: 4 }];
    const failed = await run(shape({ 'x.$': "$.reports[?(@.outcome == 'failed')]" }), { reports });
    expect(failed.output).toEqual({ x: [reports[2], reports[3]] });
    const byText = await run(shape({ 'x.$': "$.reports[?(@.id == '3')]" }), { reports });
    expect(byText.output).toEqual({ x: [reports[3]] });
  });

  it('fails a ResultPath through a field that is not an object (null included) with States.ResultPathMatchFailure', async () => {
    for (const at of ['text', null, 3, [1]]) {
      const result = await run(
        { StartAt: 'Put', States: { Put: { Type: 'Pass', Result: 1, ResultPath: '$.at.value', End: true } } },
        { at },
      );
      expect({ at, error: result.error }).toEqual({ at, error: 'States.ResultPathMatchFailure' });
    }
    const created = await run(
      { StartAt: 'Put', States: { Put: { Type: 'Pass', Result: 1, ResultPath: '$.at.value', End: true } } },
      { other: true },
    );
    expect(created.output).toEqual({ other: true, at: { value: 1 } });
  });
});

describe('Function: interpretLocally (states and Choice rules as AWS runs them)', () => {
  it('gives a Pass state its Result even when the Result is 0, false, an empty string or null', async () => {
    for (const Result of [0, false, '', null]) {
      const result = await run(
        { StartAt: 'Set', States: { Set: { Type: 'Pass', Result, End: true } } },
        { input: true },
      );
      expect({ Result, output: result.output }).toEqual({ Result, output: Result });
    }
  });

  it('makes a comparison false, not coerced, when the Variable is not of its type', async () => {
    const choose = (rule: Record<string, unknown>): Definition => ({
      StartAt: 'Choose',
      States: {
        Choose: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }] as never, Default: 'No' },
        Yes: { Type: 'Pass', Result: 'yes', End: true },
        No: { Type: 'Pass', Result: 'no', End: true },
      },
    });
    const input = { text: '5', number: 5, zero: 0, day: '2026-01-05', later: '2026-01-06T00:00:00Z' };
    const rules = [
      { Variable: '$.text', NumericLessThan: 10 },
      { Variable: '$.text', NumericLessThanEqualsPath: '$.number' },
      { Variable: '$.number', StringGreaterThan: '' },
      { Variable: '$.zero', TimestampLessThan: '2026-01-05T00:00:00Z' },
      { Variable: '$.zero', TimestampLessThanPath: '$.later' },
      { Variable: '$.day', TimestampLessThanPath: '$.later' },
      { Variable: '$.text', BooleanEquals: true },
    ];
    for (const rule of rules) {
      const result = await run(choose(rule), input);
      expect({ rule, output: result.output }).toEqual({ rule, output: 'no' });
    }
    // The same rules with a Variable of the right type do match.
    expect((await run(choose({ Variable: '$.number', NumericLessThan: 10 }), input)).output).toBe('yes');
    expect(
      (await run(choose({ Variable: '$.later', TimestampGreaterThan: '2026-01-05T00:00:00Z' }), input))
        .output,
    ).toBe('yes');
  });

  it('makes a type test with false true when the answer is no (IsPresent: false of an absent field)', async () => {
    const choose = (rule: Record<string, unknown>): Definition => ({
      StartAt: 'Choose',
      States: {
        Choose: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }] as never, Default: 'No' },
        Yes: { Type: 'Pass', Result: 'yes', End: true },
        No: { Type: 'Pass', Result: 'no', End: true },
      },
    });
    const input = { number: 5, text: 'a' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ Variable: '$.missing', IsPresent: false }, 'yes'],
      [{ Variable: '$.number', IsPresent: false }, 'no'],
      [{ Variable: '$.number', IsNull: false }, 'yes'],
      [{ Variable: '$.number', IsString: false }, 'yes'],
      [{ Variable: '$.text', IsString: false }, 'no'],
      [{ Variable: '$.text', IsTimestamp: false }, 'yes'],
    ];
    for (const [rule, expected] of cases) {
      const result = await run(choose(rule), input);
      expect({ rule, output: result.output }).toEqual({ rule, output: expected });
    }
  });
});

describe('Function: interpretLocally (errors as AWS matches them in Retry and Catch)', () => {
  const task = (extra: Record<string, unknown>): Definition => ({
    StartAt: 'Call',
    States: {
      Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra } as AslState,
      Caught: { Type: 'Pass', Result: 'caught', End: true },
    },
  });
  const failing = (name: string) => {
    let calls = 0;
    return {
      calls: () => calls,
      handler: async () => {
        calls += 1;
        throw taskError(name, 'boom');
      },
    };
  };

  it('neither retries nor catches States.Runtime, not even with States.ALL', async () => {
    const call = failing('States.Runtime');
    const result = await run(
      task({
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
      }),
      {},
      { Call: call.handler },
    );
    expect(result).toMatchObject({ error: 'States.Runtime', cause: 'boom' });
    expect(call.calls()).toBe(1);
  });

  it('does not match States.Timeout with States.TaskFailed, whoever raised it', async () => {
    const call = failing('States.Timeout');
    const result = await run(
      task({ Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] }),
      {},
      { Call: call.handler },
    );
    expect(result.error).toBe('States.Timeout');
    const other = await run(
      task({ Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] }),
      {},
      { Call: failing('Lambda.ServiceException').handler },
    );
    expect(other.output).toBe('caught');
  });
});

describe('The upgrade workflow on the local runner', () => {
  it('runs wholly on the interpreter, parallel node groups or not: no state is left to the library and its quirks', () => {
    for (const options of [{}, { nodegroupParallelism: 3 }]) {
      const definition = createUpgradeStateMachineDefinition(options) as unknown as Definition;
      const processors = new Map<string, LocalProcessor>();
      const executions = [withLocalStates(definition.States, processors)];
      for (const processor of processors.values()) executions.push(processor.states);
      const onLibrary = executions.flatMap((states) =>
        Object.entries(states)
          .filter(
            ([name, state]) =>
              !canInterpretLocally({ StartAt: name, States: { [name]: state } }, { [name]: true }),
          )
          .map(([name]) => name),
      );
      expect({ options, onLibrary }).toEqual({ options, onLibrary: [] });
    }
  });
});

describe('The local runner (errors, retries and Wait timestamps as AWS has them)', () => {
  it('marks a States.Runtime task error as neither retryable nor catchable (the flags the library reads too)', () => {
    expect(taskError('States.Runtime', 'x')).toMatchObject({ isRetryable: false, isCatchable: false });
    expect(taskError('Lambda.ServiceException', 'x')).not.toHaveProperty('isRetryable');
  });

  it('waits no retry interval for States.Runtime, and the capped interval for other errors', () => {
    const bookkeeping = { attempts: new Map(), retryCounts: new Map() };
    const state = {
      Type: 'Task',
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 10 }],
    } as AslState;
    expect(nextRetryDelaySeconds(bookkeeping, state, 'S', taskError('States.Runtime', 'x'))).toBeUndefined();
    const delays = [1, 2, 3].map(() => nextRetryDelaySeconds(bookkeeping, state, 'S', taskError('E', 'x')));
    expect(delays).toEqual([2, 6, 10]);
  });

  it('takes only an RFC 3339 timestamp (uppercase T and Z) in a Wait state', () => {
    const clock = new VirtualClock(new Date('2026-01-05T09:00:00Z'));
    for (const Timestamp of ['2026-01-05', '2026-01-05 09:01:00Z', '2026-01-05t09:01:00z']) {
      expect(() => waitSeconds({ Type: 'Wait', Timestamp } as AslState, {}, clock)).toThrow(
        expect.objectContaining({ name: 'States.Runtime' }),
      );
    }
    expect(waitSeconds({ Type: 'Wait', Timestamp: '2026-01-05T09:01:00Z' } as AslState, {}, clock)).toBe(60);
  });
});
