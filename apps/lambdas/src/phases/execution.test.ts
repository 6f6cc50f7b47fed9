import { EKSClient } from '@aws-sdk/client-eks';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies } from './__fixtures__/aws.js';
import { request } from './__fixtures__/snapshots.js';
import { executeStep } from './execution.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);

const cpStep: PlanStep = {
  id: 'cp-1.30',
  kind: 'control_plane_upgrade',
  description: 'Upgrade the control plane of prod from 1.29 to 1.30',
  clusterName: 'prod',
  fromVersion: '1.29',
  toVersion: '1.30',
};

describe('Function: executeStep', () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
  });

  it('rejects a step that breaks the contract before any call', async () => {
    // Act
    const error = await executeStep(
      { request: request(), step: { ...cpStep, toVersion: '1.x' } } as never,
      deps(),
    ).catch((caught) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect(error.message).toMatch(/step\.toVersion/);
    expect(eks.calls()).toHaveLength(0);
  });
});
