import { parseOrThrow, planVersionHops, ValidationError } from '@eks-upgrade/core-models';
import { DEMO_SCENARIO, type Scenario, ScenarioSchema } from '@eks-upgrade/lambdas';
import { readJsonFile } from '../inputs/json-input.js';
import { parseClusterName, parseVersion } from '../inputs/upgrade-request.js';

/** Flags that override parts of the scenario. */
export interface ScenarioOverrides {
  readonly cluster?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly strategy?: 'in_place' | 'blue_green' | undefined;
}

/**
 * The scenario to rehearse: the file given (validated against the scenario schema), or the
 * built-in demo, with the flag overrides applied and checked (a downgrade or an unknown hop is a
 * `ValidationError`, exit 2).
 *
 * @example
 * ```ts
 * const scenario = await loadRehearsalScenario(undefined, { to: '1.32' }, path.resolve);
 * ```
 */
export async function loadRehearsalScenario(
  file: string | undefined,
  overrides: ScenarioOverrides,
  resolvePath: (file: string) => string,
): Promise<Scenario> {
  // Flags first: they are cheap to check and name the problem precisely.
  const cluster = overrides.cluster === undefined ? undefined : parseClusterName(overrides.cluster);
  const from = overrides.from === undefined ? undefined : parseVersion(overrides.from, '--from');
  const to = overrides.to === undefined ? undefined : parseVersion(overrides.to, '--to');
  const raw =
    file === undefined ? DEMO_SCENARIO : await readJsonFile(resolvePath(file), file, 'scenario file');
  const base = parseOrThrow(
    ScenarioSchema,
    raw,
    file === undefined ? 'built-in scenario' : `scenario file ${file}`,
  );
  const input = structuredClone(base) as Scenario;
  if (cluster !== undefined) {
    input.cluster.name = cluster;
    input.request.clusterName = cluster;
  }
  if (from !== undefined) {
    // Node groups that followed the control plane keep following it.
    for (const nodegroup of input.cluster.nodegroups) {
      if (nodegroup.version === base.cluster.version) nodegroup.version = from;
    }
    input.cluster.version = from;
  }
  if (to !== undefined) input.request.targetVersion = to;
  if (overrides.strategy !== undefined) input.request.strategy = overrides.strategy;
  if (from !== undefined || to !== undefined) {
    try {
      planVersionHops(input.cluster.version, input.request.targetVersion);
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      const flag = to !== undefined ? '--to' : '--from';
      throw new ValidationError(
        'Invalid rehearsal versions',
        error.issues.map((issue) => ({ path: flag, message: issue.message })),
        { cause: error },
      );
    }
  }
  return parseOrThrow(ScenarioSchema, input, 'rehearsal scenario');
}
