import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { SSMClient } from '@eks-upgrade/params';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { bundleHandler } from '../../scripts/build-lambda-zips.mjs';

declare module 'vitest' {
  // Provided by the workspace's moto global setup (packages/testing/src/moto-global-setup.ts).
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const run = promisify(execFile);
const endpoint = inject('motoEndpoint');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Runs the bundled handler in a fresh Node process, as Lambda would: credentials and region in the environment. */
async function invokeBundle(
  bundle: string,
  payload: unknown,
): Promise<{ result?: unknown; error?: { name: string; message: string } }> {
  const script = `const { handler } = await import(${JSON.stringify(bundle)});
    try { console.log(JSON.stringify({ result: await handler(${JSON.stringify(payload)}) })); }
    catch (error) { console.log(JSON.stringify({ error: { name: error.name, message: error.message } })); }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: 'session',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
      EKS_UPGRADE_CONFIG_PATH: '/eks-upgrade-agent/',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('Lambda bundle: execution (against moto)', () => {
  let directory: string;
  let bundle: string;
  const route53 = new Route53Client({ region: 'us-east-1', endpoint, credentials });
  const eks = new EKSClient({ region: 'us-east-1', endpoint, credentials });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'lambda-bundle-it-'));
    const files = await bundleHandler('execution');
    bundle = path.join(directory, 'index.mjs');
    await writeFile(bundle, files['index.mjs']!);
    await writeFile(`${bundle}.map`, files['index.mjs.map']!);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  });

  it('shifts traffic with credentials from the environment and the default configuration (none in SSM)', async () => {
    // Prepare
    const zone = await route53.send(
      new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'lambdas-it' }),
    );
    const hostedZoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    const record = (id: string, target: string, weight: number) => ({
      Action: 'CREATE' as const,
      ResourceRecordSet: {
        Name: 'api.example.com',
        Type: 'CNAME' as const,
        SetIdentifier: id,
        Weight: weight,
        TTL: 60,
        ResourceRecords: [{ Value: target }],
      },
    });
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: hostedZoneId,
        ChangeBatch: {
          Changes: [record('blue', 'blue.example.net', 100), record('green', 'green.example.net', 0)],
        },
      }),
    );
    // Traffic moves only onto a green with capacity: an ACTIVE node group with nodes.
    await eks.send(
      new CreateClusterCommand({
        name: 'prod-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
        resourcesVpcConfig: { subnetIds: ['subnet-0a1', 'subnet-0a2'] },
      }),
    );
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'prod-1-31',
        nodegroupName: 'general',
        nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
        subnets: ['subnet-0a1', 'subnet-0a2'],
        scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
      }),
    );
    const request = {
      clusterName: 'prod',
      targetVersion: '1.31',
      strategy: 'blue_green',
      trafficRouting: {
        hostedZoneId,
        recordName: 'api.example.com',
        blue: { setIdentifier: 'blue', target: 'blue.example.net' },
        green: { setIdentifier: 'green', target: 'green.example.net' },
      },
    };
    const step = {
      id: 'traffic-25',
      kind: 'traffic_shift',
      description: 'Shift 25% of traffic to prod-1-31',
      blueClusterName: 'prod',
      greenClusterName: 'prod-1-31',
      fromWeight: 10,
      toWeight: 25,
    };

    // Act
    const first = await invokeBundle(bundle, { request, step });
    const retry = await invokeBundle(bundle, { request, step });

    // Assess
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({
      stepId: 'traffic-25',
      status: 'in_progress',
      clusterName: 'prod-1-31',
      changeId: expect.stringMatching(/^\/change\//),
    });
    // Validation polls that change until it is INSYNC.
    const change = await route53.send(
      new GetChangeCommand({ Id: (first.result as { changeId: string }).changeId.replace('/change/', '') }),
    );
    expect(change.ChangeInfo?.Status).toBe('INSYNC');
    expect(retry.result).toMatchObject({ status: 'skipped' });
    const records = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId }));
    const weights = Object.fromEntries(
      (records.ResourceRecordSets ?? [])
        .filter((set) => set.SetIdentifier)
        .map((set) => [set.SetIdentifier, set.Weight]),
    );
    expect(weights).toEqual({ blue: 75, green: 25 });
  });

  it('fails with the taxonomy error name for a bad payload, before any AWS call', async () => {
    // Act
    const outcome = await invokeBundle(bundle, { request: { clusterName: 'prod' } });

    // Assess
    expect(outcome.error?.name).toBe('ValidationError');
    expect(outcome.error?.message).toMatch(/request\.targetVersion/);
  });
});

describe('Lambda bundle: reasoning (configuration from SSM in moto)', () => {
  let directory: string;
  let bundle: string;
  const request = { clusterName: 'prod', targetVersion: '1.30', strategy: 'in_place' };
  const snapshot = {
    clusterName: 'prod',
    version: '1.29',
    status: 'ACTIVE',
    nodegroups: [{ name: 'general', version: '1.29', status: 'ACTIVE' }],
    supportedVersions: [
      { version: '1.29', status: 'STANDARD_SUPPORT' },
      { version: '1.30', status: 'STANDARD_SUPPORT' },
    ],
    capturedAt: '2026-11-25T10:00:00Z',
  };

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'lambda-bundle-it-'));
    const files = await bundleHandler('reasoning');
    bundle = path.join(directory, 'index.mjs');
    await writeFile(bundle, files['index.mjs']!);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  });

  it('reads the stored configuration: Bedrock disabled there, so the plan says so', async () => {
    // Prepare
    const store = new SSMClient({
      parameterPrefix: '/eks-upgrade-agent/',
      clientConfig: { region: 'us-east-1', endpoint, credentials },
    });
    const config = createDefaultAgentConfig();
    await store.putConfiguration({ ...config, bedrock: { ...config.bedrock, enabled: false } }, 'config');

    // Act
    const outcome = await invokeBundle(bundle, { request, snapshot });

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({
      source: 'rules',
      blocked: false,
      hops: ['1.30'],
      narrativeUnavailableReason: 'Bedrock is disabled in the configuration',
    });
  });

  it('uses the defaults when nothing is stored (Bedrock on), and plans alone when Bedrock fails', async () => {
    // Act
    const outcome = await invokeBundle(bundle, { request, snapshot });

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({ source: 'rules', blocked: false });
    expect((outcome.result as { narrativeUnavailableReason: string }).narrativeUnavailableReason).toMatch(
      /^Bedrock failed: /,
    );
  });
});
