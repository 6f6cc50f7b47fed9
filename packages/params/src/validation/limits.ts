/**
 * Limits AWS Systems Manager Parameter Store enforces: AWS General Reference, "AWS Systems
 * Manager endpoints and quotas"; Systems Manager User Guide, "Managing parameter tiers" (4 KB and
 * 8 KB values) and "Working with parameter hierarchies" (15 levels, name length); the page sizes
 * and names per call from the API Reference pages of GetParameters, DeleteParameters,
 * GetParametersByPath, DescribeParameters, GetParameterHistory and LabelParameterVersion.
 *
 * @example
 * ```ts
 * if (bytes > PARAMETER_LIMITS.maxStandardValueBytes) tier = 'Advanced';
 * ```
 */
export const PARAMETER_LIMITS = {
  /** A fully qualified name, ARN prefix included, is at most this long. */
  maxNameLengthWithArn: 1011,
  /** A name has at most this many levels (`/a/b/c` has 3). */
  maxHierarchyLevels: 15,
  /** Standard tier value limit, in UTF-8 bytes. */
  maxStandardValueBytes: 4096,
  /** Advanced tier value limit, in UTF-8 bytes. */
  maxAdvancedValueBytes: 8192,
  /** Names per GetParameters or DeleteParameters call. */
  maxNamesPerCall: 10,
  /** Results per GetParametersByPath page. */
  maxResultsPerPathPage: 10,
  /** Results per DescribeParameters page. */
  maxResultsPerDescribePage: 50,
  /** Results per GetParameterHistory page. */
  maxResultsPerHistoryPage: 50,
  /** Labels per LabelParameterVersion call. */
  maxLabelsPerCall: 10,
  /** Tags on one parameter. */
  maxTags: 50,
} as const;

/** Longest partition name in use (`aws-iso-b`, `aws-iso-e`, `aws-iso-f`), for the ARN bound. */
const LONGEST_PARTITION = 'aws-iso-b';
/** Assumed region length when the region is unknown (longest in use is 14, `ap-southeast-5`). */
const UNKNOWN_REGION_LENGTH = 20;

/**
 * The longest parameter name starting with `/` (one less without it) that fits the 1011-character limit, which
 * counts the ARN prefix `arn:<partition>:ssm:<region>:<account>:parameter`. The bound is
 * conservative: the longest partition name and a 12-digit account are assumed, and a region of
 * 20 characters when the region is not known.
 *
 * @example
 * ```ts
 * maxParameterNameLength('us-east-1'); // 961
 * ```
 */
export function maxParameterNameLength(region?: string): number {
  const regionLength = region && region.length > 0 ? region.length : UNKNOWN_REGION_LENGTH;
  const arnPrefixLength =
    `arn:${LONGEST_PARTITION}:ssm:`.length + regionLength + ':'.length + 12 + ':parameter'.length;
  return PARAMETER_LIMITS.maxNameLengthWithArn - arnPrefixLength;
}
