import { describe, expect, it } from 'vitest';
import { snapshot } from '../phases/__fixtures__/snapshots.js';
import { greenAmiType } from './green-ami-types.js';
import { checkGreenLaunchTemplate } from './green-launch-templates.js';
import { PlanBuilder } from './plan-builder.js';

const nodegroup = (overrides: object) => ({ ...snapshot().nodegroups[0]!, ...overrides });
const clusters = { blue: 'prod', green: 'prod-1-31' };
const FIX =
  "Publish a version of lt-0abc without prod's settings (no security groups, so that EKS adds each cluster's own cluster security group; user data that names no cluster, as EKS adds the bootstrap for its AMIs), move prod's general to it (UpdateNodegroupVersion with that launch template version) and plan again, or create the group on prod-1-31 yourself";

describe('Function: checkGreenLaunchTemplate', () => {
  it('blocks a copy whose template version pins blue, naming each setting and what it names', () => {
    // Prepare
    const builder = new PlanBuilder();
    const reading = {
      status: 'read' as const,
      version: '7',
      pins: [
        { setting: 'SecurityGroupIds', names: 'cluster-security-group' as const },
        { setting: 'UserData', names: 'cluster-name' as const, format: 'AL2023 nodeadm NodeConfig' },
        { setting: 'UserData', names: 'api-server-endpoint' as const, format: 'AL2023 nodeadm NodeConfig' },
      ],
    };

    // Act
    checkGreenLaunchTemplate(
      nodegroup({ launchTemplate: { id: 'lt-0abc', version: '7', reading } }),
      clusters,
      builder,
    );

    // Assess
    expect(builder.warnings).toEqual([]);
    expect(builder.blockers).toEqual([
      {
        code: 'LAUNCH_TEMPLATE_PINS_BLUE',
        message: `Node group general's copy on prod-1-31 would use launch template lt-0abc version 7, which pins prod: SecurityGroupIds names prod's cluster security group; UserData (AL2023 nodeadm NodeConfig) names prod's cluster name and prod's API server endpoint, so prod-1-31's nodes would get prod's settings. ${FIX}`,
        resource: 'nodegroup:general',
      },
    ]);
  });

  it('blocks a copy whose template perception could not read, with the reason and how to fix it', () => {
    // Prepare
    const builder = new PlanBuilder();
    const reading = {
      status: 'unreadable' as const,
      reason: 'EC2 DescribeLaunchTemplateVersions failed: UnauthorizedOperation: not authorized',
    };

    // Act
    checkGreenLaunchTemplate(
      nodegroup({ launchTemplate: { id: 'lt-0abc', version: '7', reading } }),
      clusters,
      builder,
    );

    // Assess
    expect(builder.blockers).toEqual([
      {
        code: 'LAUNCH_TEMPLATE_UNREADABLE',
        message: `Node group general's copy on prod-1-31 would use launch template lt-0abc version 7, which perception could not read (EC2 DescribeLaunchTemplateVersions failed: UnauthorizedOperation: not authorized), so nothing says it does not pin prod's cluster security group or name prod in its user data. Grant the perception function ec2:DescribeLaunchTemplateVersions (eks-upgrade stack deploy grants it) or fix the template reference, then plan again; or: ${FIX}`,
        resource: 'nodegroup:general',
      },
    ]);
  });

  it('lets a copy whose template version pins nothing of blue through without a word', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkGreenLaunchTemplate(
      nodegroup({
        launchTemplate: { id: 'lt-0abc', version: '7', reading: { status: 'read', version: '7', pins: [] } },
      }),
      clusters,
      builder,
    );

    // Assess
    expect(builder.blockers).toEqual([]);
    expect(builder.warnings).toEqual([]);
  });

  it('warns, as before, for a snapshot that does not say what the template holds', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkGreenLaunchTemplate(
      nodegroup({ launchTemplate: { id: 'lt-0abc', version: '7' } }),
      clusters,
      builder,
    );

    // Assess
    expect(builder.blockers).toEqual([]);
    expect(builder.warnings).toEqual([
      {
        code: 'LAUNCH_TEMPLATE_REUSED_ON_GREEN',
        message:
          "Node group general's copy on prod-1-31 uses launch template lt-0abc version 7, as prod's does: if it names prod's cluster security group, or its user data names prod, prod-1-31's nodes get prod's settings. This snapshot does not say what the template holds (perception reads it with EC2 DescribeLaunchTemplateVersions); perceive prod again, or check it before approving the workload gate",
        resource: 'nodegroup:general',
      },
    ]);
  });

  it('says nothing without a template, for a custom AMI (blocked elsewhere), or for a copy already blocked', () => {
    // Prepare
    const builder = new PlanBuilder();
    const unreadable = { status: 'unreadable' as const, reason: 'no' };
    const al2WithTemplate = nodegroup({
      amiType: 'AL2_x86_64',
      launchTemplate: { name: 'prod-general', reading: unreadable },
    });

    // Act
    checkGreenLaunchTemplate(nodegroup({}), clusters, builder);
    checkGreenLaunchTemplate(
      nodegroup({ customAmi: true, launchTemplate: { id: 'lt-1', reading: unreadable } }),
      clusters,
      builder,
    );
    greenAmiType(al2WithTemplate, { green: 'prod-1-33', targetVersion: '1.33' }, builder);
    checkGreenLaunchTemplate(al2WithTemplate, clusters, builder);

    // Assess
    expect(builder.warnings).toEqual([]);
    expect(builder.blockers.map((issue) => issue.code)).toEqual(['LAUNCH_TEMPLATE_BLOCKS_GREEN_COPY']);
  });
});
