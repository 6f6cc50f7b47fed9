import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import type { AslState } from '../workflow/asl/types.js';
import { canInterpretLocally, type InterpreterEvent, interpretLocally } from './local-interpreter.js';
import { runWorkflowLocally } from './run-workflow-locally.js';

type Definition = { StartAt: string; States: Record<string, AslState> };
type Handlers = Record<string, (input: unknown) => Promise<unknown>>;

const CONTEXT = {
  Execution: { Id: 'arn:aws:states:local:000000000000:execution:local:x', Name: 'x' },
  State: { EnteredTime: '2026-01-05T09:00:00.000Z' },
  Map: { Item: { Index: 2, Value: 7 } },
};

/** What both interpreters are compared on: the events the runner reads, and the outcome. */
function comparable(event: InterpreterEvent) {
  const { type, state, Error: error, Cause: cause, input, output } = event;
  return { type, state, error, cause, input, output };
}

async function outcomeOf(result: Promise<unknown>) {
  try {
    return { output: await result };
  } catch (caught) {
    const error = caught as Error & { cause?: Error };
    return { error: error.name, causeName: error.cause?.name, causeMessage: error.cause?.message };
  }
}

/** Runs a definition on aws-local-stepfunctions and on the interpreter, with fresh handlers each. */
async function runBoth(definition: Definition, input: unknown, handlers: () => Handlers = () => ({})) {
  const library = new StateMachine(definition as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  }).run(input as never, {
    overrides: {
      taskResourceLocalHandlers: handlers() as never,
      retryIntervalOverrides: new Proxy({}, { get: () => 0 }) as never,
    },
    context: CONTEXT as never,
  });
  const libraryOutcome = await outcomeOf(library.result);
  const libraryEvents: unknown[] = [];
  for await (const event of library.eventLogs) libraryEvents.push(comparable(event as never));

  const events: unknown[] = [];
  const interpreted = interpretLocally(definition, input, {
    taskHandlers: handlers(),
    context: CONTEXT,
    onEvent: (event) => events.push(comparable(event as never)),
  });
  const outcome = await outcomeOf(interpreted.result);
  return { library: { outcome: libraryOutcome, events: libraryEvents }, interpreter: { outcome, events } };
}

/** A handler that fails `failures` times with `name`, then answers `result`. */
function flaky(failures: number, name: string, result: unknown) {
  let calls = 0;
  return async (input: unknown) => {
    calls += 1;
    if (calls <= failures) {
      const error = new Error(`attempt ${calls} failed for ${JSON.stringify(input)}`);
      error.name = name;
      throw error;
    }
    return result;
  };
}

describe('Function: interpretLocally (the same results and events as aws-local-stepfunctions where it does what AWS does)', () => {
  it('applies InputPath, Parameters with paths, context paths and intrinsic functions, ResultPath and OutputPath', async () => {
    const definition: Definition = {
      StartAt: 'Shape',
      States: {
        Shape: {
          Type: 'Pass',
          InputPath: '$.data',
          Parameters: {
            'greeting.$': "States.Format('hello {} at {}', $.name, $$.State.EnteredTime)",
            'next.$': 'States.MathAdd($.count, 1)',
            'item.$': 'States.ArrayGetItem($.items, $$.Map.Item.Value)',
            'length.$': 'States.ArrayLength($.items)',
            'has.$': "States.ArrayContains($.items, 'b')",
            'pair.$': "States.Array($.name, States.MathAdd(2, 3), 'x')",
            'text.$': 'States.JsonToString($.nested)',
            'parsed.$': 'States.StringToJson($.json)',
            'first.$': '$.items[0]',
            'execution.$': '$$.Execution.Name',
            literal: { kept: [1, { 'inner.$': '$.count' }] },
          },
          ResultPath: '$.shaped.now',
          OutputPath: '$.shaped',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const input = {
      data: {
        name: 'eks',
        count: 41,
        items: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
        nested: { quote: 'say hi', list: [1, { deep: true }] },
        json: '{"x":[1,2]}',
      },
    };
    const { library, interpreter } = await runBoth(definition, input);
    expect(library.outcome).toHaveProperty('output.now.greeting', 'hello eks at 2026-01-05T09:00:00.000Z');
    expect(interpreter).toEqual(library);
  });

  it('selects lists with [*] and filters as jsonpath-plus does (arrays, objects, one match, none)', async () => {
    const shape = (parameters: Record<string, unknown>): Definition => ({
      StartAt: 'Shape',
      States: { Shape: { Type: 'Pass', Parameters: parameters as never, End: true } },
    });
    const reports = [
      { outcome: 'succeeded', id: 1 },
      { outcome: 'failed', id: 2 },
      { id: 3 },
      { outcome: 'failed', id: 4 },
    ];
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [{ 'outcomes.$': '$[*].outcome', 'all.$': '$' }, reports],
      [{ 'failed.$': "$.run.reports[?(@.outcome == 'failed')]" }, { run: { reports } }],
      [{ 'one.$': "$.run.reports[?(@.outcome == 'succeeded')]" }, { run: { reports } }],
      [
        { 'values.$': '$.byName[*].id', 'count.$': 'States.ArrayLength($.byName[*])' },
        { byName: { a: { id: 1 }, b: { id: 2 } } },
      ],
      [{ 'single.$': '$[*].outcome' }, [{ outcome: 'succeeded' }]],
      [{ 'none.$': "$.run.reports[?(@.outcome == 'cancelled')]" }, { run: { reports } }],
      [{ 'none.$': '$.text[*]' }, { text: 'abc' }],
    ];
    for (const [parameters, input] of cases) {
      const { library, interpreter } = await runBoth(shape(parameters), input);
      expect({ parameters, ...interpreter }).toEqual({ parameters, ...library });
    }
  });

  it('tests Choice rules as the library does where it agrees with AWS: every comparison, And/Or/Not, the type tests, Default and no match', async () => {
    const choose = (choices: unknown[], Default?: string): Definition => ({
      StartAt: 'Choose',
      States: {
        Choose: { Type: 'Choice', Choices: choices as never, ...(Default ? { Default } : {}) },
        Yes: { Type: 'Pass', Result: 'yes', End: true },
        No: { Type: 'Pass', Result: 'no', End: true },
      },
    });
    const input = {
      s: 'beta',
      n: 5,
      b: true,
      at: '2026-01-05T09:00:00Z',
      later: '2026-01-05T10:00:00.000Z',
      other: 'alpha',
      nothing: null,
    };
    const rules: unknown[] = [
      { Variable: '$.s', StringEquals: 'beta' },
      { Variable: '$.s', StringLessThan: 'gamma' },
      { Variable: '$.s', StringGreaterThanPath: '$.other' },
      { Variable: '$.s', StringLessThanEqualsPath: '$.other' },
      { Variable: '$.n', NumericEquals: 5 },
      { Variable: '$.n', NumericGreaterThanEquals: 6 },
      { Variable: '$.n', NumericLessThanPath: '$.s' },
      { Variable: '$.b', BooleanEquals: false },
      { Variable: '$.at', TimestampLessThanPath: '$.later' },
      { Variable: '$.at', TimestampEquals: '2026-01-05T09:00:00.000Z' },
      { Variable: '$.at', TimestampGreaterThanPath: '$.s' },
      { Variable: '$.missing', IsPresent: true },
      { Variable: '$.nothing', IsNull: true },
      { Variable: '$.missing', IsNull: true },
      // The library reads the variable first: a missing one fails even a test that is false.
      { Variable: '$.missing', IsNull: false },
      { Variable: '$.s', IsString: true },
      { Variable: '$.at', IsTimestamp: true },
      { Not: { Variable: '$.n', IsNumeric: true } },
      { And: [{ Variable: '$.b', IsBoolean: true }, { Or: [{ Variable: '$.n', NumericLessThan: 1 }] }] },
    ];
    for (const rule of rules) {
      for (const Default of ['No', undefined]) {
        const { library, interpreter } = await runBoth(
          choose([{ ...(rule as object), Next: 'Yes' }], Default),
          input,
        );
        expect({ rule, Default, ...interpreter }).toEqual({ rule, Default, ...library });
      }
    }
  });

  it('retries a Task as its Retry says, then catches the error with its ResultPath, or fails the execution', async () => {
    const definition = (catches: boolean): Definition => ({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { 'request.$': '$.request' },
          ResultSelector: { 'answer.$': '$.value' },
          ResultPath: '$.call',
          Retry: [
            { ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 },
            { ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 },
          ],
          ...(catches
            ? { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Failed' }] }
            : {}),
          Next: 'Done',
        },
        Failed: { Type: 'Pass', End: true },
        Done: { Type: 'Succeed' },
      },
    });
    const input = { request: { id: 1 } };
    for (const failures of [0, 2, 3]) {
      for (const name of ['Lambda.ServiceException', 'Custom.Error']) {
        for (const catches of [true, false]) {
          const { library, interpreter } = await runBoth(definition(catches), input, () => ({
            Call: flaky(failures, name, { value: 42 }),
          }));
          expect({ failures, name, catches, ...interpreter }).toEqual({
            failures,
            name,
            catches,
            ...library,
          });
        }
      }
    }
  });

  it('fails as the library does: a Fail state with ErrorPath and CausePath, a path that selects nothing (not caught), a ResultPath on a non-object, a wrong intrinsic call', async () => {
    const cases: Array<[Definition, unknown]> = [
      [
        {
          StartAt: 'Stop',
          States: { Stop: { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' } },
        },
        { failure: { Error: 'Upgrade.StepFailed', Cause: 'the update failed' } },
      ],
      [{ StartAt: 'Stop', States: { Stop: { Type: 'Fail', ErrorPath: '$.failure' } } }, { failure: 3 }],
      [{ StartAt: 'Stop', States: { Stop: { Type: 'Fail' } } }, {}],
      [
        {
          StartAt: 'Call',
          States: {
            Call: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { 'x.$': '$.absent.value' },
              Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
              End: true,
            },
            Caught: { Type: 'Succeed' },
          },
        },
        { present: true },
      ],
      [
        {
          StartAt: 'Call',
          States: {
            Call: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              ResultPath: '$.result',
              Catch: [{ ErrorEquals: ['States.ResultPathMatchFailure'], ResultPath: null, Next: 'Caught' }],
              End: true,
            },
            Caught: { Type: 'Succeed' },
          },
        },
        'not an object',
      ],
      [
        {
          StartAt: 'Shape',
          States: {
            Shape: { Type: 'Pass', Parameters: { 'x.$': "States.Format('{} {}', $.a)" }, End: true },
          },
        },
        { a: 'one' },
      ],
      [
        {
          StartAt: 'Shape',
          States: { Shape: { Type: 'Pass', Parameters: { 'x.$': 'States.MathAdd($.a, 1)' }, End: true } },
        },
        { a: 'one' },
      ],
    ];
    for (const [definition, input] of cases) {
      const { library, interpreter } = await runBoth(definition, input, () => ({
        Call: async () => ({ ok: 1 }),
      }));
      expect({ definition, ...interpreter }).toEqual({ definition, ...library });
    }
  });

  it('stops on abort: the result rejects with ExecutionAbortedError and no event follows', async () => {
    let release: (value: unknown) => void = () => undefined;
    const events: string[] = [];
    const execution = interpretLocally(
      {
        StartAt: 'Call',
        States: {
          Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'After' },
          After: { Type: 'Pass', End: true },
        },
      },
      {},
      {
        taskHandlers: { Call: () => new Promise((resolve) => (release = resolve)) },
        context: CONTEXT,
        onEvent: (event) => events.push(event.type),
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    execution.abort();
    release({ late: true });
    await expect(execution.result).rejects.toMatchObject({ name: 'ExecutionAbortedError' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['ExecutionStarted', 'StateEntered', 'ExecutionAborted']);
  });
});

describe('Function: canInterpretLocally', () => {
  const task = (extra: Record<string, unknown> = {}): AslState => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    End: true,
    ...extra,
  });
  const one = (state: AslState): Definition => ({ StartAt: 'S', States: { S: state } });

  it('takes Pass, Task, Choice, Succeed and Fail states over plain paths and the supported intrinsic functions', () => {
    expect(
      canInterpretLocally(
        one(
          task({
            Parameters: { 'a.$': '$.x[0].y', 'b.$': "States.Format('{}', $$.Execution.Name)" },
            ResultPath: '$.r',
          }),
        ),
        { S: async () => null },
      ),
    ).toBe(true);
  });

  it('leaves everything else to the library', () => {
    const handlers = { S: async () => null };
    const rejected: AslState[] = [
      { Type: 'Map', End: true },
      { Type: 'Parallel', Branches: [], End: true },
      { Type: 'Wait', Seconds: 1, End: true },
      task({ Parameters: { 'a.$': '$..id' } }),
      task({ Parameters: { 'a.$': '$.items[?(@.count > 1)]' } }),
      task({ Parameters: { 'a.$': "$.items[?(@.constructor == 'x')]" } }),
      task({ Parameters: { 'a.$': '$.items[0:2]' } }),
      task({ Parameters: { 'a.$': 'States.UUID()' } }),
      task({ Parameters: { 'a.$': 'States.Format($.items[-1:])' } }),
      task({ ResultPath: '$' }),
      task({ ResultSelector: { 'a.$': '$..id' } }),
      task({ TimeoutSecondsPath: '$.timeout' }),
      { Type: 'Choice', Choices: [{ Variable: '$.s', StringMatches: 'a*', Next: 'S' }] as never },
      { Type: 'Choice', Choices: [{ Variable: '$.s[(@.length-1)]', StringEquals: 'a', Next: 'S' }] as never },
    ];
    for (const state of rejected)
      expect({ state, ok: canInterpretLocally(one(state), handlers) }).toEqual({ state, ok: false });
    expect(canInterpretLocally(one(task()), {})).toBe(false);
  });
});

describe('Function: runWorkflowLocally (which interpreter runs what)', () => {
  const START = new Date('2026-01-05T09:00:00Z');
  /** Shape (Pass), Call (a Lambda task whose handler changes its payload), Sleep (30 s), Done. */
  const definition = (shape: Record<string, unknown>) => ({
    StartAt: 'Shape',
    States: {
      Shape: { Type: 'Pass', Parameters: shape, ResultPath: '$.shaped', Next: 'Call' },
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'work', 'Payload.$': '$.shaped' },
        ResultSelector: { 'done.$': '$.Payload' },
        ResultPath: '$.call',
        Next: 'Sleep',
      },
      Sleep: { Type: 'Wait', Seconds: 30, Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  });
  const run = (shape: Record<string, unknown>) =>
    runWorkflowLocally({
      definition: definition(shape),
      input: { a: { id: 1 }, b: [{ id: 2 }] },
      lambdaHandlers: {
        work: (payload) => {
          // A handler that changes what it got: the execution's own data must not change with it.
          (payload as { range: number[] }).range.push(99);
          return { got: payload };
        },
      },
      validate: false,
      startTime: START,
    });
  const expectedLog = [
    ['ExecutionStarted', undefined, 0],
    ['PassStateEntered', 'Shape', 0],
    ['PassStateExited', 'Shape', 0],
    ['TaskStateEntered', 'Call', 0],
    ['TaskStateExited', 'Call', 0],
    ['WaitStateEntered', 'Sleep', 0],
    ['WaitStateExited', 'Sleep', 30],
    ['SucceedStateEntered', 'Done', 30],
    ['SucceedStateExited', 'Done', 30],
    ['ExecutionSucceeded', undefined, 30],
  ];
  const logOf = (result: Awaited<ReturnType<typeof run>>) =>
    result.eventLog.map((event) => [
      event.type,
      event.stateName,
      (event.timestamp.getTime() - START.getTime()) / 1000,
    ]);

  it('runs plain paths and the supported intrinsic functions on the interpreter, handlers getting copies', async () => {
    const result = await run({ 'range.$': 'States.Array(1, 2, 3)', 'ids.$': '$.b[0].id' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({
      a: { id: 1 },
      b: [{ id: 2 }],
      shaped: { range: [1, 2, 3], ids: 2 },
      call: { done: { got: { range: [1, 2, 3, 99], ids: 2 } } },
    });
    expect(logOf(result)).toEqual(expectedLog);
    // 1 + Pass 2 + Task 2 + 3 + Wait 2 + Succeed 2 + 1
    expect(result.historyEventCount).toBe(13);
  });

  it('leaves anything else (here $..id) to aws-local-stepfunctions, with the same log, clock and count', async () => {
    const result = await run({ 'range.$': 'States.ArrayRange(1, 3, 1)', 'ids.$': '$..id' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({
      a: { id: 1 },
      b: [{ id: 2 }],
      shaped: { range: [1, 2, 3], ids: [1, 2] },
      call: { done: { got: { range: [1, 2, 3, 99], ids: [1, 2] } } },
    });
    expect(logOf(result)).toEqual(expectedLog);
    expect(result.historyEventCount).toBe(13);
  });
});
