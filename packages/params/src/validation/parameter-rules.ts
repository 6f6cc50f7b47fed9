import { isSensitiveKey, type ValidationIssue } from '@eks-upgrade/core-models';
import {
  type ParameterConfig,
  ParameterDataType,
  ParameterTier,
  ParameterType,
} from '../parameter-store/types.js';
import { maxParameterNameLength, PARAMETER_LIMITS } from './limits.js';

const NAME_CHARACTERS = /^[a-zA-Z0-9_.\-/]+$/;
const RESERVED_PREFIX = /^\/?(aws|ssm)/i;

/**
 * The problems with a parameter name that Parameter Store would refuse for a write: characters
 * outside `[a-zA-Z0-9_.-/]`, an `aws`/`ssm` prefix (also after the leading slash), a path that
 * does not start with `/` or has empty levels, more than 15 levels, or more than the 1011
 * characters allowed with the ARN prefix. Empty when the name is fine.
 *
 * @param field - the field named in each issue (default `name`).
 * @example
 * ```ts
 * parameterNameIssues('/aws/x'); // [{ path: 'name', message: 'must not start with "aws" or "ssm" ...' }]
 * ```
 */
export function parameterNameIssues(name: string, region?: string, field = 'name'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (message: string) =>
    issues.push({ path: field, message: `${message} (got "${shorten(name)}")` });
  if (name.length === 0) {
    issue('must not be empty');
    return issues;
  }
  if (!NAME_CHARACTERS.test(name)) issue('may contain only letters, digits and the symbols _ . - /');
  if (RESERVED_PREFIX.test(name))
    issue('must not start with "aws" or "ssm" (case-insensitive), also after "/"');
  if (name.includes('/')) {
    if (!name.startsWith('/')) issue('a hierarchical name must start with "/"');
    const levels = name.slice(1).split('/');
    if (levels.some((level) => level.length === 0))
      issue('must not have empty levels ("//" or a trailing "/")');
    if (levels.length > PARAMETER_LIMITS.maxHierarchyLevels) {
      issue(`must have at most ${PARAMETER_LIMITS.maxHierarchyLevels} levels, has ${levels.length}`);
    }
  }
  // The ARN puts a "/" before a name that has none: one character less for such names.
  const maxLength = maxParameterNameLength(region) - (name.startsWith('/') ? 0 : 1);
  if (name.length > maxLength) {
    issue(`must be at most ${maxLength} characters (1011 including the ARN prefix), has ${name.length}`);
  }
  return issues;
}

/** Problems with a path (`/a/b`) used for reads by path or as a prefix. */
export function parameterPathIssues(path: string, field = 'path'): ValidationIssue[] {
  if (!path.startsWith('/'))
    return [{ path: field, message: `must start with "/" (got "${shorten(path)}")` }];
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(path)) {
    return [
      {
        path: field,
        message: `may contain only letters, digits and the symbols _ . - / (got "${shorten(path)}")`,
      },
    ];
  }
  return [];
}

/** UTF-8 size of a value. */
export function valueBytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/**
 * The tier a value needs: `Advanced` above 4 KB (up to 8 KB), otherwise `undefined` (the
 * account's default tier, Standard unless changed; an existing Advanced parameter stays Advanced).
 *
 * @example
 * ```ts
 * tierForValue('x'.repeat(5000)); // 'Advanced'
 * ```
 */
export function tierForValue(value: string): ParameterTier | undefined {
  return valueBytes(value) > PARAMETER_LIMITS.maxStandardValueBytes ? ParameterTier.ADVANCED : undefined;
}

/**
 * Problems with a value for the given tier (explicit, or chosen by size): empty, over 4 KB on
 * Standard, over 8 KB anywhere. The value itself never appears in a message.
 *
 * @example
 * ```ts
 * parameterValueIssues('x'.repeat(5000), 'Standard'); // [{ path: 'value', message: 'must be at most 4096 bytes on the Standard tier, has 5000' }]
 * ```
 */
export function parameterValueIssues(
  value: string,
  tier: ParameterTier | undefined,
  field = 'value',
): ValidationIssue[] {
  const bytes = valueBytes(value);
  if (bytes === 0)
    return [{ path: field, message: 'must not be empty (Parameter Store stores no empty values)' }];
  if (tier === ParameterTier.STANDARD && bytes > PARAMETER_LIMITS.maxStandardValueBytes) {
    return [{ path: field, message: `must be at most 4096 bytes on the Standard tier, has ${bytes}` }];
  }
  if (bytes > PARAMETER_LIMITS.maxAdvancedValueBytes) {
    return [{ path: field, message: `must be at most 8192 bytes (the Advanced tier's limit), has ${bytes}` }];
  }
  return [];
}

/**
 * True when a level of the name is a sensitive key (password, secret, token, API key, private
 * key, credential).
 *
 * @example
 * ```ts
 * isSensitiveParameterName('/app/db/password'); // true
 * ```
 */
export function isSensitiveParameterName(name: string): boolean {
  return name.split('/').some((segment) => segment.length > 0 && isSensitiveKey(segment));
}

/** A parameter write, normalised: type and tier decided, list values joined. */
export interface ResolvedParameter {
  name: string;
  value: string;
  type: ParameterType;
  tier: ParameterTier | undefined;
  kmsKeyId: string | undefined;
  description: string | undefined;
  tags: Record<string, string> | undefined;
  allowedPattern: string | undefined;
  dataType: ParameterDataType | undefined;
}

const TYPES = new Set<string>(Object.values(ParameterType));
const TIERS = new Set<string>(Object.values(ParameterTier));
const DATA_TYPES = new Set<string>(Object.values(ParameterDataType));

/**
 * Checks a `ParameterConfig` and decides what is left open (type, tier, KMS key). Returns the
 * resolved write and the issues found; nothing is written by this function.
 */
export function resolveParameterConfig(
  config: ParameterConfig,
  defaults: { region?: string; kmsKeyId?: string },
): { resolved: ResolvedParameter; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const name = typeof config?.name === 'string' ? config.name : '';
  if (typeof config?.name !== 'string') issues.push({ path: 'name', message: 'must be a string' });
  else issues.push(...parameterNameIssues(name, defaults.region));

  let value = '';
  const rawValue: unknown = config?.value;
  if (Array.isArray(rawValue)) {
    rawValue.forEach((item: unknown, index) => {
      if (typeof item !== 'string') issues.push({ path: `value[${index}]`, message: 'must be a string' });
      else if (item.includes(','))
        issues.push({ path: `value[${index}]`, message: 'a StringList item must not contain ","' });
    });
    value = rawValue.join(',');
  } else if (typeof rawValue === 'string') {
    value = rawValue;
  } else {
    issues.push({ path: 'value', message: 'must be a string or an array of strings' });
  }

  if (config.type !== undefined && !TYPES.has(config.type)) {
    issues.push({ path: 'type', message: 'must be String, StringList or SecureString' });
  }
  const type: ParameterType =
    config.type ??
    (Array.isArray(rawValue)
      ? ParameterType.STRING_LIST
      : isSensitiveParameterName(name)
        ? ParameterType.SECURE_STRING
        : ParameterType.STRING);
  if (Array.isArray(rawValue) && type !== ParameterType.STRING_LIST) {
    issues.push({ path: 'type', message: 'an array value needs the StringList type' });
  }

  if (config.tier !== undefined && !TIERS.has(config.tier)) {
    issues.push({ path: 'tier', message: 'must be Standard, Advanced or Intelligent-Tiering' });
  }
  const tier = config.tier ?? tierForValue(value);
  if (typeof rawValue === 'string' || Array.isArray(rawValue))
    issues.push(...parameterValueIssues(value, tier));

  if (config.kmsKeyId !== undefined && type !== ParameterType.SECURE_STRING) {
    issues.push({ path: 'kmsKeyId', message: 'applies only to SecureString parameters' });
  }
  if (config.dataType !== undefined && !DATA_TYPES.has(config.dataType)) {
    issues.push({ path: 'dataType', message: 'must be text, aws:ec2:image or aws:ssm:integration' });
  }
  if (config.description !== undefined && config.description.length > 1024) {
    issues.push({ path: 'description', message: 'must be at most 1024 characters' });
  }
  if (config.allowedPattern !== undefined && config.allowedPattern.length > 1024) {
    issues.push({ path: 'allowedPattern', message: 'must be at most 1024 characters' });
  }
  const tags = config.tags === undefined ? undefined : { ...config.tags };
  if (tags !== undefined) issues.push(...tagIssues(tags));

  return {
    resolved: {
      name,
      value,
      type,
      tier,
      kmsKeyId: type === ParameterType.SECURE_STRING ? (config.kmsKeyId ?? defaults.kmsKeyId) : undefined,
      description: config.description,
      tags,
      allowedPattern: config.allowedPattern,
      dataType: config.dataType,
    },
    issues,
  };
}

/** Problems with a tag set (AWS: ≤50 tags, keys 1–128 and values ≤256 characters, no `aws:` keys). */
export function tagIssues(tags: Readonly<Record<string, string>>, field = 'tags'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const entries = Object.entries(tags);
  if (entries.length > PARAMETER_LIMITS.maxTags) {
    issues.push({
      path: field,
      message: `must have at most ${PARAMETER_LIMITS.maxTags} tags, has ${entries.length}`,
    });
  }
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128)
      issues.push({ path: `${field}.${key}`, message: 'key must be 1-128 characters' });
    if (/^aws:/i.test(key))
      issues.push({ path: `${field}.${key}`, message: 'key must not start with "aws:"' });
    if (typeof value !== 'string' || value.length > 256) {
      issues.push({ path: `${field}.${key}`, message: 'value must be a string of at most 256 characters' });
    }
  }
  return issues;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
