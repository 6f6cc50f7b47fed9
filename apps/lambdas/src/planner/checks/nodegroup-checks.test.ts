import { describe, expect, it } from 'vitest';
import { request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { rules } from '../__fixtures__/rules-plan.js';
import { PlanBuilder } from '../plan-builder.js';
import {
  checkAmazonLinux2Nodegroups,
  checkBlueGreenNodegroups,
  checkInPlaceNodegroups,
} from './nodegroup-checks.js';

describe('Function: checkInPlaceNodegroups', () => {
  it('blocks a node group ahead of the control plane, not ACTIVE or unhealthy (a custom AMI is judged with its launch template versions), and warns on skew beyond policy', () => {
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

describe('Function: checkAmazonLinux2Nodegroups', () => {
  const nodegroups = [
    { name: 'general', version: '1.32', status: 'ACTIVE', amiType: 'AL2_x86_64' },
    { name: 'arm', version: '1.32', status: 'ACTIVE', amiType: 'AL2_ARM_64' },
    { name: 'gpu', version: '1.32', status: 'ACTIVE', amiType: 'AL2_x86_64_GPU' },
    { name: 'modern', version: '1.32', status: 'ACTIVE', amiType: 'AL2023_x86_64_STANDARD' },
    { name: 'rocket', version: '1.32', status: 'ACTIVE', amiType: 'BOTTLEROCKET_ARM_64' },
    { name: 'own-ami', version: '1.32', status: 'ACTIVE', amiType: 'CUSTOM', customAmi: true },
    { name: 'unknown', version: '1.32', status: 'ACTIVE' },
  ];

  it('blocks each Amazon Linux 2 node group when a hop reaches 1.33, naming its AL2023 and Bottlerocket types', () => {
    // Prepare
    const builder = new PlanBuilder();
    const snap = snapshot({ version: '1.31', nodegroups });

    // Act
    checkAmazonLinux2Nodegroups(snap, ['1.32', '1.33'], builder);

    // Assess
    const reason =
      'and EKS publishes no Amazon Linux 2 AMI for Kubernetes 1.33 or later (this upgrade reaches 1.33)';
    expect(builder.blockers).toEqual([
      {
        code: 'AMAZON_LINUX_2_NODEGROUP',
        message: `Node group general runs Amazon Linux 2 (AL2_x86_64), ${reason}: create a node group with amiType AL2023_x86_64_STANDARD (or BOTTLEROCKET_x86_64), move the workloads to it and delete general, then plan again`,
        resource: 'nodegroup:general',
      },
      {
        code: 'AMAZON_LINUX_2_NODEGROUP',
        message: `Node group arm runs Amazon Linux 2 (AL2_ARM_64), ${reason}: create a node group with amiType AL2023_ARM_64_STANDARD (or BOTTLEROCKET_ARM_64), move the workloads to it and delete arm, then plan again`,
        resource: 'nodegroup:arm',
      },
      {
        code: 'AMAZON_LINUX_2_NODEGROUP',
        message: `Node group gpu runs Amazon Linux 2 (AL2_x86_64_GPU), ${reason}: create a node group with amiType AL2023_x86_64_NVIDIA (or BOTTLEROCKET_x86_64_NVIDIA), move the workloads to it and delete gpu, then plan again`,
        resource: 'nodegroup:gpu',
      },
    ]);
    expect([builder.warnings, builder.steps]).toEqual([[], []]);
  });

  it('says nothing while the upgrade stays at 1.32 or below', () => {
    // Prepare
    const builder = new PlanBuilder();
    const snap = snapshot({ version: '1.30', nodegroups });

    // Act
    checkAmazonLinux2Nodegroups(snap, ['1.31', '1.32'], builder);

    // Assess
    expect([builder.blockers, builder.warnings]).toEqual([[], []]);
  });

  it('blocks an in-place 1.32 → 1.33 plan through buildRulesPlan when one node group runs AL2', () => {
    // Prepare
    const snap = snapshot({
      version: '1.32',
      nodegroups: [
        { name: 'general', version: '1.32', status: 'ACTIVE', amiType: 'AL2_x86_64' },
        { name: 'batch', version: '1.32', status: 'ACTIVE', amiType: 'AL2023_ARM_64_STANDARD' },
      ],
      addons: [],
      supportedVersions: [
        { version: '1.32', status: 'STANDARD_SUPPORT' },
        { version: '1.33', status: 'STANDARD_SUPPORT' },
      ],
    });

    // Act
    const inPlace = rules(request({ targetVersion: '1.33' }), snap);

    // Assess
    expect(inPlace.blocked).toBe(true);
    expect(inPlace.blockers).toEqual([
      expect.objectContaining({ code: 'AMAZON_LINUX_2_NODEGROUP', resource: 'nodegroup:general' }),
    ]);
    expect(inPlace.steps.map((step) => step.id)).toEqual(['cp-1.33', 'ng-general-1.33', 'ng-batch-1.33']);
  });
});
