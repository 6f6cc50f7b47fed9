/**
 * The Node.js version check that runs before anything else is loaded. This module imports
 * nothing, so it evaluates on any Node.js release and can explain itself instead of failing later
 * with `Promise.withResolvers is not a function`.
 */

/** The oldest Node.js major release the CLI runs on (`engines.node` in package.json says the same). */
export const MINIMUM_NODE_MAJOR = 22;

/**
 * The one line to print when `nodeVersion` (as in `process.versions.node`) is too old for the CLI,
 * naming the version needed and how to get it; `undefined` when it is recent enough.
 *
 * @example
 * ```ts
 * nodeVersionProblem('20.20.2');
 * // 'eks-upgrade needs Node.js 22 or newer, and this is Node.js 20.20.2: install Node.js 24 LTS with `nvm install 24` ...'
 * nodeVersionProblem('24.1.0'); // undefined
 * ```
 */
export function nodeVersionProblem(nodeVersion: string): string | undefined {
  const major = Number.parseInt(nodeVersion.replace(/^v/, ''), 10);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return (
    `eks-upgrade needs Node.js ${MINIMUM_NODE_MAJOR} or newer, and this is Node.js ${nodeVersion}: ` +
    'install Node.js 24 LTS with `nvm install 24` or from https://nodejs.org/en/download'
  );
}
