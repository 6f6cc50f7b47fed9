/**
 * Where a JSON text stops being JSON, for error messages that must not quote the text (it may
 * hold a secret: `--detail '{"apiToken": s3cr3t}'`). `JSON.parse` messages quote the input, so
 * the CLI reports this position instead.
 */

/** The first offending position of an invalid JSON text (0-based offset, 1-based line and column). */
export interface JsonSyntaxProblem {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** `unexpected character` or `unexpected end of input`. */
  readonly reason: string;
}

class SyntaxStop {
  constructor(readonly offset: number) {}
}

/** A small recursive-descent reader of RFC 8259 JSON that only finds where the text goes wrong. */
class JsonScanner {
  private offset = 0;

  constructor(private readonly text: string) {}

  scan(): void {
    this.value();
    this.whitespace();
    if (this.offset < this.text.length) throw new SyntaxStop(this.offset);
  }

  private whitespace(): void {
    while (/[ \t\n\r]/.test(this.text[this.offset] ?? '')) this.offset += 1;
  }

  private expect(pattern: RegExp): void {
    pattern.lastIndex = this.offset;
    const match = pattern.exec(this.text);
    if (match === null || match.index !== this.offset) throw new SyntaxStop(this.offset);
    this.offset += match[0].length;
  }

  private value(): void {
    this.whitespace();
    const character = this.text[this.offset];
    if (character === '{') this.object();
    else if (character === '[') this.array();
    else if (character === '"') this.string();
    else if (character === 't') this.expect(/true/y);
    else if (character === 'f') this.expect(/false/y);
    else if (character === 'n') this.expect(/null/y);
    else this.expect(/-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y);
  }

  private string(): void {
    // Control characters (below U+0020) must be escaped inside JSON strings.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    this.expect(/"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y);
  }

  private object(): void {
    this.offset += 1;
    this.whitespace();
    if (this.text[this.offset] === '}') {
      this.offset += 1;
      return;
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.offset] !== '"') throw new SyntaxStop(this.offset);
      this.string();
      this.whitespace();
      this.expect(/:/y);
      this.value();
      this.whitespace();
      if (this.text[this.offset] === ',') {
        this.offset += 1;
        continue;
      }
      this.expect(/\}/y);
      return;
    }
  }

  private array(): void {
    this.offset += 1;
    this.whitespace();
    if (this.text[this.offset] === ']') {
      this.offset += 1;
      return;
    }
    for (;;) {
      this.value();
      this.whitespace();
      if (this.text[this.offset] === ',') {
        this.offset += 1;
        continue;
      }
      this.expect(/\]/y);
      return;
    }
  }
}

/**
 * The position where `text` stops being valid JSON, or `undefined` when it is valid (or nests
 * too deeply to follow, which only a text that `JSON.parse` also refused can do).
 *
 * @example
 * ```ts
 * findJsonSyntaxProblem('{"apiToken": s3cr3t}');
 * // { offset: 13, line: 1, column: 14, reason: 'unexpected character' }
 * ```
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    new JsonScanner(text).scan();
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    if (!(error instanceof SyntaxStop)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
    const reason = error.offset >= text.length ? 'unexpected end of input' : 'unexpected character';
    return { offset: error.offset, line, column, reason };
  }
}
