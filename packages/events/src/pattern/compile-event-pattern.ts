import { ValidationError, type ValidationIssue } from '@eks-upgrade/core-models';
import { isInRange, parseCidr, parseIpAddress } from './cidr.js';
import {
  MAX_WILDCARD_COMPLEXITY,
  wildcardComplexity,
  wildcardProblem,
  wildcardToRegExp,
} from './wildcard.js';

/**
 * An EventBridge event pattern: field names mapped to arrays of match values (exact values or
 * operator objects), nested objects for nested fields, and `$or` for alternatives.
 */
export type EventPattern = { readonly [field: string]: unknown };

/** A scalar leaf of an event, the only values an operator compares. */
type Leaf = string | number | boolean | null;

/** Tests the leaves found at one field path (empty when the field is absent or not a leaf). */
type LeafTest = (leaves: readonly Leaf[]) => boolean;

/** Tests one event node (an object, or `undefined` when the field is absent). */
type NodeTest = (node: unknown) => boolean;

/** Numeric matching is limited to this range by EventBridge. */
const NUMERIC_LIMIT = 5e9;

/**
 * event-ruler's comparable form of a number: numbers compare to 6 digits after the decimal
 * point, computed as it does (`(long) (1e6 * (5e9 + n))`, the same IEEE arithmetic); numbers
 * outside ±5e9 have none, so numeric operators never match them.
 */
function comparableNumber(value: number): number | undefined {
  return value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT
    ? undefined
    : Math.trunc(1e6 * (NUMERIC_LIMIT + value));
}

/** Exact number matching: the same number, or the same comparable form (event-ruler). */
function sameNumber(leaf: Leaf, expected: number, expectedComparable: number | undefined): boolean {
  if (typeof leaf !== 'number') return false;
  return (
    leaf === expected || (expectedComparable !== undefined && comparableNumber(leaf) === expectedComparable)
  );
}
const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);
const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
] as const;

/** A validated, compiled event pattern: `matches(event)` applies EventBridge's semantics. */
export interface CompiledEventPattern {
  /** The pattern as given. */
  readonly pattern: EventPattern;
  /** True when `event` (the full envelope) matches the pattern. */
  matches(event: unknown): boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function joinPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

/** The scalar values at `node[key]`, with arrays (at any depth) flattened and objects left out. */
function leavesOf(value: unknown, into: Leaf[] = []): Leaf[] {
  if (Array.isArray(value)) {
    for (const element of value) leavesOf(element, into);
  } else if (value === null || typeof value === 'string' || typeof value === 'number') {
    into.push(value);
  } else if (typeof value === 'boolean') {
    into.push(value);
  }
  return into;
}

/** The objects an object-valued pattern is matched against: arrays are "crushed out". */
function objectsOf(value: unknown, into: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const element of value) objectsOf(element, into);
  } else if (isPlainObject(value)) {
    into.push(value);
  }
  return into;
}

const lower = (text: string): string => text.toLowerCase();

/**
 * The segments of a field name with dots (`"detail.state"` → `["detail", "state"]`); undefined
 * for a plain name. EventBridge flattens patterns and events to dotted field paths, so
 * `{"a.b": …}` and `{"a": {"b": …}}` name the same field, in patterns and in events alike.
 */
function dottedSegments(name: string): string[] | undefined {
  if (!name.includes('.')) return undefined;
  const segments = name.split('.');
  return segments.every((segment) => segment.length > 0) ? segments : undefined;
}

/** Sets an own property, even one named `__proto__` (an event's field names are data). */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Puts `value` at `target[key]`, merging objects and collecting other values as an array. */
function mergeField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (!Object.hasOwn(target, key)) {
    setField(target, key, value);
    return;
  }
  const existing = target[key];
  if (isPlainObject(existing) && isPlainObject(value)) {
    const merged: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(existing)) setField(merged, name, member);
    for (const [name, member] of Object.entries(value)) mergeField(merged, name, member);
    setField(target, key, merged);
    return;
  }
  // A leaf and an object under one path are both values of it, as an array's elements are.
  setField(target, key, [
    ...(Array.isArray(existing) ? existing : [existing]),
    ...(Array.isArray(value) ? value : [value]),
  ]);
}

/**
 * `node` with its own dotted field names expanded one level (`{"a.b": 1}` → `{"a": {"b": 1}}`),
 * or `node` itself when it has none. Deeper levels are expanded when the pattern reaches them, so
 * matching reads only the parts of the event the pattern names and never changes the event.
 */
function expandDottedNames(node: unknown): unknown {
  if (!isPlainObject(node)) return node;
  const keys = Object.keys(node);
  let dotted = false;
  for (let index = 0; index < keys.length && !dotted; index++) dotted = keys[index]!.indexOf('.') !== -1;
  if (!dotted) return node;
  const expanded: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(node)) {
    const segments = dottedSegments(key);
    if (segments === undefined) {
      mergeField(expanded, key, member);
    } else {
      const nested = segments.slice(1).reduceRight<unknown>((inner, segment) => {
        const level: Record<string, unknown> = {};
        setField(level, segment, inner);
        return level;
      }, member);
      mergeField(expanded, segments[0]!, nested);
    }
  }
  return expanded;
}

class PatternCompiler {
  readonly issues: ValidationIssue[] = [];
  /** The wildcard values of each event field (dotted path, `$or` left out), for the complexity bound. */
  readonly wildcardsByField = new Map<string, { path: string; values: string[] }>();

  private fail(path: string, message: string): LeafTest {
    this.issues.push({ path, message });
    return () => false;
  }

  compileObject(pattern: Record<string, unknown>, path: string, insideOr = false, field = ''): NodeTest {
    const keys = Object.keys(pattern);
    if (keys.length === 0) {
      this.issues.push({ path, message: 'must not be an empty object' });
      return () => false;
    }
    if (insideOr) {
      for (const key of keys.filter((name) => (OPERATORS as readonly string[]).includes(name))) {
        this.issues.push({
          path: joinPath(path, key),
          message: `"${key}" is an operator name and cannot be a field inside $or`,
        });
      }
    }
    const tests: NodeTest[] = [];
    for (const key of keys) {
      const value = pattern[key];
      const fieldPath = joinPath(path, key);
      const segments = key === '$or' ? undefined : dottedSegments(key);
      if (segments) {
        // `{"a.b": v}` is `{"a": {"b": v}}`; compiled on its own and ANDed with the other fields.
        const [first, ...rest] = segments as [string, ...string[]];
        const nestedPattern = {
          [first]: rest.reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value),
        };
        tests.push(this.compileObject(nestedPattern, path, insideOr, field));
        continue;
      }
      const fieldName = joinPath(field, key);
      if (key === '$or') {
        tests.push(this.compileOr(value, fieldPath, field));
      } else if (isPlainObject(value)) {
        const nested = this.compileObject(value, fieldPath, insideOr, fieldName);
        tests.push((node) => {
          const child = isPlainObject(node) ? node[key] : undefined;
          const candidates = objectsOf(child);
          // An absent (or non-object) field still has to satisfy `exists: false` leaves below it.
          // Inside arrays of objects each element is tried on its own (array consistency); for
          // `exists: false` there event-ruler's answer depends on field order (see README).
          if (candidates.length === 0) return nested(undefined);
          return candidates.some(nested);
        });
      } else if (Array.isArray(value)) {
        const leafTest = this.compileValues(value, fieldPath, fieldName);
        tests.push((node) => leafTest(isPlainObject(node) ? leavesOf(node[key]) : []));
      } else {
        this.issues.push({
          path: fieldPath,
          message: `must be an object or an array of match values, not ${describe(value)}`,
        });
      }
    }
    return (node) => {
      const fields = expandDottedNames(node);
      for (const test of tests) if (!test(fields)) return false;
      return true;
    };
  }

  private compileOr(value: unknown, path: string, field: string): NodeTest {
    if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
      this.issues.push({ path, message: '$or must be an array of at least two pattern objects' });
      return () => false;
    }
    const alternatives = value.map((alternative, index) =>
      this.compileObject(alternative, `${path}[${index}]`, true, field),
    );
    return (node) => alternatives.some((alternative) => alternative(node));
  }

  private compileValues(values: unknown[], path: string, field: string): LeafTest {
    if (values.length === 0) return this.fail(path, 'must not be an empty array');
    const tests = values.map((value, index) => this.compileValue(value, `${path}[${index}]`, field));
    return (leaves) => {
      for (const test of tests) if (test(leaves)) return true;
      return false;
    };
  }

  private compileValue(value: unknown, path: string, field: string): LeafTest {
    if (typeof value === 'string') {
      // Like event-ruler, an IP address matches the same address however it is written.
      const address = parseIpAddress(value);
      if (address === undefined) return (leaves) => leaves.includes(value);
      return this.anyLeaf((leaf) => {
        if (leaf === value) return true;
        const candidate = typeof leaf === 'string' ? parseIpAddress(leaf) : undefined;
        return (
          candidate !== undefined &&
          candidate.version === address.version &&
          candidate.value === address.value
        );
      });
    }
    if (typeof value === 'boolean' || value === null) {
      return (leaves) => leaves.includes(value);
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return this.fail(path, 'must be a finite number');
      const expected = comparableNumber(value);
      return this.anyLeaf((leaf) => sameNumber(leaf, value, expected));
    }
    if (!isPlainObject(value)) {
      return this.fail(
        path,
        `must be a string, number, boolean, null or an operator object, not ${describe(value)}`,
      );
    }
    const keys = Object.keys(value);
    if (keys.length !== 1) {
      return this.fail(path, `an operator object must have exactly one operator (${OPERATORS.join(', ')})`);
    }
    const operator = keys[0]!;
    const operand = value[operator];
    const operandPath = `${path}.${operator}`;
    switch (operator) {
      case 'exists':
        if (typeof operand !== 'boolean') return this.fail(operandPath, 'exists must be true or false');
        return operand ? (leaves) => leaves.length > 0 : (leaves) => leaves.length === 0;
      case 'prefix':
      case 'suffix':
        return this.anyLeaf(this.affixTest(operator, operand, operandPath));
      case 'equals-ignore-case':
        if (typeof operand !== 'string') return this.fail(operandPath, 'equals-ignore-case must be a string');
        return this.anyLeaf((leaf) => typeof leaf === 'string' && lower(leaf) === lower(operand));
      case 'wildcard':
        return this.anyLeaf(this.wildcardTest(operand, operandPath, false, field));
      case 'numeric':
        return this.anyLeaf(this.numericTest(operand, operandPath));
      case 'cidr':
        return this.anyLeaf(this.cidrTest(operand, operandPath));
      case 'anything-but': {
        const excluded = this.anythingButTest(operand, operandPath, field);
        // Absent fields never match anything-but; otherwise any leaf outside the exclusion matches.
        return this.anyLeaf((leaf) => !excluded(leaf));
      }
      default:
        return this.fail(path, `unknown operator "${operator}"; expected one of ${OPERATORS.join(', ')}`);
    }
  }

  /** EventBridge's bound on how many partial wildcard matches one field may keep alive at once. */
  checkWildcardComplexity(): void {
    for (const [field, { path, values }] of this.wildcardsByField) {
      const complexity = wildcardComplexity(values);
      if (complexity <= MAX_WILDCARD_COMPLEXITY) continue;
      this.issues.push({
        path,
        message: `rule is too complex - try using fewer wildcard characters or a more specific wildcard pattern (the wildcards on ${field} keep ${Number.isFinite(complexity) ? complexity : 'too many'} partial matches alive at once; EventBridge allows about ${MAX_WILDCARD_COMPLEXITY})`,
      });
    }
  }

  private anyLeaf(test: (leaf: Leaf) => boolean): LeafTest {
    return (leaves) => {
      for (const leaf of leaves) if (test(leaf)) return true;
      return false;
    };
  }

  private affixTest(operator: 'prefix' | 'suffix', operand: unknown, path: string): (leaf: Leaf) => boolean {
    const rule = `${operator} must be a string or {"equals-ignore-case": "<string>"}`;
    let expected: string;
    let ignoreCase = false;
    if (typeof operand === 'string') {
      expected = operand;
    } else if (
      isPlainObject(operand) &&
      Object.keys(operand).length === 1 &&
      typeof operand['equals-ignore-case'] === 'string'
    ) {
      expected = lower(operand['equals-ignore-case']);
      ignoreCase = true;
    } else {
      this.issues.push({ path, message: rule });
      return () => false;
    }
    if (operator === 'prefix') {
      return ignoreCase
        ? (leaf) => typeof leaf === 'string' && lower(leaf).startsWith(expected)
        : (leaf) => typeof leaf === 'string' && leaf.startsWith(expected);
    }
    return ignoreCase
      ? (leaf) => typeof leaf === 'string' && lower(leaf).endsWith(expected)
      : (leaf) => typeof leaf === 'string' && leaf.endsWith(expected);
  }

  private wildcardTest(
    operand: unknown,
    path: string,
    allowList: boolean,
    field: string,
  ): (leaf: Leaf) => boolean {
    const values = allowList && Array.isArray(operand) && operand.length > 0 ? operand : [operand];
    const expressions: RegExp[] = [];
    for (const value of values) {
      if (typeof value !== 'string') {
        this.issues.push({
          path,
          message: allowList
            ? 'wildcard must be a string or a non-empty list of strings'
            : 'wildcard must be a string',
        });
        return () => false;
      }
      const problem = wildcardProblem(value);
      if (problem) {
        this.issues.push({ path, message: `invalid wildcard "${value}": ${problem}` });
        return () => false;
      }
      expressions.push(wildcardToRegExp(value));
    }
    const recorded = this.wildcardsByField.get(field);
    if (recorded) recorded.values.push(...(values as string[]));
    else this.wildcardsByField.set(field, { path, values: [...(values as string[])] });
    return (leaf) => typeof leaf === 'string' && expressions.some((expression) => expression.test(leaf));
  }

  /**
   * event-ruler's grammar: `["=", n]`, `["<", n]`, `["<=", n]`, `[">", n]`, `[">=", n]`, or a
   * lower bound followed by an upper bound (`[">", 0, "<=", 5]`) with lower < upper.
   */
  private numericTest(operand: unknown, path: string): (leaf: Leaf) => boolean {
    const rule =
      'numeric must be ["=", n], one bound such as [">", n], or a lower bound then an upper bound such as [">", 0, "<=", 5], with numbers between -5e9 and 5e9';
    const invalid = (message = rule) => {
      this.issues.push({ path, message });
      return () => false;
    };
    if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return invalid();
    const [operator, limit, upperOperator, upperLimit] = operand as unknown[];
    const isLimit = (value: unknown): value is number =>
      typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= NUMERIC_LIMIT;
    if (typeof operator !== 'string' || !isLimit(limit)) return invalid();
    const comparableLimit = comparableNumber(limit)!;
    const comparisons: Array<(value: number) => boolean> = [];
    switch (operator) {
      case '=':
        comparisons.push((value) => value === comparableLimit);
        break;
      case '>':
        comparisons.push((value) => value > comparableLimit);
        break;
      case '>=':
        comparisons.push((value) => value >= comparableLimit);
        break;
      case '<':
        comparisons.push((value) => value < comparableLimit);
        break;
      case '<=':
        comparisons.push((value) => value <= comparableLimit);
        break;
      default:
        return invalid(`unknown numeric operator "${operator}"; ${rule}`);
    }
    if (operand.length === 4) {
      if (
        !LOWER_BOUNDS.has(operator) ||
        typeof upperOperator !== 'string' ||
        !UPPER_BOUNDS.has(upperOperator)
      ) {
        return invalid();
      }
      if (!isLimit(upperLimit)) return invalid();
      if (limit >= upperLimit) return invalid('numeric lower bound must be below the upper bound');
      const comparableUpper = comparableNumber(upperLimit)!;
      comparisons.push(
        upperOperator === '<' ? (value) => value < comparableUpper : (value) => value <= comparableUpper,
      );
    }
    return (leaf) => {
      if (typeof leaf !== 'number') return false;
      const comparable = comparableNumber(leaf);
      return comparable !== undefined && comparisons.every((comparison) => comparison(comparable));
    };
  }

  private cidrTest(operand: unknown, path: string): (leaf: Leaf) => boolean {
    const network = typeof operand === 'string' ? parseCidr(operand) : undefined;
    if (network === undefined) {
      this.issues.push({
        path,
        message:
          'cidr must be an IPv4 or IPv6 CIDR block such as 10.0.0.0/24 (mask bits below 32, or 128 for IPv6)',
      });
      return () => false;
    }
    return (leaf) => typeof leaf === 'string' && isInRange(network, leaf);
  }

  /** The exclusion of an anything-but: true for the leaves the operand names. */
  private anythingButTest(operand: unknown, path: string, field: string): (leaf: Leaf) => boolean {
    const rule =
      'anything-but must be a string, a number, a non-empty list of only strings or only numbers, or {"prefix"|"suffix": non-empty string | non-empty list of non-empty strings}, {"equals-ignore-case": string | string[]}, {"wildcard": string | string[]}';
    if (typeof operand === 'string') return (leaf) => leaf === operand;
    if (typeof operand === 'number' && Number.isFinite(operand)) {
      const expected = comparableNumber(operand);
      return (leaf) => sameNumber(leaf, operand, expected);
    }
    if (Array.isArray(operand)) {
      const allStrings = operand.every((value) => typeof value === 'string');
      const allNumbers = operand.every((value) => typeof value === 'number' && Number.isFinite(value));
      if (operand.length === 0 || !(allStrings || allNumbers)) {
        this.issues.push({ path, message: rule });
        return () => false;
      }
      if (allStrings) {
        const excluded = new Set<Leaf>(operand as string[]);
        return (leaf) => excluded.has(leaf);
      }
      const numbers = (operand as number[]).map((value) => [value, comparableNumber(value)] as const);
      return (leaf) => numbers.some(([value, comparable]) => sameNumber(leaf, value, comparable));
    }
    if (isPlainObject(operand) && Object.keys(operand).length === 1) {
      const [inner] = Object.keys(operand) as [string];
      const innerOperand = operand[inner];
      const innerPath = `${path}.${inner}`;
      if (inner === 'prefix' || inner === 'suffix') {
        // AWS takes one prefix (suffix) or a list of them, strings only ("Content filtering in
        // Amazon EventBridge event patterns", anything-but matching).
        const affixes = typeof innerOperand === 'string' ? [innerOperand] : innerOperand;
        if (
          Array.isArray(affixes) &&
          affixes.length > 0 &&
          affixes.every((affix) => typeof affix === 'string' && affix !== '')
        ) {
          const tests = (affixes as string[]).map((affix) => this.affixTest(inner, affix, innerPath));
          return (leaf) => tests.some((test) => test(leaf));
        }
      }
      if (inner === 'equals-ignore-case') {
        const values = typeof innerOperand === 'string' ? [innerOperand] : innerOperand;
        if (
          Array.isArray(values) &&
          values.length > 0 &&
          values.every((value) => typeof value === 'string')
        ) {
          const excluded = new Set(values.map(lower));
          return (leaf) => typeof leaf === 'string' && excluded.has(lower(leaf));
        }
      }
      if (inner === 'wildcard') return this.wildcardTest(innerOperand, innerPath, true, field);
    }
    this.issues.push({ path, message: rule });
    return () => false;
  }
}

const compiledPatterns = new WeakMap<object, CompiledEventPattern>();

/**
 * Validates an EventBridge event pattern and compiles it for fast, repeated matching. Throws a
 * `ValidationError` naming every offending path and the rule it breaks.
 *
 * @example
 * ```ts
 * const compiled = compileEventPattern({ source: ['eks-upgrade-agent'], detail: { weight: [{ numeric: ['>=', 50] }] } });
 * compiled.matches(envelope); // true or false
 * ```
 */
export function compileEventPattern(pattern: unknown): CompiledEventPattern {
  if (isPlainObject(pattern)) {
    const cached = compiledPatterns.get(pattern);
    if (cached) return cached;
  }
  const compiler = new PatternCompiler();
  let test: NodeTest = () => false;
  if (!isPlainObject(pattern)) {
    compiler.issues.push({ path: '', message: `must be a JSON object, not ${describe(pattern)}` });
  } else {
    test = compiler.compileObject(pattern, '');
    compiler.checkWildcardComplexity();
  }
  if (compiler.issues.length > 0) {
    throw new ValidationError('Invalid event pattern', compiler.issues);
  }
  const compiled: CompiledEventPattern = {
    pattern: pattern as EventPattern,
    matches: (event) => test(event),
  };
  compiledPatterns.set(pattern as object, compiled);
  return compiled;
}

/**
 * Checks that `pattern` is a valid EventBridge event pattern; throws a `ValidationError` naming
 * each offending path and rule otherwise. Returns the pattern, typed.
 *
 * @example
 * ```ts
 * validateEventPattern({ detail: { weight: [{ numeric: ['>', 10, '<', 5] }] } });
 * // ValidationError: Invalid event pattern: detail.weight[0].numeric: numeric lower bound must be below the upper bound
 * ```
 */
export function validateEventPattern(pattern: unknown): EventPattern {
  return compileEventPattern(pattern).pattern;
}

/**
 * True when `event` — the full EventBridge envelope (`version`, `id`, `detail-type`, `source`,
 * `account`, `time`, `region`, `resources`, `detail`) — matches `pattern` under EventBridge's
 * rules: exact values, arrays as OR, matching inside event arrays, `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but`, `numeric`, `exists`, `cidr`, `wildcard`, `$or`, `null`
 * and empty strings. An invalid pattern throws a `ValidationError`. Compiled patterns are
 * cached per pattern object, so matching the same pattern object again is cheap; treat a
 * pattern as immutable once used (or call `compileEventPattern` on a fresh object).
 *
 * @example
 * ```ts
 * matchesEventPattern(
 *   { source: ['eks-upgrade-agent'], 'detail-type': [{ prefix: 'phase.' }], detail: { clusterName: ['prod'] } },
 *   { version: '0', id: '1', 'detail-type': 'phase.failed', source: 'eks-upgrade-agent', account: '123456789012',
 *     time: '2025-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { clusterName: 'prod' } },
 * ); // true
 * ```
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}
