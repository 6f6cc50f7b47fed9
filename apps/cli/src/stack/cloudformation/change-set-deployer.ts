import type {
  Change,
  CloudFormationClient,
  DescribeChangeSetOutput,
  Parameter,
  StackEvent,
} from '@aws-sdk/client-cloudformation';
import { ExecutionError, toAWSServiceError } from '@eks-upgrade/core-models';

/** The stack name `deploy --via cloudformation` uses unless `--stack-name` says otherwise. */
export const DEFAULT_STACK_NAME = 'eks-upgrade';

/** One row of a change set's diff. */
export interface ChangeSetRow {
  readonly action: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string | undefined;
  /** `True`, `False` or `Conditional` for a Modify; empty otherwise. */
  readonly replacement: string;
}

/** A change set that is ready to execute (or that found nothing to change). */
export interface PreparedChangeSet {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly changeSetType: 'CREATE' | 'UPDATE';
  readonly rows: readonly ChangeSetRow[];
  /** CloudFormation found no difference: nothing to execute (the change set was deleted). */
  readonly empty: boolean;
}

/** How long `waitForStack` polls, and how it reports events. */
export interface StackWaitOptions {
  readonly onEvent?: (event: StackEvent) => void;
  readonly pollMilliseconds?: number;
  readonly maxWaitSeconds?: number;
  /** Tests pass a fake. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

const SERVICE = 'CloudFormation';

async function cfn<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAWSServiceError(error, { service: SERVICE, operation, action });
  }
}

const defaultSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** The stack's status, or `undefined` when there is no such stack (DescribeStacks says "does not exist"). */
export async function stackStatus(
  client: CloudFormationClient,
  stackName: string,
): Promise<string | undefined> {
  const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  try {
    const output = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const status = output.Stacks?.[0]?.StackStatus;
    return status === 'DELETE_COMPLETE' ? undefined : status;
  } catch (error) {
    const mapped = toAWSServiceError(error, {
      service: SERVICE,
      operation: 'DescribeStacks',
      action: `describe stack ${stackName}`,
    });
    if (mapped.code === 'ValidationError' && /does not exist/.test(mapped.message)) return undefined;
    throw mapped;
  }
}

/** The parameter values of an existing stack (`{}` when there is no such stack). */
export async function stackParameterValues(
  client: CloudFormationClient,
  stackName: string,
): Promise<Record<string, string>> {
  const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  try {
    const output = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries(
      (output.Stacks?.[0]?.Parameters ?? []).map((parameter) => [
        parameter.ParameterKey ?? '',
        parameter.ResolvedValue ?? parameter.ParameterValue ?? '',
      ]),
    );
  } catch (error) {
    const mapped = toAWSServiceError(error, {
      service: SERVICE,
      operation: 'DescribeStacks',
      action: `describe stack ${stackName}`,
    });
    if (mapped.code === 'ValidationError' && /does not exist/.test(mapped.message)) return {};
    throw mapped;
  }
}

function rowsOf(changes: readonly Change[]): ChangeSetRow[] {
  return changes
    .map((change) => change.ResourceChange)
    .filter((change): change is NonNullable<Change['ResourceChange']> => change !== undefined)
    .map((change) => ({
      action: change.Action ?? '',
      logicalId: change.LogicalResourceId ?? '',
      resourceType: change.ResourceType ?? '',
      physicalId: change.PhysicalResourceId,
      replacement: change.Replacement ?? '',
    }));
}

/** CloudFormation's status reason when a change set has nothing to change. */
const NO_CHANGES =
  /didn't contain changes|No updates are to be performed|The submitted information didn't contain changes/i;

/**
 * Creates a change set for the template (CREATE when the stack does not exist, UPDATE
 * otherwise: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets-create.html),
 * waits until CloudFormation has computed it, and returns its diff (all pages). A change set
 * with nothing to change is deleted and reported as `empty`. A stack left in ROLLBACK_COMPLETE
 * (a failed create) cannot be updated: a `ExecutionError` says to destroy it first.
 */
export async function prepareChangeSet(
  client: CloudFormationClient,
  options: {
    stackName: string;
    template: { body: string } | { url: string };
    parameters: Readonly<Record<string, string>>;
    tags?: Readonly<Record<string, string>>;
    sleep?: (milliseconds: number) => Promise<void>;
    now?: () => Date;
  },
): Promise<PreparedChangeSet> {
  const { CreateChangeSetCommand, DeleteChangeSetCommand, DescribeChangeSetCommand } = await import(
    '@aws-sdk/client-cloudformation'
  );
  const status = await stackStatus(client, options.stackName);
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED') {
    throw new ExecutionError(
      `Stack ${options.stackName} is ${status} (its creation failed) and cannot be updated: run eks-upgrade destroy --via cloudformation, then deploy again`,
      { status },
    );
  }
  if (status?.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS') {
    throw new ExecutionError(
      `Stack ${options.stackName} is ${status}: wait for the operation in progress to finish, then deploy again`,
      { status },
    );
  }
  // REVIEW_IN_PROGRESS: a stack created by a change set that was never executed; CREATE again.
  const changeSetType = status === undefined || status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  const stamp = (options.now?.() ?? new Date())
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14);
  const changeSetName = `eks-upgrade-${stamp}`;
  const parameters: Parameter[] = Object.entries(options.parameters).map(
    ([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    }),
  );
  await cfn('CreateChangeSet', `create change set ${changeSetName} of stack ${options.stackName}`, () =>
    client.send(
      new CreateChangeSetCommand({
        StackName: options.stackName,
        ChangeSetName: changeSetName,
        ChangeSetType: changeSetType,
        ...('body' in options.template
          ? { TemplateBody: options.template.body }
          : { TemplateURL: options.template.url }),
        Parameters: parameters,
        // The roles have fixed names (the same as deploy's), which needs CAPABILITY_NAMED_IAM.
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        Tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        Description: 'eks-upgrade deploy --via cloudformation',
      }),
    ),
  );

  const sleep = options.sleep ?? defaultSleep;
  let described: DescribeChangeSetOutput | undefined;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    described = await cfn('DescribeChangeSet', `describe change set ${changeSetName}`, () =>
      client.send(
        new DescribeChangeSetCommand({ StackName: options.stackName, ChangeSetName: changeSetName }),
      ),
    );
    if (described.Status !== 'CREATE_PENDING' && described.Status !== 'CREATE_IN_PROGRESS') break;
    await sleep(Math.min(5000, 500 * 2 ** attempt));
  }
  if (described?.Status === 'FAILED') {
    const reason = described.StatusReason ?? 'no reason given';
    if (NO_CHANGES.test(reason)) {
      await cfn('DeleteChangeSet', `delete the empty change set ${changeSetName}`, () =>
        client.send(
          new DeleteChangeSetCommand({ StackName: options.stackName, ChangeSetName: changeSetName }),
        ),
      );
      return { stackName: options.stackName, changeSetName, changeSetType, rows: [], empty: true };
    }
    throw new ExecutionError(`Change set ${changeSetName} of stack ${options.stackName} failed: ${reason}`, {
      status: 'FAILED',
    });
  }
  if (described?.Status !== 'CREATE_COMPLETE') {
    throw new ExecutionError(
      `Change set ${changeSetName} of stack ${options.stackName} is still ${described?.Status ?? 'unknown'}; look at it in the console`,
      { status: described?.Status ?? 'unknown' },
    );
  }
  const changes: Change[] = [...(described.Changes ?? [])];
  let nextToken = described.NextToken;
  while (nextToken) {
    const token = nextToken;
    const page = await cfn('DescribeChangeSet', `describe change set ${changeSetName}`, () =>
      client.send(
        new DescribeChangeSetCommand({
          StackName: options.stackName,
          ChangeSetName: changeSetName,
          NextToken: token,
        }),
      ),
    );
    changes.push(...(page.Changes ?? []));
    nextToken = page.NextToken;
  }
  const rows = rowsOf(changes);
  if (rows.length === 0 && changeSetType === 'UPDATE') {
    // AWS fails such a change set ("didn't contain changes"); moto 5.2.1 completes it empty.
    // Either way there is nothing to execute.
    await cfn('DeleteChangeSet', `delete the empty change set ${changeSetName}`, () =>
      client.send(new DeleteChangeSetCommand({ StackName: options.stackName, ChangeSetName: changeSetName })),
    );
    return { stackName: options.stackName, changeSetName, changeSetType, rows, empty: true };
  }
  return { stackName: options.stackName, changeSetName, changeSetType, rows, empty: false };
}

/**
 * Throws away a change set that will not be executed; for a CREATE change set also the stack it
 * created in REVIEW_IN_PROGRESS, so that nothing is left behind.
 */
export async function discardChangeSet(
  client: CloudFormationClient,
  prepared: PreparedChangeSet,
): Promise<void> {
  const { DeleteChangeSetCommand, DeleteStackCommand } = await import('@aws-sdk/client-cloudformation');
  if (prepared.empty) return;
  await cfn('DeleteChangeSet', `delete change set ${prepared.changeSetName}`, () =>
    client.send(
      new DeleteChangeSetCommand({ StackName: prepared.stackName, ChangeSetName: prepared.changeSetName }),
    ),
  );
  if (prepared.changeSetType === 'CREATE') {
    await cfn('DeleteStack', `delete the unexecuted stack ${prepared.stackName}`, () =>
      client.send(new DeleteStackCommand({ StackName: prepared.stackName })),
    );
  }
}

const TERMINAL = /(_COMPLETE|_FAILED)$/;
const SUCCEEDED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_COMPLETE', 'IMPORT_COMPLETE']);

/**
 * Polls the stack until its status is terminal, reporting each new stack event (oldest first)
 * to `onEvent`. Returns the final status. A failed or rolled-back operation throws an
 * `ExecutionError` naming each failing resource and CloudFormation's reason for it.
 */
export async function waitForStack(
  client: CloudFormationClient,
  stackName: string,
  operation: 'create' | 'update' | 'delete',
  options: StackWaitOptions = {},
): Promise<string> {
  const { DescribeStackEventsCommand } = await import('@aws-sdk/client-cloudformation');
  const sleep = options.sleep ?? defaultSleep;
  const seen = new Set<string>();
  const failures: StackEvent[] = [];
  const startedAt = Date.now();
  const maxWait = (options.maxWaitSeconds ?? 3600) * 1000;
  let firstRead = true;
  for (;;) {
    const status = await stackStatus(client, stackName);
    // Events of this operation: newest first, one page is enough between two polls.
    const events: StackEvent[] = [];
    try {
      const output = await client.send(new DescribeStackEventsCommand({ StackName: stackName }));
      events.push(...(output.StackEvents ?? []));
    } catch (error) {
      const mapped = toAWSServiceError(error, {
        service: SERVICE,
        operation: 'DescribeStackEvents',
        action: `read the events of stack ${stackName}`,
      });
      // A deleted stack has no events to read any more.
      if (!(operation === 'delete' && /does not exist/.test(mapped.message))) throw mapped;
    }
    const fresh = events.filter((event) => event.EventId && !seen.has(event.EventId)).reverse();
    for (const event of fresh) {
      seen.add(event.EventId as string);
      // The first read holds the stack's whole history; report only this operation's part.
      if (firstRead && event.Timestamp && event.Timestamp.getTime() < startedAt - 60_000) continue;
      if (event.ResourceStatus?.endsWith('_FAILED')) failures.push(event);
      options.onEvent?.(event);
    }
    firstRead = false;
    if (status === undefined) {
      if (operation === 'delete') return 'DELETE_COMPLETE';
      throw new ExecutionError(`Stack ${stackName} disappeared while waiting for its ${operation}`, {
        status: 'DELETE_COMPLETE',
      });
    }
    if (TERMINAL.test(status) && !status.endsWith('_IN_PROGRESS')) {
      if (SUCCEEDED.has(status)) return status;
      const reasons = failures
        .filter((event) => event.LogicalResourceId !== stackName)
        .map(
          (event) =>
            `${event.LogicalResourceId} (${event.ResourceType}): ${event.ResourceStatusReason ?? event.ResourceStatus}`,
        );
      throw new ExecutionError(
        `Stack ${stackName} ${operation} ended ${status}${reasons.length > 0 ? `; failed: ${reasons.join('; ')}` : ''}`,
        { status },
      );
    }
    if (Date.now() - startedAt > maxWait) {
      throw new ExecutionError(`Stack ${stackName} is still ${status} after ${maxWait / 1000} s`, { status });
    }
    await sleep(options.pollMilliseconds ?? 3000);
  }
}

/** Executes a prepared change set and waits for the stack, reporting events. */
export async function executeChangeSet(
  client: CloudFormationClient,
  prepared: PreparedChangeSet,
  options: StackWaitOptions = {},
): Promise<string> {
  const { ExecuteChangeSetCommand } = await import('@aws-sdk/client-cloudformation');
  await cfn('ExecuteChangeSet', `execute change set ${prepared.changeSetName}`, () =>
    client.send(
      new ExecuteChangeSetCommand({ StackName: prepared.stackName, ChangeSetName: prepared.changeSetName }),
    ),
  );
  return waitForStack(
    client,
    prepared.stackName,
    prepared.changeSetType === 'CREATE' ? 'create' : 'update',
    options,
  );
}

/** Deletes the stack and waits until it is gone; `false` when there was no stack. */
export async function deleteStack(
  client: CloudFormationClient,
  stackName: string,
  options: StackWaitOptions = {},
): Promise<boolean> {
  const { DeleteStackCommand } = await import('@aws-sdk/client-cloudformation');
  if ((await stackStatus(client, stackName)) === undefined) return false;
  await cfn('DeleteStack', `delete stack ${stackName}`, () =>
    client.send(new DeleteStackCommand({ StackName: stackName })),
  );
  await waitForStack(client, stackName, 'delete', options);
  return true;
}

/** `CREATE_COMPLETE AWS::IAM::Role PerceptionFunctionRole`, with the reason of a failure. */
export function describeStackEvent(event: StackEvent): string {
  const reason = event.ResourceStatusReason ? `: ${event.ResourceStatusReason}` : '';
  return `${event.ResourceStatus ?? ''} ${event.ResourceType ?? ''} ${event.LogicalResourceId ?? ''}${reason}`;
}
