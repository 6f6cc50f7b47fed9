import type { PlanIssue, PlanStep } from '@eks-upgrade/core-models';
import type { PlanIssueCode } from './plan-issue-code.js';

/**
 * Collects a plan while the rules run: blockers, warnings and steps, each in the order the rules
 * add them (the order a reader sees in the plan).
 *
 * @example
 * ```ts
 * const builder = new PlanBuilder();
 * builder.warn(PlanIssueCode.FARGATE_PROFILES, 'Fargate profiles (default) keep their old kubelet');
 * builder.blockers.length; // 0
 * ```
 */
export class PlanBuilder {
  readonly blockers: PlanIssue[] = [];
  readonly warnings: PlanIssue[] = [];
  readonly steps: PlanStep[] = [];

  /** A reason not to run the plan at all (`UpgradePlan.blocked`). */
  block(code: PlanIssueCode, message: string, resource?: string): void {
    this.blockers.push({ code, message, ...(resource ? { resource } : {}) });
  }

  /** Something the operator should know before running the plan. */
  warn(code: PlanIssueCode, message: string, resource?: string): void {
    this.warnings.push({ code, message, ...(resource ? { resource } : {}) });
  }

  add(step: PlanStep): void {
    this.steps.push(step);
  }
}
