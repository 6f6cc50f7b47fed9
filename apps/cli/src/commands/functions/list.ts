import { ExitCode } from '../../cli/exit-codes.js';
import { loadAgentConfig, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';

/** `eks-upgrade functions list`: the deployed phase functions. */
export async function run(context: CommandContext<'functions list'>): Promise<ExitCode> {
  parameterPrefixOf(context.flags);
  const config = await loadAgentConfig(context, context.flags);
  const lambda = await context.services.lambda();
  const functions = await lambda.listFunctions({ namePrefix: `${config.lambda.functionPrefix}-` });
  const rows = functions
    .map((fn) => ({
      name: fn.functionName,
      runtime: fn.runtime ?? '',
      state: fn.state ?? '',
      lastUpdateStatus: fn.lastUpdateStatus ?? '',
      codeSha256: fn.codeSha256 ?? '',
      lastModified: fn.lastModified ?? '',
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  context.print({
    data: rows,
    table: { columns: ['name', 'runtime', 'state', 'lastUpdateStatus', 'lastModified'], rows },
  });
  return ExitCode.SUCCESS;
}
