/**
 * An application with its own copy of the AWS SDK (here an older release, installed as
 * `aws-sdk-client-ssm-other`) injects its client. The SDK's `paginate*` helpers would reject it
 * ("Invalid client, expected instance of SSMClient"); every paginated call must work with it.
 */
import { SSMClient as SdkSSMClient } from '@aws-sdk/client-ssm';
import ourManifest from '@aws-sdk/client-ssm/package.json' with { type: 'json' };
import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { SSMClient as OtherSdkSSMClient } from 'aws-sdk-client-ssm-other';
import otherManifest from 'aws-sdk-client-ssm-other/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { SSMClient } from '../../src/index.js';

const moto = useMoto();

describe('Class: SSMClient with a client from another copy of the SDK (moto)', () => {
  const otherClient = () => new OtherSdkSSMClient(moto.clientConfig());
  const ssm = () => new SSMClient({ client: otherClient() });

  it('is a different release of @aws-sdk/client-ssm, whose client is not our SDK class', () => {
    // Assess
    expect(otherManifest.name).toBe('@aws-sdk/client-ssm');
    expect(otherManifest.version).not.toBe(ourManifest.version);
    expect(otherClient()).not.toBeInstanceOf(SdkSSMClient);
  });

  it('puts, reads back and deletes a configuration (GetParametersByPath, all pages)', async () => {
    // Prepare
    const client = ssm();
    const config = createDefaultAgentConfig();
    // Act
    const versions = await client.putConfiguration(config, 'default');
    const back = await client.getConfiguration('default');
    const deleted = await client.deleteConfiguration('default');
    // Assess: more parameters than one page of 10 holds, so pages were followed.
    expect(Object.keys(versions).length).toBeGreaterThan(10);
    expect(back).toStrictEqual(config);
    expect(deleted.deleted.sort()).toEqual(Object.keys(versions).sort());
    expect(deleted.invalid).toEqual([]);
  });

  it('lists parameters over several DescribeParameters pages', async () => {
    // Prepare
    const client = ssm();
    const names = Array.from({ length: 57 }, (_, index) => `/other-sdk/p${String(index).padStart(2, '0')}`);
    for (const name of names) await client.putParameter({ name, value: 'v' });
    // Act
    const listed = await client.listParameters('/other-sdk/');
    // Assess: 57 > 50, the largest DescribeParameters page.
    expect(listed.map((entry) => entry.name).sort()).toEqual(names);
  });

  it('reads a history over several GetParameterHistory pages', async () => {
    // Prepare
    const client = ssm();
    const name = '/other-sdk/history';
    for (let version = 1; version <= 53; version += 1) {
      await client.putParameter({ name, value: `v${version}` }, { overwrite: true });
    }
    // Act
    const history = await client.getParameterHistory(name);
    // Assess: 53 > 50, the largest GetParameterHistory page.
    expect(history.map((entry) => entry.value)).toEqual(
      Array.from({ length: 53 }, (_, index) => `v${index + 1}`),
    );
  });
});
