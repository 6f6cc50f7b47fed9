/**
 * JSONPath input and output processing for the local interpreter (`local-interpreter.ts`): the
 * paths the upgrade workflow's states use (`.name`, `[index]`, `[*]`, `[?(@.name == 'text')]`,
 * from `$` or the context object `$$`), the ResultPath it applies, and the errors AWS Step
 * Functions fails a state with when they do not apply. The rules are AWS's, from the developer
 * guide: "Processing input and output in Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html),
 * "Reference paths" (https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html),
 * "Specifying state output using ResultPath"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html) and "Handling
 * errors" (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html); the
 * intrinsic functions are in `local-intrinsic-functions.ts`. These rules are not aws-local-stepfunctions':
 * where that library differs from AWS (it strips every backslash from the string an intrinsic
 * function returns, reads `.length` of a string, compares a filter loosely), this file does what AWS
 * does, so a definition the runner leaves to the library (`canInterpretLocally`) may still differ
 * there. Where the guide leaves a case open, the rule here fails rather than tolerates.
 */

/** A runtime error of a state, with whether Retry and Catch may match it (the library reads the same two flags). */
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
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; key: string; literal: string };

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** `.name`, `[index]`, `[*]`, and a filter `[?(@.name == 'text')]`. */
const PATH_PART = new RegExp(
  `^(?:\\.(${NAME})|\\[(\\d+)\\]|\\[\\*\\]|\\[\\?\\(@\\.(${NAME}) == '([A-Za-z0-9_. -]*)'\\)\\])`,
);
/** A ResultPath the interpreter applies: `$.name(.name)*`. */
const RESULT_PATH = new RegExp(`^\\$(\\.${NAME})+$`);
/** Filter names left to the library (jsonpath-plus refuses them; the interpreter keeps its choice). */
const LIBRARY_FILTER_NAMES = new Set([
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
  /** No wildcard nor filter: one value or nothing. */
  definite: boolean;
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
      const [text, name, index, filterKey, literal] = match;
      if (name !== undefined) parts.push({ kind: 'key', key: name });
      else if (index !== undefined) parts.push({ kind: 'index', index: Number(index) });
      else if (filterKey !== undefined && !LIBRARY_FILTER_NAMES.has(filterKey))
        parts.push({ kind: 'filter', key: filterKey, literal: literal as string });
      else if (filterKey !== undefined) break;
      else parts.push({ kind: 'wildcard' });
      rest = rest.slice(text.length);
    }
    if (rest.length === 0)
      compiled = {
        context,
        parts,
        definite: parts.every((part) => part.kind === 'key' || part.kind === 'index'),
      };
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

/** A JSON object (not an array, not null). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One step of a definite path: a name selects a field of an object, an index an item of an array;
 * nothing else (a string's `length` or characters, an object's field named "0") is JSON data.
 */
function step(value: unknown, part: PathPart): unknown {
  if (part.kind === 'key')
    return isJsonObject(value) && Object.hasOwn(value, part.key) ? value[part.key] : undefined;
  if (part.kind === 'index')
    return Array.isArray(value) && part.index < value.length ? value[part.index] : undefined;
  return undefined;
}

/** The children `[*]` and a filter walk: an array's items, an object's values. */
function childrenOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isJsonObject(value)) return Object.keys(value).map((key) => value[key]);
  return [];
}

/**
 * A filter `@.name == 'text'`: an item matches when it is an object whose field is that very
 * string (JSON has no loose equality: the number 3 is not '3'; an item without the field, or not
 * an object, does not match).
 */
function passesFilter(item: unknown, part: Extract<PathPart, { kind: 'filter' }>): boolean {
  return isJsonObject(item) && Object.hasOwn(item, part.key) && item[part.key] === part.literal;
}

/** The values a path with wildcards or filters selects, in document order. */
function trace(parts: PathPart[], at: number, value: unknown, found: unknown[]): void {
  if (at === parts.length) {
    found.push(value);
    return;
  }
  const part = parts[at] as PathPart;
  if (part.kind === 'key' || part.kind === 'index') {
    const next = step(value, part);
    if (next !== undefined) trace(parts, at + 1, next, found);
    return;
  }
  for (const child of childrenOf(value))
    if (part.kind === 'wildcard' || passesFilter(child, part)) trace(parts, at + 1, child, found);
}

/** Checks the type of a value a path selected (Choice `...Path` operands, Fail's ErrorPath and CausePath). */
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

/**
 * The timestamp Choice rules and Wait states take: "the RFC3339 profile of ISO 8601, with the
 * further restrictions that an uppercase T must separate the date and time portions, and an
 * uppercase Z must denote that a numeric time zone offset is not present"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html). Only a string is one.
 */
export function isRfc3339Timestamp(value: unknown): boolean {
  return typeof value === 'string' && RFC3339_TIMESTAMP.test(value);
}

export const timestampConstraint: PathConstraint = (value, path) => {
  if (typeof value !== 'string' || !isRfc3339Timestamp(value))
    throw new LocalStatesRuntimeError(
      `Path expression '${path}' evaluated to ${describe(value)}, but expected a timestamp conforming to the RFC3339 profile`,
    );
};

/**
 * Reads a path from the state's input (`$`, the whole input whatever it is) or the context object
 * (`$$`). A path with `[*]` or a filter selects the list of what it matched. A path that selects
 * nothing fails with `States.Runtime` unless `mayBeAbsent` (IsPresent): AWS fails a state whose
 * InputPath, Parameters, ResultSelector, OutputPath or Choice Variable path matches nothing
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html, States.Runtime).
 * A list that matched nothing is not a value either: where AWS might give `[]` this fails.
 */
export function queryPath(
  path: string,
  input: unknown,
  context: unknown,
  constraint?: PathConstraint,
  mayBeAbsent = false,
): unknown {
  const { context: fromContext, parts, definite } = compilePath(path) as CompiledPath;
  const root = fromContext ? context : input;
  let value: unknown;
  if (definite) {
    value = root;
    for (const part of parts) {
      value = step(value, part);
      if (value === undefined) break;
    }
  } else {
    const found: unknown[] = [];
    trace(parts, 0, root, found);
    value = found.length > 0 ? found : undefined;
  }
  if (!mayBeAbsent && value === undefined)
    throw new LocalStatesRuntimeError(`Path expression '${path}' does not point to a value`);
  constraint?.(value, path);
  return value;
}

/** A plain object (what a payload template is made of). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && Object.getPrototypeOf(value) === Object.prototype;
}

/** A JSON copy: plain objects and arrays copied deeply (other objects lose their prototype). */
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

const resultPathKeys = new Map<string, string[]>();

/**
 * Places a result into the state's input at a ResultPath (`$.a.b`), copying the objects on the
 * way and sharing the rest; null keeps the input, no ResultPath gives the result
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html). A field
 * missing on the way is created; a field on the way that holds something other than an object
 * (null included: the guide does not say it is replaced) fails with States.ResultPathMatchFailure,
 * as an input that is not an object does.
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
  const place = (target: Record<string, unknown>, at: number): Record<string, unknown> => {
    const copy = { ...target };
    const key = keys[at] as string;
    let value: unknown;
    if (at === keys.length - 1) value = result;
    else if (!Object.hasOwn(copy, key)) value = place({}, at + 1);
    else if (isJsonObject(copy[key])) value = place(copy[key] as Record<string, unknown>, at + 1);
    else throw new LocalResultPathMatchFailureError();
    // A field named __proto__ is data, not the prototype.
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  };
  return place(input, 0);
}
