import { describe, expect, it } from 'vitest';
import { countOf } from './plural.js';

describe('Function: countOf', () => {
  it.each([
    [0, 'change', '0 changes'],
    [1, 'change', '1 change'],
    [2, 'node group', '2 node groups'],
  ])('counts %i %s as %s', (count, noun, text) => {
    // Act & Assess
    expect(countOf(count, noun)).toBe(text);
  });

  it('takes an irregular plural', () => {
    // Act & Assess
    expect(countOf(2, 'policy', 'policies')).toBe('2 policies');
  });
});
