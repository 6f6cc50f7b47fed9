import { AWSServiceError } from '@eks-upgrade/core-models';
import { describe, expect, it, vi } from 'vitest';
import { AwsEc2LaunchTemplates } from './aws-ec2-launch-templates.js';
import { Ec2QueryClient, Ec2QueryServiceError } from './aws-ec2-query.js';

const credentials = async () => ({ accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' });
const NOW = new Date('2026-01-02T03:04:05Z');

/** One version as EC2 answers (the wire names of the EC2 API model). */
const VERSION_XML = `<item>
  <launchTemplateId>lt-0abc</launchTemplateId><launchTemplateName>prod-general</launchTemplateName>
  <versionNumber>7</versionNumber><defaultVersion>false</defaultVersion>
  <launchTemplateData>
    <userData>IyEvYmluL2Jhc2g=</userData>
    <securityGroupIdSet><item>sg-0cluster</item><item>sg-0extra</item></securityGroupIdSet>
    <networkInterfaceSet><item><deviceIndex>0</deviceIndex><groupSet><groupId>sg-0eni</groupId></groupSet></item></networkInterfaceSet>
  </launchTemplateData>
</item>`;

const page = (items: string, nextToken?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeLaunchTemplateVersionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><launchTemplateVersionSet>${items}</launchTemplateVersionSet>${nextToken ? `<nextToken>${nextToken}</nextToken>` : ''}</DescribeLaunchTemplateVersionsResponse>`;

const errorBody = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-9</RequestID></Response>`;

/** A fetch answering each call with the next response, recording what was sent. */
function fakeFetch(responses: (Response | Error)[]) {
  const sent: { url: string; headers: Record<string, string>; body: Record<string, string> }[] = [];
  const fetch = vi.fn(async (url: URL | string, init?: RequestInit) => {
    sent.push({
      url: String(url),
      headers: init?.headers as Record<string, string>,
      body: Object.fromEntries(new URLSearchParams(String(init?.body))),
    });
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

function launchTemplates(
  responses: (Response | Error)[],
  extra: { sleep?: (ms: number) => Promise<void> } = {},
) {
  const { fetch, sent } = fakeFetch(responses);
  const sleep = extra.sleep ?? (async () => {});
  const client = new Ec2QueryClient({
    region: 'eu-west-1',
    credentials,
    fetch,
    sleep,
    now: () => NOW,
    random: () => 0.5,
  });
  return { ec2: new AwsEc2LaunchTemplates({ client }), sent };
}

describe('Class: AwsEc2LaunchTemplates', () => {
  it('asks EC2 once for every version of a template, signed, and reads the settings that can name a cluster', async () => {
    // Prepare
    const { ec2, sent } = launchTemplates([new Response(page(VERSION_XML), { status: 200 })]);

    // Act
    const versions = await ec2.describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['7', '$Default']);

    // Assess
    expect(sent).toEqual([
      {
        url: 'https://ec2.eu-west-1.amazonaws.com/',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'x-amz-date': '20260102T030405Z',
          'x-amz-security-token': 'TOKEN',
          authorization: expect.stringMatching(
            /^AWS4-HMAC-SHA256 Credential=AKID\/20260102\/eu-west-1\/ec2\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
          ),
        },
        body: {
          Action: 'DescribeLaunchTemplateVersions',
          Version: '2016-11-15',
          LaunchTemplateId: 'lt-0abc',
          'LaunchTemplateVersion.1': '7',
          'LaunchTemplateVersion.2': '$Default',
        },
      },
    ]);
    expect(versions).toEqual([
      {
        templateId: 'lt-0abc',
        templateName: 'prod-general',
        versionNumber: '7',
        defaultVersion: false,
        userData: 'IyEvYmluL2Jhc2g=',
        securityGroupIds: ['sg-0cluster', 'sg-0extra'],
        networkInterfaceGroups: [['sg-0eni']],
      },
    ]);
  });

  it('names a template by name when EKS reports no id, and reads every page', async () => {
    // Prepare
    const { ec2, sent } = launchTemplates([
      new Response(page(VERSION_XML, 'token-2'), { status: 200 }),
      new Response(page(VERSION_XML.replace('<versionNumber>7', '<versionNumber>8')), { status: 200 }),
    ]);

    // Act
    const versions = await ec2.describeLaunchTemplateVersions({ name: 'prod-general' }, ['7', '8']);

    // Assess
    expect(sent.map((call) => call.body)).toEqual([
      {
        Action: 'DescribeLaunchTemplateVersions',
        Version: '2016-11-15',
        LaunchTemplateName: 'prod-general',
        'LaunchTemplateVersion.1': '7',
        'LaunchTemplateVersion.2': '8',
      },
      {
        Action: 'DescribeLaunchTemplateVersions',
        Version: '2016-11-15',
        LaunchTemplateName: 'prod-general',
        'LaunchTemplateVersion.1': '7',
        'LaunchTemplateVersion.2': '8',
        NextToken: 'token-2',
      },
    ]);
    expect(versions.map((version) => version.versionNumber)).toEqual(['7', '8']);
  });

  it('maps a refusal to a non-retryable AWSServiceError naming the IAM action, the EC2 error as cause, without retrying', async () => {
    // Prepare
    const { ec2, sent } = launchTemplates([
      new Response(errorBody('UnauthorizedOperation', 'You are not authorized to perform this operation.'), {
        status: 403,
      }),
    ]);

    // Act
    const failure = await ec2
      .describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['7'])
      .catch((error: unknown) => error);

    // Assess
    expect(sent).toHaveLength(1);
    expect(failure).toBeInstanceOf(AWSServiceError);
    expect(failure).toMatchObject({
      service: 'EC2',
      operation: 'DescribeLaunchTemplateVersions',
      code: 'UnauthorizedOperation',
      httpStatusCode: 403,
      requestId: 'req-9',
      retryable: false,
      message:
        "EC2 DescribeLaunchTemplateVersions failed: UnauthorizedOperation: You are not authorized to perform this operation. Grant the caller's IAM identity permission for ec2:DescribeLaunchTemplateVersions, or use a profile that has it. (request id req-9)",
    });
    expect((failure as AWSServiceError).cause).toBeInstanceOf(Ec2QueryServiceError);
  });

  it('retries throttling, 5xx and network failures with a growing backoff, then answers', async () => {
    // Prepare
    const sleep = vi.fn(async () => {});
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { ec2, sent } = launchTemplates(
      [
        new Response(errorBody('RequestLimitExceeded', 'Request limit exceeded.'), { status: 503 }),
        reset,
        new Response(page(VERSION_XML), { status: 200 }),
      ],
      { sleep },
    );

    // Act
    const versions = await ec2.describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['7']);

    // Assess
    expect(sent).toHaveLength(3);
    // Full jitter at 0.5: throttling from a 500 ms base, then a network failure from 100 ms, doubled.
    expect(sleep.mock.calls).toEqual([[250], [100]]);
    expect(versions).toHaveLength(1);
  });

  it('gives up after three attempts with a retryable error', async () => {
    // Prepare
    const { ec2, sent } = launchTemplates(
      [1, 2, 3].map(
        () => new Response(errorBody('Unavailable', 'The service is unavailable.'), { status: 503 }),
      ),
    );

    // Act
    const failure = await ec2
      .describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['7'])
      .catch((error: unknown) => error);

    // Assess
    expect(sent).toHaveLength(3);
    expect(failure).toMatchObject({ code: 'Unavailable', httpStatusCode: 503, retryable: true });
  });

  it('says so when EC2 answers with a body that is not XML', async () => {
    // Prepare
    const { ec2 } = launchTemplates([new Response('<html>gateway', { status: 200 })]);

    // Act
    const failure = await ec2
      .describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['7'])
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({ code: 'HTTP200', retryable: false });
    expect((failure as Error).message).toContain('EC2 answered HTTP 200 with a body that is not XML');
  });
});

describe('Class: Ec2QueryClient', () => {
  it.each([
    ['eu-west-1', undefined, 'https://ec2.eu-west-1.amazonaws.com/'],
    ['cn-north-1', undefined, 'https://ec2.cn-north-1.amazonaws.com.cn/'],
    ['us-east-1', 'http://127.0.0.1:5000', 'http://127.0.0.1:5000/'],
  ])('calls EC2 of region %s (endpoint %s) at %s, signing for that region', async (region, endpoint, url) => {
    // Prepare
    const { fetch, sent } = fakeFetch([new Response(page(''), { status: 200 })]);
    const client = new Ec2QueryClient({
      region: async () => region,
      credentials,
      fetch,
      now: () => NOW,
      ...(endpoint ? { endpoint } : {}),
    });

    // Act
    await client.send({ action: 'DescribeLaunchTemplateVersions', parameters: { LaunchTemplateId: 'lt-1' } });

    // Assess
    expect(sent.map((call) => call.url)).toEqual([url]);
    expect(sent[0]?.headers.authorization).toContain(`/20260102/${region}/ec2/aws4_request`);
  });

  it('abandons an attempt that hangs and retries it', async () => {
    // Prepare
    const calls: string[] = [];
    const hangingOnce = (async (_url: URL | string, init?: RequestInit) => {
      calls.push('attempt');
      if (calls.length === 1) {
        return await new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      }
      return new Response(page(VERSION_XML), { status: 200 });
    }) as typeof globalThis.fetch;
    const client = new Ec2QueryClient({
      region: 'eu-west-1',
      credentials,
      fetch: hangingOnce,
      sleep: async () => {},
      attemptTimeoutMs: 20,
    });

    // Act
    const versions = await new AwsEc2LaunchTemplates({ client }).describeLaunchTemplateVersions(
      { id: 'lt-0abc' },
      ['7'],
    );

    // Assess
    expect(calls).toEqual(['attempt', 'attempt']);
    expect(versions).toHaveLength(1);
  });
});
