import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient as SdkSSMClient,
} from '@aws-sdk/client-ssm';
import {
  AgentConfigSchema,
  AWSServiceError,
  ConfigurationError,
  createDefaultAgentConfig,
  ExecutionError,
  ValidationError,
} from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awkwardConfiguration } from '../__fixtures__/awkward-configuration.js';
import { fakeSsm, sdkError } from '../__fixtures__/fake-ssm.js';
import { isConfigurationWriteError, isDeleteParametersError } from '../configuration/write-report.js';
import { maxParameterNameLength } from '../validation/limits.js';
import { SSMClient } from './ssm-client.js';

const noWait = { sleep: async () => {} };
const names = (count: number, prefix = '/app/p') =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`);

function setup(options: { kmsKeyId?: string; maxAttempts?: number; concurrency?: number } = {}) {
  const sdk = new SdkSSMClient({ region: 'us-east-1' });
  const mock = mockClient(sdk);
  const ssm = new SSMClient({
    client: sdk,
    region: 'us-east-1',
    retry: { ...noWait, maxAttempts: options.maxAttempts ?? 3 },
    ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  return { sdk, mock, ssm };
}

describe('Class: SSMClient', () => {
  describe('Method: constructor', () => {
    it('defaults the prefix to /eks-upgrade-agent/', () => {
      // Act
      const ssm = new SSMClient({ region: 'eu-west-1' });
      // Assess
      expect(ssm.parameterPrefix).toBe('/eks-upgrade-agent/');
      expect(ssm.region).toBe('eu-west-1');
    });

    it('takes the region from clientConfig', () => {
      // Act & Assess
      expect(new SSMClient({ clientConfig: { region: 'ap-south-1' } }).region).toBe('ap-south-1');
    });

    it('rejects a bad prefix, both client and clientConfig, and a bad concurrency', () => {
      // Prepare
      const both = { client: new SdkSSMClient({}), clientConfig: {} } as never;
      // Act & Assess
      expect(() => new SSMClient({ parameterPrefix: 'no-slash' })).toThrowError(ValidationError);
      expect(() => new SSMClient(both)).toThrowError(/either client or clientConfig/);
      expect(() => new SSMClient({ concurrency: 0 })).toThrowError(/concurrency/);
    });
  });

  describe('Method: putParameter', () => {
    it('writes a String and returns the version', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(PutParameterCommand).resolves({ Version: 3 });
      // Act
      const version = await ssm.putParameter(
        {
          name: '/app/region',
          value: 'eu-west-1',
          description: 'd',
          allowedPattern: '^.+$',
          dataType: 'text',
        },
        { overwrite: true },
      );
      // Assess
      expect(version).toBe(3);
      expect(mock).toHaveReceivedCommandWith(PutParameterCommand, {
        Name: '/app/region',
        Value: 'eu-west-1',
        Type: 'String',
        Overwrite: true,
        Description: 'd',
        AllowedPattern: '^.+$',
        DataType: 'text',
      });
      expect(mock.commandCalls(PutParameterCommand)[0]?.args[0].input).not.toHaveProperty('Tier');
      expect(mock.commandCalls(PutParameterCommand)[0]?.args[0].input).not.toHaveProperty('KeyId');
    });

    it('detects SecureString for a sensitive name and uses the configured KMS key', async () => {
      // Prepare
      const { mock, ssm } = setup({ kmsKeyId: 'alias/eks-upgrade' });
      mock.on(PutParameterCommand).resolves({ Version: 1 });
      // Act
      await ssm.putParameter({ name: '/app/db/password', value: 's3cr3t' });
      // Assess
      expect(mock).toHaveReceivedCommandWith(PutParameterCommand, {
        Type: 'SecureString',
        KeyId: 'alias/eks-upgrade',
        Overwrite: false,
      });
    });

    it('joins a list into a StringList', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(PutParameterCommand).resolves({ Version: 1 });
      // Act
      await ssm.putParameter({ name: '/app/zones', value: ['a', 'b', 'c'] });
      // Assess
      expect(mock).toHaveReceivedCommandWith(PutParameterCommand, { Type: 'StringList', Value: 'a,b,c' });
    });

    it('chooses the Advanced tier for a value over 4 KB', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(PutParameterCommand).resolves({ Version: 1 });
      // Act
      await ssm.putParameter({ name: '/app/big', value: 'x'.repeat(5000) });
      // Assess
      expect(mock).toHaveReceivedCommandWith(PutParameterCommand, { Tier: 'Advanced' });
    });

    it('sends tags with a new parameter', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(PutParameterCommand).resolves({ Version: 1 });
      // Act
      await ssm.putParameter({ name: '/app/x', value: 'v', tags: { team: 'platform' } });
      // Assess
      expect(mock).toHaveReceivedCommandWith(PutParameterCommand, {
        Tags: [{ Key: 'team', Value: 'platform' }],
      });
      expect(mock).not.toHaveReceivedCommand(AddTagsToResourceCommand);
    });

    it('applies tags with AddTagsToResource when overwriting', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(PutParameterCommand).resolves({ Version: 2 });
      mock.on(AddTagsToResourceCommand).resolves({});
      // Act
      const version = await ssm.putParameter(
        { name: '/app/x', value: 'v', tags: { team: 'platform' } },
        { overwrite: true },
      );
      // Assess
      expect(version).toBe(2);
      expect(mock.commandCalls(PutParameterCommand)[0]?.args[0].input).not.toHaveProperty('Tags');
      expect(mock).toHaveReceivedCommandWith(AddTagsToResourceCommand, {
        ResourceType: 'Parameter',
        ResourceId: '/app/x',
        Tags: [{ Key: 'team', Value: 'platform' }],
      });
    });

    it.each([
      [{ name: '/aws/reserved', value: 'v' }, 'name'],
      [{ name: '/app/bad name', value: 'v' }, 'name'],
      [{ name: `/${Array.from({ length: 16 }, () => 'l').join('/')}`, value: 'v' }, 'name'],
      [{ name: '/app/x', value: '' }, 'value'],
      [{ name: '/app/x', value: 'x'.repeat(8193) }, 'value'],
      [{ name: '/app/x', value: 'x'.repeat(5000), tier: 'Standard' as const }, 'value'],
      [{ name: '/app/x', value: 'v', type: 'String' as const, kmsKeyId: 'k' }, 'kmsKeyId'],
    ])('rejects an invalid parameter before any call (%#)', async (config, field) => {
      // Prepare
      const { mock, ssm } = setup();
      // Act
      const error = await ssm.putParameter(config).catch((caught: unknown) => caught);
      // Assess
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).fields).toContain(field);
      expect(mock.calls()).toHaveLength(0);
    });

    it("bounds the name length by the injected client's region", async () => {
      // Prepare: no region option; the SDK client says us-east-1
      const sdk = new SdkSSMClient({ region: 'us-east-1' });
      const mock = mockClient(sdk);
      mock.on(PutParameterCommand).resolves({ Version: 1 });
      const ssm = new SSMClient({ client: sdk });
      const longest = `/${'a'.repeat(maxParameterNameLength('us-east-1') - 1)}`;
      // Act
      await ssm.putParameter({ name: longest, value: 'v' });
      const error = await ssm
        .putParameter({ name: `${longest}a`, value: 'v' })
        .catch((caught: unknown) => caught);
      // Assess
      expect(maxParameterNameLength()).toBeLessThan(longest.length);
      expect(mock).toHaveReceivedCommandTimes(PutParameterCommand, 1);
      expect(ValidationError.isInstance(error)).toBe(true);
    });

    it('maps ParameterAlreadyExists, keeping the SDK error as cause', async () => {
      // Prepare
      const { mock, ssm } = setup();
      const sdkFailure = sdkError('ParameterAlreadyExists');
      mock.on(PutParameterCommand).rejects(sdkFailure);
      // Act
      const error = await ssm.putParameter({ name: '/app/x', value: 'v' }).catch((caught: unknown) => caught);
      // Assess
      expect(AWSServiceError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        service: 'SSM',
        operation: 'PutParameter',
        code: 'ParameterAlreadyExists',
      });
      expect((error as Error).cause).toBe(sdkFailure);
      expect(mock).toHaveReceivedCommandTimes(PutParameterCommand, 1);
    });

    it('retries throttling with backoff and succeeds', async () => {
      // Prepare
      const waits: number[] = [];
      const sdk = new SdkSSMClient({});
      const mock = mockClient(sdk);
      const ssm = new SSMClient({
        client: sdk,
        retry: { maxAttempts: 4, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) },
      });
      mock
        .on(PutParameterCommand)
        .rejectsOnce(sdkError('ThrottlingException'))
        .rejectsOnce(sdkError('ThrottlingException'))
        .resolves({ Version: 1 });
      // Act
      const version = await ssm.putParameter({ name: '/app/x', value: 'v' });
      // Assess
      expect(version).toBe(1);
      expect(mock).toHaveReceivedCommandTimes(PutParameterCommand, 3);
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeLessThan(100);
      expect(waits[1]).toBeLessThan(200);
    });

    it('gives up after maxAttempts of throttling', async () => {
      // Prepare
      const { mock, ssm } = setup({ maxAttempts: 3 });
      mock.on(PutParameterCommand).rejects(sdkError('ThrottlingException'));
      // Act
      const error = await ssm.putParameter({ name: '/app/x', value: 'v' }).catch((caught: unknown) => caught);
      // Assess
      expect((error as AWSServiceError).isThrottling).toBe(true);
      expect(mock).toHaveReceivedCommandTimes(PutParameterCommand, 3);
    });
  });

  describe('Method: getParameter', () => {
    it('returns the parameter, decrypted by default', async () => {
      // Prepare
      const { mock, ssm } = setup();
      const modified = new Date('2026-01-01T00:00:00Z');
      mock.on(GetParameterCommand).resolves({
        Parameter: {
          Name: '/app/x',
          Value: 'v',
          Type: 'SecureString',
          Version: 4,
          LastModifiedDate: modified,
          ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/x',
          DataType: 'text',
        },
      });
      // Act
      const result = await ssm.getParameter('/app/x');
      // Assess
      expect(result).toEqual({
        name: '/app/x',
        value: 'v',
        type: 'SecureString',
        version: 4,
        lastModified: modified,
        arn: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/x',
        dataType: 'text',
      });
      expect(mock).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/app/x', WithDecryption: true });
    });

    it('reads without decryption when asked and reports the selector', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock
        .on(GetParameterCommand)
        .resolves({ Parameter: { Name: '/app/x', Value: 'c', Type: 'String', Version: 2, Selector: ':2' } });
      // Act
      const result = await ssm.getParameter('/app/x:2', { withDecryption: false });
      // Assess
      expect(result.selector).toBe(':2');
      expect(mock).toHaveReceivedCommandWith(GetParameterCommand, {
        Name: '/app/x:2',
        WithDecryption: false,
      });
    });

    it('maps ParameterNotFound to a not-found AWSServiceError', async () => {
      // Prepare
      const { mock, ssm } = setup();
      const sdkFailure = sdkError('ParameterNotFound');
      mock.on(GetParameterCommand).rejects(sdkFailure);
      // Act
      const error = await ssm.getParameter('/app/missing').catch((caught: unknown) => caught);
      // Assess
      expect((error as AWSServiceError).isNotFound).toBe(true);
      expect((error as Error).message).toContain('/app/missing');
      expect((error as Error).cause).toBe(sdkFailure);
    });

    it('rejects an empty name', async () => {
      // Prepare
      const { mock, ssm } = setup();
      // Act & Assess
      await expect(ssm.getParameter('')).rejects.toThrowError(ValidationError);
      expect(mock.calls()).toHaveLength(0);
    });
  });

  describe('Method: getParameters', () => {
    it('reads 25 names in 3 calls of at most 10 and reports missing names', async () => {
      // Prepare
      const { mock, ssm } = setup();
      const wanted = names(25);
      mock.on(GetParametersCommand).callsFake(({ Names }: { Names: string[] }) => ({
        Parameters: Names.filter((name) => name !== '/app/p7').map((name) => ({
          Name: name,
          Value: `v-${name}`,
          Type: 'String',
          Version: 1,
        })),
        InvalidParameters: Names.filter((name) => name === '/app/p7'),
      }));
      // Act
      const { parameters, invalid } = await ssm.getParameters(wanted);
      // Assess
      expect(mock).toHaveReceivedCommandTimes(GetParametersCommand, 3);
      expect(mock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names?.length)).toEqual(
        [10, 10, 5],
      );
      expect(invalid).toEqual(['/app/p7']);
      expect(parameters.map((parameter) => parameter.name)).toEqual(
        wanted.filter((name) => name !== '/app/p7'),
      );
      expect(parameters[0]?.value).toBe('v-/app/p0');
    });

    it('asks once for a repeated name', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock
        .on(GetParametersCommand)
        .resolves({ Parameters: [{ Name: '/a', Value: 'v', Type: 'String', Version: 1 }] });
      // Act
      const { parameters } = await ssm.getParameters(['/a', '/a']);
      // Assess
      expect(parameters).toHaveLength(1);
      expect(mock).toHaveReceivedCommandWith(GetParametersCommand, { Names: ['/a'], WithDecryption: true });
    });

    it('makes no call for no names and rejects empty names', async () => {
      // Prepare
      const { mock, ssm } = setup();
      // Act & Assess
      await expect(ssm.getParameters([])).resolves.toEqual({ parameters: [], invalid: [] });
      await expect(ssm.getParameters(['/a', ''])).rejects.toThrowError(/names\[1\]/);
      expect(mock.calls()).toHaveLength(0);
    });
  });

  describe('Method: getParametersByPath', () => {
    /** Answers GetParametersByPath with `pages` in order, recording each call's input as it was sent. */
    function pagedByPath(
      mock: ReturnType<typeof setup>['mock'],
      pages: Array<Record<string, unknown> | Error>,
    ) {
      const sent: Array<Record<string, unknown>> = [];
      mock.on(GetParametersByPathCommand).callsFake((input: Record<string, unknown>) => {
        sent.push({ ...input });
        const page = pages[sent.length - 1];
        if (page instanceof Error) throw page;
        return page;
      });
      return sent;
    }
    const parameter = (name: string) => ({ Name: name, Value: 'v', Type: 'String' as const, Version: 1 });

    it('follows short pages and a trailing token with an empty last page', async () => {
      // Prepare
      const { mock, ssm } = setup();
      const sent = pagedByPath(mock, [
        { Parameters: names(10).map(parameter), NextToken: 't1' },
        { Parameters: names(3, '/app/q').map(parameter), NextToken: 't2' },
        { Parameters: [], NextToken: 't3' },
        { Parameters: [] },
      ]);
      // Act
      const parameters = await ssm.getParametersByPath('/app');
      // Assess
      expect(parameters).toHaveLength(13);
      expect(sent).toEqual([
        { Path: '/app', Recursive: true, WithDecryption: true, MaxResults: 10, NextToken: undefined },
        { Path: '/app', Recursive: true, WithDecryption: true, MaxResults: 10, NextToken: 't1' },
        { Path: '/app', Recursive: true, WithDecryption: true, MaxResults: 10, NextToken: 't2' },
        { Path: '/app', Recursive: true, WithDecryption: true, MaxResults: 10, NextToken: 't3' },
      ]);
    });

    it('retries a throttled page from its token', async () => {
      // Prepare
      const { mock, ssm } = setup();
      const sent = pagedByPath(mock, [
        { Parameters: [parameter('/app/a')], NextToken: 't1' },
        sdkError('ThrottlingException'),
        { Parameters: [parameter('/app/b')] },
      ]);
      // Act
      const parameters = await ssm.getParametersByPath('/app', { recursive: false, withDecryption: false });
      // Assess
      expect(parameters.map((result) => result.name)).toEqual(['/app/a', '/app/b']);
      expect(sent.map((input) => input.NextToken)).toEqual([undefined, 't1', 't1']);
      expect(sent[2]).toMatchObject({ Recursive: false, WithDecryption: false });
    });

    it('rejects a path that does not start with "/"', async () => {
      // Prepare
      const { ssm } = setup();
      // Act & Assess
      await expect(ssm.getParametersByPath('app')).rejects.toThrowError(ValidationError);
    });
  });

  describe('Method: deleteParameter', () => {
    it('deletes one parameter', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(DeleteParameterCommand).resolves({});
      // Act
      await ssm.deleteParameter('/app/x');
      // Assess
      expect(mock).toHaveReceivedCommandExactlyOnceWith(DeleteParameterCommand, { Name: '/app/x' });
    });
  });

  describe('Method: deleteParameters', () => {
    it('deletes 23 names in 3 calls and reports the missing ones', async () => {
      // Prepare
      const { mock, ssm } = setup();
      const missing = new Set(['/app/p3', '/app/p21']);
      mock.on(DeleteParametersCommand).callsFake(({ Names }: { Names: string[] }) => ({
        DeletedParameters: Names.filter((name) => !missing.has(name)),
        InvalidParameters: Names.filter((name) => missing.has(name)),
      }));
      // Act
      const result = await ssm.deleteParameters(names(23));
      // Assess
      expect(mock).toHaveReceivedCommandTimes(DeleteParametersCommand, 3);
      expect(
        mock.commandCalls(DeleteParametersCommand).map((call) => call.args[0].input.Names?.length),
      ).toEqual([10, 10, 3]);
      expect(result.invalid).toEqual(['/app/p3', '/app/p21']);
      expect(result.deleted).toHaveLength(21);
    });

    it('reports exactly what was deleted when a call still fails after retries', async () => {
      // Prepare
      const { mock, ssm } = setup({ maxAttempts: 2 });
      mock.on(DeleteParametersCommand).callsFake(({ Names }: { Names: string[] }) => {
        if (Names.includes('/app/p12')) throw sdkError('ThrottlingException');
        return { DeletedParameters: Names, InvalidParameters: [] };
      });
      // Act
      const error = await ssm.deleteParameters(names(23)).catch((caught: unknown) => caught);
      // Assess
      expect(isDeleteParametersError(error)).toBe(true);
      if (!isDeleteParametersError(error)) return;
      expect(error.report.deleted).toEqual([...names(10), ...names(23).slice(20)]);
      expect(error.report.failed.map((failure) => failure.name)).toEqual(names(23).slice(10, 20));
      expect(error.report.failed[0]?.code).toBe('ThrottlingException');
      expect(mock).toHaveReceivedCommandTimes(DeleteParametersCommand, 4);
    });
    it('reports as deleted the names a lost first response deleted, when the retry hears they do not exist', async () => {
      // Prepare: the first call deletes its names, then its response is lost (a timeout).
      const { mock, ssm } = setup();
      const existing = new Set(names(3));
      let calls = 0;
      mock.on(DeleteParametersCommand).callsFake(({ Names }: { Names: string[] }) => {
        calls += 1;
        const deleted = Names.filter((name) => existing.delete(name));
        if (calls === 1) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
        return {
          DeletedParameters: deleted,
          InvalidParameters: Names.filter((name) => !deleted.includes(name)),
        };
      });
      // Act
      const result = await ssm.deleteParameters([...names(3), '/app/never-existed']);
      // Assess: the lost attempt may have deleted every name; none is reported missing.
      expect(mock).toHaveReceivedCommandTimes(DeleteParametersCommand, 2);
      expect(mock).toHaveReceivedNthCommandWith(DeleteParametersCommand, 2, {
        Names: [...names(3), '/app/never-existed'],
      });
      expect(result).toEqual({ deleted: [...names(3), '/app/never-existed'], invalid: [] });
    });

    it('reports as deleted the names AWS calls missing after the SDK retried the call itself', async () => {
      // Prepare: the SDK's own retry sent the call twice ($metadata.attempts 2).
      const { mock, ssm } = setup();
      mock.on(DeleteParametersCommand).resolves({
        DeletedParameters: ['/app/p1'],
        InvalidParameters: ['/app/p0'],
        $metadata: { attempts: 2 },
      });
      // Act
      const result = await ssm.deleteParameters(names(2));
      // Assess
      expect(mock).toHaveReceivedCommandExactlyOnceWith(DeleteParametersCommand, { Names: names(2) });
      expect(result).toEqual({ deleted: ['/app/p1', '/app/p0'], invalid: [] });
    });

    it('still reports missing names as missing when the earlier attempt was throttled (it did nothing)', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock
        .on(DeleteParametersCommand)
        .rejectsOnce(sdkError('ThrottlingException'))
        .resolves({ DeletedParameters: ['/app/p0'], InvalidParameters: ['/app/p1'] });
      // Act
      const result = await ssm.deleteParameters(names(2));
      // Assess
      expect(mock).toHaveReceivedCommandTimes(DeleteParametersCommand, 2);
      expect(mock).toHaveReceivedNthCommandWith(DeleteParametersCommand, 2, { Names: names(2) });
      expect(result).toEqual({ deleted: ['/app/p0'], invalid: ['/app/p1'] });
    });
  });

  describe('Method: listParameters', () => {
    it('reads every DescribeParameters page with a name prefix filter', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock
        .on(DescribeParametersCommand)
        .resolvesOnce({
          Parameters: [{ Name: '/app/a', Type: 'String', Version: 1, Tier: 'Standard' }],
          NextToken: 'n',
        })
        .resolvesOnce({
          Parameters: [{ Name: '/app/b', Type: 'SecureString', Version: 2, Tier: 'Advanced', KeyId: 'k' }],
        });
      // Act
      const parameters = await ssm.listParameters('/app/');
      // Assess
      expect(parameters).toEqual([
        expect.objectContaining({ name: '/app/a', type: 'String', tier: 'Standard', version: 1 }),
        expect.objectContaining({ name: '/app/b', type: 'SecureString', tier: 'Advanced', kmsKeyId: 'k' }),
      ]);
      expect(mock).toHaveReceivedNthCommandWith(DescribeParametersCommand, 1, {
        ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/app/'] }],
        MaxResults: 50,
      });
      expect(mock).toHaveReceivedNthCommandWith(DescribeParametersCommand, 2, { NextToken: 'n' });
    });

    it('lists everything without a prefix', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(DescribeParametersCommand).resolves({ Parameters: [] });
      // Act
      await ssm.listParameters();
      // Assess
      expect(mock.commandCalls(DescribeParametersCommand)[0]?.args[0].input).not.toHaveProperty(
        'ParameterFilters',
      );
    });
  });

  describe('Method: getParameterHistory', () => {
    it('reads every page of the history', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock
        .on(GetParameterHistoryCommand)
        .resolvesOnce({
          Parameters: [{ Name: '/app/x', Value: 'a', Type: 'String', Version: 1, Labels: ['old'] }],
          NextToken: 'n',
        })
        .resolvesOnce({ Parameters: [{ Name: '/app/x', Value: 'b', Type: 'String', Version: 2 }] });
      // Act
      const history = await ssm.getParameterHistory('/app/x');
      // Assess
      expect(history.map((entry) => [entry.version, entry.value, entry.labels])).toEqual([
        [1, 'a', ['old']],
        [2, 'b', []],
      ]);
      expect(mock).toHaveReceivedNthCommandWith(GetParameterHistoryCommand, 1, {
        Name: '/app/x',
        WithDecryption: true,
        MaxResults: 50,
      });
    });
  });

  describe('Method: labelParameterVersion', () => {
    it('labels a version and reports refused labels', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(LabelParameterVersionCommand).resolves({ ParameterVersion: 3, InvalidLabels: ['taken'] });
      // Act
      const result = await ssm.labelParameterVersion('/app/x', ['stable', 'taken'], { version: 3 });
      // Assess
      expect(result).toEqual({ version: 3, invalidLabels: ['taken'] });
      expect(mock).toHaveReceivedCommandWith(LabelParameterVersionCommand, {
        Name: '/app/x',
        Labels: ['stable', 'taken'],
        ParameterVersion: 3,
      });
    });

    it.each([[[]], [['aws-x']], [['1st']], [Array.from({ length: 11 }, (_, index) => `l${index}`)]])(
      'rejects invalid labels %j before any call',
      async (labels) => {
        // Prepare
        const { mock, ssm } = setup();
        // Act & Assess
        await expect(ssm.labelParameterVersion('/app/x', labels)).rejects.toThrowError(ValidationError);
        expect(mock.calls()).toHaveLength(0);
      },
    );
  });

  describe('Method: tags', () => {
    it('adds, removes and lists tags', async () => {
      // Prepare
      const { mock, ssm } = setup();
      mock.on(AddTagsToResourceCommand).resolves({});
      mock.on(RemoveTagsFromResourceCommand).resolves({});
      mock.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'team', Value: 'platform' }] });
      // Act
      await ssm.addTagsToParameter('/app/x', { team: 'platform' });
      await ssm.removeTagsFromParameter('/app/x', ['old']);
      const tags = await ssm.listTagsForParameter('/app/x');
      // Assess
      expect(tags).toEqual({ team: 'platform' });
      expect(mock).toHaveReceivedCommandWith(RemoveTagsFromResourceCommand, {
        ResourceType: 'Parameter',
        ResourceId: '/app/x',
        TagKeys: ['old'],
      });
      expect(mock).toHaveReceivedCommandWith(ListTagsForResourceCommand, {
        ResourceType: 'Parameter',
        ResourceId: '/app/x',
      });
    });
  });

  describe('SDK error mapping', () => {
    const calls: Array<[string, (ssm: SSMClient) => Promise<unknown>, new (input: never) => object]> = [
      [
        'PutParameter',
        (ssm) => ssm.putParameter({ name: '/app/x', value: 'v' }),
        PutParameterCommand as never,
      ],
      ['GetParameter', (ssm) => ssm.getParameter('/app/x'), GetParameterCommand as never],
      ['GetParameters', (ssm) => ssm.getParameters(['/app/x']), GetParametersCommand as never],
      ['GetParametersByPath', (ssm) => ssm.getParametersByPath('/app'), GetParametersByPathCommand as never],
      ['DeleteParameter', (ssm) => ssm.deleteParameter('/app/x'), DeleteParameterCommand as never],
      ['DeleteParameters', (ssm) => ssm.deleteParameters(['/app/x']), DeleteParametersCommand as never],
      ['DescribeParameters', (ssm) => ssm.listParameters('/app'), DescribeParametersCommand as never],
      [
        'GetParameterHistory',
        (ssm) => ssm.getParameterHistory('/app/x'),
        GetParameterHistoryCommand as never,
      ],
      [
        'LabelParameterVersion',
        (ssm) => ssm.labelParameterVersion('/app/x', ['l']),
        LabelParameterVersionCommand as never,
      ],
      [
        'AddTagsToResource',
        (ssm) => ssm.addTagsToParameter('/app/x', { k: 'v' }),
        AddTagsToResourceCommand as never,
      ],
      [
        'RemoveTagsFromResource',
        (ssm) => ssm.removeTagsFromParameter('/app/x', ['k']),
        RemoveTagsFromResourceCommand as never,
      ],
      [
        'ListTagsForResource',
        (ssm) => ssm.listTagsForParameter('/app/x'),
        ListTagsForResourceCommand as never,
      ],
    ];

    it.each(calls)(
      'maps a %s failure to AWSServiceError with the SDK error as cause',
      async (operation, call, command) => {
        // Prepare
        const { mock, ssm } = setup();
        const sdkFailure = sdkError('AccessDeniedException', 400, 'not allowed');
        mock.on(command as never).rejects(sdkFailure);
        // Act
        const error = await call(ssm).catch((caught: unknown) => caught);
        // Assess
        expect(AWSServiceError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({
          service: 'SSM',
          operation,
          code: 'AccessDeniedException',
          retryable: false,
          requestId: 'req-1',
        });
        expect((error as Error).cause).toBe(sdkFailure);
        expect((error as Error).message).toContain(`ssm:${operation}`);
        expect(mock.calls()).toHaveLength(1);
      },
    );

    it('marks server errors retryable and retries them', async () => {
      // Prepare
      const { mock, ssm } = setup({ maxAttempts: 2 });
      mock.on(GetParameterCommand).rejects(sdkError('InternalServerError', 500));
      // Act
      const error = await ssm.getParameter('/app/x').catch((caught: unknown) => caught);
      // Assess
      expect(error).toMatchObject({ retryable: true, httpStatusCode: 500 });
      expect(mock).toHaveReceivedCommandTimes(GetParameterCommand, 2);
    });
  });

  describe('Method: putConfiguration / getConfiguration', () => {
    let fake: ReturnType<typeof fakeSsm>;
    let ssm: SSMClient;
    beforeEach(() => {
      fake = fakeSsm();
      ssm = new SSMClient({
        client: fake.client,
        region: 'us-east-1',
        kmsKeyId: 'alias/cfg',
        retry: { ...noWait, maxAttempts: 3 },
      });
    });

    it.each([
      [
        'the default agent configuration',
        () => createDefaultAgentConfig() as unknown as Record<string, unknown>,
      ],
      ['an awkward configuration', awkwardConfiguration],
    ])('round-trips %s exactly', async (_, make) => {
      // Prepare
      const config = make();
      // Act
      const versions = await ssm.putConfiguration(config, 'prod');
      const back = await ssm.getConfiguration('prod');
      // Assess
      expect(back).toStrictEqual(config);
      expect(Object.keys(versions)).toHaveLength(fake.parameters.size);
      expect(Object.values(versions).every((version) => version === 1)).toBe(true);
    });

    it('makes the minimum calls: one path read, one write per value', async () => {
      // Prepare
      const config = createDefaultAgentConfig();
      // Act
      const versions = await ssm.putConfiguration(config, 'prod');
      // Assess
      expect(fake.mock).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
      expect(fake.mock).toHaveReceivedCommandTimes(PutParameterCommand, Object.keys(versions).length);
      expect(fake.mock).not.toHaveReceivedCommand(DeleteParametersCommand);
    });

    it('writes sensitive keys as SecureString with the KMS key', async () => {
      // Act
      await ssm.putConfiguration({ db: { host: 'h', password: 'p' }, apiKey: 'k' }, 'prod');
      // Assess
      expect(fake.mock).toHaveReceivedCommandWith(PutParameterCommand, {
        Name: '/eks-upgrade-agent/prod/db/password',
        Type: 'SecureString',
        KeyId: 'alias/cfg',
        Overwrite: true,
      });
      expect(fake.mock).toHaveReceivedCommandWith(PutParameterCommand, {
        Name: '/eks-upgrade-agent/prod/db/host',
        Type: 'String',
      });
      expect(fake.parameters.get('/eks-upgrade-agent/prod/apiKey')?.type).toBe('SecureString');
    });

    it('puts a value over 4 KB on the Advanced tier', async () => {
      // Act
      await ssm.putConfiguration({ certificate: 'x'.repeat(5000) }, 'prod');
      // Assess
      expect(fake.parameters.get('/eks-upgrade-agent/prod/certificate')?.tier).toBe('Advanced');
    });

    it('removes parameters the new configuration no longer has, after writing', async () => {
      // Prepare
      await ssm.putConfiguration({ a: 'x', b: { c: 1, d: [1, 2, 3] }, e: 'gone' }, 'prod');
      await ssm.putConfiguration({ unrelated: 'kept' }, 'other');
      fake.mock.resetHistory();
      // Act
      await ssm.putConfiguration({ a: 'y', b: { c: 'now a string' } }, 'prod');
      // Assess
      expect(await ssm.getConfiguration('prod')).toStrictEqual({ a: 'y', b: { c: 'now a string' } });
      expect(await ssm.getConfiguration('other')).toStrictEqual({ unrelated: 'kept' });
      expect(fake.mock).toHaveReceivedCommandTimes(DeleteParametersCommand, 1);
      const order = fake.mock.calls().map((call) => call.args[0].constructor.name);
      expect(order.lastIndexOf('PutParameterCommand')).toBeLessThan(order.indexOf('DeleteParametersCommand'));
    });

    it('keeps stale parameters with removeStale: false', async () => {
      // Prepare
      await ssm.putConfiguration({ a: 'x', b: 'y' }, 'prod');
      fake.mock.resetHistory();
      // Act
      await ssm.putConfiguration({ a: 'z' }, 'prod', { removeStale: false });
      // Assess
      expect(fake.mock).not.toHaveReceivedCommand(GetParametersByPathCommand);
      expect(await ssm.getConfiguration('prod')).toStrictEqual({ a: 'z', b: 'y' });
    });

    it('validates every key before the first write', async () => {
      // Prepare
      // 2 levels of prefix and name + 14 keys = 16 levels
      const deep = Array.from({ length: 14 }, (_, index) => `l${14 - index}`).reduce<unknown>(
        (inner, key) => ({ [key]: inner }),
        'x',
      );
      // Act
      const error = await ssm
        .putConfiguration({ fine: 'x', big: 'x'.repeat(9000), deep, when: new Date() }, 'prod')
        .catch((caught: unknown) => caught);
      // Assess
      expect(ValidationError.isInstance(error)).toBe(true);
      expect([...(error as ValidationError).fields].sort()).toEqual([
        'big',
        'deep.l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11.l12.l13.l14',
        'when',
      ]);
      expect((error as Error).message).toContain('8192 bytes');
      expect((error as Error).message).toContain('at most 15 levels');
      expect(fake.mock.calls()).toHaveLength(0);
    });

    it.each(['', 'a/b', 'has space', '../x'])('rejects the configuration name %j', async (configName) => {
      // Act & Assess
      await expect(ssm.putConfiguration({ a: 'x' }, configName)).rejects.toThrowError(/configName/);
      expect(fake.mock.calls()).toHaveLength(0);
    });

    it('reports exactly which names were written and which were not after retries', async () => {
      // Prepare
      const failing = '/eks-upgrade-agent/prod/b.json';
      const original = fake.parameters;
      fake.mock.on(PutParameterCommand).callsFake((input: { Name: string; Value: string; Type: string }) => {
        if (input.Name === failing) throw sdkError('ThrottlingException');
        const version = (original.get(input.Name)?.version ?? 0) + 1;
        original.set(input.Name, { value: input.Value, type: input.Type, version, tier: undefined });
        return { Version: version };
      });
      // Act
      const error = await ssm
        .putConfiguration({ a: 'x', b: 2, c: 'z' }, 'prod')
        .catch((caught: unknown) => caught);
      // Assess
      expect(ExecutionError.isInstance(error)).toBe(true);
      expect(isConfigurationWriteError(error)).toBe(true);
      if (!isConfigurationWriteError(error)) return;
      expect(error.report.written).toEqual({
        '/eks-upgrade-agent/prod/a': 1,
        '/eks-upgrade-agent/prod/c': 1,
      });
      expect(error.report.failed.map((failure) => [failure.name, failure.keyPath, failure.code])).toEqual([
        [failing, 'b', 'ThrottlingException'],
      ]);
      expect(error.message).toContain(failing);
      expect(AWSServiceError.isInstance(error.cause)).toBe(true);
      expect(
        fake.mock.commandCalls(PutParameterCommand).filter((call) => call.args[0].input.Name === failing),
      ).toHaveLength(3);
    });

    it('never puts a secret value in the error message', async () => {
      // Prepare
      fake.mock.on(PutParameterCommand).rejects(sdkError('AccessDeniedException'));
      // Act
      const error = await ssm
        .putConfiguration({ password: 'hunter2' }, 'prod')
        .catch((caught: unknown) => caught);
      // Assess
      expect((error as Error).message).not.toContain('hunter2');
    });

    it('does not delete stale parameters when a write failed', async () => {
      // Prepare
      await ssm.putConfiguration({ a: 'x', old: 'y' }, 'prod');
      fake.mock.on(PutParameterCommand).rejects(sdkError('AccessDeniedException'));
      fake.mock.resetHistory();
      // Act
      const error = await ssm.putConfiguration({ a: 'z' }, 'prod').catch((caught: unknown) => caught);
      // Assess
      expect(isConfigurationWriteError(error) && error.report.staleRemaining).toEqual([
        '/eks-upgrade-agent/prod/old',
      ]);
      expect(fake.mock).not.toHaveReceivedCommand(DeleteParametersCommand);
    });

    it('reports the stale parameters it could not delete, after writing everything', async () => {
      // Prepare
      await ssm.putConfiguration(
        { keep: 'x', ...Object.fromEntries(names(15, 'old').map((key) => [key, 'v'])) },
        'prod',
      );
      fake.mock.on(DeleteParametersCommand).callsFake(({ Names }: { Names: string[] }) => {
        if (Names.includes('/eks-upgrade-agent/prod/old12')) throw sdkError('AccessDeniedException');
        for (const name of Names) fake.parameters.delete(name);
        return { DeletedParameters: Names, InvalidParameters: [] };
      });
      // Act
      const error = await ssm.putConfiguration({ keep: 'y' }, 'prod').catch((caught: unknown) => caught);
      // Assess
      expect(isConfigurationWriteError(error)).toBe(true);
      if (!isConfigurationWriteError(error)) return;
      expect(error.report.written).toEqual({ '/eks-upgrade-agent/prod/keep': 2 });
      expect(error.report.failed).toEqual([]);
      expect(error.report.staleRemaining).toEqual(
        names(15, 'old')
          .slice(10)
          .map((key) => `/eks-upgrade-agent/prod/${key}`),
      );
      expect(error.message).toContain('5 stale parameter(s) not deleted');
    });

    it('keeps at most `concurrency` writes in flight', async () => {
      // Prepare
      let inFlight = 0;
      let most = 0;
      fake.mock.on(PutParameterCommand).callsFake(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return { Version: 1 };
      });
      const config = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`k${index}`, 'v']));
      // Act
      await ssm.putConfiguration(config, 'prod');
      // Assess
      expect(most).toBe(5);
    });

    it('throws ConfigurationError for a configuration that does not exist', async () => {
      // Act & Assess
      await expect(ssm.getConfiguration('nothing')).rejects.toSatisfy((error) =>
        ConfigurationError.isInstance(error),
      );
    });

    it('throws ConfigurationError naming a parameter that breaks the encoding', async () => {
      // Prepare
      fake.parameters.set('/eks-upgrade-agent/prod/x.json', {
        value: 'not json',
        type: 'String',
        version: 1,
        tier: undefined,
      });
      // Act
      const error = await ssm.getConfiguration('prod').catch((caught: unknown) => caught);
      // Assess
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as ConfigurationError).key).toBe('/eks-upgrade-agent/prod/x.json');
    });

    it('validates with a schema when given', async () => {
      // Prepare
      await ssm.putConfiguration({ upgrade: { bakeTimeSeconds: 60 } }, 'prod');
      await ssm.putConfiguration({ upgrade: { bakeTimeSeconds: 'soon' } }, 'bad');
      // Act
      const config = await ssm.getConfiguration('prod', { schema: AgentConfigSchema });
      const error = await ssm
        .getConfiguration('bad', { schema: AgentConfigSchema })
        .catch((caught: unknown) => caught);
      // Assess
      expect(config.upgrade.bakeTimeSeconds).toBe(60);
      expect(config.stepFunctions.stateMachineName).toBe('eks-upgrade-workflow');
      expect((error as ValidationError).fields).toEqual(['upgrade.bakeTimeSeconds']);
    });

    it('deletes a configuration', async () => {
      // Prepare
      await ssm.putConfiguration({ a: 'x', b: [1, 2] }, 'prod');
      // Act
      const result = await ssm.deleteConfiguration('prod');
      // Assess
      expect(result.deleted).toHaveLength(3);
      expect(fake.parameters.size).toBe(0);
      await expect(ssm.deleteConfiguration('prod')).resolves.toEqual({ deleted: [], invalid: [] });
    });
  });
});
