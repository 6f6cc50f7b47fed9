import type { ExecutionSummary } from '../models/state-machine.js';
import type { WorkflowHistoryEvent } from './phase-timeline.js';
import type { MapRunSummary } from './step-functions-client.js';
import { buildStepRunDetail, EXECUTION_END, type StepRunDetail } from './step-run-detail.js';

// Reading the plan steps of an execution (its Distributed Map's child executions); what one
// child's history says of its step is built in step-run-detail.ts.
export {
  buildStepRunDetail,
  currentStepRun,
  type StepRunDetail,
  type StepRunEvent,
  StepRunEventKind,
  type StepRunExecution,
} from './step-run-detail.js';

/** The calls `StepRunReader` makes (a `StepFunctionsClient` has them). */
export interface StepRunSource {
  listMapRuns(executionArn: string): Promise<MapRunSummary[]>;
  listMapRunExecutions(mapRunArn: string): Promise<ExecutionSummary[]>;
  getExecutionHistory(executionArn: string): Promise<WorkflowHistoryEvent[]>;
}

interface KnownMapRun {
  summary: MapRunSummary;
  /** Its children were listed after it had stopped: the list is final. */
  listedAfterStop: boolean;
  children: ExecutionSummary[];
}

interface KnownChild {
  detail: StepRunDetail;
  /** The history read showed the execution's end: nothing more to read. */
  ended: boolean;
}

/**
 * Reads the plan steps of an execution from its Distributed Map's child executions, for
 * `watch` (again on each refresh) and `status` (once): ListMapRuns for the execution's Map
 * Runs, ListExecutions (`mapRunArn`, every page) for each run's children, GetExecutionHistory
 * (every page) for each child. A refresh asks only what can have changed: no ListMapRuns while
 * the parent's history shows no Map Run started and every known run stopped; no ListExecutions
 * for a run whose children were listed after it stopped; no history for a child whose history
 * already showed its end.
 *
 * @example
 * ```ts
 * const reader = new StepRunReader(client, executionArn);
 * const steps = await reader.refresh(await client.getExecutionHistory(executionArn));
 * for (const step of steps) console.log(step.stepId, step.status, step.events.at(-1)?.message);
 * ```
 */
export class StepRunReader {
  private readonly mapRuns = new Map<string, KnownMapRun>();
  private readonly children = new Map<string, KnownChild>();
  private redrivenSeen = 0;

  constructor(
    private readonly source: StepRunSource,
    readonly executionArn: string,
  ) {}

  /**
   * The steps' details, in the order they started. With the parent's history (already read by
   * the caller), the Map Runs are listed only when it shows one the reader does not know yet,
   * or one the reader knows is still running.
   */
  async refresh(parentHistory?: readonly WorkflowHistoryEvent[]): Promise<StepRunDetail[]> {
    const redriven = parentHistory?.filter((event) => event.type === 'MapRunRedriven').length ?? 0;
    if (redriven > this.redrivenSeen) {
      // A redriven Map Run runs its failed children again: nothing known of it is final any more.
      this.redrivenSeen = redriven;
      for (const mapRun of this.mapRuns.values()) mapRun.listedAfterStop = false;
      for (const child of this.children.values()) child.ended = false;
    }
    if (redriven > 0 || this.mapRunsMayHaveChanged(parentHistory)) {
      for (const summary of await this.source.listMapRuns(this.executionArn)) {
        const known = this.mapRuns.get(summary.mapRunArn);
        if (known) known.summary = summary;
        else this.mapRuns.set(summary.mapRunArn, { summary, listedAfterStop: false, children: [] });
      }
    }
    for (const mapRun of this.mapRuns.values()) {
      if (mapRun.listedAfterStop) continue;
      const stopped = mapRun.summary.stopDate !== undefined;
      mapRun.children = await this.source.listMapRunExecutions(mapRun.summary.mapRunArn);
      mapRun.listedAfterStop = stopped;
    }
    for (const mapRun of this.mapRuns.values()) {
      for (const child of mapRun.children) {
        if (this.children.get(child.executionArn)?.ended) continue;
        const history = await this.source.getExecutionHistory(child.executionArn);
        const detail = buildStepRunDetail(
          {
            name: child.name,
            executionArn: child.executionArn,
            mapRunArn: mapRun.summary.mapRunArn,
            status: child.status,
            startDate: child.startDate,
            ...(child.stopDate ? { stopDate: child.stopDate } : {}),
          },
          history,
        );
        this.children.set(child.executionArn, {
          detail,
          ended: history.some((event) => EXECUTION_END.test(event.type)),
        });
      }
    }
    return [...this.children.values()]
      .map((child) => child.detail)
      .sort(
        (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.stepIndex ?? 0) - (b.stepIndex ?? 0),
      );
  }

  private mapRunsMayHaveChanged(parentHistory: readonly WorkflowHistoryEvent[] | undefined): boolean {
    if (!parentHistory) return true;
    const started = parentHistory.filter((event) => event.type === 'MapRunStarted');
    if (started.length === 0) return false;
    // A Map Run the reader has not listed yet (by ARN where the history names it).
    const unknown =
      started.some((event) => event.mapRunArn !== undefined && !this.mapRuns.has(event.mapRunArn)) ||
      started.length > this.mapRuns.size;
    const running = [...this.mapRuns.values()].some((mapRun) => mapRun.summary.stopDate === undefined);
    return unknown || running;
  }
}

/**
 * The step details of a local run (`runWorkflowLocally`'s `childExecutions`), as `StepRunReader`
 * reads them on AWS, in the order they started.
 *
 * @example
 * ```ts
 * const steps = stepRunDetailsOfChildren(result.childExecutions);
 * ```
 */
export function stepRunDetailsOfChildren(
  children: readonly {
    name: string;
    status: ExecutionSummary['status'];
    eventLog: readonly WorkflowHistoryEvent[];
  }[],
): StepRunDetail[] {
  return children
    .map((child) => buildStepRunDetail({ name: child.name, status: child.status }, child.eventLog))
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.stepIndex ?? 0) - (b.stepIndex ?? 0));
}
