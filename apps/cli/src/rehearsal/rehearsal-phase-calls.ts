import {
  type ClusterSnapshot,
  type ExecutionPhaseResult,
  isGateWait,
  isStepDeferral,
  type RollbackResult,
  type UpgradePhase,
  type UpgradePlan,
  type ValidationResult,
} from '@eks-upgrade/core-models';
import type { ClusterGateway } from '@eks-upgrade/lambdas';
import { countOf } from '../cli/plural.js';

// How the rehearsal calls the phase functions: which gateway operations each calls, the line
// printed for each answer, the step a call is about, and the failures Lambda would raise.

/** Records which gateway operations a phase calls, passing every call through. */
export function recordingGateway(gateway: ClusterGateway, calls: Set<string>): ClusterGateway {
  // One wrapper per method (made again if the method is replaced): a long rehearsal calls the
  // gateway tens of thousands of times.
  const wrappers = new Map<PropertyKey, { method: unknown; wrapper: (...args: unknown[]) => unknown }>();
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const known = wrappers.get(property);
      if (known && known.method === value) return known.wrapper;
      const wrapper = (...args: unknown[]) => {
        calls.add(String(property));
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
      wrappers.set(property, { method: value, wrapper });
      return wrapper;
    },
  });
}

export function describeResult(phase: UpgradePhase, output: unknown): string {
  switch (phase) {
    case 'perception': {
      const snapshot = output as ClusterSnapshot;
      return `cluster ${snapshot.clusterName} at ${snapshot.version}: ${countOf(snapshot.nodegroups.length, 'node group')}, ${countOf(snapshot.addons.length, 'add-on')}, ${countOf(snapshot.insights.length, 'insight')}`;
    }
    case 'reasoning': {
      const plan = output as UpgradePlan;
      const blocked = plan.blocked
        ? `, BLOCKED: ${plan.blockers.map((blocker) => blocker.code).join(', ')}`
        : '';
      return `plan ${plan.sourceVersion} → ${plan.targetVersion} via ${plan.hops.join(', ') || '-'}: ${countOf(plan.steps.length, 'step')}, ${countOf(plan.warnings.length, 'warning')}${blocked}`;
    }
    case 'execution': {
      const result = output as ExecutionPhaseResult;
      if (isGateWait(result)) return `${result.stepId} (approval_gate) ${result.message}`;
      if (isStepDeferral(result))
        return `${result.stepId} (${result.kind}) deferred until ${result.deferredUntil}: ${result.deferredReason}`;
      return `${result.stepId} (${result.kind}) ${result.status}: ${result.message}`;
    }
    case 'validation': {
      const result = output as ValidationResult;
      return `${result.stepId ?? 'final'} ${result.status}: ${result.summary}`;
    }
    case 'rollback': {
      const result = output as RollbackResult;
      return `${result.success ? 'done' : 'FAILED'}: ${result.summary}`;
    }
  }
}

/** A Lambda invocation's failure as Step Functions names it (the error's name is its `Error`). */
export function lambdaError(errorType: string, phase: UpgradePhase): Error {
  const error = new Error(
    errorType === 'Lambda.Unknown'
      ? `The ${phase} function's runtime exited before it answered (simulated)`
      : errorType === 'Lambda.ClientExecutionTimeoutException'
        ? `The ${phase} function ran, but its invocation timed out before the answer came (simulated)`
        : `The ${phase} function's invocation failed: ${errorType} (simulated)`,
  );
  error.name = errorType;
  return error;
}

/** The id of the step a phase call is about ('' for none). */
export function stepIdOf(payload: unknown): string {
  const id = (payload as { step?: { id?: unknown } } | null)?.step?.id;
  return typeof id === 'string' ? id : '';
}
