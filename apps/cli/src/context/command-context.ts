import type {
  CommandFlagValues,
  CommandId,
  CommandPositionalValues,
  GlobalFlagValues,
} from '../cli/command-table.js';
import type { ExitCode } from '../cli/exit-codes.js';
import type { CliIo, Paint } from '../cli/io.js';
import type { Logger } from '../cli/logger.js';
import type { OutputFormat, Printable } from '../cli/output.js';
import type { AwsSettings, SdkClientConfig } from './aws-settings.js';
import type { ServiceFactory } from './services.js';

/** Everything a command receives: its parsed arguments, the streams, and lazy AWS clients. */
export interface CommandContext<Id extends CommandId = CommandId> {
  readonly id: Id;
  readonly flags: CommandFlagValues<Id>;
  readonly positionals: CommandPositionalValues<Id>;
  readonly globals: GlobalFlagValues;
  readonly io: CliIo;
  /** Progress and logs (stderr). */
  readonly log: Logger;
  readonly output: OutputFormat;
  readonly aws: AwsSettings;
  /** SDK client configuration for the AWS settings (what every client is built with). */
  readonly clientConfig: SdkClientConfig;
  /** AWS clients, created on first use. Commands validate their input before asking for one. */
  readonly services: ServiceFactory;
  /** Colours for stdout (a no-op unless stdout is a terminal and colour is allowed). */
  readonly stdoutPaint: Paint;
  /** Writes a result to stdout in the `--output` format. */
  print(printable: Printable): void;
  /** An absolute path for a path given on the command line. */
  resolvePath(file: string): string;
}

/** What each command file exports. */
export interface CommandModule<Id extends CommandId> {
  run(context: CommandContext<Id>): Promise<ExitCode>;
}

/** What shared helpers need from a command's context (everything but its own arguments). */
export type CommandRuntime = Omit<CommandContext, 'id' | 'flags' | 'positionals'>;
