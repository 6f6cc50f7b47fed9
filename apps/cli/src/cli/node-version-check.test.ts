import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { MINIMUM_NODE_MAJOR, nodeVersionProblem } from './node-version-check.js';

describe('Function: nodeVersionProblem', () => {
  it('names the version needed, the version found and how to get Node.js 24 when Node.js is too old', () => {
    // Act
    const problem = nodeVersionProblem('20.20.2');

    // Assess
    expect(problem).toBe(
      'eks-upgrade needs Node.js 22 or newer, and this is Node.js 20.20.2: install Node.js 24 LTS with `nvm install 24` or from https://nodejs.org/en/download',
    );
  });

  it.each(['22.0.0', '24.11.1', 'v25.0.0'])('accepts Node.js %s', (version) => {
    // Act & Assess
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it('rejects a version it cannot read rather than guessing', () => {
    // Act & Assess
    expect(nodeVersionProblem('unknown')).toContain('needs Node.js 22 or newer');
  });

  it('agrees with engines.node in package.json', () => {
    // Assess
    expect(packageJson.engines.node).toBe(`>=${MINIMUM_NODE_MAJOR}`);
  });
});
