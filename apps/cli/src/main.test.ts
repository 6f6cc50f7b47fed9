import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { createServiceSpy, runCli } from '../test/helpers/run-cli.js';

describe('Function: main', () => {
  it('prints the version on stdout and exits 0', async () => {
    // Act
    const result = await runCli(['--version']);

    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${packageJson.version}\n`);
    expect(result.stderr).toBe('');
  });

  it('answers the words version and help as --version and --help', async () => {
    // Act
    const version = await runCli(['version']);
    const help = await runCli(['help', 'start']);

    // Assess
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toBe(`${packageJson.version}\n`);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('eks-upgrade start --cluster NAME --target VERSION [flags]');
  });

  it('prints the general help with every command and the exit codes', async () => {
    // Act
    const result = await runCli(['--help']);

    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('eks-upgrade <command> [flags]');
    for (const command of ['rehearse', 'deploy', 'config set', 'events rules apply', 'workflow render']) {
      expect(result.stdout).toContain(command);
    }
    expect(result.stdout).toMatch(
      /Exit codes\n {2}0 +success\n {2}1 +failure.*\n {2}2 +bad usage.*\n {2}3 +the upgrade failed and was rolled back/,
    );
    expect(result.stdout).toContain('AWS_ENDPOINT_URL_<SERVICE>');
  });

  it('prints the help of a command with its flags and exit codes', async () => {
    // Act
    const result = await runCli(['start', '--help']);

    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('eks-upgrade start --cluster NAME --target VERSION [flags]');
    expect(result.stdout).toContain('--strategy STRATEGY');
    expect(result.stdout).toContain('Exit codes');
  });

  it('prints the help of a group', async () => {
    // Act
    const result = await runCli(['config', '--help']);

    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('config import');
  });

  it('asks for a command when a group is given alone, exiting 2', async () => {
    // Act
    const result = await runCli(['events']);

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "error: eks-upgrade events needs a command: events publish, events rules list, events rules apply. See 'eks-upgrade --help'.\n",
    );
  });

  it('colours stderr only on a terminal without NO_COLOR or --no-color', async () => {
    // Act
    const tty = await runCli(['nope'], { tty: true });
    const noColorEnv = await runCli(['nope'], { tty: true, env: { NO_COLOR: '1' } });
    const noColorFlag = await runCli(['nope', '--no-color'], { tty: true });
    const pipe = await runCli(['nope']);

    // Assess
    expect(tty.stderr).toContain('\u001b[31m');
    for (const run of [noColorEnv, noColorFlag, pipe]) expect(run.stderr).not.toContain('\u001b[');
  });

  it.each([
    [['deploy', '--region', 'mars'], '--region must be an AWS region such as us-east-1 (got "mars")'],
    [
      ['deploy', '--endpoint-url', 'localhost:4566'],
      '--endpoint-url must be an http(s) URL (got "localhost:4566")',
    ],
  ])('rejects %j before creating any client', async (argv, message) => {
    // Prepare
    const spy = createServiceSpy();

    // Act
    const result = await runCli(argv, { services: spy.factory });

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(spy.requested).toEqual([]);
  });

  it('prints an unexpected failure as one line with a hint to use --verbose, and the stack with it', async () => {
    // Prepare: the spy fails every client creation with a plain Error (not from the taxonomy).
    const spy = createServiceSpy();

    // Act
    const quiet = await runCli(['config', 'show'], { services: spy.factory });
    const verbose = await runCli(['config', 'show', '--verbose'], { services: spy.factory });

    // Assess
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stderr).toBe(
      'error: unexpected failure: test: no AWS client may be created (asked for parameters) (run again with --verbose for details)\n',
    );
    expect(verbose.exitCode).toBe(1);
    expect(verbose.stderr).toMatch(/Error: test: no AWS client may be created[\s\S]*\n\s+at /);
  });

  it('rejects a malformed AWS_REGION from the environment', async () => {
    // Act
    const result = await runCli(['deploy'], { env: { AWS_REGION: 'US East' } });

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('AWS_REGION must be an AWS region');
  });
});
