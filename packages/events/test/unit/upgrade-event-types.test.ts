import type { UpgradeEvent } from '@eks-upgrade/core-models';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  EventBridgeClient,
  EventBridgeClientOptions,
  LocalEventBus,
  UpgradeEventInput,
} from '../../src/index.js';

describe('Types: UpgradeEvent from core-models', () => {
  it('is accepted wherever an UpgradeEventInput is', () => {
    expectTypeOf<UpgradeEvent>().toExtend<UpgradeEventInput>();
    expectTypeOf<EventBridgeClient['publishEvents']>().toBeCallableWith([] as UpgradeEvent[]);
    expectTypeOf<LocalEventBus['publishEvent']>().parameter(0).toExtend<UpgradeEventInput>();
  });
});

describe('Types: EventBridgeClientOptions', () => {
  it('takes an injected client or a client configuration, not both', () => {
    expectTypeOf<{ client: EventBridgeClient['client'] }>().toExtend<EventBridgeClientOptions>();
    expectTypeOf<{ clientConfig: { region: string } }>().toExtend<EventBridgeClientOptions>();
    expectTypeOf<{
      client: EventBridgeClient['client'];
      clientConfig: { region: string };
    }>().not.toExtend<EventBridgeClientOptions>();
  });
});
