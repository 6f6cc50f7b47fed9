import type { StackLocation } from '../stack-names.js';

/**
 * Placeholders the template builder passes where deploy passes real values (the account, region
 * and partition, and the ARNs of resources the template creates), so that the very functions
 * deploy calls build the template's documents. `toCloudFormation` then turns every string that
 * holds one into `Fn::Sub`. The marker byte cannot appear in an IAM document, an ASL definition
 * or a configuration value a user types, so no real text is mistaken for one.
 */
const MARK = '\u0001';

/** `Fn::Sub` variable for a pseudo parameter, a template parameter or `Logical.Attribute`. */
export function placeholder(variable: string): string {
  return `${MARK}${variable}${MARK}`;
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
    if (!value.includes(MARK)) return value;
    const whole = new RegExp(`^arn:aws:iam::000000000000:role/${MARK}([A-Za-z0-9]+)\\.Arn${MARK}$`).exec(
      value,
    );
    if (whole) return { 'Fn::GetAtt': [whole[1], 'Arn'] };
    const text = value
      .replaceAll('${', '${!')
      .replace(ROLE_PLACEHOLDER, (_match, variable: string) => `${MARK}${variable}${MARK}`)
      .replace(ANY_PLACEHOLDER, (_match, variable: string) => `\${${variable}}`);
    return { 'Fn::Sub': text };
  }
  if (Array.isArray(value)) return value.map(toCloudFormation);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCloudFormation(item)]));
  }
  return value;
}

/** What `resolveIntrinsics` substitutes: pseudo parameters, template parameters, resource attributes. */
export interface IntrinsicValues {
  readonly location: StackLocation;
  readonly parameters?: Readonly<Record<string, string>>;
  /** `Logical.Attribute` (and `Logical` for `Ref`) → value. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Resolves the intrinsics the template uses (`Ref`, `Fn::Sub`, `Fn::GetAtt`) the way
 * CloudFormation would for one account: how tests compare the template with what deploy
 * creates, and how `synth --resolve` could show it. Throws on a name it does not know.
 *
 * @example
 * ```ts
 * resolveIntrinsics({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x' }, { location }); // 'arn:aws:s3:::x'
 * ```
 */
export function resolveIntrinsics(value: unknown, values: IntrinsicValues): unknown {
  const lookup = (name: string): string => {
    const pseudo: Record<string, string> = {
      'AWS::Partition': values.location.partition,
      'AWS::Region': values.location.region,
      'AWS::AccountId': values.location.accountId,
    };
    const found = pseudo[name] ?? values.parameters?.[name] ?? values.attributes?.[name];
    if (found === undefined) throw new Error(`Cannot resolve ${name}`);
    return found;
  };
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, values));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first) {
    const [key, argument] = first;
    if (key === 'Ref') return lookup(String(argument));
    if (key === 'Fn::GetAtt') return lookup((argument as string[]).join('.'));
    if (key === 'Fn::Sub') {
      return String(argument)
        .replace(/\$\{([^!}][^}]*)\}/g, (_match, name: string) => lookup(name))
        .replaceAll('${!', '${');
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, values)]));
}
