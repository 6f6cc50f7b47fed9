/**
 * Every command and flag of `eks-upgrade`, declared in one place. The parser, the help text,
 * the README's command list and the types each command receives all come from this table.
 *
 * The table is plain data: it loads nothing. Each command's code lives in
 * `src/commands/<noun>/<verb>.ts` and is imported only when that command runs (see
 * `command-loaders.ts`), so start-up stays fast.
 */
import { CONFIG_COMMANDS } from './command-table-config.js';
import { EVENTS_FUNCTIONS_WORKFLOW_COMMANDS } from './command-table-events-functions-workflow.js';
import type { CommandSpec, FlagSpec, GLOBAL_FLAGS, PositionalSpec } from './command-table-flags.js';
import { STACK_COMMANDS } from './command-table-stack.js';
import { UPGRADE_COMMANDS } from './command-table-upgrade.js';

// The table is declared in parts, one per group of commands (command-table-*.ts); the order of
// the parts is the order of the commands in help.
export {
  type CommandSpec,
  type FlagSpec,
  type FlagType,
  GLOBAL_FLAGS,
  type PositionalSpec,
} from './command-table-flags.js';

/**
 * Every command, keyed by its words.
 *
 * @example
 * ```ts
 * COMMANDS['config set'].positionals.map((positional) => positional.name); // ['KEY', 'VALUE']
 * ```
 */
export const COMMANDS = {
  ...UPGRADE_COMMANDS,
  ...STACK_COMMANDS,
  ...CONFIG_COMMANDS,
  ...EVENTS_FUNCTIONS_WORKFLOW_COMMANDS,
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
