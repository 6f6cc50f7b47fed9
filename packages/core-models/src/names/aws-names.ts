import { z } from 'zod';

/** EKS cluster names: 1–100 characters, start with a letter or digit, then letters, digits, `-`, `_`. */
export const EKS_CLUSTER_NAME_RULE =
  'must be 1-100 characters: letters, digits, hyphens and underscores, starting with a letter or digit';
export const EksClusterNameSchema = z
  .string({ error: EKS_CLUSTER_NAME_RULE })
  .regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, { error: EKS_CLUSTER_NAME_RULE });

/** Characters Step Functions forbids in state machine and execution names. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Step Functions forbids control characters, so the rule must name them.
const STEP_FUNCTIONS_FORBIDDEN = /[\s?*<>{}[\]"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
export const STEP_FUNCTIONS_NAME_RULE =
  'must be 1-80 characters with no whitespace, control characters or any of ? * < > { } [ ] " # % \\ ^ | ~ ` $ & , ; : /';
/** Step Functions state machine and execution names. */
export const StepFunctionsNameSchema = z
  .string({ error: STEP_FUNCTIONS_NAME_RULE })
  .min(1, { error: STEP_FUNCTIONS_NAME_RULE })
  .max(80, { error: STEP_FUNCTIONS_NAME_RULE })
  .refine((value) => !STEP_FUNCTIONS_FORBIDDEN.test(value), { error: STEP_FUNCTIONS_NAME_RULE });

/**
 * Makes any text a valid Step Functions name: forbidden characters become `-`, runs of `-`
 * collapse, and the result is cut to `maxLength` (80 by default).
 *
 * @example
 * ```ts
 * toStepFunctionsName('prod cluster: 1.31'); // 'prod-cluster-1.31'
 * ```
 */
export function toStepFunctionsName(text: string, maxLength = 80): string {
  const cleaned = text
    .replace(new RegExp(STEP_FUNCTIONS_FORBIDDEN.source, 'g'), '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return (cleaned || 'unnamed').slice(0, maxLength);
}

/** Lambda function names (the short name, not an ARN): 1–64 of letters, digits, `-`, `_`. */
export const LAMBDA_FUNCTION_NAME_RULE = 'must be 1-64 characters: letters, digits, hyphens and underscores';
export const LambdaFunctionNameSchema = z
  .string({ error: LAMBDA_FUNCTION_NAME_RULE })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: LAMBDA_FUNCTION_NAME_RULE });

/** EventBridge rule names: 1–64 of letters, digits, `.`, `-`, `_`. */
export const EVENT_RULE_NAME_RULE = 'must be 1-64 characters: letters, digits, dots, hyphens and underscores';
export const EventRuleNameSchema = z
  .string({ error: EVENT_RULE_NAME_RULE })
  .regex(/^[.\-_A-Za-z0-9]{1,64}$/, { error: EVENT_RULE_NAME_RULE });

/** An ARN of any service (shape only). */
export const ARN_RULE = 'must be an ARN such as arn:aws:service:region:account:resource';
export const ArnSchema = z
  .string({ error: ARN_RULE })
  .regex(/^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/, { error: ARN_RULE });

/** AWS region names such as `us-east-1`. */
export const AWS_REGION_RULE = 'must be an AWS region such as us-east-1';
export const AwsRegionSchema = z
  .string({ error: AWS_REGION_RULE })
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: AWS_REGION_RULE });
