import { type CommandSpec, dryRunFlag, prefixFlag } from './command-table-flags.js';

/** The commands that deploy, synthesize and destroy the stack. */
export const STACK_COMMANDS = {
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
} as const satisfies Record<string, CommandSpec>;
