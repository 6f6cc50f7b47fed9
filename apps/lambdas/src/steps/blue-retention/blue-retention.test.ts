import { describe, expect, it } from 'vitest';
import { awsPhaseDependencies } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest } from '../../phases/__fixtures__/snapshots.js';
import { executeOrDeferStep } from '../../phases/execution.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { blueRetention } from './blue-retention.js';

const STEP = blueRetention.example;
const SELECTED = '2026-11-25T10:00:00.000Z';
const at = (iso: string) => awsPhaseDependencies(new Date(iso));

describe('Step kind: blue_retention', () => {
  it('defers until the retention has passed since the workflow first selected the step, then succeeds touching nothing', async () => {
    // Act
    const first = await executeOrDeferStep(
      { request: blueGreenRequest(), step: STEP, stepSelectedAt: SELECTED },
      at(SELECTED),
    );
    const later = await executeOrDeferStep(
      { request: blueGreenRequest(), step: STEP, stepSelectedAt: SELECTED },
      at('2026-11-25T10:40:00.000Z'),
    );
    const after = await executeOrDeferStep(
      { request: blueGreenRequest(), step: STEP, stepSelectedAt: SELECTED },
      at('2026-11-25T11:00:00.000Z'),
    );

    // Assess: the same deadline however often Execution is called (counted from the first selection).
    const deferral = {
      stepId: 'retain-prod',
      kind: 'blue_retention',
      clusterName: 'prod',
      started: false,
      deferredUntil: '2026-11-25T11:00:00.000Z',
      deferredReason:
        "prod is kept for 3600 s after prod-1-31 took all traffic (upgrade.blueRetentionSeconds, at least the records' TTL)",
      message: 'retain-prod waits until 2026-11-25T11:00:00.000Z',
    };
    expect(first).toEqual(deferral);
    expect(later).toEqual(deferral);
    expect(after).toMatchObject({
      stepId: 'retain-prod',
      status: 'succeeded',
      message: 'prod was kept for 3600 s with all traffic on prod-1-31',
    });
  });
});

describe('Module: blueRetention', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(blueRetention);

    // Assess
    expect(parts).toEqual({
      describe: 'Keep prod for 3600 s while prod-1-31 carries all traffic, before its decommission',
      rollback: 'nothing',
      final: { nodegroupVersions: [], addonVersions: [] },
      typicalDurationSeconds: 3600,
      operations: { execution: [], validation: [], rollback: [] },
    });
  });
});
