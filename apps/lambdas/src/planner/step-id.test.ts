import { describe, expect, it } from 'vitest';
import { stepId } from './step-id.js';

describe('Function: stepId', () => {
  it('joins the parts with dashes and replaces characters a step id may not hold', () => {
    // Act & Assess
    expect(stepId('addon', 'vpc-cni', '1.31', '2')).toBe('addon-vpc-cni-1.31-2');
    expect(stepId('ng', 'gpu nodes/a100', '1.30')).toBe('ng-gpu-nodes-a100-1.30');
  });

  it('cuts the id at 64 characters', () => {
    // Act
    const id = stepId('ng', 'x'.repeat(80), '1.30');

    // Assess
    expect(id).toBe(`ng-${'x'.repeat(61)}`);
  });
});
