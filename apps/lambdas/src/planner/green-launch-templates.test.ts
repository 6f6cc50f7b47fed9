import { describe, expect, it } from 'vitest';
import { snapshot } from '../phases/__fixtures__/snapshots.js';
import { greenAmiType } from './green-ami-types.js';
import { warnLaunchTemplateReuse } from './green-launch-templates.js';
import { PlanBuilder } from './plan-builder.js';

const nodegroup = (overrides: object) => ({ ...snapshot().nodegroups[0]!, ...overrides });
const clusters = { blue: 'prod', green: 'prod-1-31' };

describe('Function: warnLaunchTemplateReuse', () => {
  it("names a node group whose copy reuses blue's launch template, with what to check", () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    warnLaunchTemplateReuse(
      nodegroup({ launchTemplate: { id: 'lt-0abc', version: '7' } }),
      clusters,
      builder,
    );

    // Assess
    expect(builder.warnings).toEqual([
      {
        code: 'LAUNCH_TEMPLATE_REUSED_ON_GREEN',
        message:
          "Node group general's copy on prod-1-31 uses launch template lt-0abc version 7, as prod's does: if it names prod's cluster security group, or its user data names prod, prod-1-31's nodes get prod's settings. eks-upgrade cannot read it (EC2 DescribeLaunchTemplateVersions); check it before approving the workload gate",
        resource: 'nodegroup:general',
      },
    ]);
  });

  it('says nothing without a template, for a custom AMI (blocked elsewhere), or for a copy already blocked', () => {
    // Prepare
    const builder = new PlanBuilder();
    const al2WithTemplate = nodegroup({ amiType: 'AL2_x86_64', launchTemplate: { name: 'prod-general' } });

    // Act
    warnLaunchTemplateReuse(nodegroup({}), clusters, builder);
    warnLaunchTemplateReuse(
      nodegroup({ customAmi: true, launchTemplate: { id: 'lt-1' } }),
      clusters,
      builder,
    );
    greenAmiType(al2WithTemplate, { green: 'prod-1-33', targetVersion: '1.33' }, builder);
    warnLaunchTemplateReuse(al2WithTemplate, clusters, builder);

    // Assess
    expect(builder.warnings).toEqual([]);
    expect(builder.blockers.map((issue) => issue.code)).toEqual(['LAUNCH_TEMPLATE_BLOCKS_GREEN_COPY']);
  });
});
