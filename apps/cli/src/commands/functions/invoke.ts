import {
  parseOrThrow,
  phaseFunctionName,
  UpgradePhaseSchema,
  ValidationError,
} from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { loadAgentConfig, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { formatBytes, MAX_LAMBDA_PAYLOAD_BYTES, readJsonArgument } from '../../inputs/json-input.js';

/** `eks-upgrade functions invoke PHASE --payload JSON|@FILE`: runs one phase function and prints its answer. */
export async function run(context: CommandContext<'functions invoke'>): Promise<ExitCode> {
  const phase = parseOrThrow(UpgradePhaseSchema, context.positionals.PHASE, 'phase (PHASE)');
  // A pretty-printed file may be larger than what is sent: read twice the limit, check what is sent.
  const payload = await readJsonArgument(
    context.flags.payload,
    '--payload',
    context.resolvePath,
    2 * MAX_LAMBDA_PAYLOAD_BYTES,
  );
  const payloadBytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (payloadBytes > MAX_LAMBDA_PAYLOAD_BYTES) {
    throw new ValidationError('Invalid --payload', [
      {
        path: '--payload',
        message: `is ${payloadBytes} bytes as JSON, over Lambda's ${formatBytes(MAX_LAMBDA_PAYLOAD_BYTES)} limit for a synchronous invocation`,
      },
    ]);
  }
  parameterPrefixOf(context.flags);
  const config = await loadAgentConfig(context, context.flags);
  const lambda = await context.services.lambda();
  const functionName = phaseFunctionName(phase, config.lambda.functionPrefix);
  const result = await lambda.invokeFunction(functionName, payload, { logTail: context.globals.verbose });
  if (result.logTail) context.log.debug(result.logTail);
  context.print({ data: result.payload ?? null, text: JSON.stringify(result.payload ?? null, null, 2) });
  return ExitCode.SUCCESS;
}
