import { ValidationError, type ValidationIssue } from '@eks-upgrade/core-models';
import { aslValidator } from './asl-validator.js';

/** One problem asl-validator found. */
export interface DefinitionProblem {
  code: string;
  message: string;
  /** Where in the document, when asl-validator says. */
  path?: string;
}

/** What `validateStateMachineDefinition` found. */
export interface DefinitionValidationResult {
  valid: boolean;
  /** Every problem, not just the first. */
  problems: DefinitionProblem[];
}

/**
 * Checks an Amazon States Language document with `asl-validator` (schema, transitions, terminal
 * states, duplicate names, JSONPath and ARN checks) and reports every problem.
 *
 * @example
 * ```ts
 * const { valid, problems } = validateStateMachineDefinition(createUpgradeStateMachineDefinition());
 * if (!valid) for (const problem of problems) console.error(problem.code, problem.message);
 * ```
 */
export function validateStateMachineDefinition(asl: unknown): DefinitionValidationResult {
  let document: unknown = asl;
  if (typeof asl === 'string') {
    try {
      document = JSON.parse(asl);
    } catch (error) {
      return {
        valid: false,
        problems: [{ code: 'INVALID_JSON', message: `not JSON: ${(error as Error).message}` }],
      };
    }
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { valid: false, problems: [{ code: 'INVALID_DOCUMENT', message: 'must be a JSON object' }] };
  }
  // asl-validator writes defaults into the document it checks, so it gets a copy.
  const result = aslValidator(structuredClone(document), { checkPaths: true, checkArn: true });
  const problems = result.errors.map((error) => {
    const path = error.path ?? error.instancePath;
    return {
      code: error['Error code'] ?? 'UNKNOWN',
      message: error.Message ?? JSON.stringify(error),
      ...(typeof path === 'string' && path.length > 0 ? { path } : {}),
    };
  });
  return { valid: result.isValid && problems.length === 0, problems };
}

/**
 * Like `validateStateMachineDefinition`, but throws a `ValidationError` listing every problem.
 *
 * @example
 * ```ts
 * assertValidStateMachineDefinition(asl); // before CreateStateMachine
 * ```
 */
export function assertValidStateMachineDefinition(asl: unknown): void {
  const { valid, problems } = validateStateMachineDefinition(asl);
  if (valid) return;
  const issues: ValidationIssue[] = problems.map((problem) => ({
    path: problem.path ?? '',
    message: `${problem.code}: ${problem.message}`,
  }));
  throw new ValidationError('Invalid state machine definition', issues);
}
