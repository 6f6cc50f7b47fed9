import {
  AgentConfigSchema,
  BEDROCK_TIMEOUT_HEADROOM_SECONDS,
  REASONING_FUNCTION_TIMEOUT_SECONDS,
} from '@eks-upgrade/core-models';
import { PHASE_SIZING } from '@eks-upgrade/lambda-templates';
import { describe, expect, it } from 'vitest';

describe('Constant: REASONING_FUNCTION_TIMEOUT_SECONDS', () => {
  it("is the deployed reasoning function's timeout, which bounds bedrock.timeoutSeconds", () => {
    expect(REASONING_FUNCTION_TIMEOUT_SECONDS).toBe(PHASE_SIZING.reasoning.timeout);
    const bound = PHASE_SIZING.reasoning.timeout - BEDROCK_TIMEOUT_HEADROOM_SECONDS;
    expect(AgentConfigSchema.safeParse({ bedrock: { timeoutSeconds: bound } }).success).toBe(true);
    expect(AgentConfigSchema.safeParse({ bedrock: { timeoutSeconds: bound + 1 } }).success).toBe(false);
  });
});
