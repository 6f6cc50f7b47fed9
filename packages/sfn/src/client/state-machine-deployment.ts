import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import {
  ArnSchema,
  followPageTokens,
  jsonEqual,
  parseOrThrow,
  StepFunctionsNameSchema,
  ValidationError,
} from '@eks-upgrade/core-models';
import {
  type StateMachineDefinition,
  type StateMachineDefinitionInput,
  StateMachineDefinitionSchema,
  type StateMachineDescription,
  type StateMachineType,
} from '../models/state-machine.js';
import { fromSdkLogging, loggingEqual, parseJson, toSdkLogging } from './sdk-model-conversions.js';
import type { SfnCalls } from './sfn-calls.js';

// Deploying the workflow: create, update, describe, find and delete a state machine, and the
// upsert that `deploy` runs. `StepFunctionsClient` documents each of these for its callers.

/** What `upsertStateMachine` did. */
export interface UpsertStateMachineResult {
  stateMachineArn: string;
  action: 'created' | 'updated' | 'unchanged';
}

export async function createStateMachine(
  calls: SfnCalls,
  definition: StateMachineDefinitionInput,
): Promise<string> {
  const machine = parseOrThrow(StateMachineDefinitionSchema, definition, 'state machine definition');
  const tags = Object.entries(machine.tags).map(([key, value]) => ({ key, value }));
  const logging = toSdkLogging(machine.logging);
  const output = await calls.call('CreateStateMachine', `create state machine ${machine.name}`, () =>
    calls.client.send(
      new CreateStateMachineCommand({
        name: machine.name,
        definition: JSON.stringify(machine.definition),
        roleArn: machine.roleArn,
        type: machine.type,
        ...(logging ? { loggingConfiguration: logging } : {}),
        tracingConfiguration: { enabled: machine.tracingEnabled },
        ...(tags.length > 0 ? { tags } : {}),
      }),
    ),
  );
  return output.stateMachineArn as string;
}

export async function updateStateMachine(
  calls: SfnCalls,
  stateMachineArn: string,
  definition: StateMachineDefinitionInput,
): Promise<void> {
  const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
  const machine = parseOrThrow(StateMachineDefinitionSchema, definition, 'state machine definition');
  const logging = toSdkLogging(machine.logging);
  await calls.call('UpdateStateMachine', `update state machine ${arn}`, () =>
    calls.client.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: JSON.stringify(machine.definition),
        roleArn: machine.roleArn,
        ...(logging ? { loggingConfiguration: logging } : {}),
        tracingConfiguration: { enabled: machine.tracingEnabled },
      }),
    ),
  );
}

export async function deleteStateMachine(calls: SfnCalls, stateMachineArn: string): Promise<void> {
  const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
  await calls.call('DeleteStateMachine', `delete state machine ${arn}`, () =>
    calls.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn })),
  );
}

export async function describeStateMachine(
  calls: SfnCalls,
  stateMachineArn: string,
): Promise<StateMachineDescription> {
  const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
  const output = await calls.call('DescribeStateMachine', `describe state machine ${arn}`, () =>
    calls.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
  );
  const definition = parseJson(output.definition);
  return {
    stateMachineArn: output.stateMachineArn ?? arn,
    name: output.name ?? '',
    status: output.status,
    definition:
      typeof definition === 'object' && definition !== null ? (definition as Record<string, unknown>) : {},
    roleArn: output.roleArn ?? '',
    type: (output.type ?? 'STANDARD') as StateMachineType,
    logging: fromSdkLogging(output.loggingConfiguration),
    tracingEnabled: output.tracingConfiguration?.enabled ?? false,
    creationDate: output.creationDate,
  };
}

export async function findStateMachineByName(calls: SfnCalls, name: string): Promise<string | undefined> {
  const wanted = parseOrThrow(StepFunctionsNameSchema, name, 'state machine name');
  // Pages are followed by hand (the SDK's paginators reject a client from another copy of the
  // SDK), each retried on its own, and only until the machine is found.
  for await (const page of followPageTokens(
    (nextToken) =>
      calls.call('ListStateMachines', `find state machine ${wanted}`, () =>
        calls.client.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken })),
      ),
    (listed) => listed.nextToken,
  )) {
    const match = page.stateMachines?.find((machine) => machine.name === wanted);
    if (match?.stateMachineArn) return match.stateMachineArn;
  }
  return undefined;
}

export async function upsertStateMachine(
  calls: SfnCalls,
  definition: StateMachineDefinitionInput,
): Promise<UpsertStateMachineResult> {
  const machine = parseOrThrow(StateMachineDefinitionSchema, definition, 'state machine definition');
  const existingArn = await findStateMachineByName(calls, machine.name);
  if (!existingArn) {
    return { stateMachineArn: await createStateMachine(calls, machine), action: 'created' };
  }
  const current = await describeStateMachine(calls, existingArn);
  const changedTags = await tagsToChange(calls, existingArn, machine);
  if (changedTags.length > 0) {
    await calls.call('TagResource', `tag state machine ${existingArn}`, () =>
      calls.client.send(new TagResourceCommand({ resourceArn: existingArn, tags: changedTags })),
    );
  }
  const same =
    jsonEqual(current.definition, machine.definition) &&
    current.roleArn === machine.roleArn &&
    current.tracingEnabled === machine.tracingEnabled &&
    loggingEqual(machine.logging, current.logging);
  if (same) return { stateMachineArn: existingArn, action: changedTags.length > 0 ? 'updated' : 'unchanged' };
  if (current.type !== machine.type) {
    throw new ValidationError(`Cannot change the type of state machine ${machine.name}`, [
      { path: 'type', message: `is ${current.type} in AWS; delete the state machine to change it` },
    ]);
  }
  await updateStateMachine(calls, existingArn, machine);
  return { stateMachineArn: existingArn, action: 'updated' };
}

/** The tags of `machine` that the state machine at `arn` lacks or has with another value. */
async function tagsToChange(calls: SfnCalls, arn: string, machine: StateMachineDefinition) {
  const wanted = Object.entries(machine.tags);
  if (wanted.length === 0) return [];
  const output = await calls.call('ListTagsForResource', `list tags of ${arn}`, () =>
    calls.client.send(new ListTagsForResourceCommand({ resourceArn: arn })),
  );
  const current = new Map((output.tags ?? []).map((tag) => [tag.key, tag.value]));
  return wanted.filter(([key, value]) => current.get(key) !== value).map(([key, value]) => ({ key, value }));
}
