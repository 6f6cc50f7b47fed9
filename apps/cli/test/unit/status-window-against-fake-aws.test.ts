import { AgentConfigSchema } from '@eks-upgrade/core-models';
import { configurationRoot, encodeConfiguration } from '@eks-upgrade/params';
import { describe, expect, it } from 'vitest';
import { fakeAws } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:prod-1-31-a';
const T0 = new Date('2026-11-30T10:00:00.000Z');
// Every day, all day: the window is open whenever the test runs.
const ALWAYS = 'Daily 00:00-24:00 UTC';

/** A running execution, and a stored configuration naming a maintenance window. */
function account(status: string) {
  const config = AgentConfigSchema.parse({ upgrade: { maintenanceWindows: [ALWAYS] } });
  const { parameters } = encodeConfiguration(config, configurationRoot('/eks-upgrade-agent/', 'config'));
  return fakeAws({
    GetParametersByPath: () => ({
      Parameters: parameters.map((parameter) => ({
        Name: parameter.name,
        Value: parameter.value,
        Type: 'String',
      })),
    }),
    ListStateMachines: () => ({
      stateMachines: [
        {
          name: 'eks-upgrade-workflow',
          stateMachineArn: STATE_MACHINE_ARN,
          type: 'STANDARD',
          creationDate: T0,
        },
      ],
    }),
    DescribeExecution: () => ({
      executionArn: EXECUTION_ARN,
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'prod-1-31-a',
      status,
      startDate: T0,
      input: '{}',
    }),
    GetExecutionHistory: () => ({
      events: [{ id: 1, type: 'ExecutionStarted', timestamp: T0, executionStartedEventDetails: {} }],
    }),
  });
}

describe('Command: status (fake AWS): the maintenance window', () => {
  it('shows the window open now for a running execution, in the JSON and on stderr', async () => {
    // Act
    const result = await runCli(['status', 'prod-1-31-a', '--output', 'json'], {
      services: account('RUNNING').services,
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.nextWindow).toEqual({
      opensAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/),
      closesAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/),
      open: true,
      windows: [ALWAYS],
    });
    expect(Date.parse(report.nextWindow.opensAt)).toBeLessThanOrEqual(Date.now());
    expect(result.stderr).toContain(
      `maintenance window open until ${report.nextWindow.closesAt} (${ALWAYS})`,
    );
  });

  it('leaves it out for an execution that ended', async () => {
    // Act
    const result = await runCli(['status', 'prod-1-31-a', '--output', 'json'], {
      services: account('SUCCEEDED').services,
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).nextWindow).toBeUndefined();
  });
});
