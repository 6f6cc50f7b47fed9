import { describe, expect, it } from 'vitest';
import { resolveAwsSettings, toSdkClientConfig } from './aws-settings.js';

const globals = (overrides: Record<string, unknown> = {}) =>
  ({
    output: undefined,
    'no-color': false,
    verbose: false,
    help: false,
    version: false,
    ...overrides,
  }) as Parameters<typeof resolveAwsSettings>[0];

describe('Function: resolveAwsSettings', () => {
  it('prefers the flags, then AWS_REGION, then AWS_DEFAULT_REGION, and AWS_PROFILE', () => {
    expect(resolveAwsSettings(globals({ region: 'eu-west-1' }), { AWS_REGION: 'us-east-2' })).toEqual({
      region: 'eu-west-1',
    });
    expect(
      resolveAwsSettings(globals(), { AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'us-west-2' }),
    ).toEqual({
      region: 'us-east-2',
    });
    expect(resolveAwsSettings(globals(), { AWS_DEFAULT_REGION: 'us-west-2', AWS_PROFILE: 'ops' })).toEqual({
      region: 'us-west-2',
      profile: 'ops',
    });
    expect(resolveAwsSettings(globals({ profile: 'admin' }), { AWS_PROFILE: 'ops' })).toEqual({
      profile: 'admin',
    });
  });

  it('leaves AWS_ENDPOINT_URL to the SDK and passes --endpoint-url as the client endpoint', () => {
    // Act
    const settings = resolveAwsSettings(globals({ 'endpoint-url': 'http://127.0.0.1:5000' }), {
      AWS_ENDPOINT_URL: 'http://ignored:1',
    });

    // Assess
    expect(settings).toEqual({ endpoint: 'http://127.0.0.1:5000' });
    expect(toSdkClientConfig(settings as never, { maxAttempts: 1 })).toEqual({
      endpoint: 'http://127.0.0.1:5000',
      maxAttempts: 1,
    });
    expect(resolveAwsSettings(globals(), { AWS_ENDPOINT_URL: 'http://x:1' })).toEqual({});
  });

  it('names the bad region or endpoint', () => {
    expect(resolveAwsSettings(globals({ region: 'EU' }), {})).toEqual({
      problem: '--region must be an AWS region such as us-east-1 (got "EU")',
    });
    expect(resolveAwsSettings(globals({ 'endpoint-url': 'ftp://x' }), {})).toEqual({
      problem: '--endpoint-url must be an http(s) URL (got "ftp://x")',
    });
    // Credentials in the URL are never printed.
    expect(resolveAwsSettings(globals({ 'endpoint-url': 'ftp://AKIA:s3cr3t@x' }), {})).toEqual({
      problem: '--endpoint-url must be an http(s) URL (got "ftp://x")',
    });
  });
});
