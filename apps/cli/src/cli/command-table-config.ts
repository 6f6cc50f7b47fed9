import { type CommandSpec, dryRunFlag, prefixFlag, showSecretsFlag } from './command-table-flags.js';

/** The `config` commands: the agent configuration in SSM Parameter Store. */
export const CONFIG_COMMANDS = {
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
} as const satisfies Record<string, CommandSpec>;
