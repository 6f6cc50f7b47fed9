import {
  type AgentConfig,
  AgentConfigSchema,
  createDefaultAgentConfig,
  isSensitiveKey,
  parseOrThrow,
  ValidationError,
} from '@eks-upgrade/core-models';
import { flattenObject } from '../cli/output.js';
import { closestMatch } from '../cli/suggest.js';

/** What a masked secret looks like. */
export const MASK = '********';

/** Optional keys that have no default, so they are absent from `createDefaultAgentConfig()`. */
const OPTIONAL_KEYS = [
  'parameterStore.kmsKeyId',
  'upgrade.nodegroupUpdateStrategy',
  'bedrock.temperature',
  'bedrock.destinationRegions',
];

function knownKeys(): string[] {
  const leaves = Object.keys(flattenObject(createDefaultAgentConfig() as unknown as Record<string, unknown>));
  const sections = Object.keys(createDefaultAgentConfig());
  return [...sections, ...leaves, ...OPTIONAL_KEYS];
}

/**
 * Checks a dotted configuration key (`upgrade.bakeTimeSeconds`) against the schema's keys, with
 * a "did you mean" for typos.
 */
export function checkConfigKey(key: string): string[] {
  const keys = knownKeys();
  if (!keys.includes(key)) {
    const guess = closestMatch(key, keys) ?? keys.find((candidate) => candidate.startsWith(key));
    throw new ValidationError('Invalid configuration key', [
      {
        path: 'KEY',
        message: `${JSON.stringify(key)} is not a configuration key${guess ? ` (did you mean ${guess}?)` : ''}`,
      },
    ]);
  }
  return key.split('.');
}

/** The value at a dotted path. */
export function getConfigValue(config: AgentConfig, path: readonly string[]): unknown {
  let value: unknown = config;
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

function withValue(config: AgentConfig, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  let node = copy;
  path.slice(0, -1).forEach((part) => {
    node[part] = { ...((node[part] as Record<string, unknown> | undefined) ?? {}) };
    node = node[part] as Record<string, unknown>;
  });
  node[path[path.length - 1]!] = value;
  return copy;
}

/** Reads VALUE as JSON (numbers, booleans, lists), or as text when it is not JSON. */
function readValue(text: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'string' ? [parsed] : [parsed, text];
  } catch {
    return [text];
  }
}

/**
 * The configuration with `key` set to `text`, validated as a whole (so nothing invalid is ever
 * written). VALUE is read as JSON first and as text when the schema wants text.
 *
 * @example
 * ```ts
 * setConfigValue(config, 'upgrade.bakeTimeSeconds', '600').upgrade.bakeTimeSeconds; // 600
 * ```
 */
export function setConfigValue(config: AgentConfig, key: string, text: string): AgentConfig {
  const path = checkConfigKey(key);
  let firstError: unknown;
  for (const candidate of readValue(text)) {
    try {
      return parseOrThrow(AgentConfigSchema, withValue(config, path, candidate), 'agent configuration');
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

/**
 * A copy with secret values (string values under keys `isSensitiveKey()` flags) masked.
 * Numbers and booleans are never secrets, so a key such as `maxTokens` stays readable.
 */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, maskSecrets(item, name)]));
  }
  return typeof value === 'string' && key !== '' && isSensitiveKey(key) ? MASK : value;
}
