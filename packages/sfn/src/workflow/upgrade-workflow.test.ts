import {
  ConfigurationError,
  createDefaultAgentConfig,
  PlanStepKind,
  UPGRADE_EVENT_TYPES,
} from '@eks-upgrade/core-models';
import { getLanguageService } from 'amazon-states-language-service';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AslState } from './asl/types.js';
import {
  createUpgradeStateMachineDefinition,
  EVENTS_PUT_EVENTS_RESOURCE,
  EVENTS_PUT_EVENTS_WAIT_RESOURCE,
  LAMBDA_INVOKE_RESOURCE,
  resolveWorkflowOptions,
  rollbackReserveSeconds,
  workflowOptionsFromConfig,
} from './upgrade-workflow.js';
import { validateStateMachineDefinition } from './validate-definition.js';

/** The parameters of a state (the test fails clearly when the state is missing). */
function parametersOf(state: AslState | undefined): Record<string, unknown> {
  expect(state).toBeDefined();
  return (state as AslState).Parameters as Record<string, unknown>;
}

/** The poll-count rule of the step's in-flight polling. */
function stepPollRule(states: Record<string, AslState>): Record<string, unknown> | undefined {
  const rules = states['Step: Update finished?']?.Choices as Array<{ And?: Array<Record<string, unknown>> }>;
  // rules[0] is the deadline; rules[1] polls again while in progress and under the bound
  return rules[1]?.And?.[1];
}

/** Every state of the machine by name, the item processor's (the steps' child executions) included. */
function statesOf(asl: { States: Record<string, AslState> }): Record<string, AslState> {
  const all: Record<string, AslState> = {};
  const visit = (states: Record<string, AslState>) => {
    for (const [name, state] of Object.entries(states)) {
      all[name] = state;
      const processor = state.ItemProcessor as { States?: Record<string, AslState> } | undefined;
      if (processor?.States) visit(processor.States);
    }
  };
  visit(asl.States);
  return all;
}

function allStates(asl: { States: Record<string, AslState> }): [string, AslState][] {
  return Object.entries(statesOf(asl));
}

describe('Function: createUpgradeStateMachineDefinition', () => {
  it('passes asl-validator with zero problems', () => {
    // Act
    const result = validateStateMachineDefinition(createUpgradeStateMachineDefinition());
    // Assess
    expect(result).toEqual({ valid: true, problems: [] });
  });

  it('passes the AWS language service (amazon-states-language-service) with zero diagnostics', async () => {
    // Prepare
    const text = JSON.stringify(createUpgradeStateMachineDefinition(), null, 2);
    const document = TextDocument.create('file:///eks-upgrade-workflow.asl.json', 'json', 1, text);
    const service = getLanguageService({});
    // Act
    const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
    // Assess
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([]);
  });

  it('the language service does report a broken document (the check can fail)', async () => {
    // Prepare
    const text = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    const document = TextDocument.create('file:///broken.asl.json', 'json', 1, text);
    const service = getLanguageService({});
    // Act
    const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
    // Assess
    expect(diagnostics.length).toBeGreaterThan(0);
  });

  it('uses JSONPath, the machine timeout, and a TimeoutSeconds on every Task', () => {
    // Act
    const asl = createUpgradeStateMachineDefinition({ executionTimeoutSeconds: 7200 });
    // Assess
    expect(asl.QueryLanguage).toBe('JSONPath');
    expect(asl.TimeoutSeconds).toBe(7200);
    const tasks = allStates(asl).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(20);
    for (const [name, state] of tasks) {
      // An approval gate waits its own timeout cut at the deadline, as Execution computed it.
      if (state.Resource === EVENTS_PUT_EVENTS_WAIT_RESOURCE)
        expect(state.TimeoutSecondsPath, name).toBe('$.gateWait.wait.waitSeconds');
      else expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
    }
  });

  it('invokes the five default functions with the Lambda and retryable-AWS-error retries and selects the Payload', () => {
    // Act
    const asl = createUpgradeStateMachineDefinition();
    // Assess
    const lambdas = allStates(asl).filter(([, state]) => state.Resource === LAMBDA_INVOKE_RESOURCE);
    const functions = new Set(
      lambdas.map(([, state]) => (state.Parameters as { FunctionName: string }).FunctionName),
    );
    expect([...functions].sort()).toEqual([
      'eks-upgrade-agent-execution',
      'eks-upgrade-agent-perception',
      'eks-upgrade-agent-reasoning',
      'eks-upgrade-agent-rollback',
      'eks-upgrade-agent-validation',
    ]);
    for (const [name, state] of lambdas) {
      // The rollback runs a pass that left no answer again itself (its Catch, tested below);
      // only throttling, when the function did not run, is retried with the same input.
      const transient =
        name === 'Rollback: Undo changes'
          ? ['Lambda.TooManyRequestsException']
          : [
              'Lambda.ClientExecutionTimeoutException',
              'Lambda.ServiceException',
              'Lambda.AWSLambdaException',
              'Lambda.SdkClientException',
              'Lambda.TooManyRequestsException',
            ];
      expect(state.Retry, name).toEqual([
        {
          ErrorEquals: transient,
          IntervalSeconds: 1,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
        {
          ErrorEquals: ['AWSServiceError.Retryable'],
          IntervalSeconds: 5,
          MaxAttempts: 4,
          BackoffRate: 2,
          MaxDelaySeconds: 60,
          JitterStrategy: 'FULL',
        },
      ]);
      expect(Object.values(state.ResultSelector as Record<string, string>), name).toEqual(['$.Payload']);
    }
  });

  it('sends the phase contracts as payloads and keeps the snapshot out of later states', () => {
    // Act
    const states = statesOf(createUpgradeStateMachineDefinition());
    // Assess
    const payload = (name: string) => parametersOf(states[name]).Payload;
    expect(payload('Perception: Collect cluster state')).toEqual({ 'request.$': '$.request' });
    expect(payload('Reasoning: Plan the upgrade')).toEqual({
      'request.$': '$.request',
      'snapshot.$': '$.perception.snapshot',
      deadline: { 'startedAt.$': '$.startedAt', budgetSeconds: 10_890 },
    });
    // Execute also gets when the step was first selected (a deferral counts from it) and the
    // traffic target an approval supplied (null until then).
    expect(payload('Step: Execute')).toEqual({
      'request.$': '$.request',
      'step.$': '$.step',
      'stepSelectedAt.$': '$.stepSelectedAt',
      'approvedTrafficTarget.$': '$.approvedTrafficTarget',
    });
    expect(payload('Step: Validate')).toMatchObject({
      scope: 'step',
      'stepResult.$': '$.execution.stepResult',
    });
    expect(payload('Step: Validate after bake')).toMatchObject({ scope: 'bake' });
    expect(payload('Validation: Check the upgraded cluster')).toMatchObject({ scope: 'final' });
    // The rollback's input is built by the states before it: the first pass, then each further one.
    expect(parametersOf(states['Rollback: Undo changes'])['Payload.$']).toBe('$.rollbackInput');
    expect(payload('Rollback: Undo changes')).toBeUndefined();
    expect(parametersOf(states['Rollback: Start']).rollbackInput).toEqual({
      'request.$': '$.request',
      'plan.$': '$.plan',
      'failure.$': '$.failure',
      pass: { count: 0, limit: 60 },
      // the traffic target an approval supplied reaches every later phase call (contract B)
      'approvedTrafficTarget.$': '$.approvedTrafficTarget',
    });
    expect(parametersOf(states['Rollback: Count pass'])).toEqual({
      'request.$': '$.rollbackInput.request',
      'plan.$': '$.rollbackInput.plan',
      'failure.$': '$.rollbackInput.failure',
      pass: { 'count.$': 'States.MathAdd($.rollbackInput.pass.count, 1)', limit: 60 },
      'previous.$': '$.rollback.result',
      'approvedTrafficTarget.$': '$.rollbackInput.approvedTrafficTarget',
    });
    expect(states['Reasoning: Keep the plan']?.Parameters).toEqual({
      'request.$': '$.request',
      'upgradeId.$': '$.upgradeId',
      'plan.$': '$.reasoning.plan',
    });
  });

  it('publishes only the core-models event types (the 13 of the phases and the 4 of the gates) with the configured bus and source', () => {
    // Act
    const asl = createUpgradeStateMachineDefinition({
      eventBusName: 'platform',
      eventSource: 'acme.upgrades',
    });
    // Assess
    const entries = allStates(asl)
      .filter(
        ([, state]) =>
          state.Resource === EVENTS_PUT_EVENTS_RESOURCE || state.Resource === EVENTS_PUT_EVENTS_WAIT_RESOURCE,
      )
      .map(([, state]) => (state.Parameters as { Entries: Array<Record<string, unknown>> }).Entries[0]);
    const types = new Set(entries.map((entry) => entry?.DetailType));
    expect([...types].every((type) => UPGRADE_EVENT_TYPES.includes(type as never))).toBe(true);
    expect(types.size).toBe(17);
    for (const entry of entries) {
      expect(entry).toMatchObject({ EventBusName: 'platform', Source: 'acme.upgrades' });
    }
  });

  it('puts the failedChecks of the judged ValidationResult in every validation.failure event', () => {
    // Act
    const asl = createUpgradeStateMachineDefinition();
    // Assess
    const failures = allStates(asl)
      .filter(([, state]) => state.Resource === EVENTS_PUT_EVENTS_RESOURCE)
      .map(([name, state]) => {
        const [entry] = (state.Parameters as { Entries: Array<Record<string, unknown>> }).Entries;
        return [name, entry?.DetailType, entry?.Detail as Record<string, unknown>] as const;
      })
      .filter(([, type]) => type === 'validation.failure');
    expect(Object.fromEntries(failures.map(([name, , detail]) => [name, detail['failedChecks.$']]))).toEqual({
      'Validation: Publish failure': '$.check.validation.failedChecks',
      'Step: Publish validation failure': '$.check.validation.failedChecks',
      'Step: Publish validation timeout': '$.check.validation.failedChecks',
      'Step: Publish bake validation failure': '$.bake.validation.failedChecks',
    });
  });

  it('takes bake time, poll interval and timeouts from the agent configuration', () => {
    // Prepare
    const config = createDefaultAgentConfig();
    config.upgrade.bakeTimeSeconds = 900;
    config.upgrade.pollIntervalSeconds = 20;
    config.upgrade.validationTimeoutSeconds = 200;
    config.upgrade.operationTimeoutSeconds = 1010;
    config.upgrade.rollbackTimeoutSeconds = 700;
    config.stepFunctions.taskTimeoutSeconds = 120;
    config.stepFunctions.executionTimeoutSeconds = 7200;
    config.lambda.functionPrefix = 'acme';
    config.upgrade.rollbackPolls = 7;
    config.upgrade.nodegroupParallelism = 4;
    config.upgrade.failurePolicy = 'hold';
    config.upgrade.failureHoldTimeoutSeconds = 1800;
    // Act
    const asl = createUpgradeStateMachineDefinition(workflowOptionsFromConfig(config));
    const states = statesOf(asl);
    // Assess
    expect(asl.TimeoutSeconds).toBe(7200);
    expect(states['Step: Bake']?.Seconds).toBe(900);
    expect(states['Step: Wait before next poll']?.Seconds).toBe(20);
    expect(states['Rollback: Undo changes']?.TimeoutSeconds).toBe(700);
    for (const name of [
      'Perception: Collect cluster state',
      'Reasoning: Plan the upgrade',
      'Step: Execute',
      'Step: Validate',
      'Step: Validate after bake',
      'Validation: Check the upgraded cluster',
    ]) {
      expect(states[name]?.TimeoutSeconds, name).toBe(120);
    }
    expect(parametersOf(states['Perception: Collect cluster state']).FunctionName).toBe('acme-perception');
    expect(parametersOf(states['Rollback: Start']).rollbackInput).toMatchObject({
      pass: { count: 0, limit: 7 },
    });
    expect(states['Step: Run']).toMatchObject({
      MaxConcurrency: 4,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
    expect(parametersOf(states['Step: Plan batches'])['batches.$']).toBe(
      'States.ArrayPartition(States.ArrayRange($.stage.first, $.stage.last, 1), 4)',
    );
    expect(states['Step: Record failure']?.Next).toBe('Step: Resumes left?');
    // A batch resumed five times that fails again rolls back instead of holding once more.
    expect(states['Step: Resumes left?']).toEqual({
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.batch.resumes', IsPresent: true },
            { Variable: '$.batch.resumes', NumericGreaterThanEquals: 5 },
          ],
          Next: 'Step: Note resumes used up',
        },
      ],
      Default: 'Step: Time left for the hold',
    });
    expect(parametersOf(states['Step: Resume failed steps']).batch).toEqual({
      'items.$': '$.batch.failed.reports[*].index',
      resumes: 1,
    });
    expect(parametersOf(states['Step: Resume failed steps again']).batch).toEqual({
      'items.$': '$.batch.failed.reports[*].index',
      'resumes.$': 'States.MathAdd($.batch.resumes, 1)',
    });
    expect(states['Step: Time left for the hold']?.Next).toBe('Step: Hold failure');
    // The hold waits its 1800 s cut at the deadline, as Execution answers.
    expect(parametersOf(states['Step: Time left for the hold']).Payload).toMatchObject({
      step: { kind: 'approval_gate', gate: { purpose: 'failure', timeoutSeconds: 1800 } },
      gateWait: { 'deadline.$': '$.deadline' },
    });
    expect(states['Step: Hold failure']?.TimeoutSecondsPath).toBe('$.holdWait.wait.waitSeconds');
    // (1010 s operation + 200 s validation) at one poll every 20 s: ceil(60.5) = 61 polls
    expect(stepPollRule(states)).toEqual({ Variable: '$.poll.count', NumericLessThan: 61 });
  });

  it('bounds the polls of a step by the operation and validation timeouts (default 190)', () => {
    // Act
    const defaults = statesOf(createUpgradeStateMachineDefinition());
    const fromDefaultConfig = statesOf(
      createUpgradeStateMachineDefinition(workflowOptionsFromConfig(createDefaultAgentConfig())),
    );
    // Assess: (5400 + 300) / 30
    expect(stepPollRule(defaults)).toEqual({ Variable: '$.poll.count', NumericLessThan: 190 });
    expect(stepPollRule(fromDefaultConfig)).toEqual({ Variable: '$.poll.count', NumericLessThan: 190 });
    expect(() => createUpgradeStateMachineDefinition({ operationTimeoutSeconds: 0 })).toThrow(
      /operationTimeoutSeconds/,
    );
    expect(() => createUpgradeStateMachineDefinition({ operationTimeoutSeconds: 86_401 })).toThrow(
      ConfigurationError,
    );
  });

  it('routes every step kind without an event of its own, the new bootstrap kinds included, to phase.completed', () => {
    // Act
    const states = statesOf(createUpgradeStateMachineDefinition());
    // Assess
    const router = states['Step: Which kind?'];
    expect(router).toBeDefined();
    const routed = ((router?.Choices ?? []) as Array<{ StringEquals: string }>).map(
      (rule) => rule.StringEquals,
    );
    expect(routed).toEqual(['traffic_shift', 'cluster_provision', 'cluster_decommission']);
    // An approval gate never reaches a child execution: the parent waits at it.
    const generic = Object.values(PlanStepKind).filter(
      (kind) => !routed.includes(kind) && kind !== PlanStepKind.APPROVAL_GATE,
    );
    expect(generic.sort()).toEqual([
      'access_entry_provision',
      'addon_install',
      'addon_upgrade',
      'blue_retention',
      'control_plane_upgrade',
      'fargate_profile_provision',
      'irsa_trust_update',
      'nodegroup_provision',
      'nodegroup_update_config',
      'nodegroup_upgrade',
      'oidc_provider_provision',
      'pod_identity_provision',
    ]);
    expect(states['Step: Which path?']?.Choices).toEqual([
      { Variable: '$.step.kind', StringEquals: 'approval_gate', Next: 'Step: Time left for the gate' },
    ]);
    expect(router?.Default).toBe('Step: Publish completed');
  });

  it('has a deadline of its own: start + timeout − the rollback reserve, checked before each step and poll', () => {
    // Prepare: reserve = 700 rollback + 2 × 120 tasks + max(20 poll, 900 bake) + 10 × 20 rollback
    // passes' waits + 7 × 30 events = 2250
    const options = {
      executionTimeoutSeconds: 7200,
      rollbackTimeoutSeconds: 700,
      rollbackPolls: 10,
      taskTimeoutSeconds: 120,
      pollIntervalSeconds: 20,
      bakeTimeSeconds: 900,
    };
    // Act
    const states = statesOf(createUpgradeStateMachineDefinition(options));
    // Assess
    expect(rollbackReserveSeconds(resolveWorkflowOptions(options))).toBe(2250);
    expect(parametersOf(states['Upgrade: Prepare'])['startedAt.$']).toBe('$$.State.EnteredTime');
    expect(parametersOf(states['Reasoning: Plan the upgrade']).Payload).toMatchObject({
      deadline: { 'startedAt.$': '$.startedAt', budgetSeconds: 7200 - 2250 },
    });
    const pastDeadline = (now: string) => [
      { Variable: '$.plan.deadline', IsPresent: true },
      { Variable: now, TimestampGreaterThanEqualsPath: '$.plan.deadline' },
    ];
    const firstChoice = (name: string) => (states[name]?.Choices as unknown[] | undefined)?.[0];
    expect(firstChoice('Upgrade: More steps?')).toEqual({
      And: [
        { Variable: '$.steps.index', NumericLessThanPath: '$.steps.count' },
        { And: pastDeadline('$.steps.now') },
      ],
      Next: 'Upgrade: Record deadline reached',
    });
    // A step's child execution checks the deadline its parent passed it ({ at } from the plan)
    // at each poll and reports it; the parent then takes the deadline's rollback path.
    expect(firstChoice('Step: Update finished?')).toEqual({
      And: [
        { Variable: '$.check.validation.status', StringEquals: 'in_progress' },
        {
          And: [
            { Variable: '$.deadline.at', IsPresent: true },
            { Variable: '$.poll.now', TimestampGreaterThanEqualsPath: '$.deadline.at' },
          ],
        },
      ],
      Next: 'Step: Publish deadline failure',
    });
    expect(states['Step: Report deadline']).toMatchObject({
      Type: 'Pass',
      Parameters: { outcome: 'deadline', 'stepId.$': '$.step.id' },
      End: true,
    });
    expect(states['Step: Batch outcome?']?.Choices).toContainEqual({
      Variable: '$.batch.verdict.deadline',
      BooleanEquals: true,
      Next: 'Upgrade: Record deadline reached',
    });
    expect(states['Upgrade: Keep the deadline']?.Parameters).toMatchObject({
      deadline: { 'at.$': '$.plan.deadline' },
    });
    expect(parametersOf(states['Step: Count poll'])['now.$']).toBe('$$.State.EnteredTime');
    expect(parametersOf(states['Upgrade: Next step']).steps).toMatchObject({
      'now.$': '$$.State.EnteredTime',
    });
    expect(parametersOf(states['Upgrade: Record deadline reached'])).toMatchObject({
      Error: 'Upgrade.DeadlineReached',
    });
    expect(states['Upgrade: Record deadline reached']?.Next).toBe('Rollback: Note execution failure');
    expect(() => createUpgradeStateMachineDefinition({ executionTimeoutSeconds: 3510 })).toThrow(
      /executionTimeoutSeconds \(3510 s\) must be longer than the 3510 s the workflow keeps for a rollback \(.* \+ rollbackPolls 60 × pollIntervalSeconds \+/,
    );
    expect(() => createUpgradeStateMachineDefinition({ executionTimeoutSeconds: 3511 })).not.toThrow();
  });

  it('ends "rolled back" only when the rollback left nothing changed', () => {
    // Act
    const states = statesOf(createUpgradeStateMachineDefinition());
    // Assess: a failed undo → rollback failed; something not undone → partially rolled back
    expect(states['Rollback: Undone?']?.Choices).toEqual([
      {
        Variable: '$.rollback.result.success',
        BooleanEquals: false,
        Next: 'Rollback: Record incomplete rollback',
      },
      {
        Variable: '$.rollback.result.notUndone[0]',
        IsPresent: true,
        Next: 'Rollback: Record what is left changed',
      },
      {
        Variable: '$.rollback.result.pending[0]',
        IsPresent: true,
        Next: 'Rollback: Record what is left changed',
      },
    ]);
    expect(states['Rollback: Undone?']?.Default).toBe('Rollback: Publish upgrade failed');
    expect(states['Rollback: Record what is left changed']?.Parameters).toMatchObject({
      Error: 'Upgrade.PartiallyRolledBack',
    });
    expect(states['Upgrade: Partially rolled back']).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.rollbackOutcome.Error',
      CausePath: '$.rollbackOutcome.Cause',
    });
    expect(states['Upgrade: Rolled back']).toMatchObject({ Type: 'Fail', ErrorPath: '$.failure.Error' });
  });

  it('runs the rollback again, a poll interval apart, while its undos are pending, at most rollbackPolls times', () => {
    // Act
    const states = statesOf(
      createUpgradeStateMachineDefinition({ rollbackPolls: 12, pollIntervalSeconds: 45 }),
    );
    // Assess
    expect(states['Rollback: Publish triggered']?.Next).toBe('Rollback: Start');
    expect(states['Rollback: Start']?.Next).toBe('Rollback: Undo changes');
    expect(states['Rollback: Undo changes']?.Next).toBe('Rollback: Still undoing?');
    expect(states['Rollback: Still undoing?']?.Choices).toEqual([
      {
        And: [
          { Variable: '$.rollback.result.pending[0]', IsPresent: true },
          { Variable: '$.rollbackInput.pass.count', NumericLessThan: 12 },
        ],
        Next: 'Rollback: Wait for undos',
      },
    ]);
    expect(states['Rollback: Still undoing?']?.Default).toBe('Rollback: Publish completed');
    expect(states['Rollback: Wait for undos']).toMatchObject({
      Type: 'Wait',
      Seconds: 45,
      Next: 'Rollback: Count pass',
    });
    expect(states['Rollback: Count pass']).toMatchObject({
      ResultPath: '$.rollbackInput',
      Next: 'Rollback: Undo changes',
    });
    expect(parametersOf(states['Rollback: Count pass']).pass).toEqual({
      'count.$': 'States.MathAdd($.rollbackInput.pass.count, 1)',
      limit: 12,
    });
    expect(() => createUpgradeStateMachineDefinition({ rollbackPolls: 0 })).toThrow(/rollbackPolls/);
  });

  it('runs a rollback pass that left no answer again, up to three times, telling it how many did', () => {
    // Act
    const states = statesOf(createUpgradeStateMachineDefinition());
    // Assess
    expect(states['Rollback: Undo changes']?.Catch).toEqual([
      {
        ErrorEquals: [
          'Lambda.Unknown',
          'Lambda.ClientExecutionTimeoutException',
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
        ],
        ResultPath: '$.rollbackFailure',
        Next: 'Rollback: A pass left unanswered before?',
      },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.rollbackFailure', Next: 'Rollback: Publish failed' },
    ]);
    expect(states['Rollback: A pass left unanswered before?']).toEqual({
      Type: 'Choice',
      Choices: [
        {
          Variable: '$.rollbackUnanswered',
          IsPresent: true,
          Next: 'Rollback: Count another unanswered pass',
        },
      ],
      Default: 'Rollback: Count the first unanswered pass',
    });
    expect(states['Rollback: Count the first unanswered pass']).toEqual({
      Type: 'Pass',
      Result: { count: 1 },
      ResultPath: '$.rollbackUnanswered',
      Next: 'Rollback: Run the unanswered pass again?',
    });
    expect(states['Rollback: Count another unanswered pass']).toEqual({
      Type: 'Pass',
      Parameters: { 'count.$': 'States.MathAdd($.rollbackUnanswered.count, 1)' },
      ResultPath: '$.rollbackUnanswered',
      Next: 'Rollback: Run the unanswered pass again?',
    });
    expect(states['Rollback: Run the unanswered pass again?']).toEqual({
      Type: 'Choice',
      Choices: [
        {
          Variable: '$.rollbackUnanswered.count',
          NumericLessThan: 4,
          Next: 'Rollback: Mark the pass run again',
        },
      ],
      Default: 'Rollback: Publish failed',
    });
    expect(states['Rollback: Mark the pass run again']).toEqual({
      Type: 'Pass',
      Parameters: {
        'count.$': '$.rollbackInput.pass.count',
        'limit.$': '$.rollbackInput.pass.limit',
        'unanswered.$': '$.rollbackUnanswered.count',
      },
      ResultPath: '$.rollbackInput.pass',
      Next: 'Rollback: Wait before running the pass again',
    });
    expect(states['Rollback: Wait before running the pass again']).toEqual({
      Type: 'Wait',
      Seconds: 2,
      Next: 'Rollback: Undo changes',
    });
  });

  it('accepts function ARNs and refuses what is not a function name', () => {
    // Prepare
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:custom-perception';
    // Act
    const asl = createUpgradeStateMachineDefinition({ functions: { perception: arn } });
    // Assess
    expect(parametersOf(asl.States['Perception: Collect cluster state']).FunctionName).toBe(arn);
    expect(() => createUpgradeStateMachineDefinition({ functions: { rollback: 'not a name' } })).toThrow(
      ConfigurationError,
    );
    expect(() => createUpgradeStateMachineDefinition({ bakeTimeSeconds: 0 })).toThrow(/bakeTimeSeconds/);
  });
});
