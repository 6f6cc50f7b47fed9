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
 * built-in demo, with the flag overrides applied and checked. A downgrade is a `ValidationError`
 * (exit 2) whether the flags or the file ask for it; a green cluster named by the `<cluster>-<target>`
 * default is renamed along with `--cluster` and `--to`.
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
  // A green cluster named after the scenario's cluster and target (the `<cluster>-<target>` default)
  // follows the overrides: `--to 1.30` rehearses demo-1-30, not the demo's demo-1-31.
  const greenFollowsDefault =
    base.request.greenClusterName === undefined ||
    base.request.greenClusterName ===
      defaultGreenClusterName(base.request.clusterName, base.request.targetVersion);
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
  if (greenFollowsDefault && base.request.greenClusterName !== undefined) {
    input.request.greenClusterName = defaultGreenClusterName(
      input.request.clusterName,
      input.request.targetVersion,
    );
  }
  checkUpgradePath(input, {
    flag: to !== undefined ? '--to' : from !== undefined ? '--from' : undefined,
    file,
  });
  return parseOrThrow(ScenarioSchema, input, 'rehearsal scenario');
}

/** `<cluster>-<target with dashes>`, the green cluster name the planner derives when none is given. */
function defaultGreenClusterName(clusterName: string, targetVersion: string): string {
  return `${clusterName}-${targetVersion.replaceAll('.', '-')}`;
}

/**
 * A downgrade (or no change) is refused before the rehearsal runs, whether it comes from `--to` /
 * `--from` or from the scenario file: the same request gets the same answer, exit 2.
 */
function checkUpgradePath(
  scenario: Scenario,
  source: { readonly flag: string | undefined; readonly file: string | undefined },
): void {
  try {
    planVersionHops(scenario.cluster.version, scenario.request.targetVersion);
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    const where =
      source.flag ??
      (source.file === undefined
        ? 'built-in scenario'
        : `scenario file ${source.file}: request.targetVersion`);
    throw new ValidationError(
      'Invalid rehearsal versions',
      error.issues.map((issue) => ({ path: where, message: issue.message })),
      { cause: error },
    );
  }
}
