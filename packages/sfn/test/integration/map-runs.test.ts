/**
 * The Map Runs of an execution against moto 5.2.1, which runs Distributed Map states in-process
 * (`stepfunctions.execute_state_machine`). moto answers ListMapRuns and names the Map Run in the
 * parent's `MapRunStarted` event; it does not answer ListExecutions with `mapRunArn` (HTTP 500:
 * its handler looks the state machine up by `stateMachineArn` only) and keeps no child
 * executions to read, so `listMapRunExecutions` and `StepRunReader` are tested with
 * aws-sdk-client-mock (src/client/step-runs.test.ts) and the CLI's fake AWS.
 */
import { UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsClient } from '../../src/index.js';
import { IN_PLACE_REQUEST } from '../support/fake-upgrade.js';
import { createRole, enableMotoExecution } from './moto-workflow.js';

const moto = useMoto();
const REQUEST = UpgradeRequestSchema.parse(IN_PLACE_REQUEST);

describe('Method: listMapRuns (moto)', () => {
  let roleArn: string;
  beforeEach(async () => {
    await enableMotoExecution(moto);
    roleArn = await createRole(moto);
  });

  it('lists the Map Run of a Distributed Map, the one its MapRunStarted event names, stopped once it ended', async () => {
    // Prepare
    const client = new StepFunctionsClient({ clientConfig: moto.clientConfig({ region: 'eu-north-1' }) });
    const stateMachineArn = await client.createStateMachine({
      name: 'distributed-map-probe',
      roleArn,
      definition: {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.alarmNames',
            MaxConcurrency: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Echo',
              States: { Echo: { Type: 'Pass', Parameters: { 'alarm.$': '$' }, End: true } },
            },
            End: true,
          },
        },
      },
    });
    const executionArn = await client.startExecution(stateMachineArn, { ...REQUEST, alarmNames: ['a', 'b'] });
    const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 30, maxDelaySeconds: 1 });
    const started = (await client.getExecutionHistory(executionArn)).filter(
      (event) => event.type === 'MapRunStarted',
    );

    // Act
    const mapRuns = await client.listMapRuns(executionArn);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([{ alarm: 'a' }, { alarm: 'b' }]);
    expect(started).toHaveLength(1);
    expect(started[0]?.mapRunArn).toMatch(
      /^arn:aws:states:eu-north-1:123456789012:mapRun:distributed-map-probe\//,
    );
    expect(mapRuns).toEqual([
      {
        mapRunArn: started[0]?.mapRunArn,
        executionArn,
        startDate: expect.any(Date),
        stopDate: expect.any(Date),
      },
    ]);
  });
});
