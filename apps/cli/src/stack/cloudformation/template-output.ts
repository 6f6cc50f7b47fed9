import { stringify } from 'yaml';
import type { CloudFormationTemplate } from './stack-template.js';

/** The largest template body CreateStack / CreateChangeSet accept inline (bytes). */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
/** The largest template CloudFormation reads from S3 (TemplateURL), in bytes. */
export const MAX_TEMPLATE_URL_BYTES = 1_000_000;

/** Formats `synth` writes. */
export type TemplateFormat = 'json' | 'yaml';

/**
 * The template as text: indented JSON or YAML for people and repositories; `minified` JSON for
 * what deploy sends (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html:
 * 51,200 bytes inline, 1 MB from S3).
 *
 * @example
 * ```ts
 * const yaml = renderTemplate(template, 'yaml');
 * ```
 */
export function renderTemplate(
  template: CloudFormationTemplate,
  format: TemplateFormat,
  options: { minified?: boolean } = {},
): string {
  if (format === 'yaml') return stringify(template, { lineWidth: 0, aliasDuplicateObjects: false });
  return options.minified ? JSON.stringify(template) : `${JSON.stringify(template, null, 2)}\n`;
}

/** Where a template body of this size can go: inline, from S3 only, or nowhere. */
export function templateDelivery(body: string): 'inline' | 's3' | 'too-large' {
  const size = Buffer.byteLength(body, 'utf8');
  if (size <= MAX_TEMPLATE_BODY_BYTES) return 'inline';
  return size <= MAX_TEMPLATE_URL_BYTES ? 's3' : 'too-large';
}
