/**
 * An application with its own copy of the AWS SDK (here an older release, installed as
 * `aws-sdk-client-sfn-other`) injects its client. The SDK's `paginate*` helpers would reject it
 * ("Invalid client, expected instance of SFNClient"); every paginated call, and the wait for an
 * execution, must work with it.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import ourManifest from '@aws-sdk/client-sfn/package.json' with { type: 'json' };
import { useMoto } from '@eks-upgrade/testing';
import { SFNClient as OtherSFNClient } from 'aws-sdk-client-sfn-other';
import otherManifest from 'aws-sdk-client-sfn-other/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { StepFunctionsClient } from '../../src/index.js';
import { IN_PLACE_REQUEST } from '../support/fake-upgrade.js';
import { createRole, enableMotoExecution } from './moto-workflow.js';

const moto = useMoto();
const PASS_DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

describe('Class: StepFunctionsClient with a client from another copy of the SDK (moto)', () => {
  const client = (region = 'us-east-1') =>
    new StepFunctionsClient({ client: new OtherSFNClient(moto.clientConfig({ region })) });

  it('is a different release of @aws-sdk/client-sfn, whose client is not our SDK class', () => {
    // Assess
    expect(otherManifest.name).toBe('@aws-sdk/client-sfn');
    expect(otherManifest.version).not.toBe(ourManifest.version);
    expect(new OtherSFNClient({ region: 'us-east-1' })).not.toBeInstanceOf(SFNClient);
  });

  it('upserts a state machine (ListStateMachines), lists executions page by page and reads a history', async () => {
    // Prepare: moto 5.2.1 answers HTTP 500 to a second execution in a region while it runs
    // definitions (another test file may have switched that on), and these three need not run.
    await moto.configure({ stepfunctions: { execute_state_machine: false } });
    const sfn = client('ap-northeast-1');
    const roleArn = await createRole(moto);
    const first = await sfn.upsertStateMachine({ name: 'other-sdk', definition: PASS_DEFINITION, roleArn });
    const again = await sfn.upsertStateMachine({ name: 'other-sdk', definition: PASS_DEFINITION, roleArn });
    const executionArns: string[] = [];
    for (const clusterName of ['a', 'b', 'c']) {
      executionArns.push(
        await sfn.startExecution(first.stateMachineArn, { ...IN_PLACE_REQUEST, clusterName }),
      );
    }
    // Act: pages of one execution each.
    const executions = await sfn.listExecutions(first.stateMachineArn, { pageSize: 1 });
    const history = await sfn.getExecutionHistory(executionArns[0] as string);
    // Assess
    expect(first.action).toBe('created');
    expect(again).toEqual({ stateMachineArn: first.stateMachineArn, action: 'unchanged' });
    expect(await sfn.findStateMachineByName('other-sdk')).toBe(first.stateMachineArn);
    expect(executions.map((execution) => execution.executionArn).sort()).toEqual([...executionArns].sort());
    expect(history.length).toBeGreaterThan(0);
  });

  it('waits for an execution to succeed', async () => {
    // Prepare
    await enableMotoExecution(moto);
    const sfn = client('eu-central-1');
    const roleArn = await createRole(moto);
    const { stateMachineArn } = await sfn.upsertStateMachine({
      name: 'other-sdk-run',
      definition: PASS_DEFINITION,
      roleArn,
    });
    const executionArn = await sfn.startExecution(stateMachineArn, IN_PLACE_REQUEST);
    // Act
    const result = await sfn.waitForExecution(executionArn, {
      minDelaySeconds: 0.1,
      maxDelaySeconds: 0.5,
      maxWaitSeconds: 30,
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect((await sfn.getExecutionHistory(executionArn)).map((event) => event.type)).toContain(
      'ExecutionSucceeded',
    );
  });
});
