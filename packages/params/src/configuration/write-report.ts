import { ExecutionError } from '@eks-upgrade/core-models';

/** One parameter a batch operation could not write or delete. */
export interface ParameterFailure {
  /** Parameter name. */
  name: string;
  /** The error code after retries, e.g. `ThrottlingException`. */
  code: string;
  /** The error (an `AWSServiceError` keeping the SDK error as `cause`). */
  error: unknown;
}

/** One parameter of a configuration that could not be written. */
export interface ConfigurationWriteFailure extends ParameterFailure {
  /** Where the value sits in the configuration, e.g. `bedrock.maxTokens`. */
  keyPath: string;
}

/** Exactly what a `putConfiguration` that failed part-way did and did not do. */
export interface ConfigurationWriteReport {
  configName: string;
  /** Parameters written: name → new version. */
  written: Record<string, number>;
  /** Parameters not written, with why. */
  failed: ConfigurationWriteFailure[];
  /** Parameters of the previous configuration that are still there (stale ones are deleted only after every write succeeded). */
  staleRemaining: string[];
}

const REPORT = Symbol.for('@eks-upgrade/params.configurationWriteReport');

/**
 * An `ExecutionError` raised by `putConfiguration` when some writes failed after retries (or
 * the stale parameters could not be deleted). `report` says exactly which parameters were
 * written and which were not. Values never appear in the message.
 */
export type ConfigurationWriteError = ExecutionError & { readonly report: ConfigurationWriteReport };

/** Builds the error for a partly failed configuration write. */
export function createConfigurationWriteError(
  report: ConfigurationWriteReport,
  cause: unknown,
): ConfigurationWriteError {
  const writtenCount = Object.keys(report.written).length;
  const parts = [
    `Configuration "${report.configName}" was written only in part: ${writtenCount} parameter(s) written`,
  ];
  if (report.failed.length > 0) {
    parts.push(
      `${report.failed.length} not written (${report.failed.map((failure) => `${failure.name}: ${failure.code}`).join(', ')})`,
    );
  }
  if (report.staleRemaining.length > 0) {
    parts.push(
      `${report.staleRemaining.length} stale parameter(s) not deleted (${report.staleRemaining.join(', ')})`,
    );
  }
  const error = new ExecutionError(
    `${parts.join('; ')}. Run putConfiguration again to complete it.`,
    {},
    { cause },
  );
  Object.defineProperty(error, 'report', { value: report, enumerable: true });
  Object.defineProperty(error, REPORT, { value: true });
  return error as ConfigurationWriteError;
}

/**
 * True when `error` is the `ExecutionError` of a partly failed `putConfiguration`, carrying a
 * `report` of the written and failed parameters.
 *
 * @example
 * ```ts
 * try {
 *   await ssm.putConfiguration(config, 'prod');
 * } catch (error) {
 *   if (isConfigurationWriteError(error)) {
 *     console.error('not written:', error.report.failed.map((failure) => failure.name));
 *   }
 *   throw error;
 * }
 * ```
 */
export function isConfigurationWriteError(error: unknown): error is ConfigurationWriteError {
  return ExecutionError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[REPORT] === true;
}

/** Exactly what a `deleteParameters` that failed part-way did and did not do. */
export interface DeleteParametersReport {
  /** Names deleted. */
  deleted: string[];
  /** Names that did not exist. */
  invalid: string[];
  /** Names whose DeleteParameters call still failed after retries (not confirmed deleted). */
  failed: ParameterFailure[];
}

/**
 * An `ExecutionError` raised by `deleteParameters` when some of its calls still failed after
 * retries; `report` lists what was deleted, what did not exist, and what failed.
 */
export type DeleteParametersError = ExecutionError & { readonly report: DeleteParametersReport };

const DELETE_REPORT = Symbol.for('@eks-upgrade/params.deleteParametersReport');

/** Builds the error for a partly failed `deleteParameters`. */
export function createDeleteParametersError(
  report: DeleteParametersReport,
  cause: unknown,
): DeleteParametersError {
  const failedNames = report.failed.map((failure) => `${failure.name}: ${failure.code}`);
  const error = new ExecutionError(
    `Parameters were deleted only in part: ${report.deleted.length} deleted, ${report.invalid.length} did not exist, ${report.failed.length} not deleted (${failedNames.join(', ')})`,
    {},
    { cause },
  );
  Object.defineProperty(error, 'report', { value: report, enumerable: true });
  Object.defineProperty(error, DELETE_REPORT, { value: true });
  return error as DeleteParametersError;
}

/**
 * True when `error` is the `ExecutionError` of a partly failed `deleteParameters`, carrying a
 * `report` of the deleted, missing and failed names.
 *
 * @example
 * ```ts
 * try {
 *   await ssm.deleteParameters(names);
 * } catch (error) {
 *   if (isDeleteParametersError(error)) console.error(error.report.failed.map((failure) => failure.name));
 *   throw error;
 * }
 * ```
 */
export function isDeleteParametersError(error: unknown): error is DeleteParametersError {
  return (
    ExecutionError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[DELETE_REPORT] === true
  );
}
