import {
  AWSServiceError,
  ConfigurationError,
  createDefaultAgentConfig,
  ValidationError,
} from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { awkwardConfiguration } from '../__fixtures__/awkward-configuration.js';
import { LOCAL_ENCRYPTED_PLACEHOLDER, LocalParameterStore } from './local-parameter-store.js';

const fixedClock = () => new Date('2026-01-01T00:00:00Z');

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.catch((caught: unknown) => caught);
  return AWSServiceError.isInstance(error) ? error.code : undefined;
}

describe('Class: LocalParameterStore', () => {
  describe('Method: putParameter / getParameter', () => {
    it('versions a parameter and refuses to overwrite without overwrite', async () => {
      // Prepare
      const store = new LocalParameterStore({ now: fixedClock, accountId: '123456789012' });
      // Act
      const first = await store.putParameter({ name: '/app/x', value: 'a' });
      const refused = await codeOf(store.putParameter({ name: '/app/x', value: 'b' }));
      const second = await store.putParameter({ name: '/app/x', value: 'b' }, { overwrite: true });
      const latest = await store.getParameter('/app/x');
      const old = await store.getParameter('/app/x:1');
      // Assess
      expect([first, second]).toEqual([1, 2]);
      expect(refused).toBe('ParameterAlreadyExists');
      expect(latest).toEqual({
        name: '/app/x',
        value: 'b',
        type: 'String',
        version: 2,
        lastModified: fixedClock(),
        arn: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/x',
        dataType: 'text',
      });
      expect(old).toMatchObject({ value: 'a', version: 1, selector: ':1' });
    });

    it('reports a missing parameter or version with the service error codes', async () => {
      // Prepare
      const store = new LocalParameterStore();
      await store.putParameter({ name: '/app/x', value: 'a' });
      // Act & Assess
      expect(await codeOf(store.getParameter('/app/missing'))).toBe('ParameterNotFound');
      expect(await codeOf(store.getParameter('/app/x:9'))).toBe('ParameterVersionNotFound');
      expect(await codeOf(store.deleteParameter('/app/missing'))).toBe('ParameterNotFound');
    });

    it('detects types, records the KMS key and hides undecrypted secrets', async () => {
      // Prepare
      const store = new LocalParameterStore({ kmsKeyId: 'alias/local' });
      // Act
      await store.putParameter({ name: '/app/db/password', value: 'hunter2' });
      await store.putParameter({ name: '/app/zones', value: ['a', 'b'] });
      const hidden = await store.getParameter('/app/db/password', { withDecryption: false });
      const shown = await store.getParameter('/app/db/password');
      const metadata = await store.listParameters('/app/');
      // Assess
      expect(hidden.value).toBe(LOCAL_ENCRYPTED_PLACEHOLDER);
      expect(shown).toMatchObject({ value: 'hunter2', type: 'SecureString' });
      expect(metadata.map((entry) => [entry.name, entry.type, entry.kmsKeyId])).toEqual([
        ['/app/db/password', 'SecureString', 'alias/local'],
        ['/app/zones', 'StringList', undefined],
      ]);
    });

    it('chooses the tier by size, keeps Advanced, and refuses to go back to Standard', async () => {
      // Prepare
      const store = new LocalParameterStore();
      // Act
      await store.putParameter({ name: '/app/big', value: 'x'.repeat(5000) });
      await store.putParameter({ name: '/app/big', value: 'small now' }, { overwrite: true });
      const downgrade = await codeOf(
        store.putParameter({ name: '/app/big', value: 'x', tier: 'Standard' }, { overwrite: true }),
      );
      // Assess
      expect((await store.listParameters('/app/big'))[0]?.tier).toBe('Advanced');
      expect(downgrade).toBe('ValidationException');
    });

    it('applies the same validation as SSMClient', async () => {
      // Prepare
      const store = new LocalParameterStore();
      // Act & Assess
      await expect(store.putParameter({ name: '/ssm/x', value: 'v' })).rejects.toThrowError(ValidationError);
      await expect(store.putParameter({ name: '/app/x', value: 'x'.repeat(8193) })).rejects.toThrowError(
        /8192 bytes/,
      );
      expect(await store.listParameters()).toEqual([]);
    });

    it('enforces an allowed pattern', async () => {
      // Prepare
      const store = new LocalParameterStore();
      await store.putParameter({ name: '/app/port', value: '80', allowedPattern: '^\\d+$' });
      // Act & Assess
      expect(
        await codeOf(store.putParameter({ name: '/app/port', value: 'http' }, { overwrite: true })),
      ).toBe('ParameterPatternMismatchException');
    });
  });

  describe('Method: getParameters / getParametersByPath', () => {
    it('reads many, reporting the missing, and reads by path one level or all', async () => {
      // Prepare
      const store = new LocalParameterStore();
      for (const name of ['/app/a', '/app/b/c', '/app/b/d/e', '/other/x'])
        await store.putParameter({ name, value: 'v' });
      // Act
      const many = await store.getParameters(['/app/a', '/app/nope', '/app/a:7']);
      const oneLevel = await store.getParametersByPath('/app', { recursive: false });
      const all = await store.getParametersByPath('/app/');
      // Assess
      expect(many.parameters.map((parameter) => parameter.name)).toEqual(['/app/a']);
      expect(many.invalid).toEqual(['/app/nope', '/app/a:7']);
      expect(oneLevel.map((parameter) => parameter.name)).toEqual(['/app/a']);
      expect(all.map((parameter) => parameter.name)).toEqual(['/app/a', '/app/b/c', '/app/b/d/e']);
    });
  });

  describe('Method: deleteParameters', () => {
    it('reports deleted and invalid names', async () => {
      // Prepare
      const store = new LocalParameterStore();
      await store.putParameter({ name: '/app/a', value: 'v' });
      // Act
      const result = await store.deleteParameters(['/app/a', '/app/b']);
      // Assess
      expect(result).toEqual({ deleted: ['/app/a'], invalid: ['/app/b'] });
    });
  });

  describe('Method: getParameterHistory / labelParameterVersion', () => {
    it('keeps every version and moves labels between versions', async () => {
      // Prepare
      const store = new LocalParameterStore();
      await store.putParameter({ name: '/app/x', value: 'a' });
      await store.putParameter({ name: '/app/x', value: 'b' }, { overwrite: true });
      // Act
      await store.labelParameterVersion('/app/x', ['stable'], { version: 1 });
      await store.labelParameterVersion('/app/x', ['stable']);
      const history = await store.getParameterHistory('/app/x');
      const stable = await store.getParameter('/app/x:stable');
      // Assess
      expect(history.map((entry) => [entry.version, entry.value, entry.labels])).toEqual([
        [1, 'a', []],
        [2, 'b', ['stable']],
      ]);
      expect(stable.value).toBe('b');
      expect(await codeOf(store.labelParameterVersion('/app/x', ['x'], { version: 5 }))).toBe(
        'ParameterVersionNotFound',
      );
    });
  });

  describe('Method: tags', () => {
    it('adds tags on create and on overwrite, removes and lists them', async () => {
      // Prepare
      const store = new LocalParameterStore();
      await store.putParameter({ name: '/app/x', value: 'a', tags: { team: 'platform' } });
      await store.putParameter({ name: '/app/x', value: 'b', tags: { env: 'dev' } }, { overwrite: true });
      // Act
      await store.removeTagsFromParameter('/app/x', ['team']);
      await store.addTagsToParameter('/app/x', { owner: 'me' });
      // Assess
      expect(await store.listTagsForParameter('/app/x')).toEqual({ env: 'dev', owner: 'me' });
      expect(await codeOf(store.listTagsForParameter('/app/none'))).toBe('InvalidResourceId');
    });
  });

  describe('Method: putConfiguration / getConfiguration', () => {
    it.each([
      [
        'the default agent configuration',
        () => createDefaultAgentConfig() as unknown as Record<string, unknown>,
      ],
      ['an awkward configuration', awkwardConfiguration],
    ])('round-trips %s exactly', async (_, make) => {
      // Prepare
      const store = new LocalParameterStore();
      const config = make();
      // Act
      await store.putConfiguration(config, 'default');
      // Assess
      expect(await store.getConfiguration('default')).toStrictEqual(config);
    });

    it('replaces a larger configuration with a smaller one', async () => {
      // Prepare
      const store = new LocalParameterStore();
      await store.putConfiguration({ a: [1, 2, 3], b: { c: 'x' } }, 'default');
      // Act
      await store.putConfiguration({ a: [1] }, 'default');
      // Assess
      expect(await store.getConfiguration('default')).toStrictEqual({ a: [1] });
    });

    it('throws ConfigurationError when absent and survives a snapshot', async () => {
      // Prepare
      const store = new LocalParameterStore();
      await store.putConfiguration({ token: 't', n: 1 }, 'default');
      // Act
      const copy = LocalParameterStore.fromSnapshot(JSON.parse(JSON.stringify(store.toSnapshot())));
      // Assess
      await expect(store.getConfiguration('missing')).rejects.toSatisfy((error) =>
        ConfigurationError.isInstance(error),
      );
      expect(await copy.getConfiguration('default')).toStrictEqual({ token: 't', n: 1 });
      expect((await copy.getParameter('/eks-upgrade-agent/default/token')).type).toBe('SecureString');
      expect(await copy.deleteConfiguration('default')).toEqual({
        deleted: ['/eks-upgrade-agent/default/token', '/eks-upgrade-agent/default/n.json'],
        invalid: [],
      });
    });
  });
});
