import { CREATED_RESOURCE_TAG, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { greenTags } from '../../steps/shared/green-resources.js';
import { GATEWAY_OPERATION_GRANTS, type IamCondition, iamConditionBlock } from './aws-gateway-iam.js';
import { UNTAG_ONLY_GREEN_TAG_KEYS } from './green-tags-iam.js';

const base = { statementId: 'Example', reason: 'a test' };

describe('Function: iamConditionBlock', () => {
  it('renders a single-valued condition as StringEquals', () => {
    // Act
    const block = iamConditionBlock({
      ...base,
      operator: 'StringEquals',
      key: 'iam:PassedToService',
      value: 'eks.amazonaws.com',
    });

    // Assess
    expect(block).toEqual({ StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' } });
  });

  it('renders a multivalued condition as ForAllValues:StringEquals, with the key required (Null false)', () => {
    // Act
    const block = iamConditionBlock({
      ...base,
      operator: 'ForAllValues:StringEquals',
      key: 'aws:TagKeys',
      values: ['eks-upgrade:role', 'eks-upgrade:blue-cluster'],
    });

    // Assess
    expect(block).toEqual({
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks-upgrade:role', 'eks-upgrade:blue-cluster'] },
      Null: { 'aws:TagKeys': 'false' },
    });
  });

  it.each([
    [
      'a multivalued key under StringEquals',
      { ...base, operator: 'StringEquals', key: 'aws:TagKeys', value: 'eks-upgrade:role' },
      'aws:TagKeys is multivalued: use ForAllValues:StringEquals with values',
    ],
    [
      'a single-valued key under a set operator',
      {
        ...base,
        operator: 'ForAllValues:StringEquals',
        key: 'iam:PassedToService',
        values: ['eks.amazonaws.com'],
      },
      'iam:PassedToService is single-valued: a set operator on it can allow more than meant',
    ],
    [
      'no value',
      { ...base, operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: [] },
      'no value allowed for aws:TagKeys',
    ],
    [
      'a value twice',
      { ...base, operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['a', 'a'] },
      'a value of aws:TagKeys is listed twice',
    ],
    [
      'a wildcard StringEquals would match literally',
      { ...base, operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['eks-upgrade:*'] },
      'value "eks-upgrade:*" of aws:TagKeys: StringEquals matches literally (no wildcards, not empty)',
    ],
    [
      'a Sid IAM refuses',
      {
        ...base,
        statementId: 'Untag green',
        operator: 'StringEquals',
        key: 'aws:RequestedRegion',
        value: 'eu-west-1',
      },
      'statementId Untag green is not an IAM Sid (letters and digits only)',
    ],
  ])('refuses %s', (_, condition, issue) => {
    // Act
    const render = () => iamConditionBlock(condition as unknown as IamCondition);

    // Assess
    expect(render).toThrow(ValidationError);
    expect(render).toThrow(issue);
  });
});

describe('Declarations: UNTAG_ONLY_GREEN_TAG_KEYS', () => {
  it('names exactly the tag keys the green steps set and promotion removes', () => {
    expect([...UNTAG_ONLY_GREEN_TAG_KEYS.values].sort()).toEqual(Object.keys(greenTags('prod')).sort());
    expect(UNTAG_ONLY_GREEN_TAG_KEYS.values).toContain(CREATED_RESOURCE_TAG.key);
  });

  it('limits every untagging grant, and only those', () => {
    // Act
    const grants = Object.values(GATEWAY_OPERATION_GRANTS).flat();

    // Assess
    const untagging = grants.filter((grant) => /:Untag/.test(grant.action));
    expect(untagging.map((grant) => grant.action).sort()).toEqual([
      'eks:UntagResource',
      'iam:UntagOpenIDConnectProvider',
    ]);
    for (const grant of untagging) {
      expect(grant).toMatchObject({ scope: 'created', condition: UNTAG_ONLY_GREEN_TAG_KEYS });
    }
    expect(grants.filter((grant) => grant.condition === UNTAG_ONLY_GREEN_TAG_KEYS)).toHaveLength(2);
    // Every declared condition renders (a broken declaration fails here, not at deploy).
    for (const grant of grants)
      if (grant.condition) expect(() => iamConditionBlock(grant.condition!)).not.toThrow();
  });
});
