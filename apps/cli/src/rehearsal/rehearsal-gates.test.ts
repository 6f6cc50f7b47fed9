import type { GatePendingDetail } from '@eks-upgrade/core-models';
import { ScenarioGateSchema } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { describeGateAnswer, scenarioGateAnswers } from './rehearsal-gates.js';

const NOW = new Date('2026-01-05T09:30:00Z');
const pending = (purpose: GatePendingDetail['gate']['purpose'], stepId: string): GatePendingDetail => ({
  clusterName: 'shop-1-31',
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:local',
  planId: 'plan-shop',
  stepId,
  gate: { purpose, summary: 'approve?', timeoutSeconds: 3600, acceptsTrafficTarget: purpose === 'workload' },
  taskToken: 'local-token',
});
const answersFor = (gates: unknown[]) =>
  scenarioGateAnswers({ gates: gates.map((gate) => ScenarioGateSchema.parse(gate)) }, () => NOW);

describe('Function: scenarioGateAnswers', () => {
  it('answers with an entry only its `times` gates, then with the next entry that matches, or approves', () => {
    // Act
    const answers = answersFor([
      { purpose: 'failure', decision: 'approve', resume: true, times: 1 },
      { purpose: 'traffic', decision: 'reject', reason: 'errors rose', times: 1 },
      { purpose: 'traffic', decision: 'timeout' },
    ]);
    const resolutions = [
      answers.resolve(pending('failure', 'green-ng-general')),
      answers.resolve(pending('failure', 'green-ng-general')),
      answers.resolve(pending('traffic', 'gate-traffic-50')),
      answers.resolve(pending('traffic', 'gate-traffic-75')),
    ];

    // Assess
    expect(resolutions).toEqual([
      { decision: 'approve', output: { resume: true }, afterSeconds: 0 },
      { decision: 'approve', output: {}, afterSeconds: 0 },
      { decision: 'reject', reason: 'errors rose', afterSeconds: 0 },
      { decision: 'timeout' },
    ]);
    expect(answers.answered.map((gate) => gate.answeredBy)).toEqual([
      'scenario',
      'default',
      'scenario',
      'scenario',
    ]);
  });

  it('approves a gate the scenario names not at once, a plan gate with the pending plan id', () => {
    // Act
    const answers = answersFor([]);
    const plan = answers.resolve(pending('plan', 'gate-plan'));
    const workload = answers.resolve(pending('workload', 'gate-workload-shop-1-31'));

    // Assess
    expect(plan).toEqual({ decision: 'approve', output: { planId: 'plan-shop' }, afterSeconds: 0 });
    expect(workload).toEqual({ decision: 'approve', output: {}, afterSeconds: 0 });
    expect(answers.answered.map(describeGateAnswer)).toEqual([
      'approved at once (the scenario names no answer for it)',
      'approved at once (the scenario names no answer for it)',
    ]);
  });

  it('answers by step id before purpose: reject with the reason, after the delay', () => {
    // Act
    const answers = answersFor([
      { purpose: 'workload', decision: 'approve' },
      {
        stepId: 'gate-workload-shop-1-31',
        decision: 'reject',
        reason: 'pods crash-loop',
        afterSeconds: 1800,
      },
    ]);
    const resolution = answers.resolve(pending('workload', 'gate-workload-shop-1-31'));

    // Assess
    expect(resolution).toEqual({ decision: 'reject', reason: 'pods crash-loop', afterSeconds: 1800 });
    expect(answers.answered).toEqual([
      {
        stepId: 'gate-workload-shop-1-31',
        purpose: 'workload',
        clusterName: 'shop-1-31',
        decision: 'rejected',
        answeredBy: 'scenario',
        waitedSeconds: 1800,
        pendingAt: '2026-01-05T09:30:00.000Z',
        answeredAt: '2026-01-05T10:00:00.000Z',
        reason: 'pods crash-loop',
      },
    ]);
    expect(describeGateAnswer(answers.answered[0]!)).toBe(
      'rejected after 30 min by the scenario: pods crash-loop',
    );
  });

  it('times out when told, or when the answer comes after the gate’s timeout', () => {
    // Act
    const answers = answersFor([
      { purpose: 'decommission', decision: 'timeout' },
      { purpose: 'traffic', decision: 'approve', afterSeconds: 3600 },
    ]);

    // Assess
    expect(answers.resolve(pending('decommission', 'gate-decommission-shop'))).toEqual({
      decision: 'timeout',
    });
    expect(answers.resolve(pending('traffic', 'gate-traffic-75'))).toEqual({ decision: 'timeout' });
    expect(answers.answered.map((gate) => [gate.decision, gate.waitedSeconds])).toEqual([
      ['timed_out', 3600],
      ['timed_out', 3600],
    ]);
  });

  it('approves with the traffic target and comment, and says when a plan approval names another plan', () => {
    // Act
    const answers = answersFor([
      {
        purpose: 'workload',
        decision: 'approve',
        afterSeconds: 600,
        trafficTarget: { setIdentifier: 'green' },
        comment: 'smoke tests passed',
      },
      { purpose: 'plan', decision: 'approve', planId: 'plan-stale' },
    ]);
    const workload = answers.resolve(pending('workload', 'gate-workload-shop-1-31'));
    const plan = answers.resolve(pending('plan', 'gate-plan'));

    // Assess
    expect(workload).toEqual({
      decision: 'approve',
      output: { comment: 'smoke tests passed', trafficTarget: { setIdentifier: 'green' } },
      afterSeconds: 600,
    });
    expect(plan).toEqual({ decision: 'approve', output: { planId: 'plan-stale' }, afterSeconds: 0 });
    expect(answers.answered.map(describeGateAnswer)).toEqual([
      'approved after 10 min by the scenario: smoke tests passed; traffic target green',
      'approved at once by the scenario: approved plan plan-stale, but the execution waits for plan plan-shop: the workflow treats it as rejected',
    ]);
  });
});
