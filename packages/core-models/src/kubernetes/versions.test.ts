import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/errors.js';
import {
  checkKubeletSkew,
  compareKubernetesVersions,
  formatKubernetesVersion,
  KubernetesVersionSchema,
  maxKubeletSkew,
  minorVersionDistance,
  normalizeKubernetesVersion,
  parseKubernetesVersion,
  planVersionHops,
} from './versions.js';

function catchValidation(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Function: parseKubernetesVersion', () => {
  it.each([
    ['1.31', { major: 1, minor: 31 }],
    ['v1.30', { major: 1, minor: 30 }],
    ['1.29.7', { major: 1, minor: 29 }],
    ['v1.30.4-eks-a737599', { major: 1, minor: 30 }],
    [' 1.28 ', { major: 1, minor: 28 }],
  ])('parses %s', (text, expected) => {
    expect(parseKubernetesVersion(text)).toEqual(expected);
  });

  it.each(['', '1', '1.x', 'latest', '1.31.', '131', '1..3'])('rejects %j naming the rule', (text) => {
    const error = catchValidation(() => parseKubernetesVersion(text, 'targetVersion'));
    expect(error.message).toContain('targetVersion: must look like 1.31');
    expect(error.fields).toEqual(['targetVersion']);
  });

  it('rejects other major versions', () => {
    expect(catchValidation(() => parseKubernetesVersion('2.1')).message).toContain(
      'must be a Kubernetes 1.x version',
    );
  });
});

describe('Function: formatKubernetesVersion / normalizeKubernetesVersion', () => {
  it('renders and normalises', () => {
    expect(formatKubernetesVersion({ major: 1, minor: 9 })).toBe('1.9');
    expect(normalizeKubernetesVersion('v1.31.2')).toBe('1.31');
  });
});

describe('Function: compareKubernetesVersions', () => {
  it('orders by minor numerically, not as text', () => {
    expect(compareKubernetesVersions('1.9', '1.10')).toBeLessThan(0);
    expect(compareKubernetesVersions('1.31', '1.31')).toBe(0);
    expect(compareKubernetesVersions('1.31', '1.29')).toBeGreaterThan(0);
    expect(['1.30', '1.9', '1.28'].sort(compareKubernetesVersions)).toEqual(['1.9', '1.28', '1.30']);
  });
});

describe('Function: minorVersionDistance', () => {
  it('counts minors in either direction', () => {
    expect(minorVersionDistance('1.28', '1.31')).toBe(3);
    expect(minorVersionDistance('1.31', '1.29')).toBe(-2);
  });
});

describe('Function: planVersionHops', () => {
  it('plans 1.28 → 1.31 as three hops, one minor at a time', () => {
    expect(planVersionHops('1.28', '1.31')).toEqual(['1.29', '1.30', '1.31']);
  });

  it('plans a single hop', () => {
    expect(planVersionHops('1.30', '1.31')).toEqual(['1.31']);
  });

  it('rejects a downgrade', () => {
    const error = catchValidation(() => planVersionHops('1.31', '1.30'));
    expect(error.message).toBe(
      'Invalid upgrade path: targetVersion: must be newer than the current version 1.31: EKS cannot downgrade to 1.30',
    );
  });

  it('rejects equal versions', () => {
    expect(catchValidation(() => planVersionHops('1.30', '1.30')).message).toContain('nothing to upgrade');
  });

  it('rejects malformed versions naming the field', () => {
    expect(catchValidation(() => planVersionHops('1.3x', '1.31')).fields).toEqual(['sourceVersion']);
    expect(catchValidation(() => planVersionHops('1.30', 'one')).fields).toEqual(['targetVersion']);
  });

  it('rejects a target or hop the service does not support', () => {
    const supported = ['1.29', '1.30', '1.31'];
    expect(planVersionHops('1.29', '1.31', { supportedVersions: supported })).toEqual(['1.30', '1.31']);
    const error = catchValidation(() => planVersionHops('1.30', '1.33', { supportedVersions: supported }));
    expect(error.message).toContain('EKS does not support 1.32, 1.33');
    expect(error.message).toContain('supported: 1.29, 1.30, 1.31');
  });
});

describe('Function: checkKubeletSkew', () => {
  it('allows three minors behind from 1.28 and two before', () => {
    expect(maxKubeletSkew('1.28')).toBe(3);
    expect(maxKubeletSkew('1.27')).toBe(2);
    expect(checkKubeletSkew('1.31', '1.28')).toEqual({ allowed: true, skew: 3, maxSkew: 3 });
    expect(checkKubeletSkew('1.27', '1.25')).toEqual({ allowed: true, skew: 2, maxSkew: 2 });
  });

  it('refuses a kubelet too far behind', () => {
    const check = checkKubeletSkew('1.31', '1.27');
    expect(check.allowed).toBe(false);
    expect(check.reason).toBe('kubelet 1.27 trails the control plane 1.31 by 4 minors (at most 3)');
    expect(checkKubeletSkew('1.27', '1.24').allowed).toBe(false);
  });

  it('refuses a kubelet ahead of the control plane', () => {
    const check = checkKubeletSkew('1.30', '1.31');
    expect(check).toMatchObject({ allowed: false, skew: -1 });
    expect(check.reason).toContain('newer than the control plane');
  });
});

describe('Schema: KubernetesVersionSchema', () => {
  it('accepts 1.31 and rejects loose spellings with the rule', () => {
    expect(KubernetesVersionSchema.parse('1.31')).toBe('1.31');
    expect(KubernetesVersionSchema.safeParse('v1.31').error?.issues[0]?.message).toBe('must look like 1.31');
    expect(KubernetesVersionSchema.safeParse('2.0').error?.issues[0]?.message).toBe(
      'must be a Kubernetes 1.x version',
    );
    expect(KubernetesVersionSchema.safeParse(131).error?.issues[0]?.message).toBe('must look like 1.31');
  });
});
