/**
 * The CLI's exit codes, documented in `--help` and the README.
 *
 * @example
 * ```ts
 * if (outcome === 'rolled_back') return ExitCode.ROLLED_BACK;
 * ```
 */
export const ExitCode = {
  /** The command did what was asked. */
  SUCCESS: 0,
  /** The command, an AWS call or the upgrade failed. */
  FAILURE: 1,
  /** Bad usage or input, found before any AWS call. */
  USAGE: 2,
  /** The upgrade failed and was rolled back: nothing is left changed. */
  ROLLED_BACK: 3,
  /** The upgrade failed and the rollback undid what it could; something is left changed (listed). */
  PARTIALLY_ROLLED_BACK: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for `--help` and the README. */
export const EXIT_CODE_HELP: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.SUCCESS, 'success'],
  [ExitCode.FAILURE, 'failure (an AWS call, the command or the upgrade failed)'],
  [ExitCode.USAGE, 'bad usage or input, found before any AWS call'],
  [ExitCode.ROLLED_BACK, 'the upgrade failed and was rolled back (nothing left changed)'],
  [
    ExitCode.PARTIALLY_ROLLED_BACK,
    'the upgrade failed and was rolled back partially (the error lists what is left changed)',
  ],
];
