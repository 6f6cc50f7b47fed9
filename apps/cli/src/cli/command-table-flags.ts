// The flag, positional and command shapes of the command table, the global flags, and the
// flags several commands share.

/** How a flag's value is read. `list` flags may repeat and also accept comma-separated values. */
export type FlagType = 'string' | 'boolean' | 'number' | 'list';

/** One flag: `--name value` or `--name=value` (booleans take no value). */
export interface FlagSpec {
  readonly type: FlagType;
  readonly description: string;
  /** Shown in help as `--name VALUE`. */
  readonly valueName?: string;
  /** The only accepted values (checked by the parser, before any command code runs). */
  readonly choices?: readonly string[];
  /** One-letter alias, e.g. `h` for `-h`. */
  readonly short?: string;
  /** The command cannot run without it. */
  readonly required?: boolean;
}

/** One positional argument, e.g. `KEY` in `config get KEY`. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

/** One command: its help text, arguments and flags. */
export interface CommandSpec {
  readonly summary: string;
  /** Extra help paragraphs. */
  readonly details?: string;
  readonly positionals: readonly PositionalSpec[];
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly examples: readonly string[];
}

/**
 * Flags every command accepts.
 *
 * @example
 * ```ts
 * GLOBAL_FLAGS.output.choices; // ['json', 'table', 'text']
 * ```
 */
export const GLOBAL_FLAGS = {
  region: {
    type: 'string',
    valueName: 'REGION',
    description: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile)',
  },
  profile: {
    type: 'string',
    valueName: 'NAME',
    description: 'named profile from the AWS config files (default: AWS_PROFILE)',
  },
  'endpoint-url': {
    type: 'string',
    valueName: 'URL',
    description: 'send every AWS call to this endpoint (AWS_ENDPOINT_URL[_<SERVICE>] also work)',
  },
  output: {
    type: 'string',
    valueName: 'FORMAT',
    choices: ['json', 'table', 'text'],
    description: 'format of the data written to stdout (default: text)',
  },
  'no-color': { type: 'boolean', description: 'never colour the output (NO_COLOR=1 does the same)' },
  verbose: { type: 'boolean', description: 'log more, and print stack traces of failures' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
  version: { type: 'boolean', description: 'print the version of eks-upgrade' },
} as const satisfies Record<string, FlagSpec>;

export const prefixFlag = {
  type: 'string',
  valueName: 'PATH',
  description: 'SSM parameter prefix of the configuration (default: /eks-upgrade-agent/)',
} as const satisfies FlagSpec;

export const showSecretsFlag = {
  type: 'boolean',
  description: 'show secret values instead of masking them',
} as const satisfies FlagSpec;

export const clusterFlag = {
  type: 'string',
  valueName: 'NAME',
  description: 'EKS cluster name',
} as const satisfies FlagSpec;

export const strategyFlag = {
  type: 'string',
  valueName: 'STRATEGY',
  choices: ['in_place', 'blue_green'],
  description: 'upgrade strategy (default: the configured upgrade.defaultStrategy)',
} as const satisfies FlagSpec;

export const stateMachineFlag = {
  type: 'string',
  valueName: 'NAME',
  description: 'state machine name (default: the configured stepFunctions.stateMachineName)',
} as const satisfies FlagSpec;

export const dryRunFlag = {
  type: 'boolean',
  description: 'print the changes without making them',
} as const satisfies FlagSpec;

export const upgradeFlags = {
  cluster: { ...clusterFlag, required: true },
  target: {
    type: 'string',
    valueName: 'VERSION',
    required: true,
    description: 'target Kubernetes version, e.g. 1.31',
  },
  strategy: strategyFlag,
  'green-cluster': {
    type: 'string',
    valueName: 'NAME',
    description: 'blue/green: name of the new cluster (default: <cluster>-<target with dashes>)',
  },
  'traffic-intervals': {
    type: 'list',
    valueName: 'PERCENTS',
    description: 'blue/green: traffic steps on green, e.g. 10,50,100 (default: configured)',
  },
  'traffic-routing': {
    type: 'string',
    valueName: 'JSON|@FILE',
    description:
      'blue/green: the Route 53 weighted records to shift, {"hostedZoneId", "recordName", "blue": {"setIdentifier", "target"}, "green": {...}} (required for blue/green)',
  },
  alarm: {
    type: 'list',
    valueName: 'NAME',
    description: 'CloudWatch alarm that must not be in ALARM (repeatable; added to upgrade.alarmNames)',
  },
} as const satisfies Record<string, FlagSpec>;

export const executionPositional = {
  name: 'EXECUTION',
  description: 'execution ARN or name (default: the latest execution, filtered by --cluster)',
  required: false,
} as const satisfies PositionalSpec;
