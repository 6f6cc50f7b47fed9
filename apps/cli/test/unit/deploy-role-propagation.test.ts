import { beforeAll, describe, expect, it } from 'vitest';
import { fakeAccount, phaseZipDirectory } from '../helpers/fake-account.js';
import { fakeAws, serviceError } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

let zipDirectory: string;

beforeAll(async () => {
  zipDirectory = await phaseZipDirectory();
});

describe('Command: deploy (fake AWS), a role that has not propagated yet', () => {
  it('creates the state machine once Step Functions can assume its new role', async () => {
    // Prepare: Step Functions refuses the first CreateStateMachine as IAM does right after CreateRole.
    const account = fakeAccount();
    const create = account.handlers.CreateStateMachine;
    let refusals = 0;
    const aws = fakeAws({
      ...account.handlers,
      CreateStateMachine: (input: Record<string, unknown>) => {
        if (refusals === 0) {
          refusals += 1;
          throw serviceError(
            'AccessDeniedException',
            'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
          );
        }
        return create(input as never);
      },
    });

    // Act
    const result = await runCli(['deploy', '--zip-dir', zipDirectory], { services: aws.services });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const creates = aws.calls.filter((call) => call.operation === 'CreateStateMachine');
    expect(creates).toHaveLength(2);
    expect(creates[1]!.input).toEqual(creates[0]!.input);
    expect(account.stateMachines.has('eks-upgrade-workflow')).toBe(true);
  });
});
