import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { awkwardConfiguration } from '../__fixtures__/awkward-configuration.js';
import {
  ConfigurationDecodeProblem,
  type ConfigurationObject,
  decodeConfiguration,
  decodeKey,
  encodeConfiguration,
  encodeKey,
} from './encoding.js';

const ROOT = '/eks-upgrade-agent/test';

describe('Function: encodeKey / decodeKey', () => {
  it.each([
    ['plain', 'plain'],
    ['snake_case-and-kebab', 'snake_case-and-kebab'],
    ['v1.31', 'v1.2E31'],
    ['a b', 'a.20b'],
    ['a/b', 'a.2Fb'],
    ['é', '.C3.A9'],
    ['', '._'],
  ])('encodes %j as %j and back', (key, body) => {
    // Act & Assess
    expect(encodeKey(key)).toBe(body);
    expect(decodeKey(body)).toBe(key);
  });

  it('refuses bodies that are not canonical encodings', () => {
    // Act & Assess
    expect(decodeKey('a.2e')).toBeUndefined(); // lower-case hex
    expect(decodeKey('.41')).toBeUndefined(); // "A" must be written as itself
    expect(decodeKey('a.b')).toBeUndefined();
    expect(decodeKey('')).toBeUndefined();
  });
});

describe('Function: encodeConfiguration', () => {
  it('stores strings as-is and tags typed values, readable in the console', () => {
    // Act
    const { parameters, issues } = encodeConfiguration(
      {
        bedrock: { modelId: 'm', maxTokens: 4000, enabled: true },
        upgrade: { trafficShiftIntervals: [10, 25] },
      },
      ROOT,
    );
    // Assess
    expect(issues).toEqual([]);
    expect(parameters.map(({ name, value }) => [name, value])).toEqual([
      [`${ROOT}/bedrock/modelId`, 'm'],
      [`${ROOT}/bedrock/maxTokens.json`, '4000'],
      [`${ROOT}/bedrock/enabled.json`, 'true'],
      [`${ROOT}/upgrade/trafficShiftIntervals.array/0.json`, '10'],
      [`${ROOT}/upgrade/trafficShiftIntervals.array/1.json`, '25'],
    ]);
  });

  it('marks everything below a sensitive key as secure, at any depth', () => {
    // Act
    const { parameters } = encodeConfiguration(awkwardConfiguration(), ROOT);
    // Assess
    const secure = parameters.filter((parameter) => parameter.secure).map((parameter) => parameter.keyPath);
    expect(secure).toEqual([
      'credentials.user',
      'credentials.password',
      'credentials.list[0]',
      'service.apiKey',
      'service.privateKey',
    ]);
  });

  it('reports values JSON cannot hold, with their key paths', () => {
    // Prepare
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    // Act
    const { issues } = encodeConfiguration(
      { when: new Date(0), nan: Number.NaN, list: [1, undefined], fn: () => 1, nested: { circular } },
      ROOT,
    );
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual([
      'when',
      'nan',
      'list[1]',
      'fn',
      'nested.circular.self',
    ]);
  });

  it('drops undefined properties and rejects an empty or non-object configuration', () => {
    // Act & Assess
    expect(encodeConfiguration({ a: 'x', b: undefined }, ROOT).parameters).toHaveLength(1);
    expect(encodeConfiguration({}, ROOT).issues[0]?.message).toContain('at least one key');
    expect(encodeConfiguration([1], ROOT).issues[0]?.message).toContain('plain object');
  });
});

describe('Function: decodeConfiguration', () => {
  it.each([
    ['the default agent configuration', () => createDefaultAgentConfig() as unknown as ConfigurationObject],
    ['an awkward configuration', awkwardConfiguration],
  ])('round-trips %s exactly', (_, make) => {
    // Prepare
    const config = make();
    const { parameters } = encodeConfiguration(config, ROOT);
    // Act
    const decoded = decodeConfiguration(ROOT, [...parameters].reverse());
    // Assess
    expect(decoded).toStrictEqual(config);
    expect(Object.is((decoded as { negativeZero?: number }).negativeZero, -0)).toBe(
      Object.is((config as { negativeZero?: number }).negativeZero, -0),
    );
  });

  it('keeps a "__proto__" key as data', () => {
    // Prepare
    const config = JSON.parse('{"__proto__": {"polluted": "yes"}}') as ConfigurationObject;
    // Act
    const decoded = decodeConfiguration(ROOT, encodeConfiguration(config, ROOT).parameters);
    // Assess
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    [
      [
        { name: `${ROOT}/a`, value: 'x' },
        { name: `${ROOT}/a/b`, value: 'y' },
      ],
      'both a value and a parent',
    ],
    [
      [
        { name: `${ROOT}/a`, value: 'x' },
        { name: `${ROOT}/a.json`, value: '1' },
      ],
      'stores the same key',
    ],
    [[{ name: `${ROOT}/a.json`, value: 'not json' }], 'must hold JSON'],
    [[{ name: `${ROOT}/a.json`, value: '"text"' }], 'must hold a number'],
    [[{ name: `${ROOT}/a.array`, value: 'x' }], 'must have items'],
    [[{ name: `${ROOT}/a.array/1`, value: 'x' }], 'item indexes'],
    [[{ name: `${ROOT}/a.array/x`, value: 'x' }], 'item index'],
    [[{ name: `${ROOT}/a.2e`, value: 'x' }], 'not an encoded key'],
    [[{ name: '/elsewhere/a', value: 'x' }], 'is not below'],
  ])('refuses parameters that break the encoding (%#)', (parameters, reason) => {
    // Act & Assess
    expect(() => decodeConfiguration(ROOT, parameters)).toThrowError(ConfigurationDecodeProblem);
    try {
      decodeConfiguration(ROOT, parameters);
    } catch (error) {
      expect((error as ConfigurationDecodeProblem).reason).toContain(reason);
    }
  });
});
