import { describe, expect, it } from 'vitest';
import { snapshot } from '../../phases/__fixtures__/snapshots.js';
import { PlanBuilder } from '../plan-builder.js';
import { checkBlueGreenNodegroups, checkInPlaceNodegroups } from './nodegroup-checks.js';

describe('Function: checkInPlaceNodegroups', () => {
  it('blocks a node group ahead of the control plane, not ACTIVE, unhealthy or on a custom AMI, and warns on skew beyond policy', () => {
    // Prepare
    const builder = new PlanBuilder();
    const snap = snapshot({
      nodegroups: [
        { name: 'general', version: '1.29', status: 'ACTIVE' },
        { name: 'ancient', version: '1.24', status: 'ACTIVE' },
        { name: 'ahead', version: '1.30', status: 'ACTIVE' },
        {
          name: 'degraded',
          version: '1.29',
          status: 'DEGRADED',
          healthIssues: [{ code: 'AccessDenied', message: 'role gone' }],
        },
        { name: 'gpu', version: '1.29', status: 'ACTIVE', amiType: 'CUSTOM', customAmi: true },
      ],
    });

    // Act
    checkInPlaceNodegroups(snap, builder);

    // Assess
    expect(builder.blockers).toEqual([
      {
        code: 'NODEGROUP_AHEAD',
        message: 'Node group ahead: kubelet 1.30 is newer than the control plane 1.29',
        resource: 'nodegroup:ahead',
      },
      {
        code: 'NODEGROUP_NOT_ACTIVE',
        message: 'Node group degraded is DEGRADED',
        resource: 'nodegroup:degraded',
      },
      {
        code: 'NODEGROUP_NOT_ACTIVE',
        message: 'Node group degraded reports AccessDenied: role gone',
        resource: 'nodegroup:degraded',
      },
      {
        code: 'CUSTOM_AMI_NODEGROUP',
        message:
          'Node group gpu uses a custom AMI: EKS cannot move its version; publish a launch template version with an AMI for each hop, or use blue/green',
        resource: 'nodegroup:gpu',
      },
    ]);
    expect(builder.warnings).toEqual([
      {
        code: 'NODEGROUP_SKEW',
        message:
          'Node group ancient: kubelet 1.24 trails the control plane 1.29 by 5 minors (at most 3); it is upgraded first',
        resource: 'nodegroup:ancient',
      },
    ]);
    expect(builder.steps).toEqual([]);
  });
});

describe('Function: checkBlueGreenNodegroups', () => {
  it('blocks only custom-AMI node groups, naming the green cluster and the target', () => {
    // Prepare
    const builder = new PlanBuilder();
    const snap = snapshot({
      nodegroups: [
        { name: 'general', version: '1.29', status: 'DEGRADED' },
        { name: 'gpu', version: '1.29', status: 'ACTIVE', amiType: 'CUSTOM', customAmi: true },
      ],
    });

    // Act
    checkBlueGreenNodegroups(snap, 'prod-1-31', '1.31', builder);

    // Assess
    expect(builder.blockers).toEqual([
      {
        code: 'CUSTOM_AMI_NODEGROUP',
        message:
          'Node group gpu uses a custom AMI built for 1.29: its copy on prod-1-31 needs an AMI for 1.31; publish a launch template version with one, or create that node group yourself and leave gpu out of blue/green',
        resource: 'nodegroup:gpu',
      },
    ]);
    expect(builder.warnings).toEqual([]);
  });
});
