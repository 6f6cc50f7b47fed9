import { type AgentConfig, ValidationError } from '@eks-upgrade/core-models';

/**
 * What varies per account, as CloudFormation parameters of the synthesized template (their
 * Defaults are the synth inputs), so that one template serves many accounts and StackSets:
 *
 * - `Prefix`: the SSM prefix the configuration lives below, and what derives from it (the
 *   parameters' names, the functions' `EKS_UPGRADE_CONFIG_PATH`, the `ReadConfiguration` grant,
 *   the stored `parameterStore.parameterPrefix`).
 * - `ClusterNames`, `HostedZoneIds`, `PassRoleArns` (CommaDelimitedList): the clusters, hosted
 *   zones and roles the functions may change or pass (`permissions.*`), in the IAM policies and
 *   in the stored configuration, from the same parameter, so the two cannot disagree.
 *
 * A list is read through a fixed number of slots. CloudFormation cannot map a list to ARNs
 * whose prefix holds pseudo parameters: `Fn::Join`'s delimiter and `Fn::Sub`'s string must be
 * literals (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-join.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html),
 * and per-item loops need the AWS::LanguageExtensions transform (`Fn::ForEach`). So slot `i`
 * is `Fn::Select` `i` of the list padded with empty items (`Fn::Split` of `Fn::Join`, never
 * out of range), guarded by a condition that it is not empty; an empty slot is
 * `AWS::NoValue`, and a statement whose every resource comes from an empty list is left out
 * (a CommaDelimitedList whose value is "" is `[""]`: no grant, never a wildcard).
 */
export interface ListParameter {
  /** The CloudFormation parameter. */
  readonly name: 'ClusterNames' | 'HostedZoneIds' | 'PassRoleArns';
  /** The configuration key it fills. */
  readonly key: 'clusterNames' | 'hostedZoneIds' | 'passRoleArns';
  /** How many items the template reads (the slots). */
  readonly slots: number;
  readonly description: string;
  /** Each item of a CommaDelimitedList must match it (the empty item of the empty list too). */
  readonly allowedPattern: string;
  /** The item as its IAM ARNs use it (hosted zones: without `/hostedzone/`, as `scopedResources` strips it). */
  readonly iamItem?: (item: unknown) => unknown;
}

export const LIST_PARAMETERS: readonly ListParameter[] = [
  {
    name: 'ClusterNames',
    key: 'clusterNames',
    slots: 10,
    description:
      'Clusters the functions may upgrade, roll and decommission, by name (permissions.clusterNames; at most 10: tag more clusters with permissions.clusterTag instead). Empty: only tagged clusters.',
    allowedPattern: '^([0-9A-Za-z][A-Za-z0-9_-]{0,99})?$',
  },
  {
    name: 'HostedZoneIds',
    key: 'hostedZoneIds',
    slots: 10,
    description:
      'Route 53 hosted zones traffic steps may change (permissions.hostedZoneIds; at most 10). Empty: no traffic step can change a record.',
    allowedPattern: '^((/hostedzone/)?[A-Z0-9]{1,32})?$',
    iamItem: (item) => ({ 'Fn::Join': ['', { 'Fn::Split': ['/hostedzone/', item] }] }),
  },
  {
    name: 'PassRoleArns',
    key: 'passRoleArns',
    slots: 20,
    description:
      'Roles the execution function may pass to EKS: the blue cluster role, node roles, add-on roles (permissions.passRoleArns; at most 20, no commas in an ARN). Empty: no green cluster can be created.',
    allowedPattern: '^(arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/[A-Za-z0-9_+=.@/-]{1,512})?$',
  },
];

/**
 * A path the configuration rules accept, standing for the `Prefix` parameter while the
 * functions deploy uses build the template (`toCloudFormation` turns it into `${Prefix}`).
 * Nobody names a real prefix this way.
 */
export const PREFIX_TOKEN = '/eks-upgrade.cfn-parameter.Prefix/';

/** The rule of `parameterStore.parameterPrefix`, as the `Prefix` parameter's AllowedPattern. */
export const PREFIX_PATTERN = '^/([a-zA-Z0-9_.-]+/)*$';

/** `Prefix` without its trailing slash (`/eks-upgrade-agent`; `/` gives ""), for `Fn::Sub`. */
export const PREFIX_PATH_VARIABLE = {
  PrefixPath: {
    'Fn::Select': [0, { 'Fn::Split': ['/|', { 'Fn::Join': ['', [{ Ref: 'Prefix' }, '|']] }] }],
  },
} as const;

const LIST_MARK = '\u0002';

/** The single item standing for a list parameter while deploy's functions build the policies. */
export function listToken(parameter: ListParameter): string {
  return `${LIST_MARK}${parameter.name}${LIST_MARK}`;
}

const LIST_TOKEN = new RegExp(`${LIST_MARK}([A-Za-z]+)${LIST_MARK}`);

/** A CommaDelimitedList parameter read through a fixed number of slots. */
export interface SlottedParameter {
  readonly name: string;
  readonly slots: number;
}

/**
 * Slot `index` of a list parameter: its item there, or "" past its end (`index` may be `slots`
 * too: the first item past the slots, "" unless the list is longer).
 */
export function slotItem(parameter: SlottedParameter, index: number): unknown {
  const padding = ','.repeat(parameter.slots);
  return {
    'Fn::Select': [
      index,
      {
        'Fn::Split': [',', { 'Fn::Join': ['', [{ 'Fn::Join': [',', { Ref: parameter.name }] }, padding]] }],
      },
    ],
  };
}

/** The condition that slot `index` holds an item (slot 0: the list is not empty). */
export function slotCondition(parameter: SlottedParameter, index: number): string {
  return `${parameter.name}Slot${index}`;
}

/** The condition that the list is empty (`[""]`). */
export function emptyCondition(parameter: ListParameter): string {
  return `${parameter.name}Empty`;
}

/** The template's Conditions for the list parameters. */
export function listConditions(): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  for (const parameter of LIST_PARAMETERS) {
    for (let index = 0; index < parameter.slots; index += 1) {
      conditions[slotCondition(parameter, index)] = {
        'Fn::Not': [{ 'Fn::Equals': [slotItem(parameter, index), ''] }],
      };
    }
    conditions[emptyCondition(parameter)] = { 'Fn::Not': [{ Condition: slotCondition(parameter, 0) }] };
  }
  return conditions;
}

/**
 * Checks that the synth inputs fit the parameters (they become the Defaults): at most as many
 * items as slots, no comma inside an item.
 *
 * @throws ValidationError naming the key and the limit.
 */
export function checkListDefaults(config: AgentConfig): void {
  const issues = LIST_PARAMETERS.flatMap((parameter) => {
    const items = config.permissions[parameter.key];
    return [
      ...(items.length > parameter.slots
        ? [
            {
              path: `permissions.${parameter.key}`,
              message: `lists ${items.length} items; the template's ${parameter.name} parameter reads at most ${parameter.slots}${parameter.key === 'clusterNames' ? ' (tag the other clusters with permissions.clusterTag)' : ''}`,
            },
          ]
        : []),
      ...items
        .filter((item) => item.includes(','))
        .map((item) => ({
          path: `permissions.${parameter.key}`,
          message: `${item} holds a comma, which a CommaDelimitedList parameter cannot carry`,
        })),
    ];
  });
  if (issues.length > 0)
    throw new ValidationError('The configuration does not fit the template parameters', issues);
}

/** The configuration with each permissions list replaced by its token (what the policies are built from). */
export function withListTokens(config: AgentConfig): AgentConfig {
  const permissions = { ...config.permissions };
  for (const parameter of LIST_PARAMETERS) permissions[parameter.key] = [listToken(parameter)];
  return { ...config, permissions };
}

/** The list parameters' values (the Defaults): items joined with commas, "" for none. */
export function listParameterValues(config: AgentConfig): Record<string, string> {
  return Object.fromEntries(
    LIST_PARAMETERS.map((parameter) => [parameter.name, config.permissions[parameter.key].join(',')]),
  );
}

/**
 * `text` (placeholders already as `${...}`) with the list token as `${Item}`, one entry per
 * slot: the slot's item in the text when it holds one, else nothing.
 */
function slotEntries(value: string, parameter: ListParameter, toSub: (text: string) => string): unknown[] {
  const itemVariable = `\u0001Item\u0001`;
  const text = toSub(value.replace(LIST_TOKEN, itemVariable));
  return Array.from({ length: parameter.slots }, (_, index) => {
    const item = parameter.iamItem
      ? parameter.iamItem(slotItem(parameter, index))
      : slotItem(parameter, index);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a JS template
    const entry = text === '${Item}' ? item : { 'Fn::Sub': [text, { Item: item }] };
    return { 'Fn::If': [slotCondition(parameter, index), entry, { Ref: 'AWS::NoValue' }] };
  });
}

function parameterOf(value: unknown): ListParameter | undefined {
  if (typeof value !== 'string') return undefined;
  const name = LIST_TOKEN.exec(value)?.[1];
  return LIST_PARAMETERS.find((parameter) => parameter.name === name);
}

/**
 * A policy document built from `withListTokens` as CloudFormation: each resource naming a list
 * token becomes one conditional entry per slot; a statement whose resources all come from lists
 * is kept only when one of them is not empty. `toSub` turns a string's placeholders into
 * `Fn::Sub` syntax (`toCloudFormation`'s rule).
 */
export function expandListTokens<T>(document: T, toSub: (text: string) => string): T {
  const statements = (document as { Statement?: unknown }).Statement;
  if (!Array.isArray(statements)) return document;
  const expanded = statements.map((statement: Record<string, unknown>) => {
    const resources = statement.Resource;
    if (!Array.isArray(resources)) return statement;
    const lists = resources.map(parameterOf);
    if (lists.every((parameter) => parameter === undefined)) return statement;
    const entries = resources.flatMap((resource: string, index) => {
      const parameter = lists[index];
      return parameter ? slotEntries(resource, parameter, toSub) : [resource];
    });
    const rewritten = { ...statement, Resource: entries };
    if (lists.some((parameter) => parameter === undefined)) return rewritten;
    const guards = [...new Set(lists.map((parameter) => slotCondition(parameter as ListParameter, 0)))];
    const [only] = guards;
    // Every statement of the policies today holds the resources of one list (one scope each).
    if (guards.length !== 1 || !only)
      throw new Error(
        `a statement (${String(statement.Sid)}) holds the resources of several list parameters`,
      );
    return { 'Fn::If': [only, rewritten, { Ref: 'AWS::NoValue' }] };
  });
  return { ...document, Statement: expanded } as T;
}

/**
 * Throws when a list token or the prefix token is left in the template: a place the expansion
 * does not know (a condition value, say) would otherwise ship the token as text.
 */
export function assertNoTokenLeft(template: unknown): void {
  const text = JSON.stringify(template);
  const leftover = [LIST_MARK, PREFIX_TOKEN.slice(0, -1)].find((token) => text.includes(token));
  if (leftover !== undefined) {
    const at = text.indexOf(leftover);
    throw new Error(
      `a template parameter token is left in the template: ${text.slice(Math.max(0, at - 80), at + 80)}`,
    );
  }
}
