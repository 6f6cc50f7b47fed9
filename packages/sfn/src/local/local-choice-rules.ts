/**
 * Choice rules for the local interpreter, as AWS Step Functions tests them ("Choice workflow
 * state", https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html): a comparison is
 * true only when the Variable holds a value of the operator's type (a string for String*, a number
 * for Numeric*, a boolean for BooleanEquals, an RFC 3339 timestamp for Timestamp*); a value of
 * another type makes it false, not an error, as AWS answers a NumericGreaterThanEquals on "ABC"
 * (https://repost.aws/questions/QUl2TFCDYHSUmGLR6uM-btQA). A `...Path` operand of the wrong type
 * fails the state with States.Runtime: AWS reads it as 0 there (the same thread), which nobody
 * means, so a local run fails instead. A type test (IsNull, IsPresent, IsNumeric, IsString,
 * IsBoolean, IsTimestamp) is true when the Variable's answer equals the test's boolean: `IsPresent:
 * false` is true for a field that is absent.
 */
import {
  booleanConstraint,
  isRfc3339Timestamp,
  isSupportedReferencePath,
  numberConstraint,
  type PathConstraint,
  queryPath,
  stringConstraint,
  timestampConstraint,
} from './local-json-path.js';

export type ChoiceRule = Record<string, unknown>;
export type RuleTest = (input: unknown, context: unknown) => boolean;

type Comparison = (a: never, b: never) => boolean;
const equal = (a: unknown, b: unknown) => a === b;
const less = (a: number | string, b: number | string) => a < b;
const greater = (a: number | string, b: number | string) => a > b;
const lessOrEqual = (a: number | string, b: number | string) => a <= b;
const greaterOrEqual = (a: number | string, b: number | string) => a >= b;

interface Operator {
  key: string;
  compare: Comparison;
  /** True for a Variable value of the operator's type. */
  accepts: (value: unknown) => boolean;
  /** The operand is a path (checked with this constraint) rather than a literal. */
  path?: PathConstraint;
  timestamp?: boolean;
}

const COMPARISONS = [
  ['Equals', equal],
  ['LessThan', less],
  ['GreaterThan', greater],
  ['LessThanEquals', lessOrEqual],
  ['GreaterThanEquals', greaterOrEqual],
] as const;

const OPERATORS: Operator[] = [
  ...(
    [
      ['String', stringConstraint, (value: unknown) => typeof value === 'string', false],
      ['Numeric', numberConstraint, (value: unknown) => typeof value === 'number', false],
      ['Timestamp', timestampConstraint, isRfc3339Timestamp, true],
    ] as const
  ).flatMap(([prefix, constraint, accepts, timestamp]) =>
    COMPARISONS.flatMap(([name, compare]) => [
      { key: `${prefix}${name}`, compare, accepts, timestamp },
      { key: `${prefix}${name}Path`, compare, accepts, path: constraint, timestamp },
    ]),
  ),
  { key: 'BooleanEquals', compare: equal, accepts: (value) => typeof value === 'boolean' },
  {
    key: 'BooleanEqualsPath',
    compare: equal,
    accepts: (value) => typeof value === 'boolean',
    path: booleanConstraint,
  },
];

const TYPE_TESTS: Record<string, ((value: unknown) => boolean) | undefined> = {
  IsNull: (value) => value === null,
  IsPresent: (value) => value !== undefined,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: isRfc3339Timestamp,
};

/** True for a rule the interpreter tests (StringMatches, and paths it does not read, go to the library). */
export function isSupportedRule(rule: ChoiceRule): boolean {
  if ('And' in rule) return Array.isArray(rule.And) && (rule.And as ChoiceRule[]).every(isSupportedRule);
  if ('Or' in rule) return Array.isArray(rule.Or) && (rule.Or as ChoiceRule[]).every(isSupportedRule);
  if ('Not' in rule) return typeof rule.Not === 'object' && isSupportedRule(rule.Not as ChoiceRule);
  if ('StringMatches' in rule) return false;
  const operator = OPERATORS.find(({ key }) => key in rule);
  if (operator) {
    if (!isSupportedReferencePath(rule.Variable)) return false;
    return !operator.path || isSupportedReferencePath(rule[operator.key]);
  }
  if (Object.keys(TYPE_TESTS).some((test) => test in rule)) return isSupportedReferencePath(rule.Variable);
  return true;
}

/** A Choice rule as a function, made once per rule object. */
export function ruleTest(rule: ChoiceRule, cache: WeakMap<ChoiceRule, RuleTest>): RuleTest {
  let test = cache.get(rule);
  if (!test) {
    test = compileRule(rule, cache);
    cache.set(rule, test);
  }
  return test;
}

function compileRule(rule: ChoiceRule, cache: WeakMap<ChoiceRule, RuleTest>): RuleTest {
  if ('And' in rule) {
    const inner = (rule.And as ChoiceRule[]).map((item) => ruleTest(item, cache));
    return (input, context) => inner.every((test) => test(input, context));
  }
  if ('Or' in rule) {
    const inner = (rule.Or as ChoiceRule[]).map((item) => ruleTest(item, cache));
    return (input, context) => inner.some((test) => test(input, context));
  }
  if ('Not' in rule) {
    const inner = ruleTest(rule.Not as ChoiceRule, cache);
    return (input, context) => !inner(input, context);
  }
  const variable = rule.Variable as string;
  const operator = OPERATORS.find(({ key }) => key in rule);
  if (operator) {
    const { compare, accepts, path, timestamp } = operator as Operator & {
      compare: (a: unknown, b: unknown) => boolean;
    };
    const literal = rule[operator.key];
    return (input, context) => {
      const found = queryPath(variable, input, context);
      const operand = path ? queryPath(literal as string, input, context, path) : literal;
      if (!accepts(found)) return false;
      return timestamp
        ? compare(Date.parse(found as string), Date.parse(operand as string))
        : compare(found, operand);
    };
  }
  const testName = Object.keys(TYPE_TESTS).find((test) => test in rule);
  if (testName) {
    const test = TYPE_TESTS[testName] as (value: unknown) => boolean;
    const expected = rule[testName] === true;
    const mayBeAbsent = testName === 'IsPresent';
    return (input, context) => test(queryPath(variable, input, context, undefined, mayBeAbsent)) === expected;
  }
  return () => false;
}
