import { ConfigurationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import {
  ChoiceState,
  Condition,
  FailState,
  MapState,
  PassState,
  renderDefinition,
  SucceedState,
  TaskState,
} from './states.js';

describe('ASL builders', () => {
  it('render states, choices, retries and catches to ASL', () => {
    // Prepare
    const done = new SucceedState('Done');
    const failed = new FailState('Failed', { error: 'Boom', causePath: '$.why' });
    const task = new TaskState('Work', { resource: 'arn:aws:states:::lambda:invoke', timeoutSeconds: 5 })
      .addRetry({ errors: ['Lambda.ServiceException'], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2 })
      .addRetry({ errors: ['Throttled'], intervalSeconds: 5, maxDelaySeconds: 60, jitterStrategy: 'FULL' })
      .addCatch(failed, { resultPath: '$.error' });
    const choice = new ChoiceState('Good?')
      .when(Condition.booleanEquals('$.ok', true), done)
      .otherwise(failed);
    task.next(choice);
    // Act
    const asl = renderDefinition(task, { timeoutSeconds: 60 });
    // Assess
    expect(asl).toEqual({
      QueryLanguage: 'JSONPath',
      StartAt: 'Work',
      TimeoutSeconds: 60,
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          TimeoutSeconds: 5,
          Retry: [
            { ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
            { ErrorEquals: ['Throttled'], IntervalSeconds: 5, MaxDelaySeconds: 60, JitterStrategy: 'FULL' },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
          Next: 'Good?',
        },
        'Good?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }],
          Default: 'Failed',
        },
        Failed: { Type: 'Fail', Error: 'Boom', CausePath: '$.why' },
        Done: { Type: 'Succeed' },
      },
    });
  });

  it('refuse two different states with the same name', () => {
    // Prepare
    const first = new PassState('Same');
    first.next(new PassState('Same')).end();
    // Act / Assess
    expect(() => renderDefinition(first)).toThrow(/Duplicate state name "Same"/);
  });

  it('refuse a second next and a missing end', () => {
    // Prepare
    const state = new PassState('A');
    state.next(new SucceedState('B'));
    // Act / Assess
    expect(() => state.next(new SucceedState('C'))).toThrow(ConfigurationError);
    expect(() => renderDefinition(new PassState('Dangling'))).toThrow(/neither a next state nor an end/);
  });

  it('refuse a catcher or retrier after States.ALL and States.ALL mixed with others', () => {
    // Prepare
    const handler = new SucceedState('Handler');
    const task = new TaskState('T', { resource: 'arn:aws:states:::lambda:invoke' }).addCatch(handler);
    // Act / Assess
    expect(() => task.addCatch(handler, { errors: ['Specific'] })).toThrow(
      /States.ALL must be alone in the last Catch/,
    );
    expect(() => new TaskState('U', { resource: 'r' }).addRetry({ errors: ['States.ALL', 'Other'] })).toThrow(
      /States.ALL must be alone/,
    );
  });

  it('refuse a Fail state with both error and errorPath', () => {
    // Act / Assess
    expect(() => new FailState('F', { error: 'E', errorPath: '$.e' })).toThrow(ConfigurationError);
  });
});

describe('MapState', () => {
  it('renders an inline item processor and keeps names unique across scopes', () => {
    // Prepare
    const work = new PassState('Work');
    work.end();
    const each = new MapState('Each', {
      itemsPath: '$.items',
      maxConcurrency: 1,
      iterator: work,
      resultPath: null,
    });
    each.end();
    const clash = new PassState('Work');
    const outer = new MapState('Outer', { itemsPath: '$.items', iterator: work });
    outer.next(clash).end();
    // Act
    const asl = renderDefinition(each);
    // Assess
    expect(asl.States.Each).toEqual({
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Work',
        States: { Work: { Type: 'Pass', End: true } },
      },
      ResultPath: null,
      End: true,
    });
    expect(() => renderDefinition(outer)).toThrow(/Duplicate state name "Work"/);
  });

  it('refuses names longer than 80 characters and choices without rules', () => {
    // Act / Assess
    expect(() => new PassState('x'.repeat(81))).toThrow(/1-80 characters/);
    expect(() => renderDefinition(new ChoiceState('Empty'))).toThrow(/has no rules/);
  });

  it('builds every condition shape', () => {
    // Act
    const condition = Condition.or(
      Condition.not(Condition.isPresent('$.a')),
      Condition.and(Condition.numericLessThanPath('$.i', '$.n'), Condition.stringEquals('$.s', 'x')),
    );
    // Assess
    expect(condition).toEqual({
      Or: [
        { Not: { Variable: '$.a', IsPresent: true } },
        {
          And: [
            { Variable: '$.i', NumericLessThanPath: '$.n' },
            { Variable: '$.s', StringEquals: 'x' },
          ],
        },
      ],
    });
  });
});
