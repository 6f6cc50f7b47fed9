/**
 * Every command and flag of `eks-upgrade`, declared in one place. The parser, the help text,
 * the README's command list and the types each command receives all come from this table.
 *
 * The table is plain data: it loads nothing. Each command's code lives in
 * `src/commands/<noun>/<verb>.ts` and is imported only when that command runs (see
 * `command-loaders.ts`), so start-up stays fast.
 */

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

const prefixFlag = {
  type: 'string',
  valueName: 'PATH',
  description: 'SSM parameter prefix of the configuration (default: /eks-upgrade-agent/)',
} as const satisfies FlagSpec;

const showSecretsFlag = {
  type: 'boolean',
  description: 'show secret values instead of masking them',
} as const satisfies FlagSpec;

const clusterFlag = {
  type: 'string',
  valueName: 'NAME',
  description: 'EKS cluster name',
} as const satisfies FlagSpec;

const strategyFlag = {
  type: 'string',
  valueName: 'STRATEGY',
  choices: ['in_place', 'blue_green'],
  description: 'upgrade strategy (default: the configured upgrade.defaultStrategy)',
} as const satisfies FlagSpec;

const stateMachineFlag = {
  type: 'string',
  valueName: 'NAME',
  description: 'state machine name (default: the configured stepFunctions.stateMachineName)',
} as const satisfies FlagSpec;

const dryRunFlag = {
  type: 'boolean',
  description: 'print the changes without making them',
} as const satisfies FlagSpec;

const upgradeFlags = {
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

const executionPositional = {
  name: 'EXECUTION',
  description: 'execution ARN or name (default: the latest execution, filtered by --cluster)',
  required: false,
} as const satisfies PositionalSpec;

/**
 * Every command, keyed by its words.
 *
 * @example
 * ```ts
 * COMMANDS['config set'].positionals.map((positional) => positional.name); // ['KEY', 'VALUE']
 * ```
 */
export const COMMANDS = {
  rehearse: {
    summary: 'rehearse an upgrade end to end on this machine, with no AWS account',
    details:
      'Runs the same state machine the deploy command ships under a local interpreter. Each task calls the real phase handler code against a simulated cluster; events go through an in-process bus with the deployed rules; waits run in virtual time. With no flags it rehearses the built-in blue/green demo. A scenario file (JSON) describes the cluster and the failures to inject.',
    positionals: [],
    flags: {
      scenario: { type: 'string', valueName: 'FILE', description: 'scenario file (JSON) to rehearse' },
      cluster: { ...clusterFlag, description: 'override the scenario cluster name' },
      from: { type: 'string', valueName: 'VERSION', description: 'override the current cluster version' },
      to: { type: 'string', valueName: 'VERSION', description: 'override the target version' },
      strategy: { ...strategyFlag, description: 'override the scenario strategy' },
      report: { type: 'string', valueName: 'FILE', description: 'also write the report as Markdown to FILE' },
      config: {
        type: 'string',
        valueName: 'FILE',
        description:
          'rehearse with this agent configuration (JSON, as config export writes it; validated like config import)',
      },
    },
    examples: [
      'eks-upgrade rehearse',
      'eks-upgrade rehearse --scenario examples/in-place-success.json --config exported-config.json',
      'eks-upgrade rehearse --scenario examples/rollback-at-50-percent.json --report report.md',
      'eks-upgrade rehearse --from 1.29 --to 1.31 --strategy in_place --output json',
    ],
  },
  plan: {
    summary: 'plan an upgrade of a real cluster (perception + reasoning); changes nothing',
    details:
      "Exits 0 with a runnable plan and 1 when the plan is blocked (the blockers are listed). With --cluster alone (no --target), shows the plan the cluster's running execution waits to have approved (a plan gate), with its plan id for eks-upgrade approve --plan-id.",
    positionals: [],
    flags: {
      ...upgradeFlags,
      target: {
        ...upgradeFlags.target,
        required: false,
        description:
          "target Kubernetes version, e.g. 1.31 (without it: the plan the cluster's running execution waits to have approved)",
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade plan --cluster payments-prod',
      'eks-upgrade plan --cluster payments-prod --target 1.31 --strategy in_place',
      'eks-upgrade plan --cluster payments-prod --target 1.31 --strategy blue_green --traffic-routing @routing.json',
    ],
  },
  start: {
    summary: 'start an upgrade execution on the deployed state machine',
    positionals: [],
    flags: {
      ...upgradeFlags,
      wait: { type: 'boolean', description: 'follow the execution until it ends (like watch)' },
      'approve-plan': {
        type: 'boolean',
        description:
          'wait for the plan to be approved before anything changes (eks-upgrade plan --cluster NAME shows it, eks-upgrade approve --plan-id answers)',
      },
      name: {
        type: 'string',
        valueName: 'NAME',
        description: 'execution name (default: derived from the request); with --at, the schedule name',
      },
      at: {
        type: 'string',
        valueName: 'TIME',
        description:
          'start later: an EventBridge Scheduler one-time schedule (ISO 8601, e.g. 2026-12-01T22:00 with --time-zone, or 2026-12-01T21:00:00Z)',
      },
      'time-zone': {
        type: 'string',
        valueName: 'ZONE',
        description: 'IANA time zone --at is read in when it has no offset (default: UTC)',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade start --cluster payments-prod --target 1.31 --traffic-routing @routing.json --alarm payments-5xx',
      'eks-upgrade start --cluster payments-prod --target 1.31 --strategy in_place --wait',
      'eks-upgrade start --cluster payments-prod --target 1.31 --strategy in_place --at 2026-12-01T22:00 --time-zone Europe/Berlin',
    ],
  },
  status: {
    summary: 'show the status of an execution',
    positionals: [executionPositional],
    flags: { cluster: clusterFlag, 'state-machine': stateMachineFlag, prefix: prefixFlag },
    examples: [
      'eks-upgrade status',
      'eks-upgrade status --cluster payments-prod',
      'eks-upgrade status arn:aws:states:...',
    ],
  },
  watch: {
    summary: 'follow an execution: phase timeline on stderr, final result on stdout',
    details: 'Exits 0 when the upgrade succeeds, 3 when it was rolled back and 1 when it failed otherwise.',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
      'max-wait': {
        type: 'number',
        valueName: 'SECONDS',
        description: 'give up following after this long (default: the configured execution timeout)',
      },
      interval: { type: 'number', valueName: 'SECONDS', description: 'first polling interval (default: 2)' },
    },
    examples: ['eks-upgrade watch --cluster payments-prod'],
  },
  resume: {
    summary: 'resume an execution that stopped short: redrive it from the state that did not finish',
    details:
      'A failed, stopped or timed-out execution that Step Functions can still redrive (RedriveExecution, within 14 days) restarts from the state that did not finish, with the input it had; what ran before is not run again. An execution waiting at a gate is answered with approve or reject instead. When nothing can be resumed (it rolled back, is past the 14 days, ran past its timeout), it says why and what to do, and exits 1.',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
      wait: { type: 'boolean', description: 'follow the execution until it ends (like watch)' },
    },
    examples: ['eks-upgrade resume --cluster payments-prod', 'eks-upgrade resume arn:aws:states:... --wait'],
  },
  stop: {
    summary: 'stop a running execution',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
      reason: {
        type: 'string',
        valueName: 'TEXT',
        description: 'why it was stopped (recorded as the cause)',
      },
    },
    examples: ['eks-upgrade stop --cluster payments-prod --reason "maintenance window closed"'],
  },
  approve: {
    summary: "approve the gate a cluster's running execution waits at",
    details:
      "Finds the pending approval gate from the execution's history (no task token to paste) and answers it with SendTaskSuccess. A plan gate needs --plan-id of the plan you reviewed (eks-upgrade plan --cluster NAME shows it): the plan approved is the plan executed. A blue/green workload gate whose request names no green record needs --traffic-target. Exits 1 when the cluster has no running execution or it waits at no gate.",
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'plan-id': {
        type: 'string',
        valueName: 'ID',
        description: 'plan gate: the id of the plan you reviewed (must be the pending plan)',
      },
      'traffic-target': {
        type: 'string',
        valueName: 'JSON|@FILE',
        description:
          'workload gate: the green record traffic moves to, {"setIdentifier": "...", "target": "..."}',
      },
      comment: { type: 'string', valueName: 'TEXT', description: 'recorded with the approval' },
      'approved-by': {
        type: 'string',
        valueName: 'NAME',
        description: 'who approves, recorded with the approval (default: $USER)',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade approve --cluster payments-prod --plan-id payments-prod-1.30-to-1.31-in_place',
      'eks-upgrade approve --cluster shop --traffic-target \'{"setIdentifier":"green"}\' --comment "smoke tests passed"',
    ],
  },
  reject: {
    summary: "reject the gate a cluster's running execution waits at (it rolls back)",
    details:
      'Answers the pending approval gate with SendTaskFailure (Upgrade.GateRejected, the reason as cause). The workflow rolls back what it changed; rejected before any change, it ends "Upgrade: Rejected" with nothing to undo. Exits 1 when the cluster has no running execution or it waits at no gate.',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      reason: {
        type: 'string',
        valueName: 'TEXT',
        description: 'why (recorded as the cause and in gate.rejected)',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: ['eks-upgrade reject --cluster shop --reason "checkout pods crash-loop on green"'],
  },
  list: {
    summary: 'list executions of the state machine',
    positionals: [],
    flags: {
      status: {
        type: 'string',
        valueName: 'STATUS',
        choices: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'],
        description: 'only executions with this status',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: ['eks-upgrade list --status RUNNING --output table'],
  },
  history: {
    summary: 'show the phase timeline of an execution',
    positionals: [executionPositional],
    flags: { cluster: clusterFlag, 'state-machine': stateMachineFlag, prefix: prefixFlag },
    examples: ['eks-upgrade history --cluster payments-prod'],
  },
  deploy: {
    summary: 'deploy or update the whole stack (idempotent)',
    details:
      'Creates or updates, in order: the configuration parameters, the IAM roles (one per function, one for the state machine, one for EventBridge targets) with least-privilege inline policies, the five phase functions, the state machine, and the monitoring and rollback-trigger rules. A second run makes no change. Pass existing role ARNs to use them instead of creating roles.',
    positionals: [],
    flags: {
      'dry-run': dryRunFlag,
      prefix: prefixFlag,
      'lambda-role-arn': {
        type: 'string',
        valueName: 'ARN',
        description: 'use this existing role for all five functions instead of creating one per function',
      },
      'state-machine-role-arn': {
        type: 'string',
        valueName: 'ARN',
        description: 'use this existing role for the state machine',
      },
      'events-role-arn': {
        type: 'string',
        valueName: 'ARN',
        description: 'use this existing role for EventBridge targets',
      },
      'notify-arn': {
        type: 'list',
        valueName: 'ARN',
        description:
          'deliver the monitoring and rollback-trigger rules to these targets (SQS, SNS, Step Functions, ...)',
      },
      'zip-dir': {
        type: 'string',
        valueName: 'DIR',
        description: 'folder holding <phase>.zip for each function (default: the zips shipped with the CLI)',
      },
      via: {
        type: 'string',
        valueName: 'HOW',
        choices: ['api', 'cloudformation'],
        description:
          'api: call IAM, Lambda, Step Functions, EventBridge and SSM directly (default, the quick start); cloudformation: create or update a CloudFormation stack through a change set',
      },
      yes: {
        type: 'boolean',
        description:
          '--via cloudformation: execute the change set without asking (pipelines); without it a terminal is asked and anything else is refused (exit 2)',
      },
      'stack-name': {
        type: 'string',
        valueName: 'NAME',
        description: '--via cloudformation: the stack (default: eks-upgrade)',
      },
      'upload-to': {
        type: 'string',
        valueName: 'S3URL',
        description:
          '--via cloudformation: s3://BUCKET/PREFIX for the function zips (content-addressed keys) and a template over 51,200 bytes',
      },
      config: {
        type: 'string',
        valueName: 'FILE',
        description:
          '--via cloudformation: the agent configuration for the stack (JSON, as config export writes it; default: the stored one, else the defaults)',
      },
    },
    examples: [
      'eks-upgrade deploy --dry-run',
      'eks-upgrade deploy --region eu-west-1',
      'eks-upgrade deploy --via cloudformation --upload-to s3://artifacts-123456789012/eks-upgrade --yes',
    ],
  },
  synth: {
    summary: 'write the whole stack as a CloudFormation template (JSON or YAML)',
    details:
      'Builds the template from the same definitions deploy uses: the roles and their least-privilege policies, the five functions (code from the CodeBucket and CodeKeyPrefix parameters, content-addressed keys), the state machine with a published version and the live alias, the rules and their targets, the configuration as SSM parameters, a log group per function and the custom event bus when one is configured. The account, region and partition are pseudo parameters, so one template serves every account (StackSets). The configuration comes from --config FILE, or the defaults.',
    positionals: [],
    flags: {
      format: {
        type: 'string',
        valueName: 'FORMAT',
        choices: ['json', 'yaml'],
        description: 'template format (default: json)',
      },
      'template-file': {
        type: 'string',
        valueName: 'FILE',
        description: 'write the template to FILE instead of stdout',
      },
      config: {
        type: 'string',
        valueName: 'FILE',
        description:
          'build from this agent configuration (JSON, as config export writes it; default: the defaults)',
      },
      prefix: prefixFlag,
      'notify-arn': {
        type: 'list',
        valueName: 'ARN',
        description: 'deliver the monitoring and rollback-trigger rules to these targets (as deploy)',
      },
      'zip-dir': {
        type: 'string',
        valueName: 'DIR',
        description: 'folder holding <phase>.zip for each function (default: the zips shipped with the CLI)',
      },
      'upload-to': {
        type: 'string',
        valueName: 'S3URL',
        description:
          'upload the zips (and a template over 51,200 bytes) to s3://BUCKET/PREFIX under content-addressed keys; the template defaults CodeBucket and CodeKeyPrefix to it',
      },
    },
    examples: [
      'eks-upgrade synth --format yaml --template-file eks-upgrade.yaml',
      'eks-upgrade synth --config agent-config.json --upload-to s3://artifacts-123456789012/eks-upgrade --template-file eks-upgrade.json',
    ],
  },
  'operator-policy': {
    summary: 'print the least-privilege IAM policy for operating the deployed stack (JSON)',
    details:
      "What a person or pipeline needs to run the day-to-day commands against the stack: plan, start (also --at), watch, status, approve, reject, resume, stop, history, list, config get/show/set/export/import, events publish, events rules list, functions list/invoke. It names this stack's state machine (its alias and versions), its executions and their Map Run child executions, the configuration under --prefix, the event bus, the phase functions and the scheduler role; for plan, the reads of perception and reasoning and Bedrock on the configured model. rehearse needs no AWS access; deploy, destroy, synth --upload-to, config init and events rules apply are not covered. The configuration comes from --config FILE, or the defaults; the account and region are the caller's.",
    positionals: [],
    flags: {
      config: {
        type: 'string',
        valueName: 'FILE',
        description:
          "the stack's agent configuration (JSON, as config export writes it; default: the defaults)",
      },
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade operator-policy --config agent-config.json > operator-policy.json',
      'aws iam create-policy --policy-name eks-upgrade-operator --policy-document "$(eks-upgrade operator-policy --prefix /team-a/)"',
    ],
  },
  destroy: {
    summary: 'remove everything deploy created, in reverse order',
    positionals: [],
    flags: {
      'dry-run': dryRunFlag,
      prefix: prefixFlag,
      'keep-config': { type: 'boolean', description: 'leave the configuration parameters in place' },
      via: {
        type: 'string',
        valueName: 'HOW',
        choices: ['api', 'cloudformation'],
        description: 'api: delete what deploy created (default); cloudformation: delete the stack and wait',
      },
      'stack-name': {
        type: 'string',
        valueName: 'NAME',
        description: '--via cloudformation: the stack (default: eks-upgrade)',
      },
    },
    examples: [
      'eks-upgrade destroy --dry-run',
      'eks-upgrade destroy',
      'eks-upgrade destroy --via cloudformation',
    ],
  },
  'config init': {
    summary: 'write the default configuration to SSM Parameter Store',
    positionals: [],
    flags: {
      prefix: prefixFlag,
      force: { type: 'boolean', description: 'overwrite an existing configuration' },
    },
    examples: ['eks-upgrade config init'],
  },
  'config show': {
    summary: 'print the stored configuration (secrets masked)',
    positionals: [],
    flags: { prefix: prefixFlag, 'show-secrets': showSecretsFlag },
    examples: ['eks-upgrade config show --output json'],
  },
  'config get': {
    summary: 'print one configuration value',
    positionals: [{ name: 'KEY', description: 'dotted key, e.g. upgrade.bakeTimeSeconds', required: true }],
    flags: { prefix: prefixFlag, 'show-secrets': showSecretsFlag },
    examples: ['eks-upgrade config get upgrade.trafficShiftIntervals'],
  },
  'config set': {
    summary: 'change one configuration value (the whole result is validated first)',
    positionals: [
      { name: 'KEY', description: 'dotted key, e.g. upgrade.bakeTimeSeconds', required: true },
      { name: 'VALUE', description: 'new value; JSON for numbers, booleans and lists', required: true },
    ],
    flags: { prefix: prefixFlag },
    examples: [
      'eks-upgrade config set upgrade.bakeTimeSeconds 600',
      'eks-upgrade config set upgrade.trafficShiftIntervals "[20,50,100]"',
    ],
  },
  'config import': {
    summary: 'replace the configuration with a JSON file (validated before anything is written)',
    positionals: [{ name: 'FILE', description: 'JSON file with the agent configuration', required: true }],
    flags: { prefix: prefixFlag, 'dry-run': dryRunFlag },
    examples: ['eks-upgrade config import agent-config.json'],
  },
  'config export': {
    summary: 'print the configuration as JSON, ready for config import',
    positionals: [],
    flags: { prefix: prefixFlag, 'show-secrets': showSecretsFlag },
    examples: ['eks-upgrade config export --show-secrets > agent-config.json'],
  },
  'events publish': {
    summary: 'publish one upgrade event to EventBridge',
    positionals: [],
    flags: {
      type: {
        type: 'string',
        valueName: 'TYPE',
        required: true,
        description: 'event type, e.g. upgrade.started',
      },
      detail: {
        type: 'string',
        valueName: 'JSON|@FILE',
        required: true,
        description: 'event detail as JSON, or @file to read it from a file',
      },
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade events publish --type upgrade.started --detail \'{"clusterName":"prod","targetVersion":"1.31","strategy":"in_place"}\'',
    ],
  },
  'events rules list': {
    summary: 'list the EventBridge rules of eks-upgrade',
    positionals: [],
    flags: { prefix: prefixFlag },
    examples: ['eks-upgrade events rules list --output table'],
  },
  'events rules apply': {
    summary: 'create or update the monitoring and rollback-trigger rules',
    positionals: [],
    flags: {
      prefix: prefixFlag,
      'dry-run': dryRunFlag,
      'notify-arn': {
        type: 'list',
        valueName: 'ARN',
        description: 'deliver the rules to these targets (SQS, SNS, Step Functions, ...)',
      },
      'events-role-arn': {
        type: 'string',
        valueName: 'ARN',
        description: 'role EventBridge assumes for targets that need one (Step Functions, Kinesis, buses)',
      },
    },
    examples: ['eks-upgrade events rules apply'],
  },
  'functions list': {
    summary: 'list the deployed phase functions',
    positionals: [],
    flags: { prefix: prefixFlag },
    examples: ['eks-upgrade functions list --output table'],
  },
  'functions invoke': {
    summary: 'invoke one phase function with a payload',
    positionals: [
      {
        name: 'PHASE',
        description: 'perception, reasoning, execution, validation or rollback',
        required: true,
      },
    ],
    flags: {
      payload: {
        type: 'string',
        valueName: 'JSON|@FILE',
        required: true,
        description: 'payload as JSON, or @file to read it from a file',
      },
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade functions invoke perception --payload \'{"request":{"clusterName":"prod","targetVersion":"1.31"}}\'',
    ],
  },
  'workflow render': {
    summary: 'print the upgrade state machine definition',
    positionals: [],
    flags: {
      format: {
        type: 'string',
        valueName: 'FORMAT',
        choices: ['json', 'mermaid'],
        description: 'ASL JSON or a Mermaid flowchart (default: json)',
      },
    },
    examples: ['eks-upgrade workflow render --format mermaid'],
  },
  'workflow validate': {
    summary: 'validate a state machine definition (default: the built-in one)',
    positionals: [{ name: 'FILE', description: 'ASL JSON file to validate', required: false }],
    flags: {},
    examples: ['eks-upgrade workflow validate', 'eks-upgrade workflow validate my-definition.asl.json'],
  },
} as const satisfies Record<string, CommandSpec>;

/** A command's id: its words, e.g. `config set` or `events rules list`. */
export type CommandId = keyof typeof COMMANDS;

/** Summaries of the command groups, shown in help. */
export const COMMAND_GROUPS: Readonly<Record<string, string>> = {
  config: 'manage the agent configuration in SSM Parameter Store',
  events: 'publish upgrade events and manage their EventBridge rules',
  'events rules': 'manage the EventBridge rules',
  functions: 'list and invoke the phase functions',
  workflow: 'render and validate the state machine definition',
};

type FlagValue<Spec extends FlagSpec> = Spec['type'] extends 'boolean'
  ? boolean
  : Spec['type'] extends 'number'
    ? number
    : Spec['type'] extends 'list'
      ? string[]
      : Spec extends { readonly choices: readonly (infer Choice)[] }
        ? Choice
        : string;

/** The parsed values of a set of flags: booleans default to false, lists to `[]`. */
export type FlagValues<Flags extends Readonly<Record<string, FlagSpec>>> = {
  readonly [Name in keyof Flags]: Flags[Name]['type'] extends 'boolean' | 'list'
    ? FlagValue<Flags[Name]>
    : Flags[Name] extends { readonly required: true }
      ? FlagValue<Flags[Name]>
      : FlagValue<Flags[Name]> | undefined;
};

/** The parsed positionals of a command, by name. */
export type PositionalValues<Positionals extends readonly PositionalSpec[]> = {
  readonly [Item in Positionals[number] as Item['name']]: Item['required'] extends true
    ? string
    : string | undefined;
};

/** Parsed global flags. */
export type GlobalFlagValues = FlagValues<typeof GLOBAL_FLAGS>;

/** Parsed flags of a command. */
export type CommandFlagValues<Id extends CommandId> = FlagValues<(typeof COMMANDS)[Id]['flags']>;

/** Parsed positionals of a command. */
export type CommandPositionalValues<Id extends CommandId> = PositionalValues<
  (typeof COMMANDS)[Id]['positionals']
>;

/** All command ids, in table order. */
export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];
