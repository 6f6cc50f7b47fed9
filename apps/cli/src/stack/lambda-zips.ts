import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UPGRADE_PHASES, ValidationError } from '@eks-upgrade/core-models';

async function hasAllZips(directory: string): Promise<boolean> {
  const found = await Promise.all(
    UPGRADE_PHASES.map((phase) =>
      access(path.join(directory, `${phase}.zip`)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.every(Boolean);
}

/** Where the published CLI keeps the zips (dist/lambda-zips), and the workspace build of apps/lambdas. */
function candidateDirectories(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'lambda-zips'), path.join(here, '..', 'lambda-zips')];
  try {
    const lambdasPackage = createRequire(import.meta.url).resolve('@eks-upgrade/lambdas/package.json');
    candidates.push(path.join(path.dirname(lambdasPackage), 'dist', 'zips'));
  } catch {
    // Not in the workspace: only the bundled zips can be used.
  }
  return candidates;
}

/**
 * The folder holding `<phase>.zip` for the five functions: `--zip-dir` when given (checked), else
 * the zips shipped with the CLI. A `ValidationError` (exit 2) when a zip is missing.
 */
export async function resolveZipDirectory(
  explicit: string | undefined,
  resolvePath: (file: string) => string,
): Promise<string> {
  if (explicit !== undefined) {
    const directory = resolvePath(explicit);
    if (!(await hasAllZips(directory))) {
      throw new ValidationError('Invalid zip folder', [
        {
          path: '--zip-dir',
          message: `must hold ${UPGRADE_PHASES.map((phase) => `${phase}.zip`).join(', ')} (${directory})`,
        },
      ]);
    }
    return directory;
  }
  for (const directory of candidateDirectories()) {
    if (await hasAllZips(directory)) return directory;
  }
  throw new ValidationError('Lambda zips not found', [
    {
      path: '--zip-dir',
      message: 'no phase function zips ship with this build; build @eks-upgrade/lambdas or pass --zip-dir',
    },
  ]);
}
