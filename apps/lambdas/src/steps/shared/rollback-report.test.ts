import { describe, expect, it } from 'vitest';
import { mergeRollbackActions, RollbackReport } from './rollback-report.js';

describe('Class: RollbackReport', () => {
  it('lists a started update as pending until it is settled, and a pend by target', () => {
    // Prepare
    const report = new RollbackReport();
    report.startUpdate(
      {
        target: 'nodegroup:general',
        status: 'started',
        message: 'UpdateNodegroupVersion started',
        updateId: 'u-1',
      },
      { clusterName: 'prod', scope: { nodegroupName: 'general' }, undoneMessage: 'general rolled back' },
    );
    report.pend('control-plane', 'rolls back once nodegroup:general ended');

    // Act
    const before = report.pending;
    report.settle('u-1', 'undone', 'general rolled back');

    // Assess
    expect(before).toEqual([
      'nodegroup:general: update u-1 in progress',
      'control-plane: rolls back once nodegroup:general ended',
    ]);
    expect(report.pending).toEqual(['control-plane: rolls back once nodegroup:general ended']);
    expect(report.actions).toEqual([
      { target: 'nodegroup:general', status: 'undone', message: 'general rolled back', updateId: 'u-1' },
    ]);
    expect(report.notUndone).toEqual([]);
  });
});

describe('Function: mergeRollbackActions', () => {
  it("keeps this pass's action, except a finished undo, which stays undone with the earlier message", () => {
    // Act
    const merged = mergeRollbackActions(
      [
        { target: 'traffic', status: 'undone', message: 'back to blue' },
        { target: 'green-cluster', status: 'started', message: 'DeleteCluster green started' },
        { target: 'addon:coredns', status: 'started', message: 'UpdateAddon started' },
      ],
      [
        { target: 'traffic', status: 'not_needed', message: 'All traffic already on blue' },
        { target: 'green-cluster', status: 'not_needed', message: 'Green cluster green does not exist' },
        { target: 'addon:coredns', status: 'failed', message: 'Update ended Failed' },
        { target: 'control-plane', status: 'started', message: 'native rollback started' },
      ],
      [],
    );

    // Assess
    expect(merged).toEqual([
      { target: 'traffic', status: 'undone', message: 'back to blue' },
      {
        target: 'green-cluster',
        status: 'undone',
        message: 'DeleteCluster green started; now: Green cluster green does not exist',
      },
      { target: 'addon:coredns', status: 'failed', message: 'Update ended Failed' },
      { target: 'control-plane', status: 'started', message: 'native rollback started' },
    ]);
  });

  it('keeps a target this pass does not report: a started one is undone unless still pending', () => {
    // Act
    const merged = mergeRollbackActions(
      [
        { target: 'nodegroup:general', status: 'started', message: 'UpdateNodegroupVersion started' },
        { target: 'nodegroup:batch', status: 'started', message: 'UpdateNodegroupVersion started' },
        { target: 'addon:vpc-cni', status: 'not_possible', message: 'EKS does not roll back add-ons' },
      ],
      [],
      ['nodegroup:batch: its update just ended; looked at again on the next pass'],
    );

    // Assess
    expect(merged).toEqual([
      {
        target: 'nodegroup:general',
        status: 'undone',
        message: 'UpdateNodegroupVersion started; now back where it was',
      },
      { target: 'nodegroup:batch', status: 'started', message: 'UpdateNodegroupVersion started' },
      { target: 'addon:vpc-cni', status: 'not_possible', message: 'EKS does not roll back add-ons' },
    ]);
  });
});
