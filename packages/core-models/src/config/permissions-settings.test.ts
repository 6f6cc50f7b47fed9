import { describe, expect, it } from 'vitest';
import { createDefaultAgentConfig } from './agent-config.js';
import { CREATED_RESOURCE_TAG, PermissionsSettingsSchema } from './permissions-settings.js';

describe('Schema: PermissionsSettingsSchema', () => {
  it('defaults to the deploy region, tagged clusters only, no hosted zone and no role to pass', () => {
    expect(createDefaultAgentConfig().permissions).toEqual({
      regions: [],
      clusterNames: [],
      clusterTag: { key: 'eks-upgrade:managed', value: 'true' },
      hostedZoneIds: [],
      passRoleArns: [],
    });
  });

  it('keeps what is configured', () => {
    const settings = {
      regions: ['eu-west-1', 'eu-central-1'],
      clusterNames: ['payments-prod'],
      clusterTag: { key: 'team', value: 'payments' },
      hostedZoneIds: ['/hostedzone/Z123ABC', 'Z456DEF'],
      passRoleArns: ['arn:aws:iam::123456789012:role/eks/payments-nodes'],
    };
    expect(PermissionsSettingsSchema.parse(settings)).toEqual(settings);
  });

  it('names the tag green resources carry, which the roles check before deleting', () => {
    expect(CREATED_RESOURCE_TAG).toEqual({ key: 'eks-upgrade:role', value: 'green' });
    expect(Object.isFrozen(CREATED_RESOURCE_TAG)).toBe(true);
  });
});
