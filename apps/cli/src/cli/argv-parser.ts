import {
  COMMAND_GROUPS,
  COMMAND_IDS,
  COMMANDS,
  type CommandId,
  type CommandSpec,
  type FlagSpec,
  GLOBAL_FLAGS,
  type GlobalFlagValues,
} from './command-table.js';
import { closestMatch } from './suggest.js';

/** What the command line asks for. `problem` is set when it is not a valid invocation. */
export interface ParsedInvocation {
  /** Global flags, read even when the rest is invalid (so `--no-color` and `--verbose` apply to errors). */
  readonly globals: GlobalFlagValues;
  /** The command named, when one was. */
  readonly commandId?: CommandId;
  /** A command group named without a command, e.g. `config`. */
  readonly group?: string;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly positionals: Readonly<Record<string, string | undefined>>;
  /** One line saying what is wrong with the command line. */
  readonly problem?: string;
}

const GROUP_NAMES = Object.keys(COMMAND_GROUPS);

/** `-5` or `-0.5` is a value (`config set upgrade.bakeTimeSeconds -5`), not a flag: no flag starts with a digit. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/** Words people type for the global flags: `eks-upgrade help start` is `eks-upgrade start --help`. */
const WORDS_FOR_FLAGS: Readonly<Record<string, string>> = { help: '--help', version: '--version' };

function isPrefixOfCommand(words: readonly string[]): boolean {
  const text = words.join(' ');
  return COMMAND_IDS.some((id) => id === text || id.startsWith(`${text} `));
}

/** Every flag some command declares, to know whether it takes a value before the command is known. */
function anyFlagSpec(name: string): FlagSpec | undefined {
  for (const id of COMMAND_IDS) {
    const spec = (COMMANDS[id] as CommandSpec).flags[name];
    if (spec) return spec;
  }
  return undefined;
}

function flagName(token: string): string {
  const body = token.startsWith('--') ? token.slice(2) : token.slice(1);
  const equals = body.indexOf('=');
  return equals === -1 ? body : body.slice(0, equals);
}

function findShort(flags: Readonly<Record<string, FlagSpec>>, letter: string): string | undefined {
  return Object.entries(flags).find(([, spec]) => spec.short === letter)?.[0];
}

/** Finds the command words (their token positions) among the arguments. */
function locateCommand(argv: readonly string[]): { words: string[]; indexes: number[] } {
  const words: string[] = [];
  const indexes: number[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index]!;
    if (token === '--') break;
    if (token.startsWith('-') && token.length > 1 && !NEGATIVE_NUMBER.test(token)) {
      const name = flagName(token);
      const spec =
        (GLOBAL_FLAGS as Record<string, FlagSpec>)[name] ??
        (token.startsWith('--') ? anyFlagSpec(name) : undefined);
      if (spec && spec.type !== 'boolean' && !token.includes('=')) index += 1;
      continue;
    }
    if (!isPrefixOfCommand([...words, token])) {
      // The first word must name a command: keep it so the caller can report it as unknown.
      if (words.length === 0) {
        words.push(token);
        indexes.push(index);
      }
      break;
    }
    words.push(token);
    indexes.push(index);
  }
  return { words, indexes };
}

class Problem {
  constructor(readonly message: string) {}
}

function readValue(name: string, spec: FlagSpec, raw: string): unknown {
  if (spec.type === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw new Problem(`--${name} must be a number (got ${JSON.stringify(raw)})`);
    }
    return value;
  }
  if (spec.choices && !spec.choices.includes(raw)) {
    throw new Problem(`--${name} must be one of ${spec.choices.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  if (raw === '' && spec.type === 'string') throw new Problem(`--${name} must not be empty`);
  return raw;
}

function defaults(flags: Readonly<Record<string, FlagSpec>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(flags)) {
    if (spec.type === 'boolean') values[name] = false;
    else if (spec.type === 'list') values[name] = [];
  }
  return values;
}

interface FlagScan {
  flags: Record<string, unknown>;
  globals: Record<string, unknown>;
  words: string[];
}

function scanTokens(
  argv: readonly string[],
  skip: ReadonlySet<number>,
  commandFlags: Readonly<Record<string, FlagSpec>>,
  commandName: string | undefined,
): FlagScan {
  const globalFlags = GLOBAL_FLAGS as Record<string, FlagSpec>;
  const scan: FlagScan = { flags: defaults(commandFlags), globals: defaults(globalFlags), words: [] };
  const seen = new Set<string>();
  let onlyWords = false;
  for (let index = 0; index < argv.length; index += 1) {
    if (skip.has(index)) continue;
    const token = argv[index]!;
    if (onlyWords || token === '-' || !token.startsWith('-') || NEGATIVE_NUMBER.test(token)) {
      scan.words.push(token);
      continue;
    }
    if (token === '--') {
      onlyWords = true;
      continue;
    }
    const isLong = token.startsWith('--');
    const rawName = flagName(token);
    const name = isLong ? rawName : (findShort(globalFlags, rawName) ?? findShort(commandFlags, rawName));
    const isGlobal = name !== undefined && name in globalFlags;
    const spec = name === undefined ? undefined : isGlobal ? globalFlags[name] : commandFlags[name];
    if (!spec || name === undefined) {
      const known = [...Object.keys(commandFlags), ...Object.keys(globalFlags)];
      const guess = isLong ? closestMatch(rawName, known) : undefined;
      const where = commandName ? ` for ${commandName}` : '';
      throw new Problem(
        `unknown option ${token.split('=')[0]}${where}${guess ? ` (did you mean --${guess}?)` : ''}`,
      );
    }
    const target = isGlobal ? scan.globals : scan.flags;
    const equals = token.indexOf('=');
    if (spec.type === 'boolean') {
      if (equals !== -1) throw new Problem(`--${name} does not take a value`);
      target[name] = true;
      continue;
    }
    let raw: string;
    if (equals !== -1) {
      raw = token.slice(equals + 1);
    } else {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--') || skip.has(index + 1)) {
        throw new Problem(`--${name} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`);
      }
      raw = next;
      index += 1;
    }
    if (spec.type === 'list') {
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      (target[name] as string[]).push(...items);
      continue;
    }
    if (seen.has(name)) throw new Problem(`--${name} was given more than once`);
    seen.add(name);
    target[name] = readValue(name, spec, raw);
  }
  return scan;
}

function bindPositionals(
  spec: CommandSpec,
  words: readonly string[],
  commandName: string,
  checkRequired: boolean,
): Record<string, string | undefined> {
  if (words.length > spec.positionals.length) {
    const extra = words[spec.positionals.length]!;
    throw new Problem(`unexpected argument ${JSON.stringify(extra)} for ${commandName}`);
  }
  const values: Record<string, string | undefined> = {};
  spec.positionals.forEach((positional, index) => {
    const value = words[index];
    if (value === undefined && positional.required && checkRequired) {
      throw new Problem(`${commandName} needs ${positional.name} (${positional.description})`);
    }
    values[positional.name] = value;
  });
  return values;
}

function checkRequiredFlags(spec: CommandSpec, flags: Record<string, unknown>, commandName: string): void {
  const missing = Object.entries(spec.flags)
    .filter(([name, flag]) => flag.required === true && flags[name] === undefined)
    .map(([name]) => `--${name}`);
  if (missing.length > 0) {
    throw new Problem(`${commandName} needs ${missing.join(' and ')}`);
  }
}

function unknownCommandProblem(words: readonly string[]): Problem {
  const tried = words.join(' ');
  const candidates = [...COMMAND_IDS, ...GROUP_NAMES];
  const guess = closestMatch(tried, candidates) ?? closestMatch(words[0] ?? '', candidates);
  return new Problem(`unknown command ${JSON.stringify(tried)}${guess ? ` (did you mean ${guess}?)` : ''}`);
}

/**
 * Reads the command line against the command table: the command (its words may be followed
 * or preceded by flags), its flags and positionals, and the global flags. Nothing is loaded
 * and nothing is called; every problem becomes one line in `problem`.
 *
 * @example
 * ```ts
 * const invocation = parseArgv(['config', 'get', 'upgrade.bakeTimeSeconds', '--output', 'json']);
 * invocation.commandId; // 'config get'
 * invocation.positionals.KEY; // 'upgrade.bakeTimeSeconds'
 * ```
 */
export function parseArgv(argv: readonly string[]): ParsedInvocation {
  const located = locateCommand(argv);
  const flagWord = located.words.length === 1 ? WORDS_FOR_FLAGS[located.words[0]!] : undefined;
  if (flagWord !== undefined) {
    const at = located.indexes[0]!;
    return parseArgv([...argv.slice(0, at), ...argv.slice(at + 1), flagWord]);
  }
  return parseLocated(argv, located);
}

function parseLocated(
  argv: readonly string[],
  { words, indexes }: { words: string[]; indexes: number[] },
): ParsedInvocation {
  const text = words.join(' ');
  const commandId = COMMAND_IDS.find((id) => id === text);
  const group = commandId === undefined && GROUP_NAMES.includes(text) ? text : undefined;
  const spec: CommandSpec | undefined = commandId ? COMMANDS[commandId] : undefined;
  const commandName = words.length > 0 ? `eks-upgrade ${text}` : undefined;
  const empty = { flags: {}, positionals: {} };
  let globals: Record<string, unknown> = defaults(GLOBAL_FLAGS);
  try {
    // An unknown command is the first thing to say: its flags cannot be judged without it.
    if (words.length > 0 && commandId === undefined && group === undefined)
      throw unknownCommandProblem(words);
    const nextWord = argv[indexes[indexes.length - 1]! + 1];
    if (group !== undefined && nextWord !== undefined && !nextWord.startsWith('-')) {
      throw unknownCommandProblem([...words, nextWord]);
    }
    const scan = scanTokens(argv, new Set(indexes), spec?.flags ?? {}, commandName);
    globals = scan.globals;
    if (commandId === undefined || spec === undefined) {
      if (scan.words.length > 0) {
        if (group) throw unknownCommandProblem([...words, scan.words[0]!]);
        throw new Problem(`unexpected argument ${JSON.stringify(scan.words[0])}`);
      }
      return { globals: globals as GlobalFlagValues, ...(group ? { group } : {}), ...empty };
    }
    const helpOnly = globals.help === true || globals.version === true;
    const positionals = bindPositionals(spec, scan.words, commandName!, !helpOnly);
    if (!helpOnly) checkRequiredFlags(spec, scan.flags, commandName!);
    return { globals: globals as GlobalFlagValues, commandId, flags: scan.flags, positionals };
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    // Read what global flags we can, so --no-color and --verbose still shape the error message.
    for (const token of argv) {
      if (token === '--no-color') globals['no-color'] = true;
      if (token === '--verbose') globals.verbose = true;
    }
    return {
      globals: globals as GlobalFlagValues,
      ...(commandId ? { commandId } : {}),
      ...(group ? { group } : {}),
      ...empty,
      problem: error.message,
    };
  }
}
