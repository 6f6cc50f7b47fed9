// @ts-expect-error asl-validator ships no type declarations; the call is typed below.
import aslValidatorModule from 'asl-validator';

/** One error as asl-validator reports it. */
export interface AslValidatorError {
  'Error code'?: string;
  Message?: string;
  path?: string;
  instancePath?: string;
  [key: string]: unknown;
}

/** asl-validator's default export, typed. */
export const aslValidator = aslValidatorModule as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: AslValidatorError[] };
