import {
  CreateStateMachineAliasCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  type SFNClient,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import {
  ArnSchema,
  type AwsSdkV3Client,
  isRetryableAwsError,
  jsonEqual,
  parseOrThrow,
  type RetryOptions,
  retryWithBackoff,
  StepFunctionsNameSchema,
  toAWSServiceError,
} from '@eks-upgrade/core-models';

/** The alias `deploy` moves to each published version and `start` starts through. */
export const WORKFLOW_ALIAS_NAME = 'live';

/** One entry of an alias's routing configuration. */
export interface AliasRoute {
  readonly versionArn: string;
  /** Percent of new executions started through the alias (0-100). */
  readonly weight: number;
}

/** What `describeAlias` returns. */
export interface StateMachineAliasDescription {
  readonly aliasArn: string;
  readonly name: string;
  readonly routing: readonly AliasRoute[];
}

/** What `releaseVersion` did (or, with `dryRun`, would do). */
export interface VersionRelease {
  readonly aliasArn: string;
  /** The version the alias routes to afterwards (`undefined` on a dry run that would publish one). */
  readonly versionArn: string | undefined;
  /** `published`: a new version was published and the alias created or moved to it. */
  readonly action: 'published' | 'unchanged';
  /** Why a version was (or would be) published. */
  readonly reason?: string;
}

/** Options of `releaseVersion`. */
export interface ReleaseVersionOptions {
  /** The definition and role the state machine has now (as just deployed). */
  readonly definition: Readonly<Record<string, unknown>>;
  readonly roleArn: string;
  /** Alias name (default `live`). */
  readonly aliasName?: string;
  /** The state machine was just created or updated: publish even if the alias looks current. */
  readonly changed: boolean;
  /** Only report what would be done. */
  readonly dryRun?: boolean;
  /** Shown on the version, e.g. the CLI version that deployed it. */
  readonly description?: string;
}

const SERVICE = 'SFN';

function errorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown; Code?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Versions and the alias of a state machine: `deploy` publishes a version after each change and
 * routes the alias to it (100 %); `start` starts executions through the alias. An execution
 * stays on the version it started with, so a deploy never changes a running upgrade
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html).
 * Retryable failures are retried like the rest of this package's client; every SDK failure
 * becomes an `AWSServiceError`.
 *
 * @example
 * ```ts
 * const versions = new StateMachineVersionsClient(stepFunctions.client);
 * const { aliasArn, versionArn } = await versions.releaseVersion(machineArn, { definition, roleArn, changed: true });
 * await stepFunctions.startExecution(machineArn, request, { startOn: aliasArn });
 * ```
 */
export class StateMachineVersionsClient {
  readonly client: SFNClient;
  private readonly retry: RetryOptions;

  constructor(client: SFNClient | AwsSdkV3Client, options: { retry?: RetryOptions } = {}) {
    this.client = client as SFNClient;
    this.retry = options.retry ?? {};
  }

  private call<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
    return retryWithBackoff(
      async () => {
        try {
          return await run();
        } catch (error) {
          throw toAWSServiceError(error, { service: SERVICE, operation, action });
        }
      },
      isRetryableAwsError,
      this.retry,
    );
  }

  /**
   * The ARN of an alias: the state machine ARN, a colon, the alias name.
   *
   * @example
   * ```ts
   * versions.aliasArn('arn:aws:states:eu-west-1:123456789012:stateMachine:eks-upgrade-workflow'); // '...:eks-upgrade-workflow:live'
   * ```
   */
  aliasArn(stateMachineArn: string, aliasName: string = WORKFLOW_ALIAS_NAME): string {
    const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
    const name = parseOrThrow(StepFunctionsNameSchema, aliasName, 'alias name');
    return `${arn}:${name}`;
  }

  /**
   * The alias and its routing; `undefined` when the state machine has no such alias.
   *
   * @example
   * ```ts
   * const alias = await versions.describeAlias(aliasArn);
   * alias?.routing; // [{ versionArn: '...:eks-upgrade-workflow:3', weight: 100 }]
   * ```
   */
  async describeAlias(aliasArn: string): Promise<StateMachineAliasDescription | undefined> {
    const arn = parseOrThrow(ArnSchema, aliasArn, 'alias ARN');
    try {
      const output = await this.call('DescribeStateMachineAlias', `describe alias ${arn}`, () =>
        this.client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: arn })),
      );
      return {
        aliasArn: output.stateMachineAliasArn ?? arn,
        name: output.name ?? arn.split(':').at(-1) ?? '',
        routing: (output.routingConfiguration ?? []).map((route) => ({
          versionArn: route.stateMachineVersionArn ?? '',
          weight: route.weight ?? 0,
        })),
      };
    } catch (error) {
      if (
        (error as { code?: unknown }).code === 'ResourceNotFound' ||
        errorName(error) === 'ResourceNotFound'
      )
        return undefined;
      throw error;
    }
  }

  /**
   * Publishes the state machine's current revision as a new version (UpdateStateMachine with
   * `publish`, sending the definition and role it has now) and returns the version ARN.
   *
   * @example
   * ```ts
   * const versionArn = await versions.publishVersion(machineArn, { definition, roleArn });
   * ```
   */
  async publishVersion(
    stateMachineArn: string,
    machine: { definition: Readonly<Record<string, unknown>>; roleArn: string; description?: string },
  ): Promise<string> {
    const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
    const output = await this.call('UpdateStateMachine', `publish a version of ${arn}`, () =>
      this.client.send(
        new UpdateStateMachineCommand({
          stateMachineArn: arn,
          definition: JSON.stringify(machine.definition),
          roleArn: machine.roleArn,
          publish: true,
          ...(machine.description ? { versionDescription: machine.description.slice(0, 256) } : {}),
        }),
      ),
    );
    if (!output.stateMachineVersionArn) {
      throw toAWSServiceError(new Error('UpdateStateMachine returned no stateMachineVersionArn'), {
        service: SERVICE,
        operation: 'UpdateStateMachine',
        action: `publish a version of ${arn}`,
      });
    }
    return output.stateMachineVersionArn;
  }

  /**
   * Routes every new execution of the alias to `versionArn` (creates the alias when missing).
   *
   * @example
   * ```ts
   * await versions.routeAlias(machineArn, versionArn); // '...:live' → version, weight 100
   * ```
   */
  async routeAlias(
    stateMachineArn: string,
    versionArn: string,
    aliasName: string = WORKFLOW_ALIAS_NAME,
  ): Promise<{ aliasArn: string; action: 'created' | 'updated' | 'unchanged' }> {
    const aliasArn = this.aliasArn(stateMachineArn, aliasName);
    const version = parseOrThrow(ArnSchema, versionArn, 'version ARN');
    const routingConfiguration = [{ stateMachineVersionArn: version, weight: 100 }];
    const current = await this.describeAlias(aliasArn);
    if (!current) {
      const output = await this.call('CreateStateMachineAlias', `create alias ${aliasArn}`, () =>
        this.client.send(
          new CreateStateMachineAliasCommand({
            name: aliasName,
            description: 'eks-upgrade: the version new upgrades start on (moved by each deploy)',
            routingConfiguration,
          }),
        ),
      );
      return { aliasArn: output.stateMachineAliasArn ?? aliasArn, action: 'created' };
    }
    if (routesAllTo(current.routing, version)) return { aliasArn: current.aliasArn, action: 'unchanged' };
    await this.call('UpdateStateMachineAlias', `route alias ${aliasArn} to ${version}`, () =>
      this.client.send(
        new UpdateStateMachineAliasCommand({ stateMachineAliasArn: current.aliasArn, routingConfiguration }),
      ),
    );
    return { aliasArn: current.aliasArn, action: 'updated' };
  }

  /**
   * After a deploy: publishes a version and routes the alias to it when the state machine was
   * just created or updated, when the alias is missing, or when the version it routes to differs
   * from the current definition or role; otherwise changes nothing (a second deploy makes no
   * call that writes). With `dryRun` it only reads and reports.
   *
   * @example
   * ```ts
   * const release = await versions.releaseVersion(machineArn, { definition, roleArn, changed: action !== 'unchanged' });
   * release.action; // 'published' | 'unchanged'
   * ```
   */
  async releaseVersion(stateMachineArn: string, options: ReleaseVersionOptions): Promise<VersionRelease> {
    const aliasName = options.aliasName ?? WORKFLOW_ALIAS_NAME;
    const aliasArn = this.aliasArn(stateMachineArn, aliasName);
    const reason = options.changed
      ? 'the state machine changed'
      : await this.staleAliasReason(aliasArn, options.definition, options.roleArn);
    if (reason === undefined) {
      const current = await this.describeAlias(aliasArn);
      return { aliasArn, versionArn: current?.routing[0]?.versionArn, action: 'unchanged' };
    }
    if (options.dryRun) return { aliasArn, versionArn: undefined, action: 'published', reason };
    const versionArn = await this.publishVersion(stateMachineArn, {
      definition: options.definition,
      roleArn: options.roleArn,
      ...(options.description ? { description: options.description } : {}),
    });
    const routed = await this.routeAlias(stateMachineArn, versionArn, aliasName);
    return { aliasArn: routed.aliasArn, versionArn, action: 'published', reason };
  }

  /** Why the alias does not start the current revision, or `undefined` when it does. */
  private async staleAliasReason(
    aliasArn: string,
    definition: Readonly<Record<string, unknown>>,
    roleArn: string,
  ): Promise<string | undefined> {
    const alias = await this.describeAlias(aliasArn);
    if (!alias) return `alias ${aliasArn} does not exist`;
    const [route, ...others] = alias.routing;
    if (!route || others.length > 0 || route.weight !== 100) {
      return `alias ${aliasArn} does not route 100 % to one version`;
    }
    const version = await this.call('DescribeStateMachine', `describe version ${route.versionArn}`, () =>
      this.client.send(new DescribeStateMachineCommand({ stateMachineArn: route.versionArn })),
    );
    let versionDefinition: unknown;
    try {
      versionDefinition = JSON.parse(version.definition ?? '');
    } catch {
      versionDefinition = undefined;
    }
    if (!jsonEqual(versionDefinition, definition) || version.roleArn !== roleArn) {
      return `alias ${aliasArn} routes to ${route.versionArn}, an older revision`;
    }
    return undefined;
  }
}

function routesAllTo(routing: readonly AliasRoute[], versionArn: string): boolean {
  return routing.length === 1 && routing[0]?.versionArn === versionArn && routing[0]?.weight === 100;
}
