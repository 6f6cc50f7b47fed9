import { AWSServiceError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, ScenarioSchema } from '../../simulation/scenario.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

const gatewayWith = (failures: unknown[], timing = { createPolls: 2, deletePolls: 2, changePolls: 1 }) =>
  new SimulatedClusterGateway(
    ScenarioSchema.parse({ ...DEMO_SCENARIO, timing: { ...DEMO_SCENARIO.timing, ...timing }, failures }),
  );

const NODEGROUP = {
  clusterName: 'demo',
  nodegroupName: 'extra',
  version: '1.29',
  nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
  subnets: ['subnet-0a1b2c3d4e5f60001'],
};
const ROUTING = DEMO_SCENARIO.request.trafficRouting!;

/** The error `action` is refused with (fails the test when it is not refused). */
async function refusal(action: () => Promise<unknown>): Promise<AWSServiceError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!AWSServiceError.isInstance(error))
    throw new Error(`expected an AWSServiceError, got ${String(error)}`);
  return error;
}

describe('Scenario faults of AWS itself: the schema', () => {
  it.each([
    [{ type: 'resource_fails', resource: 'cluster', operation: 'delete' }, ['failures', 0, 'operation']],
    [{ type: 'resource_fails', resource: 'addon', operation: 'delete' }, ['failures', 0, 'operation']],
    [
      { type: 'resource_fails', resource: 'cluster', operation: 'create', name: 'x' },
      ['failures', 0, 'name'],
    ],
    [
      {
        type: 'iam_fails',
        operation: 'CreateOpenIDConnectProvider',
        errorCode: 'UnmodifiableEntityException',
      },
      ['failures', 0, 'errorCode'],
    ],
    [{ type: 'slow_resource', resource: 'nodegroup' }, ['failures', 0, 'createPolls']],
    [{ type: 'route53_change_refused', errorCode: 'NoSuchHostedZone' }, ['failures', 0, 'errorCode']],
    [{ type: 'lambda_fails', phase: 'deploy' }, ['failures', 0, 'phase']],
    [{ type: 'route53_change_pending', polls: 3, during: 'rollback', extra: true }, ['failures', 0]],
  ])('refuses %j', (failure, path) => {
    // Act
    const parsed = ScenarioSchema.safeParse({ ...DEMO_SCENARIO, failures: [failure] });

    // Assess
    expect(parsed.error?.issues.map((issue) => issue.path)).toEqual([path]);
  });
});

describe('Scenario faults of AWS itself: the simulator', () => {
  it('ends a node group creation CREATE_FAILED with its health issue, after the creation polls', async () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'resource_fails', resource: 'nodegroup', operation: 'create', name: 'extra' },
    ]);
    await gateway.createNodegroup(NODEGROUP);

    // Act
    const first = await gateway.describeNodegroup('demo', 'extra');
    const second = await gateway.describeNodegroup('demo', 'extra');

    // Assess
    expect(first?.status).toBe('CREATING');
    expect(second?.status).toBe('CREATE_FAILED');
    expect(second?.healthIssues).toEqual([
      {
        code: 'NodeCreationFailure',
        message: 'Instances failed to join the kubernetes cluster (simulated)',
        resourceIds: ['extra'],
      },
    ]);
  });

  it('ends a deletion DELETE_FAILED once, and lets the next DeleteNodegroup delete the group', async () => {
    // Prepare
    const gateway = gatewayWith(
      [{ type: 'resource_fails', resource: 'nodegroup', operation: 'delete', clusterName: 'demo', times: 1 }],
      { createPolls: 2, deletePolls: 1, changePolls: 1 },
    );
    await gateway.deleteNodegroup('demo', 'general');

    // Act
    const failed = await gateway.describeNodegroup('demo', 'general');
    await gateway.deleteNodegroup('demo', 'general');
    const gone = await gateway.describeNodegroup('demo', 'general');

    // Assess
    expect(failed?.status).toBe('DELETE_FAILED');
    expect(failed?.healthIssues[0]?.code).toBe('Ec2SecurityGroupDeletionFailure');
    expect(gone).toBeUndefined();
  });

  it('ends a cluster creation FAILED, its reason in the cluster health', async () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'resource_fails', resource: 'cluster', operation: 'create', errorCode: 'Ec2SubnetNotFound' },
    ]);
    const blue = await gateway.describeCluster('demo');
    await gateway.createCluster({
      name: 'demo-1-31',
      version: '1.31',
      roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
      subnetIds: blue!.subnetIds,
      securityGroupIds: blue!.securityGroupIds,
    });

    // Act
    await gateway.describeCluster('demo-1-31');
    const green = await gateway.describeCluster('demo-1-31');

    // Assess
    expect(green?.status).toBe('FAILED');
    expect(green?.healthIssues.map((issue) => issue.code)).toEqual(['Ec2SubnetNotFound']);
  });

  it('ends a Fargate profile creation CREATE_FAILED, and only the one it names', async () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'resource_fails', resource: 'fargate_profile', operation: 'create', name: 'batch' },
    ]);
    const profile = {
      clusterName: 'demo',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/eks-fargate-pod-role',
      subnets: ['subnet-0a1b2c3d4e5f60001'],
      selectors: [{ namespace: 'batch' }],
    };
    await gateway.createFargateProfile({ ...profile, fargateProfileName: 'batch' });
    await gateway.createFargateProfile({ ...profile, fargateProfileName: 'web' });

    // Act
    for (let poll = 0; poll < 2; poll += 1) {
      await gateway.describeFargateProfile('demo', 'batch');
      await gateway.describeFargateProfile('demo', 'web');
    }

    // Assess
    expect((await gateway.describeFargateProfile('demo', 'batch'))?.status).toBe('CREATE_FAILED');
    expect((await gateway.describeFargateProfile('demo', 'web'))?.status).toBe('ACTIVE');
  });

  it('makes one node group slower than the others (slow_resource)', async () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'slow_resource', resource: 'nodegroup', name: 'extra', createPolls: 4 },
    ]);
    await gateway.createNodegroup(NODEGROUP);
    await gateway.createNodegroup({ ...NODEGROUP, nodegroupName: 'other' });

    // Act
    const statuses: string[] = [];
    for (let poll = 0; poll < 4; poll += 1) {
      statuses.push(
        `${(await gateway.describeNodegroup('demo', 'extra'))?.status}/${(await gateway.describeNodegroup('demo', 'other'))?.status}`,
      );
    }

    // Assess
    expect(statuses).toEqual(['CREATING/CREATING', 'CREATING/ACTIVE', 'CREATING/ACTIVE', 'ACTIVE/ACTIVE']);
  });

  it('refuses a Route 53 change toward blue once (Throttling, retryable) and applies nothing', async () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'route53_change_refused', errorCode: 'Throttling', toward: 'blue', times: 1 },
    ]);
    await gateway.setTrafficWeights(ROUTING, { blue: 50, green: 50 });

    // Act
    const error = await refusal(() => gateway.setTrafficWeights(ROUTING, { blue: 100, green: 0 }));
    const weightsAfterRefusal = await gateway.getTrafficWeights(ROUTING);
    await gateway.setTrafficWeights(ROUTING, { blue: 100, green: 0 });

    // Assess
    expect(error).toMatchObject({
      service: 'Route53',
      operation: 'ChangeResourceRecordSets',
      code: 'Throttling',
      httpStatusCode: 400,
      retryable: true,
    });
    expect(weightsAfterRefusal).toEqual({ blue: 50, green: 50 });
    expect(await gateway.getTrafficWeights(ROUTING)).toEqual({ blue: 100, green: 0 });
  });

  it('refuses an invalid change batch every time, not retryable', async () => {
    // Prepare
    const gateway = gatewayWith([{ type: 'route53_change_refused', errorCode: 'InvalidChangeBatch' }]);

    // Act
    const errors = [
      await refusal(() => gateway.setTrafficWeights(ROUTING, { blue: 90, green: 10 })),
      await refusal(() => gateway.setTrafficWeights(ROUTING, { blue: 90, green: 10 })),
    ];

    // Assess
    expect(errors.map((error) => [error.code, error.retryable])).toEqual([
      ['InvalidChangeBatch', false],
      ['InvalidChangeBatch', false],
    ]);
    expect(gateway.calls).toEqual([]);
  });

  it('keeps a change PENDING for the polls a route53_change_pending fault gives', async () => {
    // Prepare
    const gateway = gatewayWith([{ type: 'route53_change_pending', polls: 3, toward: 'green', times: 1 }]);
    const slow = await gateway.setTrafficWeights(ROUTING, { blue: 90, green: 10 });
    const statuses: string[] = [];

    // Act
    for (let poll = 0; poll < 3; poll += 1) statuses.push(await gateway.getTrafficChangeStatus(slow));
    const next = await gateway.setTrafficWeights(ROUTING, { blue: 50, green: 50 });

    // Assess
    expect(statuses).toEqual(['PENDING', 'PENDING', 'INSYNC']);
    expect(await gateway.getTrafficChangeStatus(next)).toBe('INSYNC');
  });

  it('refuses IAM calls as IAM does: ServiceFailureException retryable (500), the others not', async () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'iam_fails', operation: 'CreateOpenIDConnectProvider', times: 1 },
      { type: 'iam_fails', operation: 'UpdateAssumeRolePolicy', errorCode: 'UnmodifiableEntityException' },
    ]);
    const spec = {
      issuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN',
      clientIds: ['sts.amazonaws.com'],
      tags: {},
    };
    const trust = await gateway.getRoleTrust('arn:aws:iam::123456789012:role/demo-vpc-cni');

    // Act
    const createRefused = await refusal(() => gateway.createOidcProvider(spec));
    const created = await gateway.createOidcProvider(spec);
    const trustRefused = await refusal(() => gateway.updateRoleTrust('demo-vpc-cni', trust!.trustPolicy));

    // Assess
    expect([createRefused.code, createRefused.httpStatusCode, createRefused.retryable]).toEqual([
      'ServiceFailureException',
      500,
      true,
    ]);
    expect(created).toBe('arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/GREEN');
    expect([trustRefused.code, trustRefused.retryable]).toEqual(['UnmodifiableEntityException', false]);
    expect(gateway.calls).toEqual([
      {
        operation: 'CreateOpenIDConnectProvider',
        detail: 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN',
      },
    ]);
  });

  it('applies a fault limited to a phase only while that phase runs (during)', async () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'route53_change_refused', errorCode: 'InvalidChangeBatch', during: 'rollback' },
    ]);

    // Act
    gateway.failures.enterPhase('execution');
    await gateway.setTrafficWeights(ROUTING, { blue: 50, green: 50 });
    gateway.failures.enterPhase('rollback');
    const error = await refusal(() => gateway.setTrafficWeights(ROUTING, { blue: 100, green: 0 }));

    // Assess
    expect(error.code).toBe('InvalidChangeBatch');
    expect(await gateway.getTrafficWeights(ROUTING)).toEqual({ blue: 50, green: 50 });
  });

  it("says how a phase's Lambda invocation fails, for its first `times` invocations", () => {
    // Prepare
    const gateway = gatewayWith([
      { type: 'lambda_fails', phase: 'validation', errorType: 'Lambda.TooManyRequestsException', times: 2 },
    ]);

    // Act
    const answers = [
      gateway.failures.lambdaFailure('execution'),
      gateway.failures.lambdaFailure('validation'),
      gateway.failures.lambdaFailure('validation'),
      gateway.failures.lambdaFailure('validation'),
    ];

    // Assess
    expect(answers).toEqual([
      undefined,
      'Lambda.TooManyRequestsException',
      'Lambda.TooManyRequestsException',
      undefined,
    ]);
    expect(gateway.failures.failedCalls()).toEqual(new Map([[0, 2]]));
  });
});
