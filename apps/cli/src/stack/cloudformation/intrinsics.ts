import type { StackLocation } from '../stack-names.js';
import { PREFIX_PATH_VARIABLE, PREFIX_TOKEN } from './template-parameters.js';

/**
 * Placeholders the template builder passes where deploy passes real values (the account, region
 * and partition, and the ARNs of resources the template creates), so that the very functions
 * deploy calls build the template's documents. `toCloudFormation` then turns every string that
 * holds one into `Fn::Sub`. The marker byte cannot appear in an IAM document, an ASL definition
 * or a configuration value a user types, so no real text is mistaken for one.
 */
const MARK = '\u0001';

/**
 * A colon inside a placeholder: ARN parsers split on colons (`iam-scopes.ts` narrows
 * `arn:<partition>:eks:<region>:<account>:cluster/*` to one cluster with `[^:]+`), so
 * `AWS::Partition` must not bring its own.
 */
const COLON = '\u0003';

/** `Fn::Sub` variable for a pseudo parameter, a template parameter or `Logical.Attribute`. */
export function placeholder(variable: string): string {
  return `${MARK}${variable.replaceAll(':', COLON)}${MARK}`;
}

/**
 * The stack's location as placeholders: every ARN built from it comes out as
 * `arn:${AWS::Partition}:...:${AWS::Region}:${AWS::AccountId}:...` in the template, so one
 * template serves every account and region (StackSets).
 */
export const TEMPLATE_LOCATION: StackLocation = {
  partition: placeholder('AWS::Partition'),
  region: placeholder('AWS::Region'),
  accountId: placeholder('AWS::AccountId'),
};

/**
 * A role ARN placeholder that passes the ARN checks of the packages (a 12-digit account and a
 * role path), resolved to the role resource's `Arn` attribute in the template.
 */
export function roleArnPlaceholder(logicalId: string): string {
  return `arn:aws:iam::000000000000:role/${placeholder(`${logicalId}.Arn`)}`;
}

const ROLE_PLACEHOLDER = new RegExp(`arn:aws:iam::000000000000:role/${MARK}([A-Za-z0-9]+\\.Arn)${MARK}`, 'g');
const ANY_PLACEHOLDER = new RegExp(`${MARK}([^${MARK}]+)${MARK}`, 'g');

/**
 * A string with placeholders as `{ "Fn::Sub": "..." }` (a literal `${` escaped as `${!`, as
 * `Fn::Sub` requires), a whole-string role placeholder as `Fn::GetAtt`, anything else as is;
 * objects and arrays are walked.
 *
 * @example
 * ```ts
 * toCloudFormation(`arn:${TEMPLATE_LOCATION.partition}:logs:*`); // { 'Fn::Sub': 'arn:${AWS::Partition}:logs:*' }
 * ```
 */
export function toCloudFormation(value: unknown): unknown {
  if (typeof value === 'string') {
    const marked = withPrefixPlaceholders(value);
    if (!marked.includes(MARK)) return value;
    const whole = new RegExp(`^arn:aws:iam::000000000000:role/${MARK}([A-Za-z0-9]+)\\.Arn${MARK}$`).exec(
      marked,
    );
    if (whole) return { 'Fn::GetAtt': [whole[1], 'Arn'] };
    const text = toSubText(marked);
    // `${PrefixPath}` is derived from the Prefix parameter, so Fn::Sub gets its definition.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a JS template
    return text.includes('${PrefixPath}') ? { 'Fn::Sub': [text, PREFIX_PATH_VARIABLE] } : { 'Fn::Sub': text };
  }
  if (Array.isArray(value)) return value.map(toCloudFormation);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCloudFormation(item)]));
  }
  return value;
}

const PREFIX_WITH_SLASH = new RegExp(PREFIX_TOKEN.replace(/[.]/g, '\\.'), 'g');
const PREFIX_WITHOUT_SLASH = new RegExp(PREFIX_TOKEN.replace(/[.]/g, '\\.').replace(/\/$/, ''), 'g');

/** `PREFIX_TOKEN` as the `Prefix` placeholder; without its trailing slash, as `PrefixPath`. */
function withPrefixPlaceholders(value: string): string {
  if (!value.includes(PREFIX_TOKEN.slice(0, -1))) return value;
  return value
    .replace(PREFIX_WITH_SLASH, placeholder('Prefix'))
    .replace(PREFIX_WITHOUT_SLASH, placeholder('PrefixPath'));
}

/**
 * A string's placeholders in `Fn::Sub` syntax (a literal `${` escaped as `${!`, a role
 * placeholder as `${Logical.Arn}`).
 */
export function toSubText(value: string): string {
  return withPrefixPlaceholders(value)
    .replaceAll('${', '${!')
    .replace(ROLE_PLACEHOLDER, (_match, variable: string) => `${MARK}${variable}${MARK}`)
    .replace(ANY_PLACEHOLDER, (_match, variable: string) => `\${${variable.replaceAll(COLON, ':')}}`);
}

/** What `resolveIntrinsics` substitutes: pseudo parameters, template parameters, resource attributes. */
export interface IntrinsicValues {
  readonly location: StackLocation;
  /** `AWS::StackName`, for templates that name resources after their stack. */
  readonly stackName?: string;
  /** Parameter values: a string, or the items of a CommaDelimitedList. */
  readonly parameters?: Readonly<Record<string, string | readonly string[]>>;
  /** `Logical.Attribute` (and `Logical` for `Ref`) → value. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** The template's Conditions, for `Fn::If` and `Condition`. */
  readonly conditions?: Readonly<Record<string, unknown>>;
}

/** What `Ref: AWS::NoValue` resolves to: removed from the list or object holding it. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves the intrinsics the template uses (`Ref`, `Fn::Sub` with or without a variable map,
 * `Fn::GetAtt`, `Fn::Join`, `Fn::Split`, `Fn::Select`, `Fn::If` with the template's
 * conditions, `AWS::NoValue`) the way CloudFormation would for one account: how tests compare
 * the template with what deploy creates, and how `synth --resolve` could show it. Throws on a
 * name it does not know.
 *
 * @example
 * ```ts
 * resolveIntrinsics({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x' }, { location }); // 'arn:aws:s3:::x'
 * ```
 */
export function resolveIntrinsics(value: unknown, values: IntrinsicValues): unknown {
  const resolved = resolveValue(value, values, {});
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Whether a condition of the template holds for these values. */
export function conditionHolds(name: string, values: IntrinsicValues): boolean {
  const definition = values.conditions?.[name];
  if (definition === undefined) throw new Error(`Cannot resolve condition ${name}`);
  return evaluateCondition(definition, values);
}

function evaluateCondition(definition: unknown, values: IntrinsicValues): boolean {
  const [entry] = Object.entries(definition as Record<string, unknown>);
  if (!entry) throw new Error('Empty condition');
  const [key, argument] = entry;
  const items = argument as unknown[];
  switch (key) {
    case 'Condition':
      return conditionHolds(String(argument), values);
    case 'Fn::Equals':
      return (
        JSON.stringify(resolveValue(items[0], values, {})) ===
        JSON.stringify(resolveValue(items[1], values, {}))
      );
    case 'Fn::Not':
      return !evaluateCondition(items[0], values);
    case 'Fn::And':
      return items.every((item) => evaluateCondition(item, values));
    case 'Fn::Or':
      return items.some((item) => evaluateCondition(item, values));
    default:
      throw new Error(`Cannot evaluate condition function ${key}`);
  }
}

function resolveValue(value: unknown, values: IntrinsicValues, variables: Record<string, string>): unknown {
  const lookup = (name: string): string | readonly string[] | typeof NO_VALUE => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const pseudo: Record<string, string> = {
      'AWS::Partition': values.location.partition,
      'AWS::Region': values.location.region,
      'AWS::AccountId': values.location.accountId,
      ...(values.stackName === undefined ? {} : { 'AWS::StackName': values.stackName }),
    };
    const found = variables[name] ?? pseudo[name] ?? values.parameters?.[name] ?? values.attributes?.[name];
    if (found === undefined) throw new Error(`Cannot resolve ${name}`);
    return found;
  };
  const recurse = (item: unknown) => resolveValue(item, values, variables);
  if (Array.isArray(value)) return value.map(recurse).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first) {
    const [key, argument] = first;
    const items = argument as unknown[];
    switch (key) {
      case 'Ref':
        return lookup(String(argument));
      case 'Fn::GetAtt':
        return lookup((argument as string[]).join('.'));
      case 'Fn::Sub': {
        const [text, map] = Array.isArray(argument) ? argument : [argument, {}];
        const local: Record<string, string> = { ...variables };
        for (const [name, definition] of Object.entries(map as Record<string, unknown>))
          local[name] = String(resolveValue(definition, values, variables));
        return String(text)
          .replace(/\$\{([^!}][^}]*)\}/g, (_match, name: string) =>
            String(resolveValue({ Ref: name }, values, local)),
          )
          .replaceAll('${!', '${');
      }
      case 'Fn::Join':
        return (recurse(items[1]) as unknown[]).map(String).join(String(items[0]));
      case 'Fn::Split':
        return String(recurse(items[1])).split(String(items[0]));
      case 'Fn::Select': {
        const list = recurse(items[1]) as unknown[];
        const index = Number(items[0]);
        if (index >= list.length)
          throw new Error(`Fn::Select index ${index} is out of range (${list.length})`);
        return list[index];
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = items;
        return recurse(conditionHolds(String(condition), values) ? whenTrue : whenFalse);
      }
    }
  }
  return Object.fromEntries(
    entries.map(([key, item]) => [key, recurse(item)] as const).filter(([, item]) => item !== NO_VALUE),
  );
}
