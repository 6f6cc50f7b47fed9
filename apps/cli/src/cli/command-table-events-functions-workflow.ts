import { type CommandSpec, dryRunFlag, prefixFlag } from './command-table-flags.js';

/** The `events`, `functions` and `workflow` commands. */
export const EVENTS_FUNCTIONS_WORKFLOW_COMMANDS = {
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
