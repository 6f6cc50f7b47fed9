import {
  CreatePodIdentityAssociationCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { podIdentityProvision } from './pod-identity-provision.js';

const eks = mockClient(EKSClient);
const deps = () => awsPhaseDependencies(new Date('2026-11-25T10:00:00Z'));
const STEP = podIdentityProvision.example;
const WEB_ROLE = 'arn:aws:iam::123456789012:role/web-api';

function associationsOn(
  clusterName: string,
  associations: { id: string; namespace: string; serviceAccount: string }[],
) {
  eks
    .on(ListPodIdentityAssociationsCommand, { clusterName })
    .resolves({ associations: associations.map(({ id }) => ({ associationId: id })) });
  for (const { id, namespace, serviceAccount } of associations)
    eks.on(DescribePodIdentityAssociationCommand, { clusterName, associationId: id }).resolves({
      association: {
        associationId: id,
        clusterName,
        namespace,
        serviceAccount,
        roleArn: WEB_ROLE,
        targetRoleArn: 'arn:aws:iam::210987654321:role/shared',
        disableSessionTags: false,
        tags: { team: 'web', 'aws:cloudformation:stack-name': 'prod-stack' },
      },
    });
}

describe('Step kind: pod_identity_provision', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({
      cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }),
    });
  });

  it("creates on green each of blue's associations green lacks, with role, target role, session tags and tags (whole input)", async () => {
    // Prepare
    associationsOn('prod', [
      { id: 'a-1', namespace: 'web', serviceAccount: 'api' },
      { id: 'a-2', namespace: 'jobs', serviceAccount: 'runner' },
    ]);
    associationsOn('prod-1-31', [{ id: 'a-9', namespace: 'jobs', serviceAccount: 'runner' }]);
    eks.on(CreatePodIdentityAssociationCommand).resolves({});

    // Act
    const outcome = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());

    // Assess
    expect(outcome).toMatchObject({
      status: 'succeeded',
      clusterName: 'prod-1-31',
      message: 'Copied 1 Pod Identity association of prod to prod-1-31: web/api',
    });
    expect(eks.commandCalls(CreatePodIdentityAssociationCommand).map((call) => call.args[0].input)).toEqual([
      {
        clusterName: 'prod-1-31',
        namespace: 'web',
        serviceAccount: 'api',
        roleArn: WEB_ROLE,
        targetRoleArn: 'arn:aws:iam::210987654321:role/shared',
        disableSessionTags: false,
        tags: { team: 'web', 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
      },
    ]);
  });

  it('skips when blue has none, or green has them all already (a retry)', async () => {
    // Prepare
    associationsOn('prod', []);
    associationsOn('prod-1-31', []);
    const none = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());
    eks.reset();
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
    associationsOn('prod', [{ id: 'a-1', namespace: 'web', serviceAccount: 'api' }]);
    associationsOn('prod-1-31', [{ id: 'a-7', namespace: 'web', serviceAccount: 'api' }]);

    // Act
    const again = await executeStep({ request: blueGreenRequest(), step: STEP }, deps());

    // Assess
    expect(none).toMatchObject({ status: 'skipped', message: 'prod has no Pod Identity associations' });
    expect(again).toMatchObject({
      status: 'skipped',
      message: 'prod-1-31 already has every Pod Identity association of prod',
    });
    expect(eks).not.toHaveReceivedCommand(CreatePodIdentityAssociationCommand);
  });
});

describe('Module: podIdentityProvision', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(podIdentityProvision);

    // Assess
    expect(parts).toEqual({
      describe: 'Copy the Pod Identity associations of prod to prod-1-31',
      rollback: 'covered:cluster_provision',
      final: { nodegroupVersions: [], addonVersions: [] },
      typicalDurationSeconds: 0,
      operations: {
        execution: ['describeCluster', 'listPodIdentityAssociations', 'createPodIdentityAssociation'],
        validation: [],
        rollback: [],
      },
    });
  });
});
