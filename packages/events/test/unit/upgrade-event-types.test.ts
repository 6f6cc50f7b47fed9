import type { UpgradeEvent } from '@eks-upgrade/core-models';
import { describe, expectTypeOf, it } from 'vitest';
import type { EventBridgeClient, LocalEventBus, UpgradeEventInput } from '../../src/index.js';

describe('Types: UpgradeEvent from core-models', () => {
  it('is accepted wherever an UpgradeEventInput is', () => {
    expectTypeOf<UpgradeEvent>().toExtend<UpgradeEventInput>();
    expectTypeOf<EventBridgeClient['publishEvents']>().toBeCallableWith([] as UpgradeEvent[]);
    expectTypeOf<LocalEventBus['publishEvent']>().parameter(0).toExtend<UpgradeEventInput>();
  });
});
