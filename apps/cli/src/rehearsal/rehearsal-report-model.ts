import type { RollbackResult, UpgradePhase } from '@eks-upgrade/core-models';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import type { UpgradeOutcome } from '../executions/outcome.js';
import type { StepRunView } from '../executions/step-runs-view.js';
import type { TimelineRow } from '../executions/timeline-view.js';
import type { RehearsedGate } from './rehearsal-gates.js';

// What `runRehearsal` reports: the steps, events, phases and limits of one rehearsal.

/** What happened to one plan step in the rehearsal. */
export interface RehearsedStep {
  id: string;
  kind: string;
  description: string;
  /** `succeeded`, `failed`, `skipped`, `in_progress` (cut short) or `not_run`. */
  status: string;
  message: string;
  /** When it started in virtual time (ISO 8601): its Execution call that was not deferred. */
  startedAt?: string;
  /** When its validation settled (healthy or unhealthy), in virtual time. */
  endedAt?: string;
  /** Its last deferral (a maintenance window it waited for): until when, and why. */
  deferredUntil?: string;
  deferredReason?: string;
}

/** One event published during the rehearsal and the rules it matched. */
export interface RehearsedEvent {
  atSeconds: number;
  type: string;
  clusterName: string;
  matchedRules: string[];
}

/** The report of a rehearsal: what ran, what it published, and how it ended. */
export interface RehearsalReport {
  scenario: {
    name: string;
    description?: string;
    clusterName: string;
    fromVersion: string;
    targetVersion: string;
    strategy: string;
    failures: string[];
  };
  outcome: UpgradeOutcome;
  status: string;
  error?: string;
  cause?: string;
  plan?: {
    planId: string;
    hops: string[];
    source: string;
    /** The planner's estimate from typical EKS durations (the rehearsal itself runs in virtual time). */
    estimatedDurationSeconds?: number;
    blockers: Array<{ code: string; message: string }>;
    warnings: Array<{ code: string; message: string }>;
    narrativeUnavailableReason?: string;
  };
  steps: RehearsedStep[];
  phases: TimelineRow[];
  /**
   * Each plan step as its child execution ran it (start, polls, retries, end), the detail
   * `watch` reads from the child executions on AWS.
   */
  stepRuns: StepRunView[];
  events: RehearsedEvent[];
  rulesMatched: Record<string, number>;
  /** The maintenance windows the rehearsal honoured (`upgrade.maintenanceWindows`), when any. */
  maintenanceWindows?: string[];
  /** Their openings during the rehearsal (ISO 8601, virtual time). */
  windowOpenings?: Array<{ opensAt: string; closesAt: string; windows: string[] }>;
  /** When the rehearsal started, in virtual time (the scenario's `startTime`). */
  startedAt: string;
  rollback?: RollbackResult;
  /** Each approval gate the workflow waited at and how the scenario answered it, in order. */
  gates: RehearsedGate[];
  /** Gateway operations each phase called (what its IAM role must allow). */
  gatewayOperations: Record<UpgradePhase, string[]>;
  /**
   * The history events Step Functions would have recorded for this execution, counted as AWS
   * counts them, and the quota (25,000) past which it fails an execution with no rollback.
   */
  historyEvents: { count: number; quota: number };
  /**
   * The child executions the steps ran as (each has its own history and its own quota): how
   * many, and the largest history among them with the step it ran.
   */
  stepHistoryEvents: { executions: number; largest: number; largestStepId?: string };
  durations: { virtualSeconds: number; wallMilliseconds: number };
}

/** The steps' child executions: how many, and the largest history with the step it ran. */
export function stepHistoryEvents(result: LocalRunResult): RehearsalReport['stepHistoryEvents'] {
  const largest = result.childExecutions.reduce<LocalRunResult['childExecutions'][number] | undefined>(
    (found, child) =>
      found === undefined || child.historyEventCount > found.historyEventCount ? child : found,
    undefined,
  );
  const stepId = (largest?.output as { stepId?: unknown } | undefined)?.stepId;
  return {
    executions: result.childExecutions.length,
    largest: largest?.historyEventCount ?? 0,
    ...(typeof stepId === 'string' ? { largestStepId: stepId } : {}),
  };
}
