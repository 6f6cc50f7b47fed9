import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/errors.js';
import { chunk, followPageTokens, jsonEqual } from './index.js';

describe('chunk', () => {
  it('splits into chunks of at most size, in order, the rest last', () => {
    expect(chunk(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(chunk([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(chunk([1, 2, 3], 10)).toEqual([[1, 2, 3]]);
    expect(
      chunk(
        Array.from({ length: 23 }, (_, index) => index),
        10,
      ).map((part) => part.length),
    ).toEqual([10, 10, 3]);
  });

  it('gives no chunks for no items', () => {
    expect(chunk([], 10)).toEqual([]);
  });

  it('does not change the input', () => {
    const items = Object.freeze([1, 2, 3]);
    chunk(items, 2);
    expect(items).toEqual([1, 2, 3]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects size %s with a ValidationError', (size) => {
    expect(() => chunk([1], size)).toThrow(ValidationError);
    expect(() => chunk([1], size)).toThrow('Invalid chunk size');
  });
});

describe('jsonEqual', () => {
  it('ignores key order, at every depth', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(
      true,
    );
  });

  it('counts an undefined member as absent', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
  });

  it('keeps array order', () => {
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
  });

  it('tells different values, types and shapes apart', () => {
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({}, [])).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual({ a: null }, { a: undefined })).toBe(false);
  });

  it('does not take an inherited property for a member', () => {
    expect(jsonEqual({ constructor: Object }, { toString: Object })).toBe(false);
  });

  it('equals identical scalars', () => {
    expect(jsonEqual('x', 'x')).toBe(true);
    expect(jsonEqual(null, null)).toBe(true);
    expect(jsonEqual(3, 3)).toBe(true);
  });
});

describe('followPageTokens', () => {
  const pages: Record<string, { items: number[]; next?: string }> = {
    first: { items: [1, 2], next: 't2' },
    t2: { items: [], next: 't3' },
    t3: { items: [3] },
  };

  it('follows each next token until a page has none, empty pages included', async () => {
    const tokens: (string | undefined)[] = [];
    const items: number[] = [];
    for await (const page of followPageTokens(
      async (token: string | undefined) => {
        tokens.push(token);
        return pages[token ?? 'first'] as { items: number[]; next?: string };
      },
      (page) => page.next,
    )) {
      items.push(...page.items);
    }
    expect(tokens).toEqual([undefined, 't2', 't3']);
    expect(items).toEqual([1, 2, 3]);
  });

  it('starts from startingToken when given', async () => {
    const tokens: (string | undefined)[] = [];
    for await (const _page of followPageTokens(
      async (token: string | undefined) => {
        tokens.push(token);
        return pages[token ?? 'first'] as { items: number[]; next?: string };
      },
      (page) => page.next,
      't2',
    )) {
      // reading every page
    }
    expect(tokens).toEqual(['t2', 't3']);
  });

  it('stops at an empty-string token', async () => {
    let calls = 0;
    for await (const _page of followPageTokens(
      async () => {
        calls += 1;
        return { next: '' };
      },
      (page) => page.next,
    )) {
      // reading every page
    }
    expect(calls).toBe(1);
  });

  it('passes a failed page on to the reader', async () => {
    const read = async () => {
      for await (const _page of followPageTokens(
        async () => {
          throw new Error('ThrottlingException');
        },
        () => undefined,
      )) {
        // never reached
      }
    };
    await expect(read()).rejects.toThrow('ThrottlingException');
  });
});
