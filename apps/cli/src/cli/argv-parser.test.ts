import { describe, expect, it } from 'vitest';
import { parseArgv } from './argv-parser.js';

describe('Function: parseArgv', () => {
  it('finds a two-word command, its positionals and flags in any order', () => {
    // Act
    const invocation = parseArgv([
      '--output',
      'json',
      'config',
      'get',
      'upgrade.bakeTimeSeconds',
      '--show-secrets',
    ]);

    // Assess
    expect(invocation.problem).toBeUndefined();
    expect(invocation.commandId).toBe('config get');
    expect(invocation.positionals).toEqual({ KEY: 'upgrade.bakeTimeSeconds' });
    expect(invocation.flags['show-secrets']).toBe(true);
    expect(invocation.globals.output).toBe('json');
  });

  it('finds a three-word command', () => {
    // Act
    const invocation = parseArgv(['events', 'rules', 'apply', '--dry-run']);

    // Assess
    expect(invocation.commandId).toBe('events rules apply');
    expect(invocation.flags['dry-run']).toBe(true);
  });

  it('reads --flag=value, list flags and their commas, and booleans default to false', () => {
    // Act
    const invocation = parseArgv([
      'start',
      '--cluster=prod',
      '--target',
      '1.31',
      '--traffic-intervals',
      '10,50',
      '--traffic-intervals=100',
    ]);

    // Assess
    expect(invocation.problem).toBeUndefined();
    expect(invocation.flags.cluster).toBe('prod');
    expect(invocation.flags.target).toBe('1.31');
    expect(invocation.flags['traffic-intervals']).toEqual(['10', '50', '100']);
    expect(invocation.flags.wait).toBe(false);
  });

  it('reads numbers and rejects what is not one', () => {
    // Act
    const good = parseArgv(['watch', '--max-wait', '90']);
    const bad = parseArgv(['watch', '--max-wait', 'soon']);

    // Assess
    expect(good.flags['max-wait']).toBe(90);
    expect(bad.problem).toBe('--max-wait must be a number (got "soon")');
  });

  it('takes everything after -- as positionals', () => {
    // Act
    const invocation = parseArgv(['config', 'set', 'agent.name', '--', '--odd-value']);

    // Assess
    expect(invocation.problem).toBeUndefined();
    expect(invocation.positionals).toEqual({ KEY: 'agent.name', VALUE: '--odd-value' });
  });

  it('names a command group given without a command', () => {
    // Act
    const invocation = parseArgv(['config']);

    // Assess
    expect(invocation.group).toBe('config');
    expect(invocation.commandId).toBeUndefined();
    expect(invocation.problem).toBeUndefined();
  });

  it.each([
    [['deploi'], 'unknown command "deploi" (did you mean deploy?)'],
    [['config', 'remove'], 'unknown command "config remove"'],
    [['deploy', '--dryrun'], 'unknown option --dryrun for eks-upgrade deploy (did you mean --dry-run?)'],
    [['plan', '--cluster', 'a', '--target'], '--target needs a value (VERSION)'],
    [['plan', '--cluster', '--target', '1.31'], '--cluster needs a value (NAME)'],
    [
      ['plan', '--cluster', 'a', '--target', '1.31', '--strategy', 'fast'],
      '--strategy must be one of in_place, blue_green (got "fast")',
    ],
    [['plan', '--cluster', 'a', '--cluster', 'b', '--target', '1.31'], '--cluster was given more than once'],
    [['plan', '--target', '1.31'], 'eks-upgrade plan needs --cluster'],
    [['config', 'get'], 'eks-upgrade config get needs KEY (dotted key, e.g. upgrade.bakeTimeSeconds)'],
    [['config', 'show', 'extra'], 'unexpected argument "extra" for eks-upgrade config show'],
    [['list', '--output', 'yaml'], '--output must be one of json, table, text (got "yaml")'],
    [['deploy', '--dry-run=yes'], '--dry-run does not take a value'],
    [['-x'], 'unknown option -x'],
  ])('reports %j as one line: %s', (argv, problem) => {
    // Act
    const invocation = parseArgv(argv);

    // Assess
    expect(invocation.problem).toMatch(new RegExp(`^${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(invocation.problem).not.toContain('\n');
  });

  it('skips the required checks when help is asked for', () => {
    // Act
    const invocation = parseArgv(['plan', '--help']);

    // Assess
    expect(invocation.problem).toBeUndefined();
    expect(invocation.commandId).toBe('plan');
    expect(invocation.globals.help).toBe(true);
  });

  it('keeps --no-color and --verbose when the rest is invalid', () => {
    // Act
    const invocation = parseArgv(['nope', '--no-color', '--verbose']);

    // Assess
    expect(invocation.problem).toBeDefined();
    expect(invocation.globals['no-color']).toBe(true);
    expect(invocation.globals.verbose).toBe(true);
  });
});

describe('Function: parseArgv (what people type)', () => {
  it('names an unknown command before judging its flags', () => {
    // Act
    const invocation = parseArgv(['reherse', '--scenario', 'x.json']);

    // Assess
    expect(invocation.problem).toBe('unknown command "reherse" (did you mean rehearse?)');
  });

  it('names an unknown command of a group before judging its flags', () => {
    // Act
    const invocation = parseArgv(['config', 'delet', '--force']);

    // Assess
    expect(invocation.problem).toBe('unknown command "config delet" (did you mean config get?)');
  });

  it.each([
    [['config', 'set', 'upgrade.bakeTimeSeconds', '-5'], '-5'],
    [['config', 'set', 'upgrade.bakeTimeSeconds', '-0.5', '--prefix', '/x/'], '-0.5'],
  ])('reads a negative number as a value: %j', (argv, value) => {
    // Act
    const invocation = parseArgv(argv);

    // Assess
    expect(invocation.problem).toBeUndefined();
    expect(invocation.commandId).toBe('config set');
    expect(invocation.positionals).toEqual({ KEY: 'upgrade.bakeTimeSeconds', VALUE: value });
  });

  it.each([
    [['help'], undefined, { help: true }],
    [['help', 'config', 'set'], 'config set', { help: true }],
    [['help', 'rehearse', '--no-color'], 'rehearse', { help: true, 'no-color': true }],
    [['version'], undefined, { version: true }],
  ])('reads the words help and version as the flags: %j', (argv, commandId, globals) => {
    // Act
    const invocation = parseArgv(argv);

    // Assess
    expect(invocation.problem).toBeUndefined();
    expect(invocation.commandId).toBe(commandId);
    expect(invocation.globals).toMatchObject(globals);
  });
});
