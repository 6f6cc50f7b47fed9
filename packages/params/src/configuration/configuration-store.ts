import {
  ConfigurationError,
  parseOrThrow,
  ValidationError,
  type ValidationIssue,
} from '@eks-upgrade/core-models';
import { mapSettledWithConcurrency } from '../internal/batching.js';
import type {
  GetConfigurationOptions,
  ParameterStore,
  PutConfigurationOptions,
} from '../parameter-store/parameter-store.js';
import { ParameterType } from '../parameter-store/types.js';
import { parameterNameIssues, resolveParameterConfig } from '../validation/parameter-rules.js';
import {
  ConfigurationDecodeProblem,
  type ConfigurationObject,
  decodeConfiguration,
  encodeConfiguration,
} from './encoding.js';
import {
  type ConfigurationWriteFailure,
  createConfigurationWriteError,
  isDeleteParametersError,
} from './write-report.js';

/** What the configuration functions need from a store. */
export interface ConfigurationBackend
  extends Pick<
    ParameterStore,
    'putParameter' | 'getParametersByPath' | 'deleteParameters' | 'parameterPrefix'
  > {
  /** Region, for the name-length bound. */
  readonly region: string | undefined;
  /** KMS key for SecureString values. */
  readonly kmsKeyId: string | undefined;
  /** Writes in flight at once. */
  readonly concurrency: number;
}

const CONFIG_NAME = /^[A-Za-z0-9_.-]+$/;

/** Checks a parameter prefix (`/eks-upgrade-agent/`): starts and ends with `/`. */
export function parameterPrefixIssues(prefix: string): ValidationIssue[] {
  if (!/^\/([A-Za-z0-9_.-]+\/)*$/.test(prefix)) {
    return [
      { path: 'parameterPrefix', message: `must be a path such as /eks-upgrade-agent/ (got "${prefix}")` },
    ];
  }
  return [];
}

/**
 * The path a configuration lives below: `<prefix><configName>`. A configuration name is one
 * level (`[A-Za-z0-9_.-]+`), so one configuration never contains another.
 *
 * @throws ValidationError when the name is not one such level.
 * @example
 * ```ts
 * configurationRoot('/eks-upgrade-agent/', 'prod'); // '/eks-upgrade-agent/prod'
 * ```
 */
export function configurationRoot(prefix: string, configName: string, region?: string): string {
  const issues: ValidationIssue[] = [];
  if (typeof configName !== 'string' || !CONFIG_NAME.test(configName)) {
    issues.push({
      path: 'configName',
      message: `must be one level of letters, digits, "_", "." or "-" (got "${String(configName)}")`,
    });
  } else {
    issues.push(...parameterNameIssues(`${prefix}${configName}`, region, 'configName'));
  }
  if (issues.length > 0) throw new ValidationError('Invalid configuration name', issues);
  return `${prefix}${configName}`;
}

/** Implements `putConfiguration` over any store. */
export async function putConfigurationTo(
  backend: ConfigurationBackend,
  config: Readonly<Record<string, unknown>>,
  configName: string,
  options: PutConfigurationOptions = {},
): Promise<Record<string, number>> {
  const root = configurationRoot(backend.parameterPrefix, configName, backend.region);
  const { parameters, issues } = encodeConfiguration(config, root);
  const writes = parameters.map((parameter) => {
    const { resolved, issues: parameterIssues } = resolveParameterConfig(
      {
        name: parameter.name,
        value: parameter.value,
        type: parameter.secure ? ParameterType.SECURE_STRING : ParameterType.STRING,
      },
      { region: backend.region, kmsKeyId: backend.kmsKeyId },
    );
    for (const issue of parameterIssues) {
      const what = issue.path === 'name' ? 'parameter name' : 'value';
      issues.push({ path: parameter.keyPath, message: `${what} ${issue.message}` });
    }
    return { parameter, resolved };
  });
  if (issues.length > 0) throw new ValidationError(`Invalid configuration "${configName}"`, issues);

  const removeStale = options.removeStale ?? true;
  const existing = removeStale
    ? (await backend.getParametersByPath(root, { recursive: true, withDecryption: false })).map((p) => p.name)
    : [];

  const outcomes = await mapSettledWithConcurrency(writes, backend.concurrency, ({ resolved }) =>
    backend.putParameter(
      {
        name: resolved.name,
        value: resolved.value,
        type: resolved.type,
        ...(resolved.tier ? { tier: resolved.tier } : {}),
        ...(resolved.kmsKeyId ? { kmsKeyId: resolved.kmsKeyId } : {}),
      },
      { overwrite: true },
    ),
  );

  const written: Record<string, number> = {};
  const failed: ConfigurationWriteFailure[] = [];
  outcomes.forEach((outcome, index) => {
    const { parameter } = writes[index] as (typeof writes)[number];
    if (outcome.ok) written[parameter.name] = outcome.value;
    else
      failed.push({
        name: parameter.name,
        keyPath: parameter.keyPath,
        code: errorCode(outcome.error),
        error: outcome.error,
      });
  });
  const newNames = new Set(parameters.map((parameter) => parameter.name));
  const stale = existing.filter((name) => !newNames.has(name));
  if (failed.length > 0) {
    throw createConfigurationWriteError(
      { configName, written, failed, staleRemaining: stale },
      failed[0]?.error,
    );
  }
  if (stale.length > 0) {
    try {
      await backend.deleteParameters(stale);
    } catch (error) {
      const deleted = new Set(isDeleteParametersError(error) ? error.report.deleted : []);
      const staleRemaining = stale.filter((name) => !deleted.has(name));
      throw createConfigurationWriteError({ configName, written, failed, staleRemaining }, error);
    }
  }
  return written;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  if (error instanceof Error) return error.name;
  return 'UnknownError';
}

/** Implements `getConfiguration` over any store. */
export async function getConfigurationFrom<Output = ConfigurationObject>(
  backend: ConfigurationBackend,
  configName: string,
  options: GetConfigurationOptions<Output> = {},
): Promise<Output> {
  const root = configurationRoot(backend.parameterPrefix, configName, backend.region);
  const parameters = await backend.getParametersByPath(root, { recursive: true, withDecryption: true });
  if (parameters.length === 0) {
    throw new ConfigurationError(`Configuration "${configName}" not found: no parameters below ${root}/`, {
      key: configName,
    });
  }
  let config: ConfigurationObject;
  try {
    config = decodeConfiguration(root, parameters);
  } catch (error) {
    if (error instanceof ConfigurationDecodeProblem) {
      throw new ConfigurationError(
        `Configuration "${configName}" cannot be read: parameter ${error.parameterName} ${error.reason}`,
        { key: error.parameterName },
      );
    }
    throw error;
  }
  if (options.schema) return parseOrThrow(options.schema, config, `configuration "${configName}"`) as Output;
  return config as Output;
}

/** Implements `deleteConfiguration` over any store. */
export async function deleteConfigurationFrom(
  backend: ConfigurationBackend,
  configName: string,
): Promise<{ deleted: string[]; invalid: string[] }> {
  const root = configurationRoot(backend.parameterPrefix, configName, backend.region);
  const names = (await backend.getParametersByPath(root, { recursive: true, withDecryption: false })).map(
    (p) => p.name,
  );
  if (names.length === 0) return { deleted: [], invalid: [] };
  return backend.deleteParameters(names);
}
