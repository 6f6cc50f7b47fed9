import { AWSServiceError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import {
  isRolePropagationError,
  ROLE_PROPAGATION_DELAYS_MS,
  retryWhileRolePropagates,
} from './deploy-preflight.js';

const notAssumable = () =>
  new AWSServiceError(
    'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
    { service: 'SFN', operation: 'CreateStateMachine', code: 'AccessDeniedException', retryable: false },
  );

describe('Function: retryWhileRolePropagates', () => {
  it('tries again, waiting longer each time, while Step Functions cannot assume a new role yet', async () => {
    // Prepare
    const waits: number[] = [];
    let attempts = 0;

    // Act
    const result = await retryWhileRolePropagates(
      async () => {
        attempts += 1;
        if (attempts < 3) throw notAssumable();
        return 'created';
      },
      { wait: async (ms) => void waits.push(ms) },
    );

    // Assess
    expect(result).toBe('created');
    expect(attempts).toBe(3);
    expect(waits).toEqual([1000, 2000]);
  });

  it('gives up after about a minute and throws the last refusal', async () => {
    // Prepare
    const waits: number[] = [];

    // Act
    const error = await retryWhileRolePropagates(
      async () => {
        throw notAssumable();
      },
      { wait: async (ms) => void waits.push(ms) },
    ).catch((caught: unknown) => caught);

    // Assess
    expect(AWSServiceError.isInstance(error) && error.code).toBe('AccessDeniedException');
    expect(waits).toEqual([...ROLE_PROPAGATION_DELAYS_MS]);
    expect(waits.reduce((total, ms) => total + ms, 0)).toBe(60_000);
  });

  it('throws any other error at once', async () => {
    // Prepare
    let attempts = 0;
    const denied = new AWSServiceError('User is not authorized to perform: states:CreateStateMachine', {
      service: 'SFN',
      operation: 'CreateStateMachine',
      code: 'AccessDeniedException',
      retryable: false,
    });

    // Act
    const error = await retryWhileRolePropagates(
      async () => {
        attempts += 1;
        throw denied;
      },
      { wait: async () => undefined },
    ).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBe(denied);
    expect(attempts).toBe(1);
    expect(isRolePropagationError(denied)).toBe(false);
    expect(
      isRolePropagationError(
        new AWSServiceError('The role cannot be assumed', {
          service: 'SFN',
          operation: 'UpdateStateMachine',
          code: 'InvalidDefinition',
          retryable: false,
        }),
      ),
    ).toBe(true);
  });
});
