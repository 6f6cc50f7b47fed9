import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  toAWSServiceError,
  UPGRADE_PHASES,
  type UpgradePhase,
  ValidationError,
} from '@eks-upgrade/core-models';
import type { PhaseCodeKeys } from './stack-template.js';

/** An S3 bucket and key prefix (`s3://bucket/prefix/`). */
export interface S3Location {
  readonly bucket: string;
  /** Empty, or ends with `/`. */
  readonly keyPrefix: string;
}

/** A phase's zip: its bytes and its content-addressed key. */
export interface PhaseZip {
  readonly phase: UpgradePhase;
  readonly bytes: Uint8Array;
  /** `<phase>-<sha256 of the bytes>.zip`: a new build gets a new key, the same build the same one. */
  readonly key: string;
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket[/prefix]` (the prefix gets a trailing `/`). A `ValidationError` naming
 * `flag` otherwise.
 *
 * @example
 * ```ts
 * parseS3Location('s3://artifacts/eks-upgrade', '--upload-to'); // { bucket: 'artifacts', keyPrefix: 'eks-upgrade/' }
 * ```
 */
export function parseS3Location(value: string, flag: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(value);
  const bucket = match?.[1];
  if (!match || !bucket || !BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new ValidationError('Invalid S3 location', [
      {
        path: flag,
        message: `must be s3://BUCKET or s3://BUCKET/PREFIX with a valid bucket name (got ${value})`,
      },
    ]);
  }
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket, keyPrefix: prefix ? `${prefix}/` : '' };
}

/** Reads the five zips of a folder (checked by `resolveZipDirectory` first) and names each by its content. */
export async function readPhaseZips(zipDirectory: string): Promise<PhaseZip[]> {
  return Promise.all(
    UPGRADE_PHASES.map(async (phase) => {
      const bytes = new Uint8Array(await readFile(path.join(zipDirectory, `${phase}.zip`)));
      const digest = createHash('sha256').update(bytes).digest('hex');
      return { phase, bytes, key: `${phase}-${digest}.zip` };
    }),
  );
}

/** The keys of the zips, by phase, for the template. */
export function codeKeysOf(zips: readonly PhaseZip[]): PhaseCodeKeys {
  return Object.fromEntries(zips.map((zip) => [zip.phase, zip.key])) as Record<UpgradePhase, string>;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NotFound' || name === 'NoSuchKey' || status === 404;
}

/**
 * Uploads an object unless its content-addressed key is already there (HeadObject first): a
 * second run uploads nothing. Returns whether it uploaded.
 */
export async function putObjectIfMissing(
  s3: S3Client,
  location: S3Location,
  key: string,
  body: Uint8Array | string,
  contentType: string,
): Promise<boolean> {
  const { HeadObjectCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const Key = `${location.keyPrefix}${key}`;
  try {
    await s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key }));
    return false;
  } catch (error) {
    if (!isNotFound(error)) {
      throw toAWSServiceError(error, {
        service: 'S3',
        operation: 'HeadObject',
        action: `check s3://${location.bucket}/${Key}`,
      });
    }
  }
  const checksum = createHash('sha256').update(body).digest('base64');
  await s3
    .send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key,
        Body: body,
        ContentType: contentType,
        ChecksumSHA256: checksum,
      }),
    )
    .catch((error: unknown) => {
      throw toAWSServiceError(error, {
        service: 'S3',
        operation: 'PutObject',
        action: `upload s3://${location.bucket}/${Key}`,
      });
    });
  return true;
}

/** Uploads the zips that are not in the bucket yet; returns the keys it uploaded. */
export async function uploadPhaseZips(
  s3: S3Client,
  location: S3Location,
  zips: readonly PhaseZip[],
): Promise<string[]> {
  const uploaded: string[] = [];
  for (const zip of zips) {
    if (await putObjectIfMissing(s3, location, zip.key, zip.bytes, 'application/zip')) {
      uploaded.push(`${location.keyPrefix}${zip.key}`);
    }
  }
  return uploaded;
}

/**
 * Uploads a template body under `<prefix>templates/eks-upgrade-<sha256>.json` and returns the
 * HTTPS URL CloudFormation reads it from (TemplateURL).
 */
export async function uploadTemplateBody(
  s3: S3Client,
  location: S3Location,
  body: string,
  region: string,
): Promise<string> {
  const key = `templates/eks-upgrade-${createHash('sha256').update(body).digest('hex')}.json`;
  await putObjectIfMissing(s3, location, key, body, 'application/json');
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${location.bucket}.s3.${region}.${suffix}/${location.keyPrefix}${key}`;
}
