import {
  DescribeParametersCommand,
  GetParameterCommand,
  SSMClient as SdkSSMClient,
} from '@aws-sdk/client-ssm';
import { AgentConfigSchema, type AWSServiceError, createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { describe, expect, it } from 'vitest';
import { awkwardConfiguration } from '../../src/__fixtures__/awkward-configuration.js';
import { SSMClient } from '../../src/index.js';

const moto = useMoto();
const newClient = (options: { kmsKeyId?: string } = {}) =>
  new SSMClient({ clientConfig: moto.clientConfig(), ...options });

describe('Class: SSMClient (moto)', () => {
  describe('Method: putConfiguration / getConfiguration', () => {
    it('round-trips the default agent configuration exactly', async () => {
      // Prepare
      const ssm = newClient();
      const config = createDefaultAgentConfig();
      // Act
      const versions = await ssm.putConfiguration(config, 'default');
      const back = await ssm.getConfiguration('default');
      const parsed = await ssm.getConfiguration('default', { schema: AgentConfigSchema });
      // Assess
      expect(back).toStrictEqual(config);
      expect(parsed).toStrictEqual(config);
      expect(Object.keys(versions).length).toBeGreaterThan(10);
    });

    it('round-trips an awkward configuration exactly', async () => {
      // Prepare
      const ssm = newClient();
      const config = awkwardConfiguration();
      // Act
      await ssm.putConfiguration(config, 'awkward');
      const back = await ssm.getConfiguration('awkward');
      // Assess
      expect(back).toStrictEqual(config);
    });

    it('stores sensitive keys as SecureString with the KMS key', async () => {
      // Prepare
      const ssm = newClient({ kmsKeyId: 'alias/eks-upgrade' });
      // Act
      await ssm.putConfiguration(
        { db: { host: 'db.local', password: 'hunter2' }, nested: [{ apiToken: 't0k' }] },
        'prod',
      );
      const metadata = await ssm.listParameters('/eks-upgrade-agent/prod/');
      const raw = await ssm.getParameter('/eks-upgrade-agent/prod/db/password', { withDecryption: false });
      const decrypted = await ssm.getParameter('/eks-upgrade-agent/prod/db/password');
      // Assess
      expect(Object.fromEntries(metadata.map((entry) => [entry.name, [entry.type, entry.kmsKeyId]]))).toEqual(
        {
          '/eks-upgrade-agent/prod/db/host': ['String', undefined],
          '/eks-upgrade-agent/prod/db/password': ['SecureString', 'alias/eks-upgrade'],
          '/eks-upgrade-agent/prod/nested.array/0/apiToken': ['SecureString', 'alias/eks-upgrade'],
        },
      );
      expect(raw.value).not.toBe('hunter2'); // moto: kms:<key>:<value>
      expect(decrypted.value).toBe('hunter2');
      expect(await ssm.getConfiguration('prod')).toStrictEqual({
        db: { host: 'db.local', password: 'hunter2' },
        nested: [{ apiToken: 't0k' }],
      });
    });

    it('puts a 5,000-byte value on the Advanced tier', async () => {
      // Prepare
      const ssm = newClient();
      const sdk = new SdkSSMClient(moto.clientConfig());
      // Act
      await ssm.putConfiguration({ certificate: 'c'.repeat(5000), small: 's' }, 'prod');
      const described = await sdk.send(new DescribeParametersCommand({}));
      // Assess
      const tiers = Object.fromEntries((described.Parameters ?? []).map((entry) => [entry.Name, entry.Tier]));
      expect(tiers['/eks-upgrade-agent/prod/certificate']).toBe('Advanced');
      expect(tiers['/eks-upgrade-agent/prod/small']).toBe('Standard');
      expect((await ssm.getConfiguration('prod')).certificate).toHaveLength(5000);
    });

    it('leaves no stale keys after a smaller configuration', async () => {
      // Prepare
      const ssm = newClient();
      await ssm.putConfiguration({ a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], b: { c: 'x' } }, 'prod');
      // Act
      await ssm.putConfiguration({ a: [1] }, 'prod');
      // Assess
      expect(await ssm.getConfiguration('prod')).toStrictEqual({ a: [1] });
      expect(await ssm.getParametersByPath('/eks-upgrade-agent/prod')).toHaveLength(1);
    });
  });

  describe('Method: deleteParameters', () => {
    it('reports the names that did not exist', async () => {
      // Prepare
      const ssm = newClient();
      const existing = Array.from({ length: 12 }, (_, index) => `/app/p${index}`);
      for (const name of existing) await ssm.putParameter({ name, value: 'v' });
      // Act
      const result = await ssm.deleteParameters([...existing, '/app/missing-1', '/app/missing-2']);
      // Assess
      expect([...result.deleted].sort()).toEqual([...existing].sort());
      expect([...result.invalid].sort()).toEqual(['/app/missing-1', '/app/missing-2']);
      expect(await ssm.getParametersByPath('/app')).toEqual([]);
    });

    /** An SDK client whose first DeleteParameters response is lost after moto has applied the call. */
    function losingFirstDeleteResponse(step: 'initialize' | 'deserialize', maxAttempts: number) {
      const sdk = new SdkSSMClient({ ...moto.clientConfig(), maxAttempts });
      let lost = false;
      const loseFirst = <Output>(commandName: string | undefined, output: Output): Output => {
        if (commandName === 'DeleteParametersCommand' && !lost) {
          lost = true;
          throw Object.assign(new Error('socket hang up after the request was applied'), {
            name: 'TimeoutError',
            $metadata: {},
          });
        }
        return output;
      };
      const name = 'loseFirstDeleteResponse';
      // Outside the SDK's retry loop (initialize) only this client retries; inside it (deserialize) the SDK does.
      if (step === 'initialize') {
        sdk.middlewareStack.add(
          (next, context) => async (args) => loseFirst(context.commandName, await next(args)),
          { step, name },
        );
      } else {
        sdk.middlewareStack.add(
          (next, context) => async (args) => loseFirst(context.commandName, await next(args)),
          { step, name },
        );
      }
      return sdk;
    }

    it.each([
      ['this client retries it', 'initialize', 1],
      ['the SDK retries it', 'deserialize', 3],
    ] as const)(
      'reports as deleted what a lost first response deleted (%s)',
      async (_case, step, maxAttempts) => {
        // Prepare
        const ssm = new SSMClient({
          client: losingFirstDeleteResponse(step, maxAttempts),
          retry: { maxAttempts: 3 },
        });
        const existing = ['/app/lost-1', '/app/lost-2'];
        for (const name of existing) await ssm.putParameter({ name, value: 'v' });
        // Act: the first call deletes both; its retry hears they do not exist.
        const result = await ssm.deleteParameters(existing);
        // Assess
        expect([...result.deleted].sort()).toEqual(existing);
        expect(result.invalid).toEqual([]);
        expect(await ssm.getParametersByPath('/app')).toEqual([]);
      },
    );
  });

  describe('Method: getParametersByPath / getParameters', () => {
    it('reads more than 10 parameters over several pages', async () => {
      // Prepare
      const ssm = newClient();
      const written = Array.from(
        { length: 23 },
        (_, index) => `/paged/level/p${String(index).padStart(2, '0')}`,
      );
      for (const name of written) await ssm.putParameter({ name, value: `value-${name}` });
      await ssm.putParameter({ name: '/paged/direct', value: 'd' });
      // Act
      const recursive = await ssm.getParametersByPath('/paged');
      const oneLevel = await ssm.getParametersByPath('/paged', { recursive: false });
      const levelOnly = await ssm.getParametersByPath('/paged/level', { recursive: false });
      const many = await ssm.getParameters([...written, '/paged/none']);
      // Assess
      expect(recursive.map((parameter) => parameter.name).sort()).toEqual(
        [...written, '/paged/direct'].sort(),
      );
      expect(oneLevel.map((parameter) => parameter.name)).toEqual(['/paged/direct']);
      expect(levelOnly).toHaveLength(23);
      expect(many.parameters.map((parameter) => parameter.name)).toEqual(written);
      expect(many.invalid).toEqual(['/paged/none']);
    });
  });

  describe('Method: putParameter', () => {
    it('tags a parameter also when overwriting, and keeps its history and labels', async () => {
      // Prepare
      const ssm = newClient();
      await ssm.putParameter({ name: '/app/x', value: 'a', tags: { team: 'platform' } });
      // Act
      const version = await ssm.putParameter(
        { name: '/app/x', value: 'b', tags: { env: 'dev' } },
        { overwrite: true },
      );
      await ssm.labelParameterVersion('/app/x', ['stable'], { version: 1 });
      const tags = await ssm.listTagsForParameter('/app/x');
      const history = await ssm.getParameterHistory('/app/x');
      const stable = await ssm.getParameter('/app/x:stable');
      // Assess
      expect(version).toBe(2);
      expect(tags).toEqual({ team: 'platform', env: 'dev' });
      expect(history.map((entry) => [entry.version, entry.value, entry.labels])).toEqual([
        [1, 'a', ['stable']],
        [2, 'b', []],
      ]);
      expect(stable.value).toBe('a');
    });

    it('maps moto errors with the SDK error as cause', async () => {
      // Prepare
      const ssm = newClient();
      await ssm.putParameter({ name: '/app/x', value: 'a' });
      // Act
      const exists = await ssm
        .putParameter({ name: '/app/x', value: 'b' })
        .catch((caught: unknown) => caught);
      const missing = await ssm.getParameter('/app/none').catch((caught: unknown) => caught);
      // Assess
      expect(exists).toMatchObject({ code: 'ParameterAlreadyExists', operation: 'PutParameter' });
      expect((missing as AWSServiceError).isNotFound).toBe(true);
      expect((missing as Error).cause).toBeInstanceOf(Error);
    });

    it('rejects what moto would accept but AWS refuses, before writing', async () => {
      // Prepare
      const ssm = newClient();
      const sdk = new SdkSSMClient(moto.clientConfig());
      // Act
      const results = await Promise.allSettled([
        ssm.putParameter({ name: '/app/bad name', value: 'v' }),
        ssm.putParameter({ name: '/app/too-big', value: 'x'.repeat(8193) }),
        ssm.putParameter({
          name: `/${Array.from({ length: 16 }, (_, index) => `l${index}`).join('/')}`,
          value: 'v',
        }),
      ]);
      // Assess
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
      await expect(sdk.send(new GetParameterCommand({ Name: '/app/too-big' }))).rejects.toThrow();
      expect(await ssm.listParameters()).toEqual([]);
    });
  });
});
