import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { buildRollbackTriggerPattern } from '@eks-upgrade/events';
import { describe, expect, it } from 'vitest';
import { stackRules } from './stack-rules.js';

describe('Function: stackRules', () => {
  it('ships the rollback-trigger rule with the pattern @eks-upgrade/events builds', () => {
    // Act
    const [monitor, rollback] = stackRules(createDefaultAgentConfig(), {
      notifyArns: ['arn:aws:sqs:us-east-1:111122223333:upgrades'],
    });

    // Assess
    expect(monitor).toMatchObject({
      name: 'eks-upgrade-monitor',
      eventPattern: { source: ['eks-upgrade-agent'] },
    });
    expect(rollback).toEqual({
      name: 'eks-upgrade-rollback-trigger',
      description: 'Failures that trigger an eks-upgrade rollback: validation.failure and phase.failed',
      eventPattern: buildRollbackTriggerPattern(),
      state: 'ENABLED',
      targets: [{ id: 'rollback-1', arn: 'arn:aws:sqs:us-east-1:111122223333:upgrades' }],
    });
  });
});
