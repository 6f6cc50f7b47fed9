import { describe, expect, it } from 'vitest';
import { renderOutput } from './output.js';

describe('Function: renderOutput', () => {
  const data = [
    { name: 'a', status: 'RUNNING', nested: { x: 1 } },
    { name: 'bb', status: 'SUCCEEDED', nested: { x: 2 } },
  ];

  it('prints JSON, an aligned table with a header, or tab-separated text', () => {
    expect(JSON.parse(renderOutput('json', { data }))).toEqual(data);
    expect(renderOutput('table', { data })).toBe(
      'NAME  STATUS     NESTED.X\na     RUNNING    1\nbb    SUCCEEDED  2\n',
    );
    expect(renderOutput('text', { data })).toBe('a\tRUNNING\t1\nbb\tSUCCEEDED\t2\n');
  });

  it('uses the command’s own text and table when it gives them', () => {
    const printable = { data, text: 'two executions', table: { columns: ['name'], rows: data } };
    expect(renderOutput('text', printable)).toBe('two executions\n');
    expect(renderOutput('table', printable)).toBe('NAME\na\nbb\n');
  });

  it('prints an object as KEY/VALUE rows', () => {
    expect(renderOutput('table', { data: { agent: { name: 'x' }, list: [1, 2] } })).toBe(
      'KEY         VALUE\nagent.name  x\nlist        [1,2]\n',
    );
  });
});
