import { phaseFunctionName, RollbackInputSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { BLUE_GREEN_REQUEST, fakeLambdaHandlers } from '../../test/support/fake-upgrade.js';
import { localTaskError, runWorkflowLocally } from '../local/run-workflow-locally.js';
import { createUpgradeStateMachineDefinition } from './upgrade-workflow.js';

const definition = createUpgradeStateMachineDefinition();
const ROLLBACK = phaseFunctionName('rollback');

/** The fake functions, the rollback's failing with `errorType` on its first `times` invocations. */
function rollbackFailing(errorType: string, times: number) {
  const handlers = fakeLambdaHandlers({ bakeFailsAt: 'traffic-50', rollbackPendingPasses: 2 });
  const rollback = handlers[ROLLBACK]!;
  let invocations = 0;
  handlers[ROLLBACK] = (payload, context) => {
    RollbackInputSchema.parse(payload);
    invocations += 1;
    if (invocations <= times) throw localTaskError(errorType, 'the function crashed (simulated)');
    return rollback(payload, context);
  };
  return handlers;
}

const rollbackPasses = (result: Awaited<ReturnType<typeof runWorkflowLocally>>) =>
  result.taskInvocations
    .filter((call) => call.functionName === ROLLBACK)
    .map((call) => (call.input as { pass: unknown }).pass);

describe('Function: createUpgradeStateMachineDefinition (a rollback pass that left no answer)', () => {
  it.each(['Lambda.Unknown', 'Lambda.ServiceException', 'Lambda.ClientExecutionTimeoutException'])(
    'runs the pass again after %s, telling it a pass left no answer, then polls as before',
    async (errorType) => {
      // Act
      const result = await runWorkflowLocally({
        definition,
        input: BLUE_GREEN_REQUEST,
        lambdaHandlers: rollbackFailing(errorType, 1),
      });

      // Assess
      expect(result.error).toBe('Upgrade.BakeValidationFailed');
      expect(rollbackPasses(result)).toEqual([
        { count: 0, limit: 60 },
        { count: 0, limit: 60, unanswered: 1 },
        { count: 1, limit: 60 },
      ]);
      expect(
        result.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
      ).toEqual(['Upgrade: Rolled back']);
    },
  );

  it('fails Upgrade.RollbackFailed once three passes run again left no answer either', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: BLUE_GREEN_REQUEST,
      lambdaHandlers: rollbackFailing('Lambda.Unknown', 4),
    });

    // Assess
    expect(rollbackPasses(result)).toEqual([
      { count: 0, limit: 60 },
      { count: 0, limit: 60, unanswered: 1 },
      { count: 0, limit: 60, unanswered: 2 },
      { count: 0, limit: 60, unanswered: 3 },
    ]);
    expect(result.error).toBe('Upgrade.RollbackFailed');
    expect(result.cause).toContain('Rollback failed with Lambda.Unknown');
  });
});
