/**
 * How a configuration object is stored as a hierarchy of parameters — readable in the AWS
 * console, and read back exactly.
 *
 * A configuration named `prod` under the prefix `/eks-upgrade-agent/` lives below
 * `/eks-upgrade-agent/prod/`. Each object key becomes one level; each leaf value one parameter:
 *
 * | value                              | parameter name (last level)  | parameter value      |
 * | ---------------------------------- | ---------------------------- | -------------------- |
 * | non-empty string                   | `key`                        | the string, as-is    |
 * | number, boolean, null              | `key.json`                   | `4000`, `true`, `null` |
 * | empty string, `[]`, `{}`           | `key.json`                   | `""`, `[]`, `{}`     |
 * | non-empty object                   | `key/…` (one level per key)  | —                    |
 * | non-empty array                    | `key.array/0`, `key.array/1`… | —                   |
 *
 * A level is `<body>` or `<body>.<tag>`; the tags are `json` and `array`. In a body, letters,
 * digits, `_` and `-` stand for themselves; every other character of a key (`.`, `/`, space,
 * unicode...) is written as `.` plus two upper-case hex digits per UTF-8 byte (`v1.31` →
 * `v1.2E31`, `a b` → `a.20b`), and the empty key is `._`. Inside an array the bodies are the
 * item indexes. So strings that look like numbers, booleans or JSON stay strings (they carry no
 * tag), and a key can never be mistaken for a tag. Object key order is not kept (keys come back
 * in the order Parameter Store lists them).
 *
 * Parameters under a key that is sensitive (`isSensitiveKey`: password, secret, token, API key,
 * private key, credential), at any depth, are written as SecureString.
 */
import { isSensitiveKey, type ValidationIssue } from '@eks-upgrade/core-models';

/**
 * A value a configuration may hold: anything JSON can represent.
 *
 * @example
 * ```ts
 * const value: ConfigurationValue = { intervals: [10, 25], note: '', enabled: true, parent: null };
 * ```
 */
export type ConfigurationValue =
  | string
  | number
  | boolean
  | null
  | ConfigurationValue[]
  | { [key: string]: ConfigurationValue };

/** A configuration: a JSON object. */
export type ConfigurationObject = { [key: string]: ConfigurationValue };

/**
 * The tags a level of a configuration parameter name may carry: `json` (the value is JSON:
 * number, boolean, null, `""`, `[]`, `{}`) and `array` (items below, by index).
 *
 * @example
 * ```ts
 * name.endsWith(`.${ConfigurationTag.JSON}`); // a typed leaf such as maxTokens.json
 * ```
 */
export const ConfigurationTag = { JSON: 'json', ARRAY: 'array' } as const;
export type ConfigurationTag = (typeof ConfigurationTag)[keyof typeof ConfigurationTag];

/** One parameter of an encoded configuration. */
export interface EncodedParameter {
  /** Fully qualified parameter name. */
  name: string;
  value: string;
  /** True when a key on the way to the value is sensitive: write it as SecureString. */
  secure: boolean;
  /** Where the value sits in the configuration, e.g. `upgrade.trafficShiftIntervals[2]`. */
  keyPath: string;
}

const SAFE_KEY_CHARACTER = /^[A-Za-z0-9_-]$/;
const EMPTY_KEY_BODY = '._';

/** Encodes an object key as a parameter name level body. */
export function encodeKey(key: string): string {
  if (key.length === 0) return EMPTY_KEY_BODY;
  let body = '';
  for (const character of key) {
    if (SAFE_KEY_CHARACTER.test(character)) body += character;
    else
      for (const byte of Buffer.from(character, 'utf8'))
        body += `.${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return body;
}

/** Decodes a level body back to the object key; `undefined` when the body is malformed. */
export function decodeKey(body: string): string | undefined {
  if (body === EMPTY_KEY_BODY) return '';
  if (body.length === 0) return undefined;
  const bytes: number[] = [];
  for (let index = 0; index < body.length; ) {
    const character = body[index] as string;
    if (character === '.') {
      const hex = body.slice(index + 1, index + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      index += 3;
    } else if (SAFE_KEY_CHARACTER.test(character)) {
      bytes.push(character.charCodeAt(0));
      index += 1;
    } else {
      return undefined;
    }
  }
  const decoded = Buffer.from(bytes).toString('utf8');
  // Only the canonical encoding is accepted, so every key has exactly one name.
  return encodeKey(decoded) === body ? decoded : undefined;
}

/** Splits a level into body and tag: `maxTokens.json` → `{ body: 'maxTokens', tag: 'json' }`. */
export function parseLevel(level: string): { body: string; tag: ConfigurationTag | undefined } | undefined {
  const match = /^(.*?)(?:\.(json|array))?$/.exec(level);
  if (!match) return undefined;
  return { body: match[1] as string, tag: match[2] as ConfigurationTag | undefined };
}

function renderKeyPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  if (!parent) return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function encodeJsonLeaf(value: number | boolean | null | string | [] | Record<string, never>): string {
  return typeof value === 'number' && Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

/**
 * Turns a configuration object into the parameters that store it below `root` (a path without
 * a trailing slash). Values JSON cannot hold (functions, `undefined` in arrays, `NaN`, dates,
 * class instances...) are reported as issues; `undefined` object properties are left out, as
 * `JSON.stringify` does.
 *
 * @example
 * ```ts
 * encodeConfiguration({ bedrock: { maxTokens: 4000 } }, '/eks-upgrade-agent/prod').parameters;
 * // [{ name: '/eks-upgrade-agent/prod/bedrock/maxTokens.json', value: '4000', secure: false, keyPath: 'bedrock.maxTokens' }]
 * ```
 */
export function encodeConfiguration(
  config: unknown,
  root: string,
): { parameters: EncodedParameter[]; issues: ValidationIssue[] } {
  const parameters: EncodedParameter[] = [];
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(config)) {
    return { parameters, issues: [{ path: '', message: 'a configuration must be a plain object' }] };
  }
  if (Object.values(config).every((value) => value === undefined)) {
    return {
      parameters,
      issues: [
        {
          path: '',
          message: 'a configuration must have at least one key (use deleteConfiguration to remove one)',
        },
      ],
    };
  }
  const seen = new Set<unknown>();

  const visit = (value: unknown, name: string, keyPath: string, secure: boolean): void => {
    const leaf = (text: string) => parameters.push({ name, value: text, secure, keyPath });
    if (typeof value === 'string') {
      if (value.length === 0) parameters.push({ name: `${name}.json`, value: '""', secure, keyPath });
      else leaf(value);
      return;
    }
    if (typeof value === 'boolean' || value === null) {
      parameters.push({ name: `${name}.json`, value: encodeJsonLeaf(value), secure, keyPath });
      return;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        issues.push({ path: keyPath, message: 'must be a finite number (JSON has no NaN or Infinity)' });
        return;
      }
      parameters.push({ name: `${name}.json`, value: encodeJsonLeaf(value), secure, keyPath });
      return;
    }
    if (Array.isArray(value)) {
      if (seen.has(value)) {
        issues.push({ path: keyPath, message: 'must not refer to itself (circular reference)' });
        return;
      }
      if (value.length === 0) {
        parameters.push({ name: `${name}.json`, value: '[]', secure, keyPath });
        return;
      }
      seen.add(value);
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (item === undefined) {
          issues.push({
            path: renderKeyPath(keyPath, index),
            message: 'must not be undefined (JSON has no undefined)',
          });
          continue;
        }
        visit(item, `${name}.array/${index}`, renderKeyPath(keyPath, index), secure);
      }
      seen.delete(value);
      return;
    }
    if (isPlainObject(value)) {
      if (seen.has(value)) {
        issues.push({ path: keyPath, message: 'must not refer to itself (circular reference)' });
        return;
      }
      const entries = Object.entries(value).filter(([, child]) => child !== undefined);
      if (entries.length === 0) {
        parameters.push({ name: `${name}.json`, value: '{}', secure, keyPath });
        return;
      }
      seen.add(value);
      for (const [key, child] of entries) {
        visit(child, `${name}/${encodeKey(key)}`, renderKeyPath(keyPath, key), secure || isSensitiveKey(key));
      }
      seen.delete(value);
      return;
    }
    issues.push({
      path: keyPath,
      message: `must be a JSON value (string, number, boolean, null, array or plain object), got ${describe(value)}`,
    });
  };

  seen.add(config);
  for (const [key, child] of Object.entries(config)) {
    if (child === undefined) continue;
    visit(child, `${root}/${encodeKey(key)}`, renderKeyPath('', key), isSensitiveKey(key));
  }
  return { parameters, issues };
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'a Date (store date.toISOString())';
  if (typeof value === 'object' && value !== null)
    return `an instance of ${value.constructor?.name ?? 'a class'}`;
  return typeof value;
}

/** A trie node of parameter name levels. */
interface LevelNode {
  /** The parameter ending at this level, if any. */
  parameter?: { name: string; value: string };
  children: Map<string, LevelNode>;
}

/** Thrown by `decodeConfiguration` with the offending parameter name. */
export class ConfigurationDecodeProblem {
  readonly parameterName: string;
  readonly reason: string;

  constructor(parameterName: string, reason: string) {
    this.parameterName = parameterName;
    this.reason = reason;
  }
}

function decodeJsonLeaf(name: string, text: string): ConfigurationValue {
  if (text === '-0') return -0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationDecodeProblem(name, 'a ".json" parameter must hold JSON');
  }
  const valid =
    typeof parsed === 'number' ||
    typeof parsed === 'boolean' ||
    parsed === null ||
    parsed === '' ||
    (Array.isArray(parsed) && parsed.length === 0) ||
    (isPlainObject(parsed) && Object.keys(parsed).length === 0);
  if (!valid) {
    throw new ConfigurationDecodeProblem(
      name,
      'a ".json" parameter must hold a number, boolean, null, "", [] or {}',
    );
  }
  return parsed as ConfigurationValue;
}

function setKey(target: ConfigurationObject, key: string, value: ConfigurationValue): void {
  // defineProperty, so a key such as "__proto__" is data, not the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function decodeNode(
  node: LevelNode,
  kind: 'object' | 'array',
  path: string,
): ConfigurationObject | ConfigurationValue[] {
  const entries: Array<[string | number, ConfigurationValue]> = [];
  const seenKeys = new Map<string | number, string>();
  for (const [level, child] of node.children) {
    const levelName = `${path}/${level}`;
    const parsed = parseLevel(level);
    const key =
      parsed === undefined
        ? undefined
        : kind === 'array'
          ? /^(0|[1-9]\d{0,8})$/.test(parsed.body)
            ? Number(parsed.body)
            : undefined
          : decodeKey(parsed.body);
    if (parsed === undefined || key === undefined) {
      throw new ConfigurationDecodeProblem(
        child.parameter?.name ?? levelName,
        kind === 'array'
          ? 'a level inside an array must be an item index'
          : `"${level}" is not an encoded key`,
      );
    }
    const previous = seenKeys.get(key);
    if (previous !== undefined) {
      throw new ConfigurationDecodeProblem(levelName, `stores the same key as ${previous}`);
    }
    seenKeys.set(key, levelName);
    let value: ConfigurationValue;
    if (child.parameter && child.children.size > 0) {
      throw new ConfigurationDecodeProblem(
        child.parameter.name,
        'is both a value and a parent of other parameters',
      );
    }
    if (child.parameter) {
      if (parsed.tag === ConfigurationTag.ARRAY) {
        throw new ConfigurationDecodeProblem(
          child.parameter.name,
          'an ".array" level must have items below it',
        );
      }
      value =
        parsed.tag === ConfigurationTag.JSON
          ? decodeJsonLeaf(child.parameter.name, child.parameter.value)
          : child.parameter.value;
    } else {
      if (parsed.tag === ConfigurationTag.JSON) {
        throw new ConfigurationDecodeProblem(levelName, 'a ".json" level must be a parameter, not a path');
      }
      value = decodeNode(child, parsed.tag === ConfigurationTag.ARRAY ? 'array' : 'object', levelName);
    }
    entries.push([key, value]);
  }
  if (kind === 'array') {
    const items: ConfigurationValue[] = new Array(entries.length);
    for (const [index, value] of entries) {
      if (typeof index !== 'number' || index >= entries.length) {
        throw new ConfigurationDecodeProblem(
          `${path}/${index}`,
          `item indexes must run from 0 to ${entries.length - 1}`,
        );
      }
      items[index] = value;
    }
    return items;
  }
  const object: ConfigurationObject = {};
  for (const [key, value] of entries) setKey(object, String(key), value);
  return object;
}

/**
 * Rebuilds the configuration stored below `root` from its parameters (as returned by
 * `getParametersByPath(root, { recursive: true, withDecryption: true })`). Throws a
 * `ConfigurationDecodeProblem` naming the first parameter that does not follow the encoding.
 *
 * @example
 * ```ts
 * decodeConfiguration('/eks-upgrade-agent/prod', [{ name: '/eks-upgrade-agent/prod/bedrock/maxTokens.json', value: '4000' }]);
 * // { bedrock: { maxTokens: 4000 } }
 * ```
 */
export function decodeConfiguration(
  root: string,
  parameters: ReadonlyArray<{ name: string; value: string }>,
): ConfigurationObject {
  const top: LevelNode = { children: new Map() };
  for (const parameter of parameters) {
    if (!parameter.name.startsWith(`${root}/`)) {
      throw new ConfigurationDecodeProblem(parameter.name, `is not below ${root}/`);
    }
    let node = top;
    for (const level of parameter.name.slice(root.length + 1).split('/')) {
      let child = node.children.get(level);
      if (!child) {
        child = { children: new Map() };
        node.children.set(level, child);
      }
      node = child;
    }
    node.parameter = { name: parameter.name, value: parameter.value };
  }
  return decodeNode(top, 'object', root) as ConfigurationObject;
}
