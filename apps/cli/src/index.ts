/**
 * @packageDocumentation
 * `eks-upgrade`, the operator CLI. The binary is `dist/bin.js`; `main()` runs the CLI in-process
 * (for embedding and tests) and returns the exit code.
 */
export {
  COMMANDS,
  type CommandId,
  type CommandSpec,
  type FlagSpec,
  GLOBAL_FLAGS,
} from './cli/command-table.js';
export { EXIT_CODE_HELP, ExitCode } from './cli/exit-codes.js';
export { type CliIo, type CliStream, createProcessIo } from './cli/io.js';
export { OutputFormat } from './cli/output.js';
export { CLI_VERSION, type MainOptions, main } from './main.js';
export type { PolicyDocument, PolicyStatement } from './stack/iam-policies.js';
export { operatorPolicyDocument } from './stack/operator-policy.js';
export type { StackLocation } from './stack/stack-names.js';
