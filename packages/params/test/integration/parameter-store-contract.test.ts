/**
 * One contract, two stores: every assertion runs against SSMClient on moto and against
 * LocalParameterStore, so the local store used by rehearsals behaves like Parameter Store.
 */
import { AWSServiceError, createDefaultAgentConfig, ValidationError } from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { describe, expect, it } from 'vitest';
import { awkwardConfiguration } from '../../src/__fixtures__/awkward-configuration.js';
import { LocalParameterStore, type ParameterStore, SSMClient } from '../../src/index.js';

const moto = useMoto();

const stores: Array<[string, () => ParameterStore]> = [
  [
    'SSMClient on moto',
    () => new SSMClient({ clientConfig: moto.clientConfig(), kmsKeyId: 'alias/contract' }),
  ],
  ['LocalParameterStore', () => new LocalParameterStore({ kmsKeyId: 'alias/contract' })],
];

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.catch((caught: unknown) => caught);
  return AWSServiceError.isInstance(error) ? error.code : undefined;
}

describe.each(stores)('Contract: ParameterStore (%s)', (_, create) => {
  it('versions parameters, refuses to overwrite silently, and reports missing ones', async () => {
    // Prepare
    const store = create();
    // Act
    const first = await store.putParameter({ name: '/contract/x', value: 'a' });
    const refused = await codeOf(store.putParameter({ name: '/contract/x', value: 'b' }));
    const second = await store.putParameter({ name: '/contract/x', value: 'b' }, { overwrite: true });
    // Assess
    expect([first, second]).toEqual([1, 2]);
    expect(refused).toBe('ParameterAlreadyExists');
    expect(await store.getParameter('/contract/x')).toMatchObject({ value: 'b', version: 2, type: 'String' });
    expect(await store.getParameter('/contract/x:1')).toMatchObject({ value: 'a', version: 1 });
    expect(await codeOf(store.getParameter('/contract/none'))).toBe('ParameterNotFound');
    expect(await codeOf(store.deleteParameter('/contract/none'))).toBe('ParameterNotFound');
  });

  it('detects types and tiers the same way', async () => {
    // Prepare
    const store = create();
    // Act
    await store.putParameter({ name: '/contract/db/password', value: 'p' });
    await store.putParameter({ name: '/contract/zones', value: ['a', 'b'] });
    await store.putParameter({ name: '/contract/big', value: 'x'.repeat(5000) });
    const metadata = await store.listParameters('/contract/');
    // Assess
    const byName = Object.fromEntries(
      metadata.map((entry) => [entry.name, [entry.type, entry.tier, entry.kmsKeyId]]),
    );
    expect(byName).toEqual({
      '/contract/db/password': ['SecureString', 'Standard', 'alias/contract'],
      '/contract/zones': ['StringList', 'Standard', undefined],
      '/contract/big': ['String', 'Advanced', undefined],
    });
    expect((await store.getParameter('/contract/db/password', { withDecryption: false })).value).not.toBe(
      'p',
    );
    expect((await store.getParameter('/contract/zones')).value).toBe('a,b');
  });

  it('reads by path, one level or all, and many by name', async () => {
    // Prepare
    const store = create();
    for (const name of ['/contract/a', '/contract/b/c', '/contract/b/d/e', '/elsewhere/x']) {
      await store.putParameter({ name, value: 'v' });
    }
    // Act
    const all = await store.getParametersByPath('/contract');
    const oneLevel = await store.getParametersByPath('/contract', { recursive: false });
    const many = await store.getParameters(['/contract/a', '/contract/missing']);
    // Assess
    expect(all.map((parameter) => parameter.name).sort()).toEqual([
      '/contract/a',
      '/contract/b/c',
      '/contract/b/d/e',
    ]);
    expect(oneLevel.map((parameter) => parameter.name)).toEqual(['/contract/a']);
    expect(many.parameters.map((parameter) => parameter.name)).toEqual(['/contract/a']);
    expect(many.invalid).toEqual(['/contract/missing']);
  });

  it('deletes many, reporting the missing', async () => {
    // Prepare
    const store = create();
    await store.putParameter({ name: '/contract/a', value: 'v' });
    // Act
    const result = await store.deleteParameters(['/contract/a', '/contract/gone']);
    // Assess
    expect(result).toEqual({ deleted: ['/contract/a'], invalid: ['/contract/gone'] });
  });

  it('keeps history, moves labels, and tags also on overwrite', async () => {
    // Prepare
    const store = create();
    await store.putParameter({ name: '/contract/x', value: 'a', tags: { team: 'platform' } });
    await store.putParameter({ name: '/contract/x', value: 'b', tags: { env: 'dev' } }, { overwrite: true });
    // Act
    await store.labelParameterVersion('/contract/x', ['stable'], { version: 1 });
    await store.labelParameterVersion('/contract/x', ['stable'], { version: 2 });
    await store.removeTagsFromParameter('/contract/x', ['team']);
    // Assess
    expect(
      (await store.getParameterHistory('/contract/x')).map((entry) => [entry.version, entry.labels]),
    ).toEqual([
      [1, []],
      [2, ['stable']],
    ]);
    expect((await store.getParameter('/contract/x:stable')).value).toBe('b');
    expect(await store.listTagsForParameter('/contract/x')).toEqual({ env: 'dev' });
  });

  it('validates before writing', async () => {
    // Prepare
    const store = create();
    // Act & Assess
    await expect(store.putParameter({ name: '/contract/bad name', value: 'v' })).rejects.toSatisfy((error) =>
      ValidationError.isInstance(error),
    );
    await expect(store.putConfiguration({ ok: 'v', big: 'x'.repeat(8193) }, 'cfg')).rejects.toSatisfy(
      (error) => ValidationError.isInstance(error),
    );
    expect(await store.listParameters('/')).toEqual([]);
  });

  it('round-trips configurations and replaces them without leftovers', async () => {
    // Prepare
    const store = create();
    const defaults = createDefaultAgentConfig();
    // Act
    await store.putConfiguration(defaults, 'default');
    await store.putConfiguration(awkwardConfiguration(), 'awkward');
    await store.putConfiguration({ only: ['this'] }, 'awkward');
    // Assess
    expect(await store.getConfiguration('default')).toStrictEqual(defaults);
    expect(await store.getConfiguration('awkward')).toStrictEqual({ only: ['this'] });
  });
});
