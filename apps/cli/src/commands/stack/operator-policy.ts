import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { configFromFile } from '../../stack/cloudformation/template-inputs.js';
import { operatorPolicyDocument } from '../../stack/operator-policy.js';
import { stackLocation } from '../../stack/stack-deployer.js';

/** IAM's limits on a policy document, without whitespace (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
const MANAGED_POLICY_MAX_CHARACTERS = 6144;

/**
 * `eks-upgrade operator-policy`: prints the least-privilege IAM policy for running the
 * day-to-day commands against the stack of this configuration (`--config FILE`, or the
 * defaults) and prefix, in the caller's account and region (STS GetCallerIdentity, which needs
 * no permission).
 */
export async function run(context: CommandContext<'operator-policy'>): Promise<ExitCode> {
  const { flags } = context;
  const parameterPrefix = parameterPrefixOf(flags);
  const config = (await configFromFile(context, flags.config)) ?? createDefaultAgentConfig();
  const location = await stackLocation(context);
  const policy = operatorPolicyDocument(
    { ...config, parameterStore: { ...config.parameterStore, parameterPrefix } },
    location,
  );
  const characters = JSON.stringify(policy).length;
  if (characters > MANAGED_POLICY_MAX_CHARACTERS) {
    context.log.warn(
      `the policy is ${characters} characters, over the ${MANAGED_POLICY_MAX_CHARACTERS} of a managed policy: attach it inline to a role (up to 10,240), or tag the clusters (permissions.clusterTag) instead of naming them`,
    );
  }
  context.log.success(
    `operator policy for state machine ${config.stepFunctions.stateMachineName} and configuration ${parameterPrefix}config/ in ${location.accountId} ${location.region}`,
  );
  context.print({ data: policy, text: JSON.stringify(policy, null, 2) });
  return ExitCode.SUCCESS;
}
