import { describe, expect, it } from 'vitest';
import { request } from '../phases/__fixtures__/snapshots.js';
import { greenClusterNameFor } from './green-cluster-name.js';

describe('Function: greenClusterNameFor', () => {
  it('names green after blue and the target version unless the request names it', () => {
    // Act & Assess
    expect(greenClusterNameFor(request({ strategy: 'blue_green' }))).toBe('prod-1-31');
    expect(greenClusterNameFor(request({ strategy: 'blue_green', greenClusterName: 'prod-green' }))).toBe(
      'prod-green',
    );
  });

  it('keeps the derived name within the 100 characters of an EKS cluster name', () => {
    // Prepare
    const blue = 'b'.repeat(98);

    // Act
    const green = greenClusterNameFor(request({ clusterName: blue, strategy: 'blue_green' }));

    // Assess
    expect(green).toBe(`${blue}-1`);
  });
});
