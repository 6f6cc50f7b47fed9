import { readFile } from 'node:fs/promises';
import {
  DEFAULT_LAMBDA_RUNTIME,
  LambdaFunctionNameSchema,
  parseOrThrow,
  ValidationError,
} from '@eks-upgrade/core-models';
import { z } from 'zod';
import { LAMBDA_LIMITS, RESERVED_ENVIRONMENT_KEYS } from '../constants.js';

/** CPU architectures Lambda offers. */
export const LambdaArchitecture = {
  ARM64: 'arm64',
  X86_64: 'x86_64',
} as const;
export type LambdaArchitecture = (typeof LambdaArchitecture)[keyof typeof LambdaArchitecture];

const ZIP_MAGIC_FILE = [0x50, 0x4b, 0x03, 0x04];
const ZIP_MAGIC_EMPTY = [0x50, 0x4b, 0x05, 0x06];

function looksLikeZip(bytes: Uint8Array): boolean {
  const starts = (magic: number[]) => magic.every((byte, index) => bytes[index] === byte);
  return bytes.byteLength >= 4 && (starts(ZIP_MAGIC_FILE) || starts(ZIP_MAGIC_EMPTY));
}

const ZIP_SIZE_RULE = `must be at most ${LAMBDA_LIMITS.maxZipBytes} bytes (50 MB) for a direct upload; upload larger packages to S3`;

/** Zip bytes held in memory. */
export const LambdaZipFileCodeSchema = z
  .object({
    zipFile: z
      .custom<Uint8Array>((value) => value instanceof Uint8Array, {
        error: 'must be the zip archive bytes (a Uint8Array)',
      })
      .refine((bytes) => bytes.byteLength <= LAMBDA_LIMITS.maxZipBytes, { error: ZIP_SIZE_RULE })
      .refine(looksLikeZip, { error: 'must be a zip archive (starts with PK\\x03\\x04)' }),
  })
  .strict();

/** A zip archive on disk, read when the function is deployed. */
export const LambdaZipPathCodeSchema = z
  .object({ zipPath: z.string().min(1, { error: 'must be the path of a zip file' }) })
  .strict();

/** The function's code: `{ zipFile: bytes }` or `{ zipPath: 'dist/zips/perception.zip' }`. */
export const LambdaCodeSchema = z.union([LambdaZipFileCodeSchema, LambdaZipPathCodeSchema], {
  error: 'must be { zipFile: Uint8Array } or { zipPath: string }',
});
export type LambdaCode = z.infer<typeof LambdaCodeSchema>;

const ENV_KEY_RULE =
  'must start with a letter and contain only letters, digits and underscores (2+ characters)';

/**
 * Environment variables. Lambda caps their total size at 4 KB; it counts the variables map as
 * JSON (`{"KEY":"value",...}`), so that is what is measured here, in UTF-8 bytes. Values are
 * never echoed in error messages.
 */
export const LambdaEnvironmentSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]+$/, { error: ENV_KEY_RULE }), z.string())
  .superRefine((variables, context) => {
    for (const key of Object.keys(variables)) {
      if (RESERVED_ENVIRONMENT_KEYS.has(key))
        context.addIssue({ code: 'custom', path: [key], message: 'is reserved by the Lambda runtime' });
    }
    const size = environmentSize(variables);
    if (size > LAMBDA_LIMITS.maxEnvironmentBytes)
      context.addIssue({
        code: 'custom',
        message: `total size ${size} bytes exceeds Lambda's 4 KB (${LAMBDA_LIMITS.maxEnvironmentBytes} bytes) limit`,
      });
  });

/** Size of an environment as Lambda counts it: the UTF-8 bytes of the variables map's JSON. */
export function environmentSize(variables: Readonly<Record<string, string>>): number {
  return Buffer.byteLength(JSON.stringify(variables), 'utf8');
}

export const LambdaVpcConfigSchema = z
  .object({
    subnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]+$/, { error: 'must be a subnet id such as subnet-0abc' }))
      .min(1, { error: 'must list at least one subnet' })
      .max(LAMBDA_LIMITS.maxSubnets, { error: `must list at most ${LAMBDA_LIMITS.maxSubnets} subnets` }),
    securityGroupIds: z
      .array(z.string().regex(/^sg-[0-9a-f]+$/, { error: 'must be a security group id such as sg-0abc' }))
      .min(1, { error: 'must list at least one security group' })
      .max(LAMBDA_LIMITS.maxSecurityGroups, {
        error: `must list at most ${LAMBDA_LIMITS.maxSecurityGroups} security groups`,
      }),
    ipv6AllowedForDualStack: z.boolean().optional(),
  })
  .strict();
export type LambdaVpcConfig = z.infer<typeof LambdaVpcConfigSchema>;

const ROLE_ARN_RULE = 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/name';
const LAYER_ARN_RULE =
  'must be a layer version ARN such as arn:aws:lambda:us-east-1:123456789012:layer:name:3';
const DLQ_ARN_RULE = 'must be an SQS queue or SNS topic ARN';
const KMS_ARN_RULE = 'must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/...';

/**
 * A Lambda function as eks-upgrade deploys it. Validated in full before any AWS call.
 *
 * - `runtime` defaults to `nodejs24.x`; `memorySize` (MB, 128–10240) to 128 and `timeout`
 *   (seconds, 1–900) to 3, as Lambda does; `architecture` defaults to `x86_64`, Lambda's own
 *   default, so an omitted field never changes an existing function.
 * - `code` is `{ zipFile }` (≤50 MB, a zip) or `{ zipPath }` (read and checked at deploy time).
 * - `environment` ≤4 KB as Lambda counts it, no reserved keys; `layers` ≤5 layer version ARNs.
 * - `publish: true` publishes a version after the deployment settles.
 */
export const LambdaFunctionSchema = z
  .object({
    name: LambdaFunctionNameSchema,
    runtime: z
      .string()
      .regex(/^[a-z][a-z0-9.]*$/, { error: 'must be a Lambda runtime such as nodejs24.x' })
      .default(DEFAULT_LAMBDA_RUNTIME),
    handler: z
      .string()
      .regex(/^[^\s]{1,128}$/, { error: 'must be 1-128 characters without whitespace, e.g. index.handler' }),
    role: z.string().regex(/^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: ROLE_ARN_RULE }),
    code: LambdaCodeSchema,
    memorySize: z
      .number()
      .int({ error: 'must be a whole number of MB' })
      .min(LAMBDA_LIMITS.minMemoryMb, { error: 'must be at least 128 MB' })
      .max(LAMBDA_LIMITS.maxMemoryMb, { error: 'must be at most 10240 MB' })
      .default(128),
    timeout: z
      .number()
      .int({ error: 'must be a whole number of seconds' })
      .min(LAMBDA_LIMITS.minTimeoutSeconds, { error: 'must be at least 1 second' })
      .max(LAMBDA_LIMITS.maxTimeoutSeconds, { error: 'must be at most 900 seconds' })
      .default(3),
    environment: LambdaEnvironmentSchema.default({}),
    vpcConfig: LambdaVpcConfigSchema.optional(),
    layers: z
      .array(
        z.string().regex(/^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/, {
          error: LAYER_ARN_RULE,
        }),
      )
      .max(LAMBDA_LIMITS.maxLayers, { error: `must list at most ${LAMBDA_LIMITS.maxLayers} layers` })
      .default([]),
    deadLetterTargetArn: z
      .string()
      .regex(/^arn:aws[a-zA-Z-]*:(sqs|sns):[a-z0-9-]+:\d{12}:.+$/, { error: DLQ_ARN_RULE })
      .optional(),
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, { error: KMS_ARN_RULE })
      .optional(),
    architecture: z
      .enum([LambdaArchitecture.ARM64, LambdaArchitecture.X86_64], { error: 'must be arm64 or x86_64' })
      .default(LambdaArchitecture.X86_64),
    tags: z
      .record(
        z
          .string()
          .min(1, { error: 'tag keys must be 1-128 characters' })
          .max(128, { error: 'tag keys must be 1-128 characters' })
          .refine((key) => !key.toLowerCase().startsWith('aws:'), {
            error: 'tag keys must not start with aws:',
          }),
        z.string().max(256, { error: 'tag values must be at most 256 characters' }),
      )
      .refine((tags) => Object.keys(tags).length <= LAMBDA_LIMITS.maxTags, {
        error: `must have at most ${LAMBDA_LIMITS.maxTags} tags`,
      })
      .default({}),
    description: z
      .string()
      .max(LAMBDA_LIMITS.maxDescriptionLength, { error: 'must be at most 256 characters' })
      .default(''),
    publish: z.boolean().default(false),
  })
  .strict();

/** A validated function definition, defaults applied. */
export type LambdaFunction = z.output<typeof LambdaFunctionSchema>;
/** What callers write: the optional fields may be left out. */
export type LambdaFunctionInput = z.input<typeof LambdaFunctionSchema>;

/**
 * Validates a function definition and applies the defaults, throwing a `ValidationError` that
 * names every offending field.
 *
 * @example
 * ```ts
 * const fn = parseLambdaFunction({
 *   name: 'eks-upgrade-agent-perception',
 *   handler: 'index.handler',
 *   role: 'arn:aws:iam::123456789012:role/eks-upgrade-agent',
 *   code: { zipPath: 'apps/lambdas/dist/zips/perception.zip' },
 * });
 * fn.runtime; // 'nodejs24.x'
 * ```
 */
export function parseLambdaFunction(input: unknown): LambdaFunction {
  return parseOrThrow(LambdaFunctionSchema, input, 'Lambda function');
}

/**
 * The zip bytes of a function's code: `zipFile` as is, or `zipPath` read from disk and checked
 * against the same rules (≤50 MB, a zip archive).
 *
 * @example
 * ```ts
 * const zip = await loadFunctionCode({ zipPath: 'apps/lambdas/dist/zips/execution.zip' });
 * ```
 */
export async function loadFunctionCode(code: LambdaCode): Promise<Uint8Array> {
  if ('zipFile' in code) return code.zipFile;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(code.zipPath));
  } catch (error) {
    throw new ValidationError(
      'Invalid Lambda function',
      [{ path: 'code.zipPath', message: `could not read ${code.zipPath}: ${(error as Error).message}` }],
      { cause: error },
    );
  }
  parseOrThrow(LambdaZipFileCodeSchema, { zipFile: bytes }, `Lambda function code (${code.zipPath})`);
  return bytes;
}
