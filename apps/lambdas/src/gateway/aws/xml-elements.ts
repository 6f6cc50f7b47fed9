/** An XML element: its name (prefix kept), child elements in order, and its own text. */
export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  /** The element's character data (entities decoded, CDATA kept as is), untrimmed. */
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

/**
 * Parses the XML an AWS Query API answers with (elements, text, CDATA, comments, the XML
 * declaration; attributes such as `xmlns` are skipped, no DTDs) into its root element. Throws a
 * `SyntaxError` on anything malformed: a tag that does not close, or closes another.
 *
 * @example
 * ```ts
 * const root = parseXml('<R><requestId>1</requestId></R>');
 * childText(root, 'requestId'); // '1'
 * ```
 */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let index = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`Malformed XML at offset ${index}: ${what}`);
  };
  while (index < xml.length) {
    const open = xml.indexOf('<', index);
    const text = xml.slice(index, open === -1 ? xml.length : open);
    if (text.trim() !== '' && stack.length === 0) fail('text outside the root element');
    if (stack.length > 0) stack[stack.length - 1]!.text += decodeEntities(text);
    if (open === -1) break;
    index = open;
    if (xml.startsWith('<?', index)) {
      index = xml.indexOf('?>', index) + 2;
      if (index === 1) fail('unterminated declaration');
    } else if (xml.startsWith('<!--', index)) {
      index = xml.indexOf('-->', index) + 3;
      if (index === 2) fail('unterminated comment');
    } else if (xml.startsWith('<![CDATA[', index)) {
      const end = xml.indexOf(']]>', index);
      if (end === -1 || stack.length === 0) fail('CDATA outside an element or unterminated');
      stack[stack.length - 1]!.text += xml.slice(index + 9, end);
      index = end + 3;
    } else if (xml.startsWith('<!', index)) {
      fail('DTDs are not accepted');
    } else {
      const close = xml.indexOf('>', index);
      if (close === -1) fail('unterminated tag');
      const tag = xml.slice(index + 1, close);
      index = close + 1;
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim();
        const element = stack.pop();
        if (element?.name !== name) fail(`</${name}> closes <${element?.name ?? 'nothing'}>`);
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const name = (selfClosing ? tag.slice(0, -1) : tag).trim().split(/\s/)[0] ?? '';
      if (!/^[A-Za-z_][\w.:-]*$/.test(name)) fail(`bad tag name '${name}'`);
      const element: XmlElement = { name, children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> never closes`);
  return root ?? fail('no root element');
}

/** The first child element of that name, if any. */
export function childElement(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name);
}

/** The trimmed text of the first child of that name; `undefined` when absent or empty. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const text = childElement(element, name)?.text.trim();
  return text ? text : undefined;
}

/** The members of a Query-protocol list (`<name><item>…</item>…</name>`), whatever they are called. */
export function listMembers(element: XmlElement | undefined, name: string): XmlElement[] {
  return childElement(element, name)?.children ?? [];
}
