import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import {
  createUpgradeStateMachineDefinition,
  validateStateMachineDefinition,
  workflowOptionsFromConfig,
} from '@eks-upgrade/sfn';
import { ExitCode } from '../../cli/exit-codes.js';
import { countOf } from '../../cli/plural.js';
import type { CommandContext } from '../../context/command-context.js';
import { readJsonFile } from '../../inputs/json-input.js';

/** `eks-upgrade workflow validate [FILE]`: checks an ASL document (default: the built-in workflow). */
export async function run(context: CommandContext<'workflow validate'>): Promise<ExitCode> {
  const file = context.positionals.FILE;
  const definition =
    file === undefined
      ? createUpgradeStateMachineDefinition(workflowOptionsFromConfig(createDefaultAgentConfig()))
      : await readJsonFile(context.resolvePath(file), file, 'state machine definition');
  const { valid, problems } = validateStateMachineDefinition(definition);
  const what = file ?? 'the built-in upgrade workflow';
  context.print({
    data: { file: file ?? null, valid, problems },
    table: { columns: ['code', 'path', 'message'], rows: problems.map((problem) => ({ ...problem })) },
    text: valid
      ? `${what} is valid`
      : problems.map((problem) => `${problem.code}\t${problem.path ?? ''}\t${problem.message}`).join('\n'),
  });
  if (valid) {
    context.log.success(`${what}: valid`);
    return ExitCode.SUCCESS;
  }
  context.log.error(`${what}: ${countOf(problems.length, 'problem')}`);
  return ExitCode.FAILURE;
}
