import { describe, expect, it } from 'vitest';
import { snapshot } from '../phases/__fixtures__/snapshots.js';
import { greenAmiType } from './green-ami-types.js';
import { PlanBuilder } from './plan-builder.js';

const nodegroup = (overrides: object) => ({ ...snapshot().nodegroups[0]!, ...overrides });

describe('Function: greenAmiType', () => {
  it('moves an AL2 node group to its AL2023 equivalent on a green at 1.33, and says so in the plan', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    const amiType = greenAmiType(
      nodegroup({ amiType: 'AL2_ARM_64' }),
      { green: 'prod-1-33', targetVersion: '1.33' },
      builder,
    );

    // Assess
    expect(amiType).toBe('AL2023_ARM_64_STANDARD');
    expect(builder.warnings).toEqual([
      {
        code: 'AMAZON_LINUX_2_MOVED_TO_AL2023',
        message:
          'Node group general runs AL2_ARM_64, for which EKS publishes no AMI at 1.33: its copy on prod-1-33 runs AL2023_ARM_64_STANDARD. Check that its workloads run on Amazon Linux 2023 (cgroup v2, IMDSv2 by default) before traffic moves',
        resource: 'nodegroup:general',
      },
    ]);
    expect(builder.blockers).toEqual([]);
  });

  it('blocks the copy of an AL2 node group with a launch template, with the reason', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    const amiType = greenAmiType(
      nodegroup({ amiType: 'AL2_x86_64', launchTemplate: { name: 'prod-general', version: '3' } }),
      { green: 'prod-1-33', targetVersion: '1.33' },
      builder,
    );

    // Assess
    expect(amiType).toBeUndefined();
    expect(builder.blockers.map((issue) => [issue.code, issue.resource])).toEqual([
      ['LAUNCH_TEMPLATE_BLOCKS_GREEN_COPY', 'nodegroup:general'],
    ]);
    expect(builder.blockers[0]?.message).toContain('launch template prod-general');
    expect(builder.blockers[0]?.message).toContain('nodeadm');
  });

  it("keeps blue's AMI type below 1.33 and for AL2023 groups", () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    const below = greenAmiType(
      nodegroup({ amiType: 'AL2_x86_64' }),
      { green: 'g', targetVersion: '1.32' },
      builder,
    );
    const al2023 = greenAmiType(nodegroup({}), { green: 'g', targetVersion: '1.33' }, builder);

    // Assess
    expect([below, al2023, builder.warnings, builder.blockers]).toEqual([undefined, undefined, [], []]);
  });
});
