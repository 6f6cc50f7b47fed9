import { ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { renderMermaid } from './render-mermaid.js';
import { createUpgradeStateMachineDefinition } from './upgrade-workflow.js';
import { assertValidStateMachineDefinition, validateStateMachineDefinition } from './validate-definition.js';

const BROKEN = {
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'Nowhere' },
    B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, Next: 'A' },
  },
};

describe('Function: validateStateMachineDefinition', () => {
  it('reports every problem, not only the first', () => {
    // Act
    const result = validateStateMachineDefinition(BROKEN);
    // Assess
    expect(result.valid).toBe(false);
    expect(result.problems.length).toBeGreaterThanOrEqual(2);
  });

  it('does not change the document it checks', () => {
    // Prepare
    const asl = createUpgradeStateMachineDefinition();
    const before = JSON.stringify(asl);
    // Act
    validateStateMachineDefinition(asl);
    // Assess
    expect(JSON.stringify(asl)).toBe(before);
  });

  it('reads JSON text and reports text that is not JSON', () => {
    // Act / Assess
    expect(validateStateMachineDefinition(JSON.stringify(createUpgradeStateMachineDefinition())).valid).toBe(
      true,
    );
    expect(validateStateMachineDefinition('{').problems[0]?.code).toBe('INVALID_JSON');
    expect(validateStateMachineDefinition([]).valid).toBe(false);
  });

  it('assertValidStateMachineDefinition throws a ValidationError listing the problems', () => {
    // Act / Assess
    expect(() => assertValidStateMachineDefinition(BROKEN)).toThrow(ValidationError);
    expect(() => assertValidStateMachineDefinition(createUpgradeStateMachineDefinition())).not.toThrow();
  });
});

describe('Function: renderMermaid', () => {
  it('draws every state once with choice labels and catch edges', () => {
    // Prepare
    const asl = createUpgradeStateMachineDefinition();
    // Act
    const mermaid = renderMermaid(asl);
    // Assess
    expect(mermaid.startsWith('flowchart TD\n')).toBe(true);
    for (const name of Object.keys(asl.States)) expect(mermaid).toContain(`"${name}"`);
    expect(mermaid).toContain(`{"Reasoning: Blocked?"}`);
    expect(mermaid).toContain(`-->|"$.reasoning.plan.blocked == true"|`);
    expect(mermaid).toMatch(/-\.->\|"catch States.ALL"\|/);
    expect(mermaid).toContain('start --> ');
    expect(mermaid).toContain('$.poll.count #lt; 190');
    expect(mermaid).not.toMatch(/"[^"\n]*[<>|][^"\n]*"/);
  });

  it('draws Map and Parallel bodies as subgraphs', () => {
    // Prepare
    const asl = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } },
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
            { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
          ],
          End: true,
        },
      },
    };
    // Act
    const mermaid = renderMermaid(asl);
    // Assess
    expect(mermaid).toContain('subgraph s0_0["Each (for each item)"]');
    expect(mermaid).toContain('["Both (branch 2)"]');
    expect(mermaid).toMatch(/s0 --> s\d+/);
  });
});
