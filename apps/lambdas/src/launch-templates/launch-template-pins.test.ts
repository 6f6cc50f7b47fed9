import { AWSServiceError } from '@eks-upgrade/core-models';
import { describe, expect, it, vi } from 'vitest';
import type { ClusterInfo, NodegroupInfo } from '../gateway/cluster-gateway.js';
import type { LaunchTemplateVersionInfo } from '../gateway/launch-templates.js';
import { readLaunchTemplates } from './launch-template-pins.js';

const BLUE: ClusterInfo = {
  name: 'prod',
  version: '1.30',
  status: 'ACTIVE',
  endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
  subnetIds: [],
  securityGroupIds: [],
  healthIssues: [],
  clusterSecurityGroupId: 'sg-0blue',
};

const group = (
  name: string,
  launchTemplate?: NodegroupInfo['launchTemplate'],
  customAmi = false,
): NodegroupInfo => ({
  name,
  version: '1.30',
  status: 'ACTIVE',
  customAmi,
  healthIssues: [],
  ...(launchTemplate ? { launchTemplate } : {}),
});

const version = (overrides: Partial<LaunchTemplateVersionInfo>): LaunchTemplateVersionInfo => ({
  templateId: 'lt-1',
  versionNumber: '1',
  defaultVersion: false,
  securityGroupIds: [],
  networkInterfaceGroups: [],
  ...overrides,
});

describe('Function: readLaunchTemplates', () => {
  it('asks once per template for every version its groups use, and says what each version pins of blue', async () => {
    // Prepare
    const describe = vi.fn(async (template: { id?: string; name?: string }) =>
      template.id === 'lt-1'
        ? [
            version({ versionNumber: '3', securityGroupIds: ['sg-0other', 'sg-0blue'] }),
            version({
              versionNumber: '4',
              networkInterfaceGroups: [['sg-0other'], ['sg-0blue']],
              userData: Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh prod\n').toString('base64'),
            }),
          ]
        : [version({ templateId: 'lt-2', templateName: 'spot', versionNumber: '9', defaultVersion: true })],
    );
    const nodegroups = [
      group('general', { id: 'lt-1', version: '3' }),
      group('batch', { id: 'lt-1', version: '4' }),
      group('web', { id: 'lt-1', version: '3' }),
      group('spot', { name: 'spot' }),
      group('plain'),
      group('gpu', { id: 'lt-9', version: '1' }, true),
    ];

    // Act
    const readings = await readLaunchTemplates(
      { describeLaunchTemplateVersions: describe },
      BLUE,
      nodegroups,
    );

    // Assess
    expect(describe.mock.calls).toEqual([
      [{ id: 'lt-1' }, ['3', '4']],
      [{ name: 'spot' }, ['$Default']],
    ]);
    expect(Object.fromEntries(readings)).toEqual({
      general: {
        status: 'read',
        version: '3',
        pins: [{ setting: 'SecurityGroupIds', names: 'cluster-security-group' }],
      },
      web: {
        status: 'read',
        version: '3',
        pins: [{ setting: 'SecurityGroupIds', names: 'cluster-security-group' }],
      },
      batch: {
        status: 'read',
        version: '4',
        pins: [
          { setting: 'NetworkInterfaces[1].Groups', names: 'cluster-security-group' },
          { setting: 'UserData', names: 'cluster-name', format: 'AL2 bootstrap.sh' },
        ],
      },
      spot: { status: 'read', version: '9', pins: [] },
    });
  });

  it('reads a template EC2 refuses, or a version it does not return, as unreadable with the reason', async () => {
    // Prepare
    const refused = new AWSServiceError(
      'EC2 DescribeLaunchTemplateVersions failed: UnauthorizedOperation: no',
      {
        service: 'EC2',
        operation: 'DescribeLaunchTemplateVersions',
        code: 'UnauthorizedOperation',
        httpStatusCode: 403,
        retryable: false,
      },
    );
    const describe = vi.fn(async (template: { id?: string }) => {
      if (template.id === 'lt-1') throw refused;
      return [version({ templateId: 'lt-2', versionNumber: '1' })];
    });

    // Act
    const readings = await readLaunchTemplates({ describeLaunchTemplateVersions: describe }, BLUE, [
      group('general', { id: 'lt-1', version: '3' }),
      group('batch', { id: 'lt-2', version: '2' }),
    ]);

    // Assess
    expect(Object.fromEntries(readings)).toEqual({
      general: {
        status: 'unreadable',
        reason: 'EC2 DescribeLaunchTemplateVersions failed: UnauthorizedOperation: no',
      },
      batch: {
        status: 'unreadable',
        reason: 'EC2 DescribeLaunchTemplateVersions returned no version 2 of lt-2',
      },
    });
  });

  it('asks nothing when no group has a launch template', async () => {
    // Prepare
    const describe = vi.fn(async () => []);

    // Act
    const readings = await readLaunchTemplates({ describeLaunchTemplateVersions: describe }, BLUE, [
      group('plain'),
    ]);

    // Assess
    expect(describe).not.toHaveBeenCalled();
    expect(readings.size).toBe(0);
  });
});
