/**
 * The intrinsic functions the local interpreter evaluates, as AWS Step Functions documents them
 * ("Intrinsic functions for JSONPath states in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html). Where the page
 * leaves a case open (an index out of range, a Format template with a lone brace) the call fails
 * with `States.Runtime` rather than guessing a result: a local run may fail where AWS would not,
 * never succeed where AWS would fail.
 */
import {
  isPlainObject,
  isSupportedReferencePath,
  LocalStatesRuntimeError,
  queryPath,
} from './local-json-path.js';

/** One argument of an intrinsic call, as written in the definition. */
type IntrinsicArgument =
  | { kind: 'literal'; raw: string }
  | { kind: 'path'; path: string }
  | { kind: 'call'; call: IntrinsicCall }
  | { kind: 'json'; value: unknown };

interface IntrinsicCall {
  name: string;
  args: IntrinsicArgument[];
}

const NAME = /^States\.[A-Za-z0-9]+\(/;

/** Parses `States.Name(args)` from `at`; null when the text is not a call this parser reads. */
function parseCall(text: string, at: number): { call: IntrinsicCall; end: number } | null {
  const name = NAME.exec(text.slice(at));
  if (!name) return null;
  const call: IntrinsicCall = { name: name[0].slice(0, -1), args: [] };
  let index = at + name[0].length;
  const skipSpace = () => {
    while (text[index] === ' ') index += 1;
  };
  skipSpace();
  if (text[index] === ')') return { call, end: index + 1 };
  for (;;) {
    skipSpace();
    const parsed = parseArgument(text, index);
    if (!parsed) return null;
    call.args.push(parsed.argument);
    index = parsed.end;
    skipSpace();
    if (text[index] === ')') return { call, end: index + 1 };
    if (text[index] !== ',') return null;
    index += 1;
  }
}

function parseArgument(text: string, at: number): { argument: IntrinsicArgument; end: number } | null {
  if (text[at] === "'") {
    // A string literal: a backslash escapes the next character (kept raw until it is used).
    let index = at + 1;
    while (index < text.length && text[index] !== "'") index += text[index] === '\\' ? 2 : 1;
    if (index >= text.length) return null;
    return { argument: { kind: 'literal', raw: text.slice(at + 1, index) }, end: index + 1 };
  }
  if (text.startsWith('States.', at)) {
    const parsed = parseCall(text, at);
    return parsed && { argument: { kind: 'call', call: parsed.call }, end: parsed.end };
  }
  // A path or a JSON literal: up to the next comma or closing parenthesis outside brackets and quotes.
  let index = at;
  let depth = 0;
  let quoted = false;
  for (; index < text.length; index += 1) {
    const char = text[index];
    if (char === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (char === '[' || char === '(') depth += 1;
    else if (char === ']' || (char === ')' && depth > 0)) depth -= 1;
    else if (depth === 0 && (char === ',' || char === ')')) break;
  }
  const token = text.slice(at, index).trim();
  if (token.startsWith('$')) return { argument: { kind: 'path', path: token }, end: index };
  try {
    return { argument: { kind: 'json', value: JSON.parse(token) }, end: index };
  } catch {
    return null;
  }
}

const parsedCalls = new Map<string, IntrinsicCall | null>();

function parse(text: string): IntrinsicCall | null {
  let known = parsedCalls.get(text);
  if (known === undefined) {
    const parsed = parseCall(text, 0);
    known = parsed && parsed.end === text.length ? parsed.call : null;
    parsedCalls.set(text, known);
  }
  return known;
}

/**
 * A string literal's value. The intrinsic functions page ("Reserved characters in intrinsic
 * functions") reserves `'`, `{`, `}` and `\`: `\'`, `\{`, `\}` and `\\` stand for them. Any other
 * backslash, or a reserved character left unescaped, has no documented meaning: it fails.
 */
function unescapeLiteral(raw: string): string {
  let text = '';
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw[index] as string;
    if (char === '\\') {
      const next = raw[index + 1];
      if (next === undefined || !"'{}\\".includes(next))
        throw new LocalStatesRuntimeError(
          `The intrinsic function argument '${raw}' has a backslash before ${next === undefined ? 'its end' : `'${next}'`}: only \\', \\{, \\} and \\\\ are escapes`,
        );
      text += next;
      index += 1;
    } else if (char === '{' || char === '}') {
      throw new LocalStatesRuntimeError(
        `The intrinsic function argument '${raw}' has an unescaped '${char}' (write \\${char})`,
      );
    } else text += char;
  }
  return text;
}

/**
 * States.Format: each unescaped `{}` of the template takes the next argument; `\{` and `\}` are
 * literal braces; the result is not changed afterwards (AWS keeps every backslash the values have).
 */
function format(template: IntrinsicArgument, templateValue: string, values: unknown[]): string {
  const raw = template.kind === 'literal' ? template.raw : undefined;
  const pieces: string[] = [];
  let placeholders = 0;
  let literal = '';
  const text = raw ?? templateValue;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (raw !== undefined && char === '\\') {
      literal += unescapeLiteral(text.slice(index, index + 2));
      index += 1;
    } else if (char === '{' && text[index + 1] === '}') {
      pieces.push(literal);
      literal = '';
      placeholders += 1;
      index += 1;
    } else if (raw !== undefined && (char === '{' || char === '}')) {
      unescapeLiteral(char);
    } else literal += char;
  }
  pieces.push(literal);
  if (placeholders !== values.length)
    throw new LocalStatesRuntimeError(
      'Number of arguments in States.Format do not match the occurrences of {}',
    );
  return pieces.reduce((result, piece, index) =>
    index === 0 ? piece : `${result}${String(values[index - 1])}${piece}`,
  );
}

type ArgumentType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'any';

interface IntrinsicFunction {
  exactArgs?: number;
  minArgs?: number;
  arguments?: ArgumentType[][];
  variadic?: ArgumentType[];
  /** Arguments (by position) that must be paths, as the page says. */
  pathArguments?: number[];
  execute: (values: unknown[], args: IntrinsicArgument[]) => unknown;
}

/** States.MathAdd's operands: integers in Java's int range, as the page's input validation says. */
function mathOperand(value: number): number {
  if (Number.isInteger(value)) {
    if (value < -2147483648 || value > 2147483647)
      throw new LocalStatesRuntimeError(
        `States.MathAdd takes integers from -2147483648 to 2147483647, not ${value}`,
      );
    return value;
  }
  // The page: "a non-integer value ... will round it off to the nearest integer". Which way a
  // half rounds it does not say, so a half fails here instead of guessing.
  if (Math.abs(value % 1) === 0.5)
    throw new LocalStatesRuntimeError(`States.MathAdd cannot tell which integer ${value} rounds to`);
  return mathOperand(Math.round(value));
}

/** JSON equality (States.ArrayContains). */
function isEqualJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((value, index) => isEqualJson(value, b[index]));
  const aKeys = Object.keys(a);
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      (key) =>
        Object.hasOwn(b, key) &&
        isEqualJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

/** The intrinsic functions the interpreter evaluates (others run on the library). */
const INTRINSIC_FUNCTIONS: Record<string, IntrinsicFunction> = {
  'States.Format': {
    minArgs: 1,
    arguments: [['string']],
    variadic: ['string', 'boolean', 'number', 'null'],
    execute: ([template, ...values], [templateArgument]) =>
      format(templateArgument as IntrinsicArgument, template as string, values),
  },
  'States.StringToJson': {
    exactArgs: 1,
    arguments: [['string']],
    execute: ([text]) => {
      try {
        return JSON.parse(text as string);
      } catch (caught) {
        throw new LocalStatesRuntimeError(`States.StringToJson got text that is not JSON: ${String(caught)}`);
      }
    },
  },
  // "This argument must be a Path"; the result is the JSON text, escapes and all.
  'States.JsonToString': {
    exactArgs: 1,
    arguments: [['any']],
    pathArguments: [0],
    execute: ([json]) => JSON.stringify(json),
  },
  'States.Array': { variadic: ['any'], execute: (values) => values },
  'States.ArrayContains': {
    exactArgs: 2,
    arguments: [['array'], ['any']],
    execute: ([array, value]) => (array as unknown[]).some((item) => isEqualJson(item, value)),
  },
  // The page does not say what an index outside the array gives: it fails here.
  'States.ArrayGetItem': {
    exactArgs: 2,
    arguments: [['array'], ['number']],
    execute: ([array, index]) => {
      const items = array as unknown[];
      if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= items.length)
        throw new LocalStatesRuntimeError(
          `States.ArrayGetItem index ${String(index)} is not an index of an array of ${items.length}`,
        );
      return items[index as number];
    },
  },
  // Chunks of the chunk size (a positive integer), the last one maybe shorter.
  'States.ArrayPartition': {
    exactArgs: 2,
    arguments: [['array'], ['number']],
    execute: ([array, size]) => {
      const items = array as unknown[];
      if (!Number.isInteger(size) || (size as number) < 1)
        throw new LocalStatesRuntimeError(
          `States.ArrayPartition chunk size ${String(size)} is not a positive integer`,
        );
      const chunks: unknown[][] = [];
      for (let start = 0; start < items.length; start += size as number)
        chunks.push(items.slice(start, start + (size as number)));
      return chunks;
    },
  },
  // From start to end (included) by a non-zero integer step; at most 1,000 items.
  'States.ArrayRange': {
    exactArgs: 3,
    arguments: [['number'], ['number'], ['number']],
    execute: ([start, end, step]) => {
      const [from, to, by] = [start as number, end as number, step as number];
      if (![from, to, by].every(Number.isInteger) || by === 0)
        throw new LocalStatesRuntimeError(
          `States.ArrayRange takes integers and a step other than 0, not ${from}, ${to}, ${by}`,
        );
      const range: number[] = [];
      for (let value = from; by > 0 ? value <= to : value >= to; value += by) {
        if (range.length === 1000)
          throw new LocalStatesRuntimeError('States.ArrayRange may give at most 1000 items');
        range.push(value);
      }
      return range;
    },
  },
  'States.ArrayLength': {
    exactArgs: 1,
    arguments: [['array']],
    execute: ([array]) => (array as unknown[]).length,
  },
  'States.MathAdd': {
    exactArgs: 2,
    arguments: [['number'], ['number']],
    execute: ([a, b]) => mathOperand(a as number) + mathOperand(b as number),
  },
};

function matchesType(type: ArgumentType, value: unknown): boolean {
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === type;
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case 'any':
      return true;
  }
}

function checkArguments(call: IntrinsicCall, definition: IntrinsicFunction, values: unknown[]): void {
  const { name } = call;
  if (definition.exactArgs !== undefined && values.length !== definition.exactArgs)
    throw new LocalStatesRuntimeError(
      `Intrinsic function ${name} expects exactly ${definition.exactArgs} arguments, but received ${values.length}`,
    );
  if (definition.minArgs !== undefined && values.length < definition.minArgs)
    throw new LocalStatesRuntimeError(
      `Intrinsic function ${name} expects at least ${definition.minArgs} arguments, but received ${values.length}`,
    );
  for (const position of definition.pathArguments ?? [])
    if (call.args[position]?.kind !== 'path')
      throw new LocalStatesRuntimeError(
        `Intrinsic function ${name} takes a path as argument ${position + 1}`,
      );
  const fixed = definition.arguments ?? [];
  values.forEach((value, index) => {
    const types = index < fixed.length ? fixed[index] : definition.variadic;
    if (types && !types.some((type) => matchesType(type, value)))
      throw new LocalStatesRuntimeError(
        `Intrinsic function ${name} expected argument ${index + 1} to be of type ${types.map((type) => `'${type}'`).join(' | ')}, but received ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
      );
  });
}

function isSupportedCall(call: IntrinsicCall): boolean {
  if (!Object.hasOwn(INTRINSIC_FUNCTIONS, call.name)) return false;
  return call.args.every(
    (arg) =>
      (arg.kind === 'call' && isSupportedCall(arg.call)) ||
      (arg.kind === 'path' && isSupportedReferencePath(arg.path)) ||
      arg.kind === 'literal' ||
      arg.kind === 'json',
  );
}

/** True when every function a call uses (nested ones too) and every path argument is supported. */
export function isSupportedIntrinsic(text: string): boolean {
  const call = parse(text);
  return call !== null && isSupportedCall(call);
}

function evaluateCall(call: IntrinsicCall, input: unknown, context: unknown): unknown {
  const definition = INTRINSIC_FUNCTIONS[call.name] as IntrinsicFunction;
  const values = call.args.map((arg, index) => {
    switch (arg.kind) {
      case 'literal':
        // States.Format reads its own template's escapes (a `\{` is not a placeholder).
        return call.name === 'States.Format' && index === 0 ? arg.raw : unescapeLiteral(arg.raw);
      case 'path':
        return queryPath(arg.path, input, context);
      case 'call':
        return evaluateCall(arg.call, input, context);
      default:
        return arg.value;
    }
  });
  checkArguments(call, definition, values);
  return definition.execute(values, call.args);
}

/**
 * Evaluates an intrinsic call `isSupportedIntrinsic` accepts. Its result is used as it is: no
 * backslash is removed from a string it returns.
 *
 * @example
 * ```ts
 * evaluateIntrinsic("States.Format('{} \\{ok\\}', $.name)", { name: 'a\\b' }, {}); // 'a\\b {ok}'
 * ```
 */
export function evaluateIntrinsic(text: string, input: unknown, context: unknown): unknown {
  return evaluateCall(parse(text) as IntrinsicCall, input, context);
}
