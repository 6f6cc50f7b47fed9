import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem } from './json-syntax.js';

describe('Function: findJsonSyntaxProblem', () => {
  it.each(['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' "x" ', '0'])(
    'finds nothing wrong in %s',
    (text) => {
      // Act & Assess
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonSyntaxProblem(text)).toBeUndefined();
    },
  );

  it.each([
    ['{"apiToken": s3cr3t}', 1, 14, 'unexpected character'],
    ['{"a": 1,\n  "b": }', 2, 8, 'unexpected character'],
    ['{"a": [1, 2', 1, 12, 'unexpected end of input'],
    ['{"a": 1} x', 1, 10, 'unexpected character'],
    ['[1,]', 1, 4, 'unexpected character'],
    ['{a: 1}', 1, 2, 'unexpected character'],
    ['"tab\there"', 1, 1, 'unexpected character'],
    ['', 1, 1, 'unexpected end of input'],
  ])('places the problem of %j at line %i, column %i', (text, line, column, reason) => {
    // Act & Assess
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxProblem(text)).toMatchObject({ line, column, reason });
  });

  it('gives up without a position on nesting too deep to follow', () => {
    // Act & Assess
    expect(findJsonSyntaxProblem(`${'['.repeat(200_000)}x`)).toBeUndefined();
  });
});
