import path from 'node:path';
import packageJson from '../package.json' with { type: 'json' };
import { parseArgv } from './cli/argv-parser.js';
import { COMMAND_LOADERS } from './cli/command-loaders.js';
import { COMMAND_IDS, type CommandId } from './cli/command-table.js';
import { ExitCode } from './cli/exit-codes.js';
import { renderCommandHelp, renderGeneralHelp, renderGroupHelp } from './cli/help.js';
import { type CliIo, colourAllowed, createPaint, createProcessIo, type Paint } from './cli/io.js';
import { createLogger } from './cli/logger.js';
import { OutputFormat, renderOutput } from './cli/output.js';
import { reportError } from './cli/report-error.js';
import { resolveAwsSettings, type SdkClientConfig, toSdkClientConfig } from './context/aws-settings.js';
import type { CommandContext } from './context/command-context.js';
import { type AwsCallListener, createServiceFactory, type ServiceFactory } from './context/services.js';

/** The version of this CLI. */
export const CLI_VERSION: string = packageJson.version;

/** Ways to embed or test the CLI. */
export interface MainOptions {
  /** Replaces the AWS client factory (tests pass a spy or moto-backed clients). */
  services?: (clientConfig: SdkClientConfig, listener?: AwsCallListener) => ServiceFactory;
  /** Told about every AWS request (service, operation), e.g. to count mutating calls. */
  onAwsCall?: AwsCallListener;
  /** Extra SDK client settings merged over the resolved ones, e.g. credentials or `maxAttempts`. */
  clientConfig?: Record<string, unknown>;
}

/**
 * Runs `eks-upgrade` with `argv` (without the node and script paths) and returns the exit
 * code: 0 success, 1 failure, 2 bad usage or input, 3 the upgrade was rolled back. It never
 * calls `process.exit`, so it can be embedded and tested in-process.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), createProcessIo());
 * ```
 */
export async function main(
  argv: readonly string[],
  io: CliIo = createProcessIo(),
  options: MainOptions = {},
): Promise<ExitCode> {
  const invocation = parseArgv(argv);
  const { globals } = invocation;
  const noColor = globals['no-color'];
  const log = createLogger(
    io.stderr,
    createPaint(colourAllowed(io.stderr, io.env, noColor)),
    globals.verbose,
  );
  const stdoutPaint = createPaint(colourAllowed(io.stdout, io.env, noColor));
  const helpFor = invocation.commandId ? `eks-upgrade ${invocation.commandId} --help` : 'eks-upgrade --help';

  if (invocation.problem !== undefined) {
    log.error(`${invocation.problem}. See '${helpFor}'.`);
    return ExitCode.USAGE;
  }
  if (globals.version) {
    io.stdout.write(`${CLI_VERSION}\n`);
    return ExitCode.SUCCESS;
  }
  if (invocation.commandId === undefined) {
    if (invocation.group !== undefined) {
      if (globals.help) {
        io.stdout.write(renderGroupHelp(invocation.group, stdoutPaint));
        return ExitCode.SUCCESS;
      }
      const verbs = COMMAND_IDS.filter((id) => id.startsWith(`${invocation.group} `));
      log.error(`eks-upgrade ${invocation.group} needs a command: ${verbs.join(', ')}. See '${helpFor}'.`);
      return ExitCode.USAGE;
    }
    io.stdout.write(renderGeneralHelp(stdoutPaint));
    return ExitCode.SUCCESS;
  }
  if (globals.help) {
    io.stdout.write(renderCommandHelp(invocation.commandId, stdoutPaint));
    return ExitCode.SUCCESS;
  }
  return runCommand(invocation.commandId, invocation, io, options, log, stdoutPaint);
}

async function runCommand(
  id: CommandId,
  invocation: ReturnType<typeof parseArgv>,
  io: CliIo,
  options: MainOptions,
  log: ReturnType<typeof createLogger>,
  stdoutPaint: Paint,
): Promise<ExitCode> {
  const settings = resolveAwsSettings(invocation.globals, io.env);
  if ('problem' in settings) {
    log.error(`${settings.problem}. See 'eks-upgrade --help'.`);
    return ExitCode.USAGE;
  }
  const load = COMMAND_LOADERS[id];
  if (!load) {
    log.error(`eks-upgrade ${id} is not available in this build`);
    return ExitCode.FAILURE;
  }
  const clientConfig = toSdkClientConfig(settings, options.clientConfig);
  const output = invocation.globals.output ?? OutputFormat.TEXT;
  const context: CommandContext = {
    id,
    flags: invocation.flags as CommandContext['flags'],
    positionals: invocation.positionals as CommandContext['positionals'],
    globals: invocation.globals,
    io,
    log,
    output,
    aws: settings,
    clientConfig,
    services: (options.services ?? createServiceFactory)(clientConfig, (service, operation) => {
      log.debug(`aws: ${service} ${operation}`);
      options.onAwsCall?.(service, operation);
    }),
    stdoutPaint,
    print: (printable) => {
      io.stdout.write(renderOutput(output, printable));
    },
    resolvePath: (file) => path.resolve(io.cwd, file),
  };
  try {
    const command = (await load()) as { run(context: CommandContext): Promise<ExitCode> };
    return await command.run(context);
  } catch (error) {
    return reportError(error, log);
  }
}
