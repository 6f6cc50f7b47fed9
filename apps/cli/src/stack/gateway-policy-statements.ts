import type { AgentConfig, UpgradePhase } from '@eks-upgrade/core-models';
import {
  GATEWAY_OPERATION_GRANTS,
  type GatewayOperation,
  IAM_RESOURCE_KINDS,
  type IamGrant,
  type IamResource,
  type IamScopeTarget,
  iamConditionBlock,
  PHASE_GATEWAY_OPERATIONS,
  STEP_KINDS,
  scopedResources,
} from '@eks-upgrade/lambdas';
import type { PolicyStatement } from './iam-policies.js';
import type { StackLocation } from './stack-names.js';

// The EKS, Route 53 and CloudWatch statements of the phase functions' roles, from the grants
// their gateway operations declare, scoped by what the configuration lets the stack touch.

/**
 * The regions the phase functions may act in: `permissions.regions`, or the stack's own
 * region when none are configured. Requests for a cluster in another region are refused by IAM.
 */
export function stackRegions(config: AgentConfig, location: StackLocation): [string, ...string[]] {
  const [first, ...rest] = config.permissions.regions;
  return first === undefined ? [location.region] : [first, ...rest];
}

function scopeTarget(config: AgentConfig, location: StackLocation): IamScopeTarget {
  return {
    partition: location.partition,
    accountId: location.accountId,
    regions: stackRegions(config, location),
    permissions: config.permissions,
  };
}

/**
 * Whether a phase deletes the blue cluster: it runs an operation of `cluster_decommission` (the
 * only step that deletes blue) whose grant is scoped `decommissioned`. Rollback also reads blue
 * through that kind (to say what is left of it) but deletes nothing of it, so it gets no such grant.
 */
function decommissions(phase: UpgradePhase): boolean {
  if (phase === 'perception' || phase === 'reasoning') return false;
  return STEP_KINDS.cluster_decommission.operations[phase].some((operation) =>
    GATEWAY_OPERATION_GRANTS[operation].some((grant) => grant.scope === 'decommissioned'),
  );
}

/**
 * The IAM grants gateway operations declare (`GATEWAY_OPERATION_GRANTS`, from the phase
 * functions' code), each once, sorted by action.
 */
function grantsOf(operations: readonly GatewayOperation[]): IamGrant[] {
  const unique = new Map<string, IamGrant>();
  for (const operation of operations) {
    for (const grant of GATEWAY_OPERATION_GRANTS[operation]) {
      const kinds = grant.resources.map((resource) => resource.kind);
      unique.set(JSON.stringify([grant.action, grant.scope ?? 'any', grant.condition ?? null, kinds]), grant);
    }
  }
  const order = (resource: IamResource) => IAM_RESOURCE_KINDS.indexOf(resource.kind);
  return [...unique.values()]
    .map((grant) => ({
      ...grant,
      resources: [...grant.resources].sort((left, right) => order(left) - order(right)) as [
        IamResource,
        ...IamResource[],
      ],
    }))
    .sort((left, right) => (left.action < right.action ? -1 : left.action > right.action ? 1 : 0));
}

/** The grants of a phase's gateway operations (`PHASE_GATEWAY_OPERATIONS`). */
function phaseGrants(phase: UpgradePhase): IamGrant[] {
  return grantsOf(PHASE_GATEWAY_OPERATIONS[phase]);
}

/** The sorted, de-duplicated IAM actions a phase's gateway operations need. */
export function gatewayActionsOf(phase: UpgradePhase): string[] {
  return [...new Set(phaseGrants(phase).map((grant) => grant.action))].sort();
}

type ConditionBlock = Record<string, Record<string, string | readonly string[]>>;

function mergeConditions(...blocks: (ConditionBlock | undefined)[]): ConditionBlock | undefined {
  const merged: ConditionBlock = {};
  for (const block of blocks) {
    for (const [operator, keys] of Object.entries(block ?? {}))
      merged[operator] = { ...merged[operator], ...keys };
  }
  return Object.keys(merged).length === 0 ? undefined : merged;
}

/**
 * The statements granting a phase's gateway operations, each grant on the resources its scope
 * resolves to (`scopedResources`: the stack's regions, the clusters it may upgrade or created,
 * the configured hosted zones and roles) under the scope's condition and the grant's own. One
 * statement per scope and condition, named by the scope (`Read`, `UpgradeTagged`,
 * `CreatedByUpgrade`, …) or the grant's condition (`PassRolesToEks`): its actions and the
 * resources they are declared on. An action is authorised only on its own resource types
 * (Service Authorization Reference), so the ARN of another kind beside it grants nothing more,
 * and one statement per scope keeps the execution role within IAM's 10,240-character inline
 * policy limit. A grant whose scope the configuration leaves empty is left out.
 */
export function gatewayStatements(
  phase: UpgradePhase,
  config: AgentConfig,
  location: StackLocation,
): PolicyStatement[] {
  return gatewayOperationStatements(PHASE_GATEWAY_OPERATIONS[phase], config, location, {
    decommissions: decommissions(phase),
  });
}

/**
 * The statements granting gateway operations, as `functionRolePolicy` grants a phase's (see
 * `gatewayStatements`): `decommissions` keeps the grants scoped `decommissioned`, and each Sid
 * starts with `sidPrefix` (so the statements can sit beside others in one policy).
 *
 * @example
 * ```ts
 * // What `eks-upgrade plan` needs to run perception and reasoning from the operator's machine.
 * gatewayOperationStatements(['describeCluster', 'listNodegroups'], config, location, { decommissions: false, sidPrefix: 'Plan' });
 * ```
 */
export function gatewayOperationStatements(
  operations: readonly GatewayOperation[],
  config: AgentConfig,
  location: StackLocation,
  options: { readonly decommissions: boolean; readonly sidPrefix?: string },
): PolicyStatement[] {
  const target = scopeTarget(config, location);
  const statements = new Map<
    string,
    { stem: string; resources: string[]; condition?: ConditionBlock; actions: string[] }
  >();
  for (const grant of grantsOf(operations)) {
    const scope = grant.scope ?? 'any';
    if (scope === 'decommissioned' && !options.decommissions) continue;
    const parts = new Map<string, { stem: string; resources: string[]; condition?: ConditionBlock }>();
    for (const resource of grant.resources) {
      for (const scoped of scopedResources(resource, scope, target)) {
        const condition = mergeConditions(
          grant.condition ? iamConditionBlock(grant.condition) : undefined,
          scoped.condition,
        );
        const stem = grant.condition?.statementId ?? scoped.statement;
        const key = JSON.stringify([stem, condition ?? null]);
        const part = parts.get(key) ?? { stem, resources: [], ...(condition ? { condition } : {}) };
        part.resources.push(...scoped.resources.filter((arn) => !part.resources.includes(arn)));
        parts.set(key, part);
      }
    }
    for (const [key, part] of parts) {
      const entry = statements.get(key) ?? {
        stem: part.stem,
        resources: [],
        ...(part.condition ? { condition: part.condition } : {}),
        actions: [],
      };
      if (!entry.actions.includes(grant.action)) entry.actions.push(grant.action);
      entry.resources.push(...part.resources.filter((arn) => !entry.resources.includes(arn)));
      statements.set(key, entry);
    }
  }
  const counts = new Map<string, number>();
  return [...statements.values()].map(({ stem, resources, condition, actions }) => {
    // A stem holds one statement per condition: a second condition (rare) is numbered.
    const index = (counts.get(stem) ?? 0) + 1;
    counts.set(stem, index);
    return {
      Sid: `${options.sidPrefix ?? ''}${index === 1 ? stem : `${stem}${index}`}`,
      Effect: 'Allow',
      Action: actions,
      Resource: resources,
      ...(condition ? { Condition: condition } : {}),
    };
  });
}
