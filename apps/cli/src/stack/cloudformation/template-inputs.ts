import {
  type AgentConfig,
  AgentConfigSchema,
  createDefaultAgentConfig,
  parseOrThrow,
} from '@eks-upgrade/core-models';
import type { CommandRuntime } from '../../context/command-context.js';
import { readJsonFile } from '../../inputs/json-input.js';
import { CLI_VERSION } from '../../main.js';
import { codeKeysOf, type PhaseZip, readPhaseZips, type S3Location } from './code-upload.js';
import { type CloudFormationTemplate, synthesizeStackTemplate } from './stack-template.js';

/** Reads `--config FILE` (validated like `config import`), or `undefined` without one. */
export async function configFromFile(
  context: CommandRuntime,
  file: string | undefined,
): Promise<AgentConfig | undefined> {
  if (file === undefined) return undefined;
  const input = await readJsonFile(context.resolvePath(file), file, 'configuration file');
  return parseOrThrow(AgentConfigSchema, input, `configuration file ${file}`);
}

/** The template and the zips it points at. */
export interface SynthesizedStack {
  readonly template: CloudFormationTemplate;
  readonly zips: readonly PhaseZip[];
  readonly config: AgentConfig;
}

/**
 * Synthesizes the stack template from the configuration (or the defaults), the notification
 * targets and the zips of `zipDirectory`, with the code location's defaults from `codeLocation`.
 */
export async function synthesizeStack(options: {
  config: AgentConfig | undefined;
  parameterPrefix: string;
  notifyArns: readonly string[];
  zipDirectory: string;
  codeLocation?: S3Location | undefined;
}): Promise<SynthesizedStack> {
  const config = options.config ?? createDefaultAgentConfig();
  const zips = await readPhaseZips(options.zipDirectory);
  const template = synthesizeStackTemplate({
    config,
    parameterPrefix: options.parameterPrefix,
    notifyArns: options.notifyArns,
    codeKeys: codeKeysOf(zips),
    codeBucket: options.codeLocation?.bucket,
    codeKeyPrefix: options.codeLocation?.keyPrefix,
    cliVersion: CLI_VERSION,
  });
  return { template, zips, config };
}
