import type { SdkClientConfig } from '../../src/context/aws-settings.js';
import {
  type AwsCallListener,
  createServiceFactory,
  type ServiceFactory,
} from '../../src/context/services.js';

/** Answers one AWS operation (by name, e.g. `GetParametersByPath`) with its output, or throws. */
// biome-ignore lint/suspicious/noExplicitAny: each operation has its own input shape
export type FakeHandler = (input: any) => unknown;

/** One AWS request a command sent, with its whole input. */
export interface RecordedCall {
  readonly service: string;
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** An SDK error as a service would answer it (`name`, HTTP status in `$metadata`). */
export function serviceError(name: string, message = name, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode, requestId: 'fake-request' },
  });
}

interface StackClient {
  middlewareStack: {
    add(
      middleware: (
        next: unknown,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: Record<string, unknown> }) => Promise<unknown>,
      options: { step: 'initialize'; name: string; priority: 'low' },
    ): void;
  };
}

/**
 * The CLI's real service factory and the real package clients, with every request answered by
 * `handlers` instead of AWS: a middleware at the start of each client's stack records the call
 * (service, operation, whole input) and returns the handler's output, so nothing leaves the
 * process. An operation with no handler fails the command loudly.
 *
 * @example
 * ```ts
 * const aws = fakeAws({ GetParametersByPath: () => ({ Parameters: [] }) });
 * const result = await runCli(['config', 'show'], { services: aws.services });
 * expect(aws.calls.map((call) => call.operation)).toEqual(['GetParametersByPath']);
 * ```
 */
export function fakeAws(handlers: Record<string, FakeHandler>) {
  const calls: RecordedCall[] = [];
  // The real factory hands out one client per service; answer each once, however often a
  // command asks for it.
  const answered = new WeakSet<object>();
  const answer = <Client>(client: Client): Client => {
    if (answered.has(client as object)) return client;
    answered.add(client as object);
    (client as StackClient).middlewareStack.add(
      (_next, context) => async (args) => {
        const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        calls.push({ service, operation, input: args.input });
        const handler = handlers[operation];
        if (!handler) throw new Error(`test: no fake answer for ${service} ${operation}`);
        return { output: { $metadata: { httpStatusCode: 200 }, ...((await handler(args.input)) as object) } };
      },
      { step: 'initialize', name: 'eksUpgradeTestFakeAws', priority: 'low' },
    );
    return client;
  };
  const services = (clientConfig: SdkClientConfig, listener?: AwsCallListener): ServiceFactory => {
    const real = createServiceFactory(
      {
        ...clientConfig,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
        maxAttempts: 1,
      },
      listener,
    );
    return {
      ...real,
      iam: async () => answer(await real.iam()),
      sts: async () => answer(await real.sts()),
      cloudFormation: async () => answer(await real.cloudFormation()),
      s3: async () => answer(await real.s3()),
      parameters: async (options) => {
        const client = await real.parameters(options);
        answer(client.sdkClient);
        return client;
      },
      stepFunctions: async () => {
        const client = await real.stepFunctions();
        answer(client.client);
        return client;
      },
      events: async (options) => {
        const client = await real.events(options);
        answer(client.client);
        return client;
      },
      lambda: async () => {
        const client = await real.lambda();
        answer(client.client);
        return client;
      },
      scheduler: async () => answer(await real.scheduler()),
      sns: async () => answer(await real.sns()),
      sqs: async () => answer(await real.sqs()),
      logs: async () => answer(await real.logs()),
    };
  };
  /** The calls that change something (everything but Get/List/Describe). */
  const mutatingCalls = () => calls.filter((call) => !/^(Get|List|Describe)/.test(call.operation));
  return { calls, mutatingCalls, services };
}
