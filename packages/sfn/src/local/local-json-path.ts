/**
 * JSONPath input and output processing for the local interpreter (`local-interpreter.ts`): the
 * subset of Amazon States Language paths the upgrade workflow's step executions use, evaluated
 * exactly as aws-local-stepfunctions 3 evaluates them (through jsonpath-plus), without its
 * per-query cost. The Step Functions developer guide, "Processing input and output in Step
 * Functions" (InputPath, Parameters, ResultSelector, ResultPath, OutputPath) and "Intrinsic
 * functions", describes what these do; where the library differs from AWS (it strips backslashes
 * from the string an intrinsic function returns, for one), this file does what the library does,
 * so a local run gives the same result on either interpreter.
 */

/** A runtime error as the library models it: whether Retry and Catch may match it. */
export class LocalRuntimeError extends Error {
  retryable = true;
  catchable = true;

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'RuntimeError';
  }

  get isRetryable(): boolean {
    return this.retryable;
  }

  get isCatchable(): boolean {
    return this.catchable;
  }
}

/** `States.Runtime`: neither retried nor caught. */
export class LocalStatesRuntimeError extends LocalRuntimeError {
  constructor(message = 'States.Runtime') {
    super(message);
    this.name = 'States.Runtime';
    this.retryable = false;
    this.catchable = false;
  }
}

/** `States.ResultPathMatchFailure`: a ResultPath applied to an input that is not an object. */
export class LocalResultPathMatchFailureError extends LocalRuntimeError {
  constructor() {
    super('States.ResultPathMatchFailure');
    this.name = 'States.ResultPathMatchFailure';
  }
}

/** One part of a path after `$` (or `$$`). */
type PathPart =
  | { kind: 'key'; key: string }
  | { kind: 'wildcard' }
  | { kind: 'filter'; key: string; literal: string; code: string };

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** `.name`, `[index]`, `[*]`, and a filter `[?(@.name == 'text')]`. */
const PATH_PART = new RegExp(
  `^(?:\\.(${NAME})|\\[(\\d+)\\]|\\[\\*\\]|\\[\\?\\((@\\.(${NAME}) == '([A-Za-z0-9_. -]*)')\\)\\])`,
);
/** A ResultPath the interpreter applies: `$.name(.name)*`. */
const RESULT_PATH = new RegExp(`^\\$(\\.${NAME})+$`);
/** Names jsonpath-plus's filter evaluation refuses to read from an object that lacks them. */
const BLOCKED_FILTER_NAMES = new Set([
  'constructor',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

interface CompiledPath {
  context: boolean;
  parts: PathPart[];
  /** Only keys: one value or nothing. */
  simple: boolean;
}

const compiledPaths = new Map<string, CompiledPath | null>();

function compilePath(path: string): CompiledPath | null {
  const known = compiledPaths.get(path);
  if (known !== undefined) return known;
  let compiled: CompiledPath | null = null;
  if (path.startsWith('$')) {
    const context = path.startsWith('$$');
    const parts: PathPart[] = [];
    let rest = path.slice(context ? 2 : 1);
    while (rest.length > 0) {
      const match = PATH_PART.exec(rest);
      if (!match) break;
      const [text, name, index, code, filterKey, literal] = match;
      if (name !== undefined) parts.push({ kind: 'key', key: name });
      else if (index !== undefined) parts.push({ kind: 'key', key: index });
      else if (code !== undefined && !BLOCKED_FILTER_NAMES.has(filterKey as string))
        parts.push({ kind: 'filter', key: filterKey as string, literal: literal as string, code });
      else if (code === undefined) parts.push({ kind: 'wildcard' });
      else break;
      rest = rest.slice(text.length);
    }
    if (rest.length === 0) compiled = { context, parts, simple: parts.every((part) => part.kind === 'key') };
  }
  compiledPaths.set(path, compiled);
  return compiled;
}

/** True for a path the interpreter evaluates (anything else runs on the library). */
export function isSupportedReferencePath(path: unknown): boolean {
  return typeof path === 'string' && compilePath(path) !== null;
}

/** True for a ResultPath the interpreter applies (or none, or null). */
export function isSupportedResultPath(path: unknown): boolean {
  return path === undefined || path === null || (typeof path === 'string' && RESULT_PATH.test(path));
}

/** The children jsonpath-plus walks for `[*]` and filters: an array's items, an object's values. */
function childrenOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, index) => value[index]);
  if (value && typeof value === 'object')
    return Object.keys(value).map((key) => (value as Record<string, unknown>)[key]);
  return [];
}

/** jsonpath-plus's filter `@.name == 'text'` (loose equality; reading from null or undefined fails). */
function passesFilter(item: unknown, part: Extract<PathPart, { kind: 'filter' }>): boolean {
  if (item === undefined || item === null)
    throw new Error(`jsonPath: Cannot read properties of ${item} (reading '${part.key}'): ${part.code}`);
  // biome-ignore lint/suspicious/noDoubleEquals: jsonpath-plus compares with ==
  return (item as Record<string, unknown>)[part.key] == part.literal;
}

/** The values a path with wildcards or filters selects, as jsonpath-plus traces them. */
function trace(parts: PathPart[], at: number, value: unknown, found: unknown[]): void {
  if (at === parts.length) {
    found.push(value);
    return;
  }
  const part = parts[at] as PathPart;
  if (part.kind === 'key') {
    if (value && Object.hasOwn(value as object, part.key))
      trace(parts, at + 1, (value as Record<string, unknown>)[part.key], found);
    return;
  }
  for (const child of childrenOf(value))
    if (part.kind === 'wildcard' || passesFilter(child, part)) trace(parts, at + 1, child, found);
}

/** Checks a value a path selected (the library's JSONPath constraints). */
export type PathConstraint = (value: unknown, path: string) => void;

function describe(value: unknown): string | undefined {
  return JSON.stringify(value);
}

export const stringConstraint: PathConstraint = (value, path) => {
  if (typeof value !== 'string')
    throw new LocalStatesRuntimeError(
      `Path expression '${path}' evaluated to ${describe(value)}, but expected a string`,
    );
};

export const numberConstraint: PathConstraint = (value, path) => {
  if (typeof value !== 'number')
    throw new LocalStatesRuntimeError(
      `Path expression '${path}' evaluated to ${describe(value)}, but expected a number`,
    );
};

export const booleanConstraint: PathConstraint = (value, path) => {
  if (typeof value !== 'boolean')
    throw new LocalStatesRuntimeError(
      `Path expression '${path}' evaluated to ${describe(value)}, but expected a boolean`,
    );
};

const RFC3339_TIMESTAMP =
  /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.\d+)?(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9]))$/;

/** The library's RFC 3339 test (it coerces a non-string to text, as `RegExp.test` does). */
export function isRfc3339Timestamp(value: unknown): boolean {
  return RFC3339_TIMESTAMP.test(value as string);
}

export const timestampConstraint: PathConstraint = (value, path) => {
  if (typeof value !== 'string' || !isRfc3339Timestamp(value))
    throw new LocalStatesRuntimeError(
      `Path expression '${path}' evaluated to ${describe(value)}, but expected a timestamp conforming to the RFC3339 profile`,
    );
};

/**
 * Reads a path as jsonpath-plus does for these paths: from the state's input (`$`) or the
 * context object (`$$`); a falsy root selects nothing; each key follows an own property of a
 * truthy value (so `.length` of a string or an array selects its length); `[*]` and a filter
 * walk an array's items or an object's values and select a list. A path that selects nothing
 * fails with `States.Runtime` unless `mayBeAbsent`.
 */
export function queryPath(
  path: string,
  input: unknown,
  context: unknown,
  constraint?: PathConstraint,
  mayBeAbsent = false,
): unknown {
  const { context: fromContext, parts, simple } = compilePath(path) as CompiledPath;
  const root = fromContext ? (context ?? null) : input;
  let value: unknown;
  if (root && simple) {
    value = root;
    for (const part of parts) {
      const key = (part as { key: string }).key;
      if (value && Object.hasOwn(value as object, key)) value = (value as Record<string, unknown>)[key];
      else {
        value = undefined;
        break;
      }
    }
  } else if (root) {
    // A wildcard or a filter selects a list (even of one), or nothing.
    const found: unknown[] = [];
    trace(parts, 0, root, found);
    value = found.length > 0 ? found : undefined;
  }
  if (!mayBeAbsent && value === undefined)
    throw new LocalStatesRuntimeError(`Path expression '${path}' does not point to a value`);
  constraint?.(value, path);
  return value;
}

/** The library's plain-object test. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && Object.getPrototypeOf(value) === Object.prototype;
}

/** The library's JSON copy: plain objects and arrays copied deeply (other objects lose their prototype). */
export function cloneJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = cloneJson((value as Record<string, unknown>)[key]);
    // A key named __proto__ is data (as Object.fromEntries makes it), not the prototype.
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: inner,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = inner;
  }
  return copy;
}

/** The library's JSON equality (States.ArrayContains). */
function isEqualJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((value, index) => isEqualJson(value, b[index]));
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every(
      (key) =>
        Object.hasOwn(b, key) &&
        isEqualJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

type ArgumentType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'any';

interface IntrinsicFunction {
  exactArgs?: number;
  minArgs?: number;
  arguments?: ArgumentType[][];
  variadic?: ArgumentType[];
  execute: (...args: unknown[]) => unknown;
}

/** The intrinsic functions the interpreter evaluates, with the library's argument rules. */
const INTRINSIC_FUNCTIONS: Record<string, IntrinsicFunction> = {
  'States.Format': {
    minArgs: 1,
    arguments: [['string']],
    variadic: ['string', 'boolean', 'number', 'null'],
    execute: (template, ...values) => {
      const text = template as string;
      if ((text.match(/\{\}/g)?.length ?? 0) !== values.length)
        throw new LocalStatesRuntimeError(
          'Number of arguments in States.Format do not match the occurrences of {}',
        );
      let index = 0;
      return text.replace(/\{\}/g, () => values[index++] as string);
    },
  },
  'States.StringToJson': {
    exactArgs: 1,
    arguments: [['string']],
    execute: (text) => JSON.parse(text as string),
  },
  'States.JsonToString': { exactArgs: 1, arguments: [['any']], execute: (json) => JSON.stringify(json) },
  'States.Array': { variadic: ['any'], execute: (...values) => values },
  'States.ArrayContains': {
    exactArgs: 2,
    arguments: [['array'], ['any']],
    execute: (array, value) => (array as unknown[]).some((item) => isEqualJson(item, value)),
  },
  'States.ArrayGetItem': {
    exactArgs: 2,
    arguments: [['array'], ['number']],
    execute: (array, index) => (array as unknown[])[index as number] ?? null,
  },
  'States.ArrayLength': {
    exactArgs: 1,
    arguments: [['array']],
    execute: (array) => (array as unknown[]).length,
  },
  'States.MathAdd': {
    exactArgs: 2,
    arguments: [['number'], ['number']],
    execute: (a, b) => (a as number) + (b as number),
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

function checkArgument(types: ArgumentType[], position: number, value: unknown, name: string): void {
  if (!types.some((type) => matchesType(type, value)))
    throw new LocalStatesRuntimeError(
      `Intrinsic function ${name} expected argument ${position} to be of type ${types.map((type) => `'${type}'`).join(' | ')}, but received ${typeof value}`,
    );
}

function checkArguments(name: string, definition: IntrinsicFunction, args: unknown[]): void {
  if (definition.exactArgs !== undefined && args.length !== definition.exactArgs)
    throw new LocalStatesRuntimeError(
      `Intrinsic function ${name} expects exactly ${definition.exactArgs} arguments, but received ${args.length}`,
    );
  if (definition.minArgs !== undefined && args.length < definition.minArgs)
    throw new LocalStatesRuntimeError(
      `Intrinsic function ${name} expects at least ${definition.minArgs} arguments, but received ${args.length}`,
    );
  const fixed = definition.arguments ?? [];
  for (let index = 0; index < fixed.length; index += 1) {
    if (args[index] === undefined) break;
    checkArgument(fixed[index] as ArgumentType[], index + 1, args[index], name);
  }
  if (definition.variadic)
    for (let index = fixed.length; index < args.length; index += 1)
      checkArgument(definition.variadic, index + 1, args[index], name);
}

/**
 * Splits an intrinsic function call into its name and raw arguments, as the library does (a
 * comma outside parentheses and quotes ends an argument; nested calls are returned as text).
 */
const splitIntrinsics = new Map<string, { name: string; args: string[] }>();

function splitIntrinsic(call: string): { name: string; args: string[] } {
  let split = splitIntrinsics.get(call);
  if (!split) {
    split = splitIntrinsicText(call);
    splitIntrinsics.set(call, split);
  }
  return split;
}

function splitIntrinsicText(call: string): { name: string; args: string[] } {
  const open = call.indexOf('(');
  const name = call.slice(0, open);
  const text = call.slice(open + 1, call.length - 1);
  const args: string[] = [];
  let partial = '';
  let parens = 0;
  let quotes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char === '(') parens += 1;
    else if (char === ')') parens -= 1;
    if (char === "'" && partial[partial.length - 1] !== '\\') quotes = quotes === 1 ? 0 : 1;
    if ((char === ',' && parens === 0 && quotes === 0) || index === text.length - 1) {
      if (index === text.length - 1) partial += char;
      args.push(partial.trim());
      partial = '';
    } else {
      partial += char;
    }
  }
  return { name, args };
}

/** True when every function a call uses (nested ones too) and every path argument is supported. */
export function isSupportedIntrinsic(call: string): boolean {
  const { name, args } = splitIntrinsic(call);
  if (!Object.hasOwn(INTRINSIC_FUNCTIONS, name)) return false;
  return args.every((arg) => {
    if (arg.startsWith('States')) return isSupportedIntrinsic(arg);
    if (arg[0] === '$') return isSupportedReferencePath(arg);
    return true;
  });
}

/** Evaluates an intrinsic function call as the library does. */
export function evaluateIntrinsic(call: string, input: unknown, context: unknown): unknown {
  const { name, args } = splitIntrinsic(call);
  const values = args.map((arg) => {
    // The library evaluates a nested call and passes its result on as JSON text.
    const text = arg.startsWith('States') ? JSON.stringify(evaluateIntrinsic(arg, input, context)) : arg;
    if (text[0] === "'") return text.slice(1, text.lastIndexOf("'"));
    if (text[0] === '$') return queryPath(text, input, context);
    return JSON.parse(text);
  });
  const definition = INTRINSIC_FUNCTIONS[name] as IntrinsicFunction;
  checkArguments(name, definition, values);
  const result = definition.execute(...values);
  return typeof result === 'string' ? result.replaceAll('\\', '') : result;
}

/** True when every `.$` field of a payload template is a supported path or intrinsic call. */
export function isSupportedTemplate(template: unknown): boolean {
  if (typeof template !== 'object' || template === null) return true;
  if (Array.isArray(template)) return template.every(isSupportedTemplate);
  return Object.entries(template).every(([key, value]) => {
    if (key.endsWith('.$') && typeof value === 'string')
      return value.startsWith('$') ? isSupportedReferencePath(value) : isSupportedIntrinsic(value);
    return isSupportedTemplate(value);
  });
}

/** A payload template made into a function once (see `TemplateCache`). */
type CompiledTemplate = (input: unknown, context: unknown) => unknown;

/**
 * Compiled templates by template object, for one run (a definition does not change during a
 * run; between runs a caller may change it, so each run has its own cache).
 */
export type TemplateCache = WeakMap<object, CompiledTemplate>;

/** Applies a payload template (Parameters, ResultSelector) as the library does. */
export function applyTemplate(
  template: unknown,
  input: unknown,
  context: unknown,
  cache: TemplateCache,
): unknown {
  if (typeof template !== 'object' || template === null) return template;
  return compiledTemplate(template, cache)(input, context);
}

function compiledTemplate(template: object, cache: TemplateCache): CompiledTemplate {
  let compiled = cache.get(template);
  if (!compiled) {
    compiled = compileTemplate(template, cache);
    cache.set(template, compiled);
  }
  return compiled;
}

/** What the library makes of a value inside an array of a template: any object is a template. */
function compileItem(value: unknown, cache: TemplateCache): CompiledTemplate {
  if (typeof value !== 'object' || value === null) return () => value;
  return compiledTemplate(value, cache);
}

function compileTemplate(template: object, cache: TemplateCache): CompiledTemplate {
  if (Array.isArray(template)) {
    const items = template.map((value) => compileItem(value, cache));
    return (input, context) => items.map((item) => item(input, context));
  }
  const fields = Object.entries(template).map(([key, value]): [string, CompiledTemplate] => {
    if (key.endsWith('.$') && typeof value === 'string') {
      const produce: CompiledTemplate = value.startsWith('$')
        ? (input, context) => queryPath(value, input, context)
        : (input, context) => evaluateIntrinsic(value, input, context);
      return [key.replace('.$', ''), produce];
    }
    if (Array.isArray(value) || isPlainObject(value)) return [key, compiledTemplate(value, cache)];
    return [key, () => value];
  });
  // Fields are evaluated in order (the first that fails decides the error), as the library does.
  return (input, context) =>
    Object.fromEntries(fields.map(([key, produce]) => [key, produce(input, context)]));
}

const resultPathKeys = new Map<string, string[]>();

/**
 * Places a result into the state's input at a ResultPath (`$.a.b`), copying the objects on the
 * way and sharing the rest; null keeps the input, no ResultPath gives the result.
 */
export function applyResultPath(path: unknown, input: unknown, result: unknown): unknown {
  if (path === undefined) return result;
  if (path === null) return input;
  if (!isPlainObject(input)) throw new LocalResultPathMatchFailureError();
  const text = path as string;
  let keys = resultPathKeys.get(text);
  if (!keys) {
    keys = text.slice(2).split('.');
    resultPathKeys.set(text, keys);
  }
  const place = (target: unknown, at: number): unknown => {
    if (at === keys.length) return result;
    const copy: Record<string, unknown> =
      typeof target === 'object' && target !== null && !Array.isArray(target)
        ? { ...(target as Record<string, unknown>) }
        : {};
    const key = keys[at] as string;
    const existing = copy[key];
    copy[key] = place(existing !== undefined ? existing : null, at + 1);
    return copy;
  };
  return place(input, 0);
}
