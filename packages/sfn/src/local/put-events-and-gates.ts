import { GATE_REJECTED_ERROR, type GatePendingDetail } from '@eks-upgrade/core-models';
import type { AslState } from '../workflow/asl/types.js';
import { cloneJson } from './local-json-path.js';
import { type LocalRun, triggerTimeout } from './local-run-context.js';
import type { LocalGateResolution, LocalPutEventsEntry, LocalPutEventsResult } from './local-run-options.js';
import type { LocalTaskInvocation } from './local-run-result.js';
import { taskError } from './local-task-error.js';
/** PutEvents entries as the SDK sends them (Detail as JSON text), published to `onPutEvents`. */
export async function putEvents(
  run: LocalRun,
  stateName: string,
  parameters: unknown,
  record: LocalTaskInvocation,
) {
  const entries = ((parameters as { Entries?: unknown[] })?.Entries ?? []).map((entry) => {
    const raw = entry as Record<string, unknown>;
    return {
      ...(raw as object),
      Source: String(raw.Source ?? ''),
      DetailType: String(raw.DetailType ?? ''),
      Detail: typeof raw.Detail === 'string' ? raw.Detail : JSON.stringify(raw.Detail ?? {}),
    } as LocalPutEventsEntry;
  });
  record.input = entries;
  // The caller's answer becomes the task's result: a copy, so that what it keeps cannot change the execution's data.
  const response = cloneJson((await run.options.onPutEvents?.(entries)) ?? undefined) as
    | LocalPutEventsResult
    | undefined;
  if ((response?.FailedEntryCount ?? 0) > 0) {
    throw taskError('EventBridge.FailedEntry', JSON.stringify(response));
  }
  for (const entry of entries) {
    run.publishedEvents.push({
      source: entry.Source,
      detailType: entry.DetailType,
      detail: JSON.parse(entry.Detail) as Record<string, unknown>,
      eventBusName: entry.EventBusName,
      atSeconds: run.clock.elapsedSeconds(),
      stateName,
    });
  }
  return {
    entries,
    response: response ?? {
      Entries: entries.map((_, index) => ({ EventId: `local-${run.publishedEvents.length + index}` })),
      FailedEntryCount: 0,
    },
  };
}

/**
 * A `putEvents.waitForTaskToken` task: publishes its entries (`gate.pending` with the token),
 * then `resolveGate` answers as SendTaskSuccess / SendTaskFailure would, after a virtual delay;
 * no answer within the gate's timeout fails the task with `States.Timeout`.
 */
export async function waitForGate(
  run: LocalRun,
  stateName: string,
  state: AslState,
  parameters: unknown,
  record: LocalTaskInvocation,
) {
  const { entries } = await putEvents(run, stateName, parameters, record);
  const pending = JSON.parse(entries[0]?.Detail ?? '{}') as GatePendingDetail;
  const timeout =
    typeof pending.gate?.timeoutSeconds === 'number'
      ? pending.gate.timeoutSeconds
      : typeof state.TimeoutSeconds === 'number'
        ? state.TimeoutSeconds
        : 60;
  const resolution: LocalGateResolution = (await run.options.resolveGate?.(pending)) ?? {
    decision: 'approve',
    output: { planId: pending.planId },
  };
  const after = resolution.decision === 'timeout' ? timeout : (resolution.afterSeconds ?? 0);
  // The gate's wait does not look at the workflow's deadline; a wait still running when the
  // execution's own TimeoutSeconds passes ends the execution with States.Timeout (no Catch).
  if (
    run.timeoutSeconds !== undefined &&
    run.clock.elapsedSeconds() + Math.min(after, timeout) > run.timeoutSeconds
  ) {
    await run.scheduler.sleep(run.timeoutSeconds - run.clock.elapsedSeconds());
    throw triggerTimeout(run);
  }
  if (resolution.decision === 'timeout' || after >= timeout) {
    await run.scheduler.sleep(timeout);
    throw taskError('States.Timeout', `Nobody answered the task token within ${timeout} s`);
  }
  await run.scheduler.sleep(after);
  if (resolution.decision === 'reject') throw taskError(GATE_REJECTED_ERROR, resolution.reason);
  return cloneJson(resolution.output ?? {});
}
