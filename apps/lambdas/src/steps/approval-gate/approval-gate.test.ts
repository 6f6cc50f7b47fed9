import { ExecutionError, PlanStepSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { awsPhaseDependencies } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { approvalGate } from './approval-gate.js';

describe('Module: approvalGate', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(approvalGate);

    // Assess
    expect(parts).toEqual({
      describe:
        'Wait for approval of workloads deployed on prod-1-31 (workload gate, times out after 86400 s); the approval may name the green traffic target',
      rollback: 'nothing',
      final: { nodegroupVersions: [], addonVersions: [] },
      typicalDurationSeconds: 0,
      operations: { execution: [], validation: [], rollback: [] },
    });
    expect(PlanStepSchema.parse(approvalGate.example)).toEqual(approvalGate.example);
  });

  it('refuses to be executed: the workflow waits at a gate on a task token instead', async () => {
    // Act
    const run = approvalGate.execute(approvalGate.example, {} as never);

    // Assess
    await expect(run).rejects.toThrow(ExecutionError);
    await expect(run).rejects.toThrow(
      'Step gate-workload is an approval gate: the workflow waits at it on a task token and never calls Execute for it',
    );
  });

  it('is refused by the execution phase before any gateway call', async () => {
    // Act
    const run = executeStep(
      { request: blueGreenRequest(), step: approvalGate.example },
      awsPhaseDependencies(new Date('2026-11-25T10:00:00Z')),
    );

    // Assess
    await expect(run).rejects.toMatchObject({ phase: 'execution', errorType: 'Upgrade.GateNotExecutable' });
  });

  it('refuses a progress check too, naming the phase', async () => {
    // Act
    const run = approvalGate.validation.progress(approvalGate.example, {} as never, {} as never);

    // Assess
    await expect(run).rejects.toMatchObject({ phase: 'validation', errorType: 'Upgrade.GateNotExecutable' });
  });
});
