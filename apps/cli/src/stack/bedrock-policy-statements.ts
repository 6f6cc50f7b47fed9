import type { AgentConfig } from '@eks-upgrade/core-models';
import type { PolicyStatement } from './iam-policies.js';
import type { StackLocation } from './stack-names.js';

/**
 * Where Bedrock may route a geographic cross-Region inference profile: every commercial region
 * of its geography (a profile routes to a subset per model; `bedrock.destinationRegions`
 * narrows it), from https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html.
 */
const INFERENCE_PROFILE_GEOGRAPHIES: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  ca: ['ca-central-1', 'ca-west-1'],
  eu: [
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
  ],
  apac: [
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-7',
  ],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
};

/**
 * Bedrock Converse (authorised as bedrock:InvokeModel) on the configured model. A foundation
 * model ID: the model in the stack's region. A cross-Region inference profile ID (`us.`, `eu.`,
 * `global.`, …): the profile in the stack's region, and the foundation model in every region it
 * may route to (a global profile: any region, the region-less ARN), usable only through that
 * profile (`bedrock:InferenceProfileArn`), as
 * https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference-prereq.html asks.
 * An ARN (an application inference profile, a provisioned model) is granted as given.
 *
 * @example
 * ```ts
 * bedrockStatements(config, location).map((statement) => statement.Sid); // ['BedrockInferenceProfile', 'BedrockModelThroughProfile']
 * ```
 */
export function bedrockStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  const { modelId, destinationRegions } = config.bedrock;
  const action = ['bedrock:InvokeModel'];
  const { partition, region, accountId } = location;
  if (modelId.startsWith('arn:'))
    return [{ Sid: 'BedrockConverse', Effect: 'Allow', Action: action, Resource: [modelId] }];
  const profile = /^(global|us-gov|us|eu|apac|jp|au|ca)\.(.+)$/.exec(modelId);
  const foundationModel = (where: string, id: string) =>
    `arn:${partition}:bedrock:${where}::foundation-model/${id}`;
  if (!profile) {
    return [
      {
        Sid: 'BedrockConverse',
        Effect: 'Allow',
        Action: action,
        Resource: [foundationModel(region, modelId)],
      },
    ];
  }
  const [, geography, model] = profile as unknown as [string, string, string];
  const profileArn = `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${modelId}`;
  const destinations = [
    ...new Set([
      region,
      ...(destinationRegions ??
        (geography === 'global' ? [] : (INFERENCE_PROFILE_GEOGRAPHIES[geography] ?? []))),
    ]),
  ];
  return [
    { Sid: 'BedrockInferenceProfile', Effect: 'Allow', Action: action, Resource: [profileArn] },
    {
      Sid: 'BedrockModelThroughProfile',
      Effect: 'Allow',
      Action: action,
      Resource: [
        ...destinations.map((destination) => foundationModel(destination, model)),
        ...(geography === 'global' ? [foundationModel('', model)] : []),
      ],
      Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
    },
  ];
}
