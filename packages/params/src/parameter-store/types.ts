/**
 * The shapes shared by every parameter store: `SSMClient` (AWS Systems Manager Parameter Store)
 * and `LocalParameterStore` (in memory, for local runs and tests).
 */

/**
 * Parameter types Parameter Store knows.
 *
 * @example
 * ```ts
 * await ssm.putParameter({ name: '/app/zones', value: 'a,b', type: ParameterType.STRING_LIST });
 * ```
 */
export const ParameterType = {
  STRING: 'String',
  STRING_LIST: 'StringList',
  SECURE_STRING: 'SecureString',
} as const;
export type ParameterType = (typeof ParameterType)[keyof typeof ParameterType];

/**
 * Parameter tiers: Standard holds values up to 4 KB, Advanced up to 8 KB.
 *
 * @example
 * ```ts
 * await ssm.putParameter({ name: '/app/policy', value: policy, tier: ParameterTier.ADVANCED });
 * ```
 */
export const ParameterTier = {
  STANDARD: 'Standard',
  ADVANCED: 'Advanced',
  INTELLIGENT_TIERING: 'Intelligent-Tiering',
} as const;
export type ParameterTier = (typeof ParameterTier)[keyof typeof ParameterTier];

/**
 * Data types Parameter Store validates values against.
 *
 * @example
 * ```ts
 * await ssm.putParameter({ name: '/app/ami', value: 'ami-0123456789abcdef0', dataType: ParameterDataType.EC2_IMAGE });
 * ```
 */
export const ParameterDataType = {
  TEXT: 'text',
  EC2_IMAGE: 'aws:ec2:image',
  SSM_INTEGRATION: 'aws:ssm:integration',
} as const;
export type ParameterDataType = (typeof ParameterDataType)[keyof typeof ParameterDataType];

/**
 * A parameter to write.
 *
 * @example
 * ```ts
 * const config: ParameterConfig = {
 *   name: '/eks-upgrade-agent/prod/database/password',
 *   value: 's3cr3t',
 *   // type omitted: SecureString, because the name says "password"
 *   tags: { team: 'platform' },
 * };
 * ```
 */
export interface ParameterConfig {
  /** Fully qualified name, e.g. `/eks-upgrade-agent/prod/region`. */
  name: string;
  /** The value; an array of strings is stored as a `StringList` (items must not contain commas). */
  value: string | readonly string[];
  /**
   * Detected when absent: `StringList` for an array value, `SecureString` when a segment of the
   * name is a sensitive key (password, secret, token, API key, private key, credential),
   * otherwise `String`.
   */
  type?: ParameterType;
  description?: string;
  /** KMS key for a `SecureString`; defaults to the store's `kmsKeyId`, then to `alias/aws/ssm`. */
  kmsKeyId?: string;
  /** Chosen by size when absent: Advanced above 4 KB, otherwise the account default (Standard). */
  tier?: ParameterTier;
  /** Applied with AddTagsToResource when overwriting (PutParameter cannot carry both). */
  tags?: Readonly<Record<string, string>>;
  /** A regular expression the value must match. */
  allowedPattern?: string;
  dataType?: ParameterDataType;
}

/** Options of `putParameter`. */
export interface PutParameterOptions {
  /** Replace an existing parameter (a new version); without it, an existing name is an error. */
  overwrite?: boolean;
}

/** Options of reads that may return SecureString values. */
export interface ReadOptions {
  /** Decrypt SecureString values (default `true`). */
  withDecryption?: boolean;
}

/** Options of `getParametersByPath`. */
export interface GetByPathOptions extends ReadOptions {
  /** Include every level below the path, not only the direct children (default `true`). */
  recursive?: boolean;
}

/**
 * A parameter as read back.
 *
 * @example
 * ```ts
 * const { value, version, type } = await ssm.getParameter('/app/region');
 * ```
 */
export interface ParameterResult {
  name: string;
  /** The value (the ciphertext, or a placeholder locally, for an undecrypted SecureString). */
  value: string;
  type: ParameterType;
  version: number;
  lastModified: Date | undefined;
  arn: string | undefined;
  dataType: string | undefined;
  /** The `:version` or `:label` selector the parameter was read with, if any. */
  selector?: string;
}

/** What `getParameters` found. */
export interface GetParametersResult {
  /** Found parameters, in the order their names were asked for. */
  parameters: ParameterResult[];
  /** Names that do not exist. */
  invalid: string[];
}

/** What `deleteParameters` did. */
export interface DeleteParametersResult {
  /**
   * Names that no longer exist because of this call. After an attempt whose response was lost,
   * this includes the names AWS then reported missing: the lost attempt may have deleted them.
   */
  deleted: string[];
  /** Names that did not exist. */
  invalid: string[];
}

/** A parameter's metadata, as `listParameters` (DescribeParameters) reports it. */
export interface ParameterMetadata {
  name: string;
  type: ParameterType;
  version: number;
  tier: ParameterTier | undefined;
  lastModified: Date | undefined;
  description: string | undefined;
  kmsKeyId: string | undefined;
  dataType: string | undefined;
  allowedPattern: string | undefined;
}

/** One version of a parameter. */
export interface ParameterHistoryEntry {
  name: string;
  value: string;
  type: ParameterType;
  version: number;
  labels: string[];
  lastModified: Date | undefined;
  description: string | undefined;
  tier: ParameterTier | undefined;
  kmsKeyId: string | undefined;
}

/** What `labelParameterVersion` did. */
export interface LabelResult {
  /** The version the labels were attached to. */
  version: number;
  /** Labels the store refused (invalid, or already on 10 versions...). */
  invalidLabels: string[];
}
