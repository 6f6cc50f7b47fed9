/**
 * Sets up what the workflow needs in moto: execution switched on, the no-Docker Lambda backend,
 * an IAM role, the five phase functions and the state machine, in a region of its own (moto
 * 5.2.1 fails a second execution in the same account and region).
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { phaseFunctionName, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import type { MotoApi } from '@eks-upgrade/testing';
import {
  createUpgradeStateMachineDefinition,
  StepFunctionsClient,
  type UpgradeWorkflowOptions,
} from '../../src/index.js';

/** An empty zip archive (just the end-of-central-directory record): moto does not run the code. */
const EMPTY_ZIP = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

export const ROLE_NAME = 'eks-upgrade-workflow';

export async function enableMotoExecution(moto: MotoApi): Promise<void> {
  await moto.configure({ stepfunctions: { execute_state_machine: true } });
  await moto.configure({ lambda: { use_docker: false } });
}

export async function createRole(moto: MotoApi): Promise<string> {
  const iam = new IAMClient(moto.clientConfig());
  const output = await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE_NAME,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: ['states.amazonaws.com', 'lambda.amazonaws.com'] },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  return output.Role?.Arn as string;
}

/** Fast timings: moto really sleeps in Wait states. */
export const FAST_WORKFLOW: UpgradeWorkflowOptions = {
  bakeTimeSeconds: 1,
  pollIntervalSeconds: 1,
  validationTimeoutSeconds: 3,
  // Short task and rollback timeouts keep the rollback reserve (311 s: 60 + 2 × 60 + 1 + 60 rollback
  // passes × 1 + 7 × 10) inside the 600 s timeout.
  rollbackTimeoutSeconds: 60,
  taskTimeoutSeconds: 60,
  eventTimeoutSeconds: 10,
  executionTimeoutSeconds: 600,
};

export interface MotoWorkflow {
  region: string;
  client: StepFunctionsClient;
  stateMachineArn: string;
}

export async function deployWorkflow(moto: MotoApi, region: string, roleArn: string): Promise<MotoWorkflow> {
  const lambda = new LambdaClient(moto.clientConfig({ region }));
  for (const phase of UPGRADE_PHASES) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: phaseFunctionName(phase),
        Runtime: 'nodejs20.x',
        Role: roleArn,
        Handler: 'index.handler',
        Code: { ZipFile: EMPTY_ZIP },
      }),
    );
  }
  const client = new StepFunctionsClient({ clientConfig: moto.clientConfig({ region }) });
  const { stateMachineArn } = await client.upsertStateMachine({
    name: 'eks-upgrade-workflow',
    definition: createUpgradeStateMachineDefinition(FAST_WORKFLOW),
    roleArn,
  });
  return { region, client, stateMachineArn };
}
