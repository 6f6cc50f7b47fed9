import { ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import {
  CORPUS_ENVELOPES,
  CORPUS_PATTERNS,
  DIVERGENT_EVENTS,
  DOCUMENTED_EVENTS,
  DOCUMENTED_PATTERNS,
  envelope,
  MOTO_DIVERGENT_PATTERNS,
  REJECTED_PATTERNS,
} from '../../test/fixtures/pattern-corpus.js';
import { compileEventPattern, matchesEventPattern, validateEventPattern } from './compile-event-pattern.js';
import { MAX_WILDCARD_COMPLEXITY, wildcardComplexity } from './wildcard.js';

const event = (detail: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  ...envelope('id-1', 'phase.started', '2025-01-01T00:00:00Z', detail),
  ...overrides,
});

function validationIssues(pattern: unknown): { path: string; message: string }[] {
  try {
    validateEventPattern(pattern);
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    return [...(error as ValidationError).issues];
  }
  throw new Error('pattern was accepted');
}

describe('Function: matchesEventPattern', () => {
  describe('corpus (EventBridge verdicts from the AWS docs)', () => {
    it.each(CORPUS_PATTERNS.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
      // Act
      const matched = CORPUS_ENVELOPES.filter((candidate) =>
        matchesEventPattern(entry.pattern, candidate),
      ).map((candidate) => candidate.id);
      // Assess
      expect(matched).toEqual(entry.matches);
    });

    it.each(MOTO_DIVERGENT_PATTERNS.map((entry) => [entry.name, entry] as const))(
      '%s (where moto differs)',
      (_name, entry) => {
        // Act
        const matched = DIVERGENT_EVENTS.filter((candidate) =>
          matchesEventPattern(entry.pattern, candidate),
        ).map((candidate) => candidate.id);
        // Assess
        expect(matched).toEqual(entry.matches);
      },
    );

    it.each(DOCUMENTED_PATTERNS.map((entry) => [entry.name, entry] as const))(
      '%s (documented)',
      (_name, entry) => {
        // Act
        const matched = DOCUMENTED_EVENTS.filter((candidate) =>
          matchesEventPattern(entry.pattern, candidate),
        ).map((candidate) => candidate.id);
        // Assess
        expect(matched).toEqual(entry.matches);
      },
    );

    it('covers every operator the issue lists', () => {
      // Prepare
      const covered = new Set(
        [...CORPUS_PATTERNS, ...MOTO_DIVERGENT_PATTERNS].flatMap((entry) => entry.covers),
      );
      // Assess
      for (const operator of [
        'exact',
        'array-or',
        'event-array',
        'prefix',
        'suffix',
        'equals-ignore-case',
        'anything-but',
        'numeric',
        'exists',
        'cidr',
        'wildcard',
        '$or',
        'null',
        'empty-string',
      ]) {
        expect(covered).toContain(operator);
      }
      expect(CORPUS_PATTERNS.length * CORPUS_ENVELOPES.length).toBeGreaterThanOrEqual(30);
    });
  });

  describe('exact values', () => {
    it('matches strings case-sensitively and keeps types apart', () => {
      expect(matchesEventPattern({ detail: { a: ['x'] } }, event({ a: 'x' }))).toBe(true);
      expect(matchesEventPattern({ detail: { a: ['x'] } }, event({ a: 'X' }))).toBe(false);
      expect(matchesEventPattern({ detail: { a: ['5'] } }, event({ a: 5 }))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [true] } }, event({ a: 'true' }))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [5] } }, event({ a: 5.0 }))).toBe(true);
    });

    it('does not match a missing field, and null matches only null', () => {
      expect(matchesEventPattern({ detail: { a: ['x'] } }, event({}))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [null] } }, event({}))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [null] } }, event({ a: null }))).toBe(true);
      expect(matchesEventPattern({ detail: { a: [''] } }, event({ a: null }))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [''] } }, event({ a: '' }))).toBe(true);
    });

    it('matches when the event array and the pattern array intersect', () => {
      expect(matchesEventPattern({ resources: ['r2', 'r9'] }, event({}, { resources: ['r1', 'r2'] }))).toBe(
        true,
      );
      expect(matchesEventPattern({ resources: ['r9'] }, event({}, { resources: ['r1', 'r2'] }))).toBe(false);
      expect(matchesEventPattern({ resources: ['r1'] }, event({}, { resources: [] }))).toBe(false);
    });

    it('matches an IP address however it is written (event-ruler normalises IP literals)', () => {
      expect(
        matchesEventPattern({ detail: { ip: ['2001:db8::1'] } }, event({ ip: '2001:0db8:0:0:0:0:0:1' })),
      ).toBe(true);
      expect(matchesEventPattern({ detail: { ip: ['10.0.0.1'] } }, event({ ip: '10.0.0.1' }))).toBe(true);
      expect(matchesEventPattern({ detail: { ip: ['10.0.0.1'] } }, event({ ip: '10.0.0.2' }))).toBe(false);
      expect(matchesEventPattern({ detail: { ip: ['2001:db8::1'] } }, event({ ip: 'x' }))).toBe(false);
    });

    it('does not match a leaf pattern against an object value', () => {
      expect(matchesEventPattern({ detail: { a: ['x'] } }, event({ a: { b: 'x' } }))).toBe(false);
    });

    it('requires every field (AND) and the nested structure', () => {
      const pattern = { source: ['eks-upgrade-agent'], detail: { a: ['x'], b: { c: [1] } } };
      expect(matchesEventPattern(pattern, event({ a: 'x', b: { c: 1 } }))).toBe(true);
      expect(matchesEventPattern(pattern, event({ a: 'x', b: { c: 2 } }))).toBe(false);
      expect(matchesEventPattern(pattern, event({ a: 'x', b: 'c' }))).toBe(false);
      expect(matchesEventPattern(pattern, { ...event({ a: 'x', b: { c: 1 } }), source: 'other' })).toBe(
        false,
      );
    });
  });

  describe('prefix and suffix', () => {
    it('work on strings only', () => {
      expect(matchesEventPattern({ detail: { a: [{ prefix: '1' }] } }, event({ a: 12 }))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [{ suffix: '2' }] } }, event({ a: 12 }))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [{ prefix: 'ab' }] } }, event({ a: 'abc' }))).toBe(true);
      expect(matchesEventPattern({ detail: { a: [{ suffix: 'bc' }] } }, event({ a: 'abc' }))).toBe(true);
      expect(matchesEventPattern({ detail: { a: [{ prefix: 'AB' }] } }, event({ a: 'abc' }))).toBe(false);
    });

    it('ignore case with equals-ignore-case', () => {
      const prefix = { detail: { a: [{ prefix: { 'equals-ignore-case': 'EVENTB' } }] } };
      const suffix = { detail: { a: [{ suffix: { 'equals-ignore-case': 'TBRIDGE' } }] } };
      expect(matchesEventPattern(prefix, event({ a: 'EventBridge' }))).toBe(true);
      expect(matchesEventPattern(suffix, event({ a: 'EventBridge' }))).toBe(true);
      expect(matchesEventPattern(prefix, event({ a: 'Event' }))).toBe(false);
    });
  });

  describe('equals-ignore-case', () => {
    it('compares strings without case', () => {
      expect(
        matchesEventPattern({ detail: { a: [{ 'equals-ignore-case': 'alice' }] } }, event({ a: 'ALICE' })),
      ).toBe(true);
      expect(
        matchesEventPattern({ detail: { a: [{ 'equals-ignore-case': 'alice' }] } }, event({ a: 'alicia' })),
      ).toBe(false);
    });
  });

  describe('anything-but', () => {
    it('never matches a missing field', () => {
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': 'x' }] } }, event({}))).toBe(false);
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': { prefix: 'x' } }] } }, event({}))).toBe(
        false,
      );
    });

    it('excludes values, lists, prefixes, suffixes, case-insensitive values and wildcards', () => {
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': 'x' }] } }, event({ a: 'y' }))).toBe(true);
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': 'x' }] } }, event({ a: 'x' }))).toBe(
        false,
      );
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': [1, 2] }] } }, event({ a: 2 }))).toBe(
        false,
      );
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': [1, 2] }] } }, event({ a: 3 }))).toBe(
        true,
      );
      expect(
        matchesEventPattern(
          { detail: { a: [{ 'anything-but': { prefix: 'us-' } }] } },
          event({ a: 'us-east-1' }),
        ),
      ).toBe(false);
      expect(
        matchesEventPattern(
          { detail: { a: [{ 'anything-but': { suffix: '.png' } }] } },
          event({ a: 'a.jpg' }),
        ),
      ).toBe(true);
      expect(
        matchesEventPattern(
          { detail: { a: [{ 'anything-but': { 'equals-ignore-case': 'init' } }] } },
          event({ a: 'INIT' }),
        ),
      ).toBe(false);
      expect(
        matchesEventPattern(
          { detail: { a: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } },
          event({ a: '/usr/bin/x' }),
        ),
      ).toBe(false);
      expect(
        matchesEventPattern(
          { detail: { a: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } },
          event({ a: '/usr/x' }),
        ),
      ).toBe(true);
    });

    it('matches an event array when some element is not excluded', () => {
      expect(
        matchesEventPattern({ detail: { a: [{ 'anything-but': 'x' }] } }, event({ a: ['x', 'y'] })),
      ).toBe(true);
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': 'x' }] } }, event({ a: ['x'] }))).toBe(
        false,
      );
    });

    it('keeps types apart: a string exclusion does not exclude a number', () => {
      expect(matchesEventPattern({ detail: { a: [{ 'anything-but': '5' }] } }, event({ a: 5 }))).toBe(true);
    });
  });

  describe('numeric', () => {
    it('compares with every operator and only matches numbers', () => {
      const at = (value: unknown, numeric: unknown[]) =>
        matchesEventPattern({ detail: { a: [{ numeric }] } }, event({ a: value }));
      expect(at(5, ['=', 5])).toBe(true);
      expect(at(5, ['>', 5])).toBe(false);
      expect(at(5, ['>=', 5])).toBe(true);
      expect(at(5, ['<', 5])).toBe(false);
      expect(at(5, ['<=', 5])).toBe(true);
      expect(at(301.8, ['=', 3.018e2])).toBe(true);
      expect(at(0, ['>', 0, '<=', 5])).toBe(false);
      expect(at(5, ['>', 0, '<=', 5])).toBe(true);
      expect(at('5', ['=', 5])).toBe(false);
      expect(at(true, ['>', 0])).toBe(false);
      expect(at([1, 20], ['>', 10])).toBe(true);
    });

    it('compares to 6 digits after the decimal point, within ±5e9 (event-ruler ComparableNumber)', () => {
      const at = (value: unknown, numeric: unknown[]) =>
        matchesEventPattern({ detail: { a: [{ numeric }] } }, event({ a: value }));
      expect(at(0.1 + 0.2, ['=', 0.3])).toBe(true);
      expect(at(1.0000001, ['=', 1.0000002])).toBe(true);
      expect(at(1.000001, ['=', 1.000002])).toBe(false);
      expect(at(5e9, ['<=', 5e9])).toBe(true);
      expect(at(5e9 + 1, ['>', 0])).toBe(false);
      expect(matchesEventPattern({ detail: { a: [0.3] } }, event({ a: 0.1 + 0.2 }))).toBe(true);
      expect(
        matchesEventPattern({ detail: { a: [{ 'anything-but': [0.3] }] } }, event({ a: 0.1 + 0.2 })),
      ).toBe(false);
      // Numbers beyond the range (account ids...) still match exactly.
      expect(matchesEventPattern({ detail: { a: [123456789012] } }, event({ a: 123456789012 }))).toBe(true);
      expect(matchesEventPattern({ detail: { a: [123456789012] } }, event({ a: 123456789013 }))).toBe(false);
    });
  });

  describe('exists', () => {
    it('matches presence of leaves, absence of fields', () => {
      const present = { detail: { a: [{ exists: true }] } };
      const absent = { detail: { a: [{ exists: false }] } };
      expect(matchesEventPattern(present, event({ a: 'x' }))).toBe(true);
      expect(matchesEventPattern(present, event({ a: null }))).toBe(true);
      expect(matchesEventPattern(present, event({}))).toBe(false);
      expect(matchesEventPattern(absent, event({}))).toBe(true);
      expect(matchesEventPattern(absent, event({ a: '' }))).toBe(false);
      // exists only applies to leaves: an object-valued field is absent for matching.
      expect(matchesEventPattern(absent, event({ a: { b: 1 } }))).toBe(true);
      expect(matchesEventPattern(present, event({ a: { b: 1 } }))).toBe(false);
    });

    it('matches exists: false under a parent that is missing', () => {
      expect(matchesEventPattern({ detail: { x: { y: [{ exists: false }] } } }, event({}))).toBe(true);
      expect(matchesEventPattern({ detail: { x: { y: [{ exists: true }] } } }, event({}))).toBe(false);
    });
  });

  describe('cidr', () => {
    it('matches IPv4 and IPv6 addresses inside the block only', () => {
      const v4 = { detail: { ip: [{ cidr: '10.0.0.0/24' }] } };
      const v6 = { detail: { ip: [{ cidr: '2001:db8::/32' }] } };
      expect(matchesEventPattern(v4, event({ ip: '10.0.0.255' }))).toBe(true);
      expect(matchesEventPattern(v4, event({ ip: '10.0.1.0' }))).toBe(false);
      expect(matchesEventPattern(v4, event({ ip: '2001:db8::1' }))).toBe(false);
      expect(matchesEventPattern(v4, event({ ip: 'x' }))).toBe(false);
      expect(matchesEventPattern(v6, event({ ip: '2001:db8:ffff::1' }))).toBe(true);
      expect(matchesEventPattern(v6, event({ ip: '2001:db9::1' }))).toBe(false);
      expect(matchesEventPattern(v6, event({ ip: '10.0.0.1' }))).toBe(false);
      // The range starts at the address as written (event-ruler), not at the network address.
      const fromHost = { detail: { ip: [{ cidr: '10.0.0.5/24' }] } };
      expect(matchesEventPattern(fromHost, event({ ip: '10.0.0.5' }))).toBe(true);
      expect(matchesEventPattern(fromHost, event({ ip: '10.0.0.4' }))).toBe(false);
      expect(
        matchesEventPattern(
          { detail: { ip: [{ cidr: '::ffff:10.0.0.0/120' }] } },
          event({ ip: '::ffff:10.0.0.7' }),
        ),
      ).toBe(true);
    });
  });

  describe('wildcard', () => {
    it('matches any run of characters, honours escapes, and only strings', () => {
      const at = (value: unknown, wildcard: string) =>
        matchesEventPattern({ detail: { a: [{ wildcard }] } }, event({ a: value }));
      expect(at('dir/a.png', 'dir/*.png')).toBe(true);
      expect(at('dir/sub/a.png', 'dir/*.png')).toBe(true);
      expect(at('dir/a.jpg', 'dir/*.png')).toBe(false);
      expect(at('Simple Queue Service', 'Simple*Service')).toBe(true);
      expect(at('a*b', 'a\\*b')).toBe(true);
      expect(at('axb', 'a\\*b')).toBe(false);
      expect(at('a\\b', 'a\\\\b')).toBe(true);
      expect(at('a.b', 'a.b')).toBe(true);
      expect(at('axb', 'a.b')).toBe(false);
      expect(at(5, '*')).toBe(false);
    });
  });

  describe('$or', () => {
    it('matches when any alternative matches, ANDed with the other fields', () => {
      const pattern = {
        source: ['eks-upgrade-agent'],
        $or: [{ detail: { a: ['x'] } }, { detail: { b: ['y'] } }],
      };
      expect(matchesEventPattern(pattern, event({ a: 'x' }))).toBe(true);
      expect(matchesEventPattern(pattern, event({ b: 'y' }))).toBe(true);
      expect(matchesEventPattern(pattern, event({ a: 'y' }))).toBe(false);
      expect(matchesEventPattern(pattern, { ...event({ a: 'x' }), source: 'other' })).toBe(false);
    });

    it('nests inside objects', () => {
      const pattern = { detail: { $or: [{ a: [1] }, { b: [{ numeric: ['>', 10] }] }] } };
      expect(matchesEventPattern(pattern, event({ b: 11 }))).toBe(true);
      expect(matchesEventPattern(pattern, event({ b: 10 }))).toBe(false);
    });
  });

  describe('field names with dots', () => {
    it('treat {"a.b": …} and {"a": {"b": …}} alike, in the pattern and in the event', () => {
      // Prepare
      const nested = event({ cluster: { name: 'prod' } });
      const dotted = event({ 'cluster.name': 'prod' });
      const other = event({ cluster: { name: 'dev' } });
      const patterns = [
        { detail: { cluster: { name: ['prod'] } } },
        { detail: { 'cluster.name': ['prod'] } },
        { 'detail.cluster.name': ['prod'] },
        { 'detail.cluster': { name: ['prod'] } },
      ];
      // Act & Assess
      for (const pattern of patterns) {
        expect([nested, dotted, other].map((candidate) => matchesEventPattern(pattern, candidate))).toEqual([
          true,
          true,
          false,
        ]);
      }
    });

    it('applies exists: false to a dotted path', () => {
      expect(
        matchesEventPattern({ 'detail.cluster.name': [{ exists: false }] }, event({ cluster: {} })),
      ).toBe(true);
      expect(
        matchesEventPattern({ 'detail.cluster.name': [{ exists: false }] }, event({ 'cluster.name': 'x' })),
      ).toBe(false);
    });

    it('reports a problem under a dotted name at its dotted path', () => {
      expect(validationIssues({ 'detail.weight': [{ numeric: ['>'] }] })).toContainEqual({
        path: 'detail.weight[0].numeric',
        message: expect.stringContaining('numeric must be'),
      });
    });

    it('reads a dotted "__proto__" name as an ordinary field', () => {
      // Prepare
      const hostile = event(JSON.parse('{"__proto__.polluted": "yes"}') as Record<string, unknown>);
      // Act & Assess
      expect(matchesEventPattern({ detail: { ['__proto__']: { polluted: ['yes'] } } }, hostile)).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('leaves the event unchanged', () => {
      // Prepare
      const dotted = event({ 'cluster.name': 'prod' });
      // Act
      matchesEventPattern({ detail: { cluster: { name: ['prod'] } } }, dotted);
      // Assess
      expect(dotted.detail).toEqual({ 'cluster.name': 'prod' });
    });
  });

  describe('wildcard complexity', () => {
    it('counts the partial matches a worst-case value keeps alive', () => {
      expect(wildcardComplexity(['logs/*.png'])).toBe(3);
      expect(wildcardComplexity(['arn:aws:events:*:*:event-bus/*'])).toBeLessThanOrEqual(
        MAX_WILDCARD_COMPLEXITY,
      );
      expect(wildcardComplexity(['*:*:*:*:*:event-bus/*'])).toBeGreaterThan(MAX_WILDCARD_COMPLEXITY);
    });

    it('adds up the wildcards of one field, not of different fields', () => {
      // Each of these alone is accepted.
      const first = { wildcard: '*:*:*:*' };
      const second = { wildcard: '*/*/*/*' };
      expect(() => validateEventPattern({ detail: { a: [first], b: [second] } })).not.toThrow();
      expect(() => validateEventPattern({ detail: { a: [first, second] } })).toThrow('rule is too complex');
    });
  });

  describe('compileEventPattern', () => {
    it('returns the same compiled pattern for the same object', () => {
      const pattern = { source: ['a'] };
      expect(compileEventPattern(pattern)).toBe(compileEventPattern(pattern));
    });
  });
});

describe('Function: validateEventPattern', () => {
  it('returns a valid pattern unchanged', () => {
    const pattern = { detail: { a: [{ numeric: ['>', 0, '<=', 5] }, 'x', null, 1, true] } };
    expect(validateEventPattern(pattern)).toBe(pattern);
  });

  it.each([
    ['not an object', 'x', '', 'must be a JSON object'],
    ['missing', undefined, '', 'must be a JSON object, not nothing'],
    ['empty pattern', {}, '', 'must not be an empty object'],
    ['scalar value', { source: 'x' }, 'source', 'must be an object or an array of match values'],
    ['empty array', { source: [] }, 'source', 'must not be an empty array'],
    [
      'nested array',
      { source: [['x']] },
      'source[0]',
      'must be a string, number, boolean, null or an operator object',
    ],
    ['two operators', { source: [{ prefix: 'a', suffix: 'b' }] }, 'source[0]', 'exactly one operator'],
    ['unknown operator', { source: [{ contains: 'a' }] }, 'source[0]', 'unknown operator "contains"'],
    ['prefix number', { source: [{ prefix: 1 }] }, 'source[0].prefix', 'prefix must be a string'],
    ['suffix object', { source: [{ suffix: { x: 'a' } }] }, 'source[0].suffix', 'suffix must be a string'],
    [
      'equals-ignore-case list',
      { source: [{ 'equals-ignore-case': ['a'] }] },
      'source[0].equals-ignore-case',
      'must be a string',
    ],
    ['exists string', { a: [{ exists: 'true' }] }, 'a[0].exists', 'exists must be true or false'],
    ['numeric odd', { a: [{ numeric: ['>'] }] }, 'a[0].numeric', 'numeric must be'],
    ['numeric operator', { a: [{ numeric: ['!=', 1] }] }, 'a[0].numeric', 'unknown numeric operator "!="'],
    ['numeric two lower bounds', { a: [{ numeric: ['>', 1, '>=', 2] }] }, 'a[0].numeric', 'numeric must be'],
    [
      'numeric empty range',
      { a: [{ numeric: ['>', 5, '<', 1] }] },
      'a[0].numeric',
      'lower bound must be below',
    ],
    ['numeric out of range', { a: [{ numeric: ['>', 6e9] }] }, 'a[0].numeric', 'between -5e9 and 5e9'],
    ['cidr without length', { a: [{ cidr: '10.0.0.1' }] }, 'a[0].cidr', 'CIDR block'],
    ['cidr bad length', { a: [{ cidr: '10.0.0.0/33' }] }, 'a[0].cidr', 'CIDR block'],
    [
      'cidr /32 (event-ruler wants < 32)',
      { a: [{ cidr: '10.0.0.1/32' }] },
      'a[0].cidr',
      'mask bits below 32',
    ],
    [
      'numeric upper bound first',
      { a: [{ numeric: ['<', 5, '>', 1] }] },
      'a[0].numeric',
      'lower bound then an upper bound',
    ],
    [
      'numeric = with a bound',
      { a: [{ numeric: ['=', 5, '<', 6] }] },
      'a[0].numeric',
      'lower bound then an upper bound',
    ],
    [
      'anything-but empty prefix',
      { a: [{ 'anything-but': { prefix: '' } }] },
      'a[0].anything-but',
      'non-empty string',
    ],
    [
      'operator name inside $or',
      { $or: [{ prefix: ['a'] }, { b: ['c'] }] },
      '$or[0].prefix',
      'operator name',
    ],
    ['cidr bad address', { a: [{ cidr: '300.0.0.0/8' }] }, 'a[0].cidr', 'CIDR block'],
    ['wildcard number', { a: [{ wildcard: 1 }] }, 'a[0].wildcard', 'wildcard must be a string'],
    [
      'anything-but wildcard list of numbers',
      { a: [{ 'anything-but': { wildcard: [1] } }] },
      'a[0].anything-but.wildcard',
      'non-empty list of strings',
    ],
    ['wildcard consecutive', { a: [{ wildcard: 'a**b' }] }, 'a[0].wildcard', 'consecutive wildcard'],
    ['wildcard bad escape', { a: [{ wildcard: 'a\\b' }] }, 'a[0].wildcard', 'backslash may only escape'],
    ['anything-but boolean', { a: [{ 'anything-but': true }] }, 'a[0].anything-but', 'anything-but must be'],
    [
      'anything-but mixed list',
      { a: [{ 'anything-but': ['a', 1] }] },
      'a[0].anything-but',
      'anything-but must be',
    ],
    ['anything-but empty list', { a: [{ 'anything-but': [] }] }, 'a[0].anything-but', 'anything-but must be'],
    [
      'anything-but numeric',
      { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
      'a[0].anything-but',
      'anything-but must be',
    ],
    ['$or single', { $or: [{ a: ['x'] }] }, '$or', 'at least two pattern objects'],
    ['$or not objects', { $or: ['a', 'b'] }, '$or', 'at least two pattern objects'],
    ['non-finite number', { a: [Number.NaN] }, 'a[0]', 'finite number'],
  ])('rejects %s', (_case, pattern, path, message) => {
    // Act
    const issues = validationIssues(pattern);
    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it.each(REJECTED_PATTERNS.map((entry) => [entry.name, entry] as const))(
    'rejects %s (corpus)',
    (_name, entry) => {
      // Act
      const issues = validationIssues(entry.pattern);
      // Assess
      expect(issues).toContainEqual({ path: entry.path, message: expect.stringContaining(entry.message) });
    },
  );

  it('accepts anything-but with a list of prefixes or suffixes', () => {
    const pattern = {
      a: [{ 'anything-but': { prefix: ['x', 'y'] } }],
      b: [{ 'anything-but': { suffix: ['.z'] } }],
    };
    expect(validateEventPattern(pattern)).toBe(pattern);
  });

  it('reports every problem at once with its path', () => {
    // Act
    const issues = validationIssues({ source: [], detail: { a: [{ prefix: 1 }], b: { c: 'x' } } });
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['source', 'detail.a[0].prefix', 'detail.b.c']);
  });

  it('names the path and rule in the error message', () => {
    expect(() => validateEventPattern({ detail: { weight: [{ numeric: ['>', 10, '<', 5] }] } })).toThrow(
      'Invalid event pattern: detail.weight[0].numeric: numeric lower bound must be below the upper bound',
    );
  });
});
