import { createRequire } from 'node:module';

/** One error as asl-validator reports it. */
export interface AslValidatorError {
  'Error code'?: string;
  Message?: string;
  path?: string;
  instancePath?: string;
  [key: string]: unknown;
}

/** asl-validator's export (it ships no type declarations), typed. */
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: AslValidatorError[] };

let loadedValidator: AslValidator | undefined;

/**
 * asl-validator, loaded at its first call rather than when `@eks-upgrade/sfn` is imported:
 * with ajv, its JSON schemas and jsonata it costs about 75 ms, and most importers (the CLI's
 * `start`, `watch`, `approve`...) never validate a definition.
 *
 * Why `createRequire` and not a dynamic `import()`: `validateStateMachineDefinition` is
 * synchronous and public (the CLI's `workflow validate`, callers before CreateStateMachine), and
 * a dynamic import would make it async, or need an async "prepare" call before it that every
 * caller must remember. asl-validator is CommonJS (`module.exports = function validator`), so a
 * synchronous `require` of it loads exactly what the static import loaded, at the first call,
 * with no change to any signature. tsup's `shims` gives `import.meta.url` to the CJS build.
 */
export function aslValidator(...args: Parameters<AslValidator>): ReturnType<AslValidator> {
  loadedValidator ??= createRequire(import.meta.url)('asl-validator') as AslValidator;
  return loadedValidator(...args);
}
