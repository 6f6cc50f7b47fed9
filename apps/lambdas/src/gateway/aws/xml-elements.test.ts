import { describe, expect, it } from 'vitest';
import { childElement, childText, listMembers, parseXml } from './xml-elements.js';

describe('Function: parseXml', () => {
  it('reads elements, text with entities and CDATA, skipping the declaration, comments and attributes', () => {
    // Act
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><!-- c --><a>x &amp; y &lt;z&gt; &#65;&#x42;</a><b><![CDATA[<raw>]]></b><set><item>1</item><item>2</item></set><empty/></R>',
    );

    // Assess
    expect(root.name).toBe('R');
    expect(childText(root, 'a')).toBe('x & y <z> AB');
    expect(childText(root, 'b')).toBe('<raw>');
    expect(listMembers(root, 'set').map((item) => item.text)).toEqual(['1', '2']);
    expect(childElement(root, 'empty')).toEqual({ name: 'empty', children: [], text: '' });
    expect(childText(root, 'empty')).toBeUndefined();
    expect(childText(root, 'missing')).toBeUndefined();
  });

  it.each([
    ['<a><b></a>', '</a> closes <b>'],
    ['<a>', '<a> never closes'],
    ['', 'no root element'],
    ['<a/><b/>', 'a second root element'],
    ['<!DOCTYPE a><a/>', 'DTDs are not accepted'],
    ['text<a/>', 'text outside the root element'],
  ])('refuses %j (%s)', (xml, reason) => {
    // Act & Assess
    expect(() => parseXml(xml)).toThrow(SyntaxError);
    expect(() => parseXml(xml)).toThrow(reason);
  });
});
