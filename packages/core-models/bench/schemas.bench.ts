/**
 * Validation cost of the shared schemas. Run with `pnpm bench` in packages/core-models.
 */
import { Bench } from 'tinybench';
import {
  ClusterSnapshotSchema,
  planVersionHops,
  UpgradePlanSchema,
  UpgradeRequestSchema,
} from '../dist/index.js';

const NOW = '2026-11-25T10:00:00.000Z';

/** A 1,000-step plan: far more than a real upgrade needs, to show headroom. */
const plan1000 = {
  planId: 'plan-bench',
  clusterName: 'payments-prod',
  sourceVersion: '1.29',
  targetVersion: '1.30',
  strategy: 'in_place',
  hops: ['1.30'],
  steps: Array.from({ length: 1000 }, (_, index) => ({
    id: `ng-${index}`,
    kind: 'nodegroup_upgrade',
    description: `Node group ng-${index} 1.29 → 1.30`,
    clusterName: 'payments-prod',
    nodegroupName: `ng-${index}`,
    fromVersion: '1.29',
    toVersion: '1.30',
  })),
  blockers: [],
  warnings: [],
  blocked: false,
  source: 'rules',
  createdAt: NOW,
};

const snapshot200 = {
  clusterName: 'payments-prod',
  version: '1.29',
  status: 'ACTIVE',
  nodegroups: Array.from({ length: 200 }, (_, index) => ({
    name: `ng-${index}`,
    version: '1.29',
    status: 'ACTIVE',
  })),
  capturedAt: NOW,
};

const bench = new Bench({ name: 'core-models validation', time: 500 });
bench
  .add('UpgradePlanSchema.parse: 1,000-step plan', () => {
    UpgradePlanSchema.parse(plan1000);
  })
  .add('ClusterSnapshotSchema.parse: 200 node groups', () => {
    ClusterSnapshotSchema.parse(snapshot200);
  })
  .add('UpgradeRequestSchema.parse: minimal request', () => {
    UpgradeRequestSchema.parse({ clusterName: 'payments-prod', targetVersion: '1.31' });
  })
  .add('planVersionHops 1.23 → 1.35', () => {
    planVersionHops('1.23', '1.35');
  });

await bench.run();
console.log(bench.name);
console.table(bench.table());
