import type { GlobalFlagValues } from '../cli/command-table.js';
import type { CliIo } from '../cli/io.js';
import { describeUrlForMessage } from '../cli/redact.js';

/** Where and as whom AWS calls go, from the global flags and the AWS environment variables. */
export interface AwsSettings {
  /** `--region`, else AWS_REGION, else AWS_DEFAULT_REGION; the SDK reads the profile's when absent. */
  readonly region?: string;
  /** `--profile`, else AWS_PROFILE. */
  readonly profile?: string;
  /**
   * `--endpoint-url`. AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are left to the SDK, which
   * reads them itself and gives the per-service ones precedence.
   */
  readonly endpoint?: string;
}

/** Settings every SDK v3 client accepts, built from `AwsSettings`. */
export interface SdkClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  [setting: string]: unknown;
}

/** Region names such as us-east-1 (the rule AwsRegionSchema applies, checked without loading zod). */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

function firstSet(...values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}

/**
 * Reads the AWS settings and checks them before any call, returning one line naming the
 * problem when one is unusable.
 *
 * @example
 * ```ts
 * const settings = resolveAwsSettings(globals, io.env);
 * if ('problem' in settings) return usage(settings.problem);
 * ```
 */
export function resolveAwsSettings(
  globals: GlobalFlagValues,
  env: CliIo['env'],
): AwsSettings | { problem: string } {
  const region = firstSet(globals.region, env.AWS_REGION, env.AWS_DEFAULT_REGION);
  if (region !== undefined && !REGION_PATTERN.test(region)) {
    const source = globals.region !== undefined ? '--region' : 'AWS_REGION';
    return { problem: `${source} must be an AWS region such as us-east-1 (got ${JSON.stringify(region)})` };
  }
  const endpoint = globals['endpoint-url'];
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      // Credentials in the URL (user:password@) are never printed.
      return { problem: `--endpoint-url must be an http(s) URL (got ${describeUrlForMessage(endpoint)})` };
    }
  }
  const profile = firstSet(globals.profile, env.AWS_PROFILE);
  return {
    ...(region === undefined ? {} : { region }),
    ...(profile === undefined ? {} : { profile }),
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}

/** The SDK client configuration for `settings`, with `extra` (credentials, retries...) on top. */
export function toSdkClientConfig(
  settings: AwsSettings,
  extra: Record<string, unknown> = {},
): SdkClientConfig {
  return {
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...extra,
  };
}
