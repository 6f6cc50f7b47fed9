import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import {
  createUpgradeStateMachineDefinition,
  renderMermaid,
  workflowOptionsFromConfig,
} from '@eks-upgrade/sfn';
import { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';

/** `eks-upgrade workflow render`: the state machine deploy ships, as ASL JSON or a Mermaid flowchart. */
export async function run(context: CommandContext<'workflow render'>): Promise<ExitCode> {
  const definition = createUpgradeStateMachineDefinition(
    workflowOptionsFromConfig(createDefaultAgentConfig()),
  );
  if (context.flags.format === 'mermaid') {
    context.io.stdout.write(`flowchart TD\n${stripHeader(renderMermaid(definition))}`);
    return ExitCode.SUCCESS;
  }
  context.io.stdout.write(`${JSON.stringify(definition, null, 2)}\n`);
  return ExitCode.SUCCESS;
}

/** renderMermaid may or may not write the `flowchart` header; write it exactly once. */
function stripHeader(mermaid: string): string {
  return mermaid.replace(/^\s*(flowchart|graph)\s+\w+\s*\n/, '');
}
