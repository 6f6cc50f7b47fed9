import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  TagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { AWSServiceError, ExecutionError, ValidationError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { executionNameForRequest } from './execution-name.js';
import { assertExecutionInputSize, StepFunctionsClient } from './step-functions-client.js';

const sfnMock = mockClient(SFNClient);
const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:run-1';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/eks-upgrade-workflow';
const DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
const REQUEST = { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' } as const;

function describeOutput(status: string, extra: Record<string, unknown> = {}) {
  return {
    executionArn: EXECUTION_ARN,
    stateMachineArn: MACHINE_ARN,
    name: 'run-1',
    status,
    startDate: new Date('2026-11-25T10:00:00Z'),
    input: JSON.stringify(REQUEST),
    ...extra,
  } as never;
}

describe('Class: StepFunctionsClient', () => {
  let client: StepFunctionsClient;
  beforeEach(() => {
    sfnMock.reset();
    client = new StepFunctionsClient({ client: new SFNClient({ region: 'us-east-1' }) });
  });

  describe('Method: createStateMachine', () => {
    it('creates a STANDARD machine with the definition as JSON text, tracing and tags', async () => {
      // Prepare
      sfnMock
        .on(CreateStateMachineCommand)
        .resolves({ stateMachineArn: MACHINE_ARN, creationDate: new Date() });
      // Act
      const arn = await client.createStateMachine({
        name: 'eks-upgrade-workflow',
        definition: DEFINITION,
        roleArn: ROLE_ARN,
        tags: { team: 'platform' },
      });
      // Assess
      expect(arn).toBe(MACHINE_ARN);
      expect(sfnMock).toHaveReceivedCommandWith(CreateStateMachineCommand, {
        name: 'eks-upgrade-workflow',
        definition: JSON.stringify(DEFINITION),
        roleArn: ROLE_ARN,
        type: 'STANDARD',
        tracingConfiguration: { enabled: false },
        tags: [{ key: 'team', value: 'platform' }],
      });
    });

    it('refuses an invalid name and role before calling AWS, naming both fields', async () => {
      // Act
      const failure = client.createStateMachine({
        name: 'bad name',
        definition: DEFINITION,
        roleArn: 'role',
      });
      // Assess
      await expect(failure).rejects.toSatisfy(
        (error) =>
          ValidationError.isInstance(error) &&
          error.fields.includes('name') &&
          error.fields.includes('roleArn'),
      );
      expect(sfnMock).not.toHaveReceivedCommand(CreateStateMachineCommand);
    });

    it('maps an SDK failure to AWSServiceError with the SDK error as cause', async () => {
      // Prepare
      const sdkError = new SFNServiceException({
        name: 'StateMachineAlreadyExists',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'exists',
      });
      sfnMock.on(CreateStateMachineCommand).rejects(sdkError);
      // Act
      const failure = client.createStateMachine({ name: 'm', definition: DEFINITION, roleArn: ROLE_ARN });
      // Assess
      await expect(failure).rejects.toSatisfy(
        (error) =>
          AWSServiceError.isInstance(error) &&
          error.code === 'StateMachineAlreadyExists' &&
          error.operation === 'CreateStateMachine' &&
          error.cause === sdkError,
      );
    });
  });

  describe('Method: createStateMachine (logging and JSON text)', () => {
    it('accepts the definition as JSON text and sends logging to the log group', async () => {
      // Prepare
      sfnMock
        .on(CreateStateMachineCommand)
        .resolves({ stateMachineArn: MACHINE_ARN, creationDate: new Date() });
      const logGroupArn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/states/eks-upgrade:*';
      // Act
      await client.createStateMachine({
        name: 'eks-upgrade-workflow',
        definition: JSON.stringify(DEFINITION),
        roleArn: ROLE_ARN,
        type: 'EXPRESS',
        tracingEnabled: true,
        logging: { level: 'ERROR', includeExecutionData: true, logGroupArns: [logGroupArn] },
      });
      // Assess
      expect(sfnMock).toHaveReceivedCommandWith(CreateStateMachineCommand, {
        definition: JSON.stringify(DEFINITION),
        type: 'EXPRESS',
        tracingConfiguration: { enabled: true },
        loggingConfiguration: {
          level: 'ERROR',
          includeExecutionData: true,
          destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
        },
      });
    });

    it('refuses JSON text that is not an object', async () => {
      // Act
      const failure = client.createStateMachine({ name: 'm', definition: '[1, 2]', roleArn: ROLE_ARN });
      // Assess
      await expect(failure).rejects.toSatisfy(
        (error) => ValidationError.isInstance(error) && /must be a JSON object/.test(error.message),
      );
    });
  });

  describe('Method: describeStateMachine', () => {
    it('parses the definition and maps logging and tracing', async () => {
      // Prepare
      const logGroupArn = 'arn:aws:logs:us-east-1:123456789012:log-group:x:*';
      sfnMock.on(DescribeStateMachineCommand).resolves({
        stateMachineArn: MACHINE_ARN,
        name: 'eks-upgrade-workflow',
        status: 'ACTIVE',
        definition: JSON.stringify(DEFINITION),
        roleArn: ROLE_ARN,
        type: 'STANDARD',
        creationDate: new Date('2026-11-25T10:00:00Z'),
        loggingConfiguration: { level: 'ALL', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }] },
        tracingConfiguration: { enabled: true },
      });
      // Act
      const described = await client.describeStateMachine(MACHINE_ARN);
      // Assess
      expect(described).toMatchObject({
        definition: DEFINITION,
        status: 'ACTIVE',
        tracingEnabled: true,
        logging: { level: 'ALL', includeExecutionData: false, logGroupArns: [logGroupArn] },
      });
    });
  });

  describe('Method: deleteStateMachine', () => {
    it('deletes by ARN and refuses what is not an ARN', async () => {
      // Prepare
      sfnMock.on(DeleteStateMachineCommand).resolves({});
      // Act
      await client.deleteStateMachine(MACHINE_ARN);
      // Assess
      expect(sfnMock).toHaveReceivedCommandWith(DeleteStateMachineCommand, { stateMachineArn: MACHINE_ARN });
      await expect(client.deleteStateMachine('eks-upgrade-workflow')).rejects.toSatisfy((error) =>
        ValidationError.isInstance(error),
      );
    });
  });

  describe('Method: getExecutionStatus', () => {
    it('parses input and output and keeps error and cause', async () => {
      // Prepare
      sfnMock.on(DescribeExecutionCommand).resolves(
        describeOutput('FAILED', {
          output: 'not json',
          error: 'Upgrade.ValidationFailed',
          cause: 'unhealthy',
          stopDate: new Date('2026-11-25T11:00:00Z'),
        }),
      );
      // Act
      const result = await client.getExecutionStatus(EXECUTION_ARN);
      // Assess
      expect(result).toEqual({
        executionArn: EXECUTION_ARN,
        stateMachineArn: MACHINE_ARN,
        name: 'run-1',
        status: 'FAILED',
        startDate: new Date('2026-11-25T10:00:00Z'),
        stopDate: new Date('2026-11-25T11:00:00Z'),
        input: REQUEST,
        output: 'not json',
        error: 'Upgrade.ValidationFailed',
        cause: 'unhealthy',
      });
    });
  });

  describe('Method: findStateMachineByName', () => {
    it('reads every page until the name is found', async () => {
      // Prepare
      sfnMock
        .on(ListStateMachinesCommand)
        .resolvesOnce({
          stateMachines: [
            {
              name: 'other',
              stateMachineArn: `${MACHINE_ARN}-x`,
              type: 'STANDARD',
              creationDate: new Date(),
            },
          ],
          nextToken: 't1',
        })
        .resolvesOnce({
          stateMachines: [
            {
              name: 'eks-upgrade-workflow',
              stateMachineArn: MACHINE_ARN,
              type: 'STANDARD',
              creationDate: new Date(),
            },
          ],
        });
      // Act
      const arn = await client.findStateMachineByName('eks-upgrade-workflow');
      // Assess
      expect(arn).toBe(MACHINE_ARN);
      expect(sfnMock).toHaveReceivedCommandTimes(ListStateMachinesCommand, 2);
      expect(sfnMock).toHaveReceivedNthCommandWith(ListStateMachinesCommand, 2, { nextToken: 't1' });
    });

    it('returns undefined when no page has it', async () => {
      // Prepare
      sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
      // Act / Assess
      await expect(client.findStateMachineByName('missing')).resolves.toBeUndefined();
    });
  });

  describe('Method: upsertStateMachine', () => {
    const machine = { name: 'eks-upgrade-workflow', definition: DEFINITION, roleArn: ROLE_ARN };

    it('creates the machine when none has the name', async () => {
      // Prepare
      sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
      sfnMock
        .on(CreateStateMachineCommand)
        .resolves({ stateMachineArn: MACHINE_ARN, creationDate: new Date() });
      // Act
      const result = await client.upsertStateMachine(machine);
      // Assess
      expect(result).toEqual({ stateMachineArn: MACHINE_ARN, action: 'created' });
    });

    it('changes nothing when definition (in any key order), role, logging and tracing match', async () => {
      // Prepare
      sfnMock.on(ListStateMachinesCommand).resolves({
        stateMachines: [
          { name: machine.name, stateMachineArn: MACHINE_ARN, type: 'STANDARD', creationDate: new Date() },
        ],
      });
      sfnMock.on(DescribeStateMachineCommand).resolves({
        stateMachineArn: MACHINE_ARN,
        name: machine.name,
        definition: '{"States":{"Done":{"Type":"Succeed"}},"StartAt":"Done"}',
        roleArn: ROLE_ARN,
        type: 'STANDARD',
        creationDate: new Date(),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      });
      // Act
      const result = await client.upsertStateMachine(machine);
      // Assess
      expect(result.action).toBe('unchanged');
      expect(sfnMock).not.toHaveReceivedCommand(UpdateStateMachineCommand);
      expect(sfnMock).not.toHaveReceivedCommand(TagResourceCommand);
    });

    it('updates when the definition differs and adds a changed tag', async () => {
      // Prepare
      sfnMock.on(ListStateMachinesCommand).resolves({
        stateMachines: [
          { name: machine.name, stateMachineArn: MACHINE_ARN, type: 'STANDARD', creationDate: new Date() },
        ],
      });
      sfnMock.on(DescribeStateMachineCommand).resolves({
        stateMachineArn: MACHINE_ARN,
        name: machine.name,
        definition: '{"StartAt":"Old","States":{"Old":{"Type":"Succeed"}}}',
        roleArn: ROLE_ARN,
        type: 'STANDARD',
        creationDate: new Date(),
      });
      sfnMock.on(ListTagsForResourceCommand).resolves({ tags: [{ key: 'team', value: 'old' }] });
      // Act
      const result = await client.upsertStateMachine({ ...machine, tags: { team: 'platform' } });
      // Assess
      expect(result.action).toBe('updated');
      expect(sfnMock).toHaveReceivedCommandWith(UpdateStateMachineCommand, {
        stateMachineArn: MACHINE_ARN,
        definition: JSON.stringify(DEFINITION),
      });
      expect(sfnMock).toHaveReceivedCommandWith(TagResourceCommand, {
        resourceArn: MACHINE_ARN,
        tags: [{ key: 'team', value: 'platform' }],
      });
    });
  });

  describe('Method: startExecution', () => {
    it('derives a deterministic name, adds the upgrade id and starts', async () => {
      // Prepare
      sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
      sfnMock.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
      const name = executionNameForRequest(REQUEST);
      // Act
      const arn = await client.startExecution(MACHINE_ARN, REQUEST);
      // Assess
      expect(arn).toBe(EXECUTION_ARN);
      expect(name).toMatch(/^prod-1\.31-in_place-[0-9a-f]{10}$/);
      expect(executionNameForRequest({ ...REQUEST })).toBe(name);
      expect(sfnMock).toHaveReceivedCommandWith(StartExecutionCommand, {
        stateMachineArn: MACHINE_ARN,
        name,
        input: JSON.stringify({ ...REQUEST, upgradeId: name }),
      });
      expect(sfnMock).toHaveReceivedCommandWith(ListExecutionsCommand, {
        statusFilter: 'RUNNING',
        maxResults: 1000,
      });
    });

    it('gives different requests different names', () => {
      // Act
      const a = executionNameForRequest(REQUEST);
      const b = executionNameForRequest({ ...REQUEST, targetVersion: '1.32' });
      const c = executionNameForRequest({ ...REQUEST, clusterName: 'x'.repeat(100) });
      // Assess
      expect(a).not.toBe(b);
      expect(c.length).toBeLessThanOrEqual(80);
      expect(executionNameForRequest({ ...REQUEST, upgradeId: 'upg-42' })).toBe('upg-42');
    });

    it('refuses a second upgrade of the same cluster while one runs', async () => {
      // Prepare
      const otherArn = `${EXECUTION_ARN}-other`;
      sfnMock.on(ListExecutionsCommand).resolves({
        executions: [
          {
            executionArn: otherArn,
            stateMachineArn: MACHINE_ARN,
            name: 'other',
            status: 'RUNNING',
            startDate: new Date(),
          },
        ],
      });
      sfnMock.on(DescribeExecutionCommand).resolves(describeOutput('RUNNING', { executionArn: otherArn }));
      // Act
      const failure = client.startExecution(MACHINE_ARN, { ...REQUEST, targetVersion: '1.32' });
      // Assess
      await expect(failure).rejects.toSatisfy(
        (error) =>
          ExecutionError.isInstance(error) &&
          error.executionArn === otherArn &&
          /already has 1 upgrade/.test(error.message),
      );
      expect(sfnMock).not.toHaveReceivedCommand(StartExecutionCommand);
    });

    it('lets a retried start through (same name) and ignores other clusters', async () => {
      // Prepare
      const ownName = executionNameForRequest(REQUEST);
      sfnMock.on(ListExecutionsCommand).resolves({
        executions: [
          {
            executionArn: EXECUTION_ARN,
            stateMachineArn: MACHINE_ARN,
            name: ownName,
            status: 'RUNNING',
            startDate: new Date(),
          },
          {
            executionArn: `${EXECUTION_ARN}-b`,
            stateMachineArn: MACHINE_ARN,
            name: 'b',
            status: 'RUNNING',
            startDate: new Date(),
          },
        ],
      });
      sfnMock
        .on(DescribeExecutionCommand)
        .resolves(
          describeOutput('RUNNING', { input: JSON.stringify({ ...REQUEST, clusterName: 'staging' }) }),
        );
      sfnMock.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
      // Act
      const arn = await client.startExecution(MACHINE_ARN, REQUEST);
      // Assess
      expect(arn).toBe(EXECUTION_ARN);
      expect(sfnMock).toHaveReceivedCommandTimes(DescribeExecutionCommand, 1);
    });

    it('allows more concurrent upgrades when maxConcurrentUpgrades says so', async () => {
      // Prepare
      sfnMock.on(ListExecutionsCommand).resolves({
        executions: [
          {
            executionArn: `${EXECUTION_ARN}-b`,
            stateMachineArn: MACHINE_ARN,
            name: 'b',
            status: 'RUNNING',
            startDate: new Date(),
          },
        ],
      });
      sfnMock.on(DescribeExecutionCommand).resolves(describeOutput('RUNNING'));
      sfnMock.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
      // Act / Assess
      await expect(client.startExecution(MACHINE_ARN, REQUEST, { maxConcurrentUpgrades: 2 })).resolves.toBe(
        EXECUTION_ARN,
      );
    });

    it('refuses an invalid request before any call, naming the field', async () => {
      // Act
      const invalid = client.startExecution(MACHINE_ARN, { clusterName: 'prod', targetVersion: 'latest' });
      // Assess
      await expect(invalid).rejects.toSatisfy(
        (error) => ValidationError.isInstance(error) && error.fields.includes('targetVersion'),
      );
      expect(sfnMock.calls()).toHaveLength(0);
    });
  });

  describe('Function: assertExecutionInputSize', () => {
    it('accepts 256 KB and refuses one byte more', () => {
      // Act / Assess
      expect(() => assertExecutionInputSize('a'.repeat(262_144))).not.toThrow();
      expect(() => assertExecutionInputSize('é'.repeat(131_073))).toThrow(
        /at most 262144 bytes \(is 262146\)/,
      );
    });
  });
});
