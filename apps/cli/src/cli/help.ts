import {
  COMMAND_GROUPS,
  COMMAND_IDS,
  COMMANDS,
  type CommandId,
  type CommandSpec,
  type FlagSpec,
  GLOBAL_FLAGS,
} from './command-table.js';
import { EXIT_CODE_HELP } from './exit-codes.js';
import type { Paint } from './io.js';

const ENVIRONMENT_HELP: ReadonlyArray<readonly [string, string]> = [
  ['AWS_PROFILE', 'profile to use when --profile is absent'],
  ['AWS_REGION, AWS_DEFAULT_REGION', 'region to use when --region is absent'],
  ['AWS_ENDPOINT_URL', 'endpoint for every service when --endpoint-url is absent'],
  ['AWS_ENDPOINT_URL_<SERVICE>', 'endpoint for one service, e.g. AWS_ENDPOINT_URL_SSM'],
  ['NO_COLOR', 'never colour the output'],
];

function flagLabel(name: string, spec: FlagSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  const value = spec.type === 'boolean' ? '' : ` ${spec.valueName ?? 'VALUE'}`;
  return `${short}--${name}${value}`;
}

function flagDescription(spec: FlagSpec): string {
  const choices =
    spec.choices && !spec.description.includes(spec.choices[0]!) ? ` [${spec.choices.join('|')}]` : '';
  const required = spec.required ? ' (required)' : '';
  return `${spec.description}${choices}${required}`;
}

function columns(rows: ReadonlyArray<readonly [string, string]>, indent = 2): string[] {
  const width = Math.min(34, Math.max(...rows.map(([label]) => label.length)));
  return rows.map(([label, text]) => {
    const pad =
      label.length > width ? `\n${' '.repeat(indent + width + 2)}` : ' '.repeat(width - label.length + 2);
    return `${' '.repeat(indent)}${label}${pad}${text}`;
  });
}

function flagRows(flags: Readonly<Record<string, FlagSpec>>): Array<readonly [string, string]> {
  return Object.entries(flags).map(([name, spec]) => [flagLabel(name, spec), flagDescription(spec)] as const);
}

function exitCodeLines(): string[] {
  return columns(EXIT_CODE_HELP.map(([code, text]) => [String(code), text] as const));
}

/** Usage line of a command, e.g. `eks-upgrade config get KEY [flags]`. */
export function usageLine(id: CommandId): string {
  const spec: CommandSpec = COMMANDS[id];
  const positionals = spec.positionals.map((positional) =>
    positional.required ? positional.name : `[${positional.name}]`,
  );
  const required = Object.entries(spec.flags)
    .filter(([, flag]) => flag.required)
    .map(([name, flag]) => flagLabel(name, flag));
  return ['eks-upgrade', id, ...positionals, ...required, '[flags]'].join(' ');
}

/**
 * The top-level help: commands, global flags, environment and exit codes.
 *
 * @example
 * ```ts
 * io.stdout.write(renderGeneralHelp(createPaint(false)));
 * ```
 */
export function renderGeneralHelp(paint: Paint): string {
  const heading = (text: string) => paint('bold', text);
  const commandRows = COMMAND_IDS.map((id) => [id, COMMANDS[id].summary] as const);
  return [
    'eks-upgrade: deploy, start, watch and rehearse Amazon EKS upgrades on AWS Step Functions.',
    '',
    heading('Usage'),
    '  eks-upgrade <command> [flags]',
    '',
    heading('Commands'),
    ...columns(commandRows),
    '',
    heading('Global flags'),
    ...columns(flagRows(GLOBAL_FLAGS)),
    '',
    heading('Environment'),
    ...columns(ENVIRONMENT_HELP),
    '',
    heading('Exit codes'),
    ...exitCodeLines(),
    '',
    'Data is written to stdout; progress and logs to stderr.',
    "Run 'eks-upgrade <command> --help' for the flags of a command.",
    '',
  ].join('\n');
}

/** Help for a command group such as `config`. */
export function renderGroupHelp(group: string, paint: Paint): string {
  const ids = COMMAND_IDS.filter((id) => id.startsWith(`${group} `));
  return [
    `eks-upgrade ${group}: ${COMMAND_GROUPS[group] ?? ''}`,
    '',
    paint('bold', 'Commands'),
    ...columns(ids.map((id) => [id, COMMANDS[id].summary] as const)),
    '',
    "Run 'eks-upgrade <command> --help' for the flags of a command.",
    '',
  ].join('\n');
}

/** Help for one command: usage, arguments, flags, examples and exit codes. */
export function renderCommandHelp(id: CommandId, paint: Paint): string {
  const spec: CommandSpec = COMMANDS[id];
  const heading = (text: string) => paint('bold', text);
  const lines = [`eks-upgrade ${id}: ${spec.summary}`, ''];
  if (spec.details) lines.push(spec.details, '');
  lines.push(heading('Usage'), `  ${usageLine(id)}`, '');
  if (spec.positionals.length > 0) {
    lines.push(
      heading('Arguments'),
      ...columns(spec.positionals.map((item) => [item.name, item.description])),
      '',
    );
  }
  if (Object.keys(spec.flags).length > 0) lines.push(heading('Flags'), ...columns(flagRows(spec.flags)), '');
  lines.push(heading('Global flags'), ...columns(flagRows(GLOBAL_FLAGS)), '');
  if (spec.examples.length > 0)
    lines.push(heading('Examples'), ...spec.examples.map((example) => `  ${example}`), '');
  lines.push(heading('Exit codes'), ...exitCodeLines(), '');
  return lines.join('\n');
}
