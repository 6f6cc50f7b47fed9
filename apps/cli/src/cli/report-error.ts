import { ExitCode } from './exit-codes.js';
import type { Logger } from './logger.js';
import { withoutUrlCredentials } from './redact.js';

function oneLine(text: string): string {
  return withoutUrlCredentials(text.replace(/\s*\n\s*/g, ' ').trim());
}

function describeCauses(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    lines.push(withoutUrlCredentials(current.stack ?? `${current.name}: ${current.message}`));
    current = current.cause;
    if (current !== undefined && !(current instanceof Error))
      lines.push(withoutUrlCredentials(`cause: ${String(current)}`));
  }
  return lines;
}

/** An AWS SDK v3 error: it carries the response metadata, or the raw response it could not read. */
function isSdkFailure(error: unknown): error is Error {
  return error instanceof Error && ('$metadata' in error || '$response' in error);
}

/**
 * Prints a failure and returns the exit code: errors of the eks-upgrade taxonomy print their
 * message (bad input exits 2, the rest 1); anything else prints a hint to use `--verbose`.
 * Stack traces and causes appear only with `--verbose`.
 *
 * @example
 * ```ts
 * try { return await command.run(context); } catch (error) { return reportError(error, log); }
 * ```
 */
export async function reportError(error: unknown, log: Logger): Promise<ExitCode> {
  // Loaded only on failure: the happy path of light commands never pays for zod.
  const { EksUpgradeError, ValidationError, toAWSServiceError } = await import('@eks-upgrade/core-models');
  const verboseDetails = () => {
    if (log.verbose) for (const line of describeCauses(error)) log.line(log.paint('dim', line));
  };
  if (ValidationError.isInstance(error)) {
    log.error(oneLine(error.message));
    verboseDetails();
    return ExitCode.USAGE;
  }
  if (EksUpgradeError.isInstance(error)) {
    log.error(oneLine(error.message));
    verboseDetails();
    return ExitCode.FAILURE;
  }
  if (isSdkFailure(error)) {
    // An SDK failure no package mapped (the client said which operation in $metadata, not here).
    log.error(oneLine(toAWSServiceError(error, { service: 'AWS', operation: 'request' }).message));
    verboseDetails();
    return ExitCode.FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  log.error(
    log.verbose
      ? `unexpected failure: ${oneLine(message)}`
      : `unexpected failure: ${oneLine(message)} (run again with --verbose for details)`,
  );
  verboseDetails();
  return ExitCode.FAILURE;
}
