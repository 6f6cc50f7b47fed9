/**
 * Matcher throughput (ops/s) for typical patterns against a typical upgrade event envelope, and
 * the cost of validating + compiling a new pattern. Run: `pnpm bench` in packages/events.
 */
import { registerHooks } from 'node:module';
import { Bench } from 'tinybench';

// Plain node runs this file (vitest 5 has no bench): type stripping handles TypeScript, and this
// hook lets the sources' `.js` imports find their `.ts` files.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
        return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
      }
      throw error;
    }
  },
});

const {
  buildRollbackTriggerPattern,
  buildUpgradeMonitoringPattern,
  compileEventPattern,
  matchesEventPattern,
} = await import('../src/index.js');

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'validation.failure',
  source: 'eks-upgrade-agent',
  account: '123456789012',
  time: '2025-06-01T10:20:30Z',
  region: 'us-east-1',
  resources: ['arn:aws:eks:us-east-1:123456789012:cluster/prod'],
  detail: {
    clusterName: 'prod',
    upgradeId: 'upg-20250601-1',
    stepId: 'traffic-50',
    failedChecks: ['nodegroup ng-1 DEGRADED', 'alarm api-5xx in ALARM'],
    metrics: { errorRate: 0.31, nodesReady: 5, sourceIp: '10.0.12.7' },
  },
};

const patterns = {
  'monitoring rule (source + detail.clusterName)': buildUpgradeMonitoringPattern('prod'),
  'rollback trigger (source + 2 detail-types + cluster)': buildRollbackTriggerPattern({
    clusterName: 'prod',
  }),
  'content filters (prefix, numeric range, cidr, anything-but prefix)': {
    source: [{ prefix: 'eks-upgrade' }],
    detail: {
      metrics: { errorRate: [{ numeric: ['>', 0.1, '<=', 1] }], sourceIp: [{ cidr: '10.0.0.0/16' }] },
      stepId: [{ 'anything-but': { prefix: 'control-plane' } }],
    },
  },
  '$or: wildcard in an event array, or suffix': {
    $or: [
      { detail: { failedChecks: [{ wildcard: 'nodegroup * DEGRADED' }] } },
      { 'detail-type': [{ suffix: '.failed' }] },
    ],
  },
  'equals-ignore-case, no match': { detail: { clusterName: [{ 'equals-ignore-case': 'STAGING' }] } },
};

const bench = new Bench({
  name: 'matchesEventPattern (same pattern object: compiled once, cached)',
  time: 1000,
});
for (const [name, pattern] of Object.entries(patterns)) {
  bench.add(name, () => {
    matchesEventPattern(pattern, event);
  });
}
const contentPattern = patterns['content filters (prefix, numeric range, cidr, anything-but prefix)'];
bench.add('compileEventPattern: validate + compile a new content-filters pattern', () => {
  compileEventPattern(structuredClone(contentPattern));
});
await bench.run();
console.log(bench.name);
console.table(bench.table());
