import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';
import { formatIssuePath, parseOrThrow, toValidationIssues } from './parse.js';

describe('Function: formatIssuePath', () => {
  it('renders indexes in brackets and keys with dots', () => {
    expect(formatIssuePath(['steps', 3, 'toVersion'])).toBe('steps[3].toVersion');
    expect(formatIssuePath([0, 'a'])).toBe('[0].a');
    expect(formatIssuePath([])).toBe('');
  });
});

describe('Function: parseOrThrow', () => {
  const schema = z.object({
    items: z.array(z.object({ size: z.number().max(5, { error: 'must be at most 5' }) })),
  });

  it('returns the parsed value', () => {
    expect(parseOrThrow(schema, { items: [{ size: 1 }] }, 'thing')).toEqual({ items: [{ size: 1 }] });
  });

  it('throws a ValidationError naming the field, the rule and keeping the zod error as cause', () => {
    try {
      parseOrThrow(schema, { items: [{ size: 1 }, { size: 9 }] }, 'thing');
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      const validation = error as ValidationError;
      expect(validation.message).toBe('Invalid thing: items[1].size: must be at most 5');
      expect(validation.issues).toEqual([{ path: 'items[1].size', message: 'must be at most 5' }]);
      expect(validation.cause).toBeInstanceOf(z.ZodError);
    }
  });

  it('prefixes issues with a base path', () => {
    const result = schema.safeParse({ items: 'x' });
    expect(toValidationIssues(result.error!, 'config')[0]?.path).toBe('config.items');
    const top = z.string().safeParse(1);
    expect(toValidationIssues(top.error!, 'config')[0]?.path).toBe('config');
    expect(toValidationIssues(top.error!)[0]?.path).toBe('');
  });
});
