import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import type { EventBridgeClient } from '@eks-upgrade/events';
import type { LambdaTemplateManager } from '@eks-upgrade/lambda-templates';
import type { ClusterGateway, NarrativeClient } from '@eks-upgrade/lambdas';
import type { SSMClient } from '@eks-upgrade/params';
import type { StepFunctionsClient } from '@eks-upgrade/sfn';
import type { SdkClientConfig } from './aws-settings.js';

/** Called before every AWS request a client sends (for `--verbose` and for tests). */
export type AwsCallListener = (service: string, operation: string) => void;

/**
 * The AWS clients commands use, each imported and created on first use so that a command
 * loads only the SDK clients it needs. Tests replace the whole factory with a spy to prove
 * that bad input never reaches AWS.
 */
export interface ServiceFactory {
  iam(): Promise<IAMClient>;
  sts(): Promise<STSClient>;
  /** CloudFormation (for `deploy --via cloudformation` and `destroy --via cloudformation`). */
  cloudFormation(): Promise<CloudFormationClient>;
  /** S3 (for uploading the function zips and templates). */
  s3(): Promise<S3Client>;
  /** SSM Parameter Store under a parameter prefix (configuration). */
  parameters(options: { parameterPrefix: string; kmsKeyId?: string | undefined }): Promise<SSMClient>;
  stepFunctions(): Promise<StepFunctionsClient>;
  events(options: { busName: string; source: string }): Promise<EventBridgeClient>;
  lambda(): Promise<LambdaTemplateManager>;
  /** EventBridge Scheduler (for `start --at`). */
  scheduler(): Promise<SchedulerClient>;
  /** SNS (for `deploy`: the topic policy of an SNS notification target). */
  sns(): Promise<SNSClient>;
  /** SQS (for `deploy`: the queue policy of an SQS notification target). */
  sqs(): Promise<SQSClient>;
  /** CloudWatch Logs (for `deploy`: the resource policy a log group notification target needs). */
  logs(): Promise<CloudWatchLogsClient>;
  /** EKS, Route 53 and CloudWatch as the phases see them (for `plan`). */
  clusterGateway(): Promise<ClusterGateway>;
  /** Bedrock Converse for the plan's narrative (for `plan`). */
  narrative(): Promise<NarrativeClient>;
}

/** The part of an SDK v3 client we touch to observe its calls. */
interface ObservableClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

function observe<T>(client: T, listener: AwsCallListener | undefined): T {
  if (!listener) return client;
  (client as unknown as ObservableClient).middlewareStack.add(
    (next, context) => async (args) => {
      listener(
        (context.clientName ?? 'AWS').replace(/Client$/, ''),
        (context.commandName ?? '').replace(/Command$/, ''),
      );
      return next(args);
    },
    { step: 'initialize', name: 'eksUpgradeCliCallListener', override: true },
  );
  return client;
}

function memoize<T>(create: () => Promise<T>): () => Promise<T> {
  let created: Promise<T> | undefined;
  return () => {
    created ??= create();
    return created;
  };
}

function memoizeByKey<Key, T>(create: (key: Key) => Promise<T>): (key: Key) => Promise<T> {
  const created = new Map<string, Promise<T>>();
  return (key) => {
    const id = JSON.stringify(key);
    let client = created.get(id);
    if (!client) {
      client = create(key);
      created.set(id, client);
    }
    return client;
  };
}

/**
 * The real factory: every client is built from `clientConfig` (region, profile, endpoint) and
 * reports each call to `listener`.
 *
 * @example
 * ```ts
 * const services = createServiceFactory({ region: 'eu-west-1' });
 * const sfn = await services.stepFunctions();
 * ```
 */
export function createServiceFactory(
  clientConfig: SdkClientConfig,
  listener?: AwsCallListener,
): ServiceFactory {
  return {
    iam: memoize(async () => {
      const { IAMClient } = await import('@aws-sdk/client-iam');
      return observe(new IAMClient(clientConfig), listener);
    }),
    sts: memoize(async () => {
      const { STSClient } = await import('@aws-sdk/client-sts');
      return observe(new STSClient(clientConfig), listener);
    }),
    cloudFormation: memoize(async () => {
      const { CloudFormationClient } = await import('@aws-sdk/client-cloudformation');
      return observe(new CloudFormationClient(clientConfig), listener);
    }),
    s3: memoize(async () => {
      const { S3Client } = await import('@aws-sdk/client-s3');
      // Path-style addressing with a custom endpoint (--endpoint-url: emulators, VPC endpoints),
      // where bucket subdomains do not resolve; AWS's own endpoints keep virtual-hosted style.
      const forcePathStyle = (clientConfig as { endpoint?: unknown }).endpoint !== undefined;
      return observe(new S3Client({ ...clientConfig, forcePathStyle }), listener);
    }),
    parameters: memoizeByKey(async ({ parameterPrefix, kmsKeyId }) => {
      const { SSMClient } = await import('@eks-upgrade/params');
      const client = new SSMClient({ clientConfig, parameterPrefix, ...(kmsKeyId ? { kmsKeyId } : {}) });
      observe(client.sdkClient, listener);
      return client;
    }),
    stepFunctions: memoize(async () => {
      const { StepFunctionsClient } = await import('@eks-upgrade/sfn');
      const client = new StepFunctionsClient({ clientConfig });
      observe(client.client, listener);
      return client;
    }),
    events: memoizeByKey(async ({ busName, source }) => {
      const { EventBridgeClient } = await import('@eks-upgrade/events');
      const client = new EventBridgeClient({ clientConfig, busName, source });
      observe(client.client, listener);
      return client;
    }),
    lambda: memoize(async () => {
      const { LambdaTemplateManager } = await import('@eks-upgrade/lambda-templates');
      const client = new LambdaTemplateManager({ clientConfig });
      observe(client.client, listener);
      return client;
    }),
    scheduler: memoize(async () => {
      const { SchedulerClient } = await import('@aws-sdk/client-scheduler');
      return observe(new SchedulerClient(clientConfig), listener);
    }),
    sns: memoize(async () => {
      const { SNSClient } = await import('@aws-sdk/client-sns');
      return observe(new SNSClient(clientConfig), listener);
    }),
    sqs: memoize(async () => {
      const { SQSClient } = await import('@aws-sdk/client-sqs');
      return observe(new SQSClient(clientConfig), listener);
    }),
    logs: memoize(async () => {
      const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
      return observe(new CloudWatchLogsClient(clientConfig), listener);
    }),
    clusterGateway: memoize(async () => {
      const { createAwsClusterGateway } = await import('@eks-upgrade/lambdas');
      return createAwsClusterGateway({ clientConfig });
    }),
    narrative: memoize(async () => {
      const { BedrockNarrativeClient } = await import('@eks-upgrade/lambdas');
      return new BedrockNarrativeClient({ clientConfig });
    }),
  };
}
