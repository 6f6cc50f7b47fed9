import { AWSServiceError } from '@eks-upgrade/core-models';
import { expect } from 'vitest';
import { DEMO_SCENARIO, type ScenarioInput } from '../../../simulation/scenario.js';
import type { SimulatedClusterGateway } from '../simulated-cluster-gateway.js';

/** The demo scenario as an in-place upgrade to 1.31. */
export function inPlaceScenario(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    ...DEMO_SCENARIO,
    request: { clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' },
    ...overrides,
  };
}

/** DescribeUpdate until the update ends (at most 20 polls). */
export async function pollUntilDone(
  gateway: SimulatedClusterGateway,
  cluster: string,
  id: string,
  scope = {},
) {
  for (let poll = 0; poll < 20; poll += 1) {
    const update = await gateway.describeUpdate(cluster, id, scope);
    if (update.status !== 'InProgress') return update;
  }
  throw new Error('update never finished');
}

/** The AWSServiceError `promise` rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<AWSServiceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(AWSServiceError.isInstance(error)).toBe(true);
  return error as AWSServiceError;
}
