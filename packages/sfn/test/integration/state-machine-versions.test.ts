import { SFNClient } from '@aws-sdk/client-sfn';
import { useMoto } from '@eks-upgrade/testing';
import { describe, expect, it } from 'vitest';
import { StateMachineVersionsClient, StepFunctionsClient } from '../../src/index.js';

const moto = useMoto();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/eks-upgrade-workflow-role';
const definition = (seconds: number) => ({
  StartAt: 'Wait',
  States: { Wait: { Type: 'Wait', Seconds: seconds, End: true } },
});

/** Every mutating call the SDK client sends, by command name. */
function recordCommands(client: SFNClient): string[] {
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return commands;
}

// moto 5.2.1 implements versions published by CreateStateMachine/UpdateStateMachine (publish),
// CreateStateMachineAlias, DescribeStateMachineAlias and UpdateStateMachineAlias (not
// PublishStateMachineVersion, and not StartExecution on an alias ARN: see the unit tests).
describe('StateMachineVersionsClient against moto', () => {
  it('publishes a version per change, routes the alias 100 % to it, and changes nothing when current', async () => {
    const sdk = new SFNClient(moto.clientConfig());
    const sfn = new StepFunctionsClient({ client: sdk });
    const versions = new StateMachineVersionsClient(sdk);
    const machineArn = await sfn.createStateMachine({
      name: 'eks-upgrade-workflow',
      definition: definition(1),
      roleArn: ROLE_ARN,
    });

    const first = await versions.releaseVersion(machineArn, {
      definition: definition(1),
      roleArn: ROLE_ARN,
      changed: true,
    });
    expect(first).toEqual({
      aliasArn: `${machineArn}:live`,
      versionArn: `${machineArn}:1`,
      action: 'published',
      reason: 'the state machine changed',
    });
    expect(await versions.describeAlias(first.aliasArn)).toEqual({
      aliasArn: `${machineArn}:live`,
      name: 'live',
      routing: [{ versionArn: `${machineArn}:1`, weight: 100 }],
    });

    // Same definition, same role, alias current: only reads.
    const commands = recordCommands(sdk);
    const again = await versions.releaseVersion(machineArn, {
      definition: definition(1),
      roleArn: ROLE_ARN,
      changed: false,
    });
    expect(again).toEqual({
      aliasArn: `${machineArn}:live`,
      versionArn: `${machineArn}:1`,
      action: 'unchanged',
    });
    expect(commands.filter((name) => !/^Describe/.test(name))).toEqual([]);

    // The machine was updated outside a release (e.g. an older CLI): the alias is stale.
    await sfn.updateStateMachine(machineArn, {
      name: 'eks-upgrade-workflow',
      definition: definition(2),
      roleArn: ROLE_ARN,
    });
    const dryRun = await versions.releaseVersion(machineArn, {
      definition: definition(2),
      roleArn: ROLE_ARN,
      changed: false,
      dryRun: true,
    });
    expect(dryRun).toEqual({
      aliasArn: `${machineArn}:live`,
      versionArn: undefined,
      action: 'published',
      reason: `alias ${machineArn}:live routes to ${machineArn}:1, an older revision`,
    });
    expect((await versions.describeAlias(`${machineArn}:live`))?.routing).toEqual([
      { versionArn: `${machineArn}:1`, weight: 100 },
    ]);
    const second = await versions.releaseVersion(machineArn, {
      definition: definition(2),
      roleArn: ROLE_ARN,
      changed: false,
    });
    expect(second.versionArn).toBe(`${machineArn}:2`);
    expect((await versions.describeAlias(`${machineArn}:live`))?.routing).toEqual([
      { versionArn: `${machineArn}:2`, weight: 100 },
    ]);
    // Version 1 keeps its own definition (what an execution started on it keeps running).
    expect((await sfn.describeStateMachine(`${machineArn}:1`)).definition).toEqual(definition(1));
    expect((await sfn.describeStateMachine(`${machineArn}:2`)).definition).toEqual(definition(2));
  });

  it('describeAlias is undefined for a machine without the alias', async () => {
    const sdk = new SFNClient(moto.clientConfig());
    const machineArn = await new StepFunctionsClient({ client: sdk }).createStateMachine({
      name: 'no-alias',
      definition: definition(1),
      roleArn: ROLE_ARN,
    });
    expect(await new StateMachineVersionsClient(sdk).describeAlias(`${machineArn}:live`)).toBeUndefined();
  });
});
