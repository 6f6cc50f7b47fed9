import {
  DeleteStateMachineVersionCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import {
  ArnSchema,
  type AwsSdkV3Client,
  isRetryableAwsError,
  parseOrThrow,
  type RetryOptions,
  retryWithBackoff,
  toAWSServiceError,
} from '@eks-upgrade/core-models';
import { z } from 'zod';

/**
 * How many published versions of the workflow a deploy keeps: the newest ones, besides those an
 * alias routes to and those executions still run on. Step Functions allows 1000 versions per
 * state machine and never deletes one itself
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html).
 */
export const DEFAULT_KEPT_VERSIONS = 10;

/** Options of `pruneStateMachineVersions`. */
export interface VersionPruningOptions {
  /** The newest versions kept whatever else holds (at least 1). */
  readonly keep: number;
  /** Versions never deleted: those an alias routes to (DeleteStateMachineVersion refuses them). */
  readonly protectedVersionArns: readonly string[];
  /** Only report what would be deleted. */
  readonly dryRun?: boolean;
  readonly retry?: RetryOptions;
}

const VersionPruningOptionsSchema = z.object({
  keep: z.number().int().min(1, { error: 'must keep at least one version' }),
  protectedVersionArns: z.array(ArnSchema),
  dryRun: z.boolean().optional(),
});

/** What `pruneStateMachineVersions` did (or, with `dryRun`, would do). */
export interface VersionPruning {
  /** Deleted (or to delete), oldest first. */
  readonly deleted: readonly string[];
  /** Past the kept number but left: an execution still runs on each. */
  readonly running: readonly string[];
}

const SERVICE = 'SFN';

/** The number of a version ARN (`...:stateMachine:name:12` → 12). */
export function versionNumberOf(versionArn: string): number {
  return Number(versionArn.split(':').at(-1));
}

/**
 * Deletes the published versions of a state machine beyond the newest `keep`, oldest first,
 * sparing those in `protectedVersionArns` and those with a RUNNING execution (ListExecutions on
 * the version ARN, which also counts executions started through an alias routing to it). Step
 * Functions says deleting a version does not stop its in-progress executions
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineVersion.html),
 * but an upgrade may wait at a gate for days and its Distributed Map keeps starting child
 * executions; a version something still runs on is left for a later deploy.
 *
 * @throws ValidationError when the options are invalid, before any call.
 * @throws AWSServiceError when Step Functions refuses a listing or a deletion.
 * @example
 * ```ts
 * const { deleted } = await pruneStateMachineVersions(sfn.client, machineArn, { keep: 10, protectedVersionArns: [liveVersionArn] });
 * ```
 */
export async function pruneStateMachineVersions(
  client: SFNClient | AwsSdkV3Client,
  stateMachineArn: string,
  options: VersionPruningOptions,
): Promise<VersionPruning> {
  const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
  const checked = parseOrThrow(VersionPruningOptionsSchema, options, 'version pruning options');
  const sfn = client as SFNClient;
  const call = <T>(operation: string, action: string, run: () => Promise<T>): Promise<T> =>
    retryWithBackoff(
      async () => {
        try {
          return await run();
        } catch (error) {
          throw toAWSServiceError(error, { service: SERVICE, operation, action });
        }
      },
      isRetryableAwsError,
      options.retry ?? {},
    );

  const versions: string[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await call('ListStateMachineVersions', `list the versions of ${arn}`, () =>
      sfn.send(
        new ListStateMachineVersionsCommand({
          stateMachineArn: arn,
          maxResults: 1000,
          ...(token ? { nextToken: token } : {}),
        }),
      ),
    );
    versions.push(
      ...(page.stateMachineVersions ?? []).flatMap((version) =>
        version.stateMachineVersionArn ? [version.stateMachineVersionArn] : [],
      ),
    );
    nextToken = page.nextToken;
  } while (nextToken);

  const newestFirst = [...new Set(versions)].sort(
    (left, right) => versionNumberOf(right) - versionNumberOf(left),
  );
  const spared = new Set(checked.protectedVersionArns);
  const candidates = newestFirst
    .slice(checked.keep)
    .filter((version) => !spared.has(version))
    .reverse();
  const deleted: string[] = [];
  const running: string[] = [];
  for (const version of candidates) {
    const executions = await call('ListExecutions', `list the running executions of ${version}`, () =>
      sfn.send(
        new ListExecutionsCommand({ stateMachineArn: version, statusFilter: 'RUNNING', maxResults: 1 }),
      ),
    );
    if ((executions.executions ?? []).length > 0) {
      running.push(version);
      continue;
    }
    if (!checked.dryRun) {
      await call('DeleteStateMachineVersion', `delete version ${version}`, () =>
        sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: version })),
      );
    }
    deleted.push(version);
  }
  return { deleted, running };
}
