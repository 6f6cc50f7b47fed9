import { ConfigurationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, type ScenarioInput } from '../../simulation/scenario.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

const withNodegroups = (nodegroups: ScenarioInput['cluster']['nodegroups']) =>
  new SimulatedClusterGateway({ ...DEMO_SCENARIO, cluster: { ...DEMO_SCENARIO.cluster, nodegroups } });

const gateway = withNodegroups([
  {
    name: 'general',
    launchTemplate: {
      id: 'lt-1',
      name: 'general',
      version: '2',
      content: { userData: 'echo hi', networkInterfaceGroups: [['sg-1']] },
    },
  },
  { name: 'batch', launchTemplate: { id: 'lt-1', name: 'general', version: '5' } },
]);

describe('Class: SimulatedEc2LaunchTemplates', () => {
  it("answers the versions the scenario's node groups declare, user data base64 as EC2 returns it", async () => {
    // Act
    const versions = await gateway.describeLaunchTemplateVersions({ id: 'lt-1' }, ['2', '$Latest']);

    // Assess
    expect(versions).toEqual([
      {
        templateId: 'lt-1',
        templateName: 'general',
        versionNumber: '2',
        defaultVersion: true,
        userData: Buffer.from('echo hi').toString('base64'),
        securityGroupIds: [],
        networkInterfaceGroups: [['sg-1']],
      },
      {
        templateId: 'lt-1',
        templateName: 'general',
        versionNumber: '5',
        defaultVersion: false,
        securityGroupIds: [],
        networkInterfaceGroups: [],
      },
    ]);
    expect(await gateway.describeLaunchTemplateVersions({ name: 'general' }, ['$Default'])).toEqual([
      versions[0],
    ]);
  });

  it.each([
    [{ id: 'lt-9' }, ['1'], 'InvalidLaunchTemplateId.NotFound'],
    [{ name: 'nope' }, ['1'], 'InvalidLaunchTemplateName.NotFoundException'],
    [{ id: 'lt-1' }, ['3'], 'InvalidLaunchTemplateId.VersionNotFound'],
    [{ id: 'lt-1', name: 'general' }, ['2'], 'InvalidParameterCombination'],
  ])('refuses %j versions %j as EC2 does (%s)', async (template, versions, code) => {
    // Act & Assess
    await expect(gateway.describeLaunchTemplateVersions(template, versions)).rejects.toMatchObject({
      service: 'EC2',
      code,
      retryable: false,
    });
  });

  it('refuses a scenario giving one template version two contents', () => {
    // Act & Assess
    expect(() =>
      withNodegroups([
        { name: 'a', launchTemplate: { id: 'lt-1', version: '1', content: { userData: 'x' } } },
        { name: 'b', launchTemplate: { id: 'lt-1', version: '1', content: { userData: 'y' } } },
      ]),
    ).toThrow(ConfigurationError);
  });
});
