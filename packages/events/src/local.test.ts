import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as local from './local.js';

describe('Entry point: @eks-upgrade/events/local', () => {
  it('exports everything the main entry does except EventBridgeClient', () => {
    // Assess
    expect(Object.keys(local).sort()).toEqual(
      Object.keys(main)
        .filter((name) => name !== 'EventBridgeClient')
        .sort(),
    );
    expect(local.LocalEventBus).toBe(main.LocalEventBus);
  });
});
