import { type AgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { getAllLambdaTemplates } from '@eks-upgrade/lambda-templates';
import { toCloudFormation } from './intrinsics.js';
import type { PhaseCodeKeys, TemplateResource } from './stack-template.js';
import { LOGICAL_IDS } from './template-logical-ids.js';
import { tags } from './template-tags.js';

/** The five phase functions (code from the `CodeBucket` parameter), each after its log group. */
export function functionResources(
  config: AgentConfig,
  codeKeys: PhaseCodeKeys,
): Record<string, TemplateResource> {
  const resources: Record<string, TemplateResource> = {};
  const functions = getAllLambdaTemplates({
    // Validated like deploy's; the template sets Role and Code itself (below).
    role: 'arn:aws:iam::000000000000:role/eks-upgrade-template-placeholder',
    code: () => ({ zipPath: 'template' }),
    functionPrefix: config.lambda.functionPrefix,
    parameterPrefix: config.parameterStore.parameterPrefix,
    eventBusName: config.eventBridge.busName,
    logLevel: config.agent.logLevel,
    runtime: config.lambda.runtime,
    architecture: config.lambda.architecture,
  });
  UPGRADE_PHASES.forEach((phase, index) => {
    const fn = functions[index];
    if (!fn) return;
    const logGroup = LOGICAL_IDS.logGroup(phase);
    resources[logGroup] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: `/aws/lambda/${fn.name}`,
        RetentionInDays: { Ref: 'LogRetentionInDays' },
      },
    };
    resources[LOGICAL_IDS.function(phase)] = {
      Type: 'AWS::Lambda::Function',
      // The log group first: a function that logs before it exists would create it outside the stack.
      DependsOn: [logGroup],
      Properties: {
        FunctionName: fn.name,
        Description: fn.description,
        Runtime: fn.runtime,
        Handler: fn.handler,
        Role: { 'Fn::GetAtt': [LOGICAL_IDS.functionRole(phase), 'Arn'] },
        Code: {
          S3Bucket: { Ref: 'CodeBucket' },
          S3Key: { 'Fn::Sub': `\${CodeKeyPrefix}${codeKeys[phase]}` },
        },
        MemorySize: fn.memorySize,
        Timeout: fn.timeout,
        Architectures: [fn.architecture],
        Environment: { Variables: toCloudFormation(fn.environment) },
        Tags: tags(fn.tags),
      },
    };
  });
  return resources;
}
