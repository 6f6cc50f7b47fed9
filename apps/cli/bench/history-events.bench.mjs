/**
 * Step Functions history events of long in-place upgrades, counted by the local runner as AWS
 * counts them (`historyEvents` in the rehearsal report: the upgrade's own execution; each plan
 * step runs as a child execution of a Distributed Map with a history of its own,
 * `stepHistoryEvents.largest` the largest of them): 1.28 → 1.33 (five hops) with 8 and 30
 * managed node groups (30 is EKS's default quota) whose updates take 30 and 60 minutes, polled
 * every 30 s (`upgrade.pollIntervalSeconds`). Step Functions fails an execution at 25,000 events
 * with no rollback (the runner fails it the same way), so this is the figure the workflow design
 * has to keep far below, for every execution. Each case is one `eks-upgrade rehearse --scenario … --config …` run of
 * the built CLI. Scenario timing: every EKS update (control plane, add-ons, node groups) stays
 * InProgress for `timing.updatePolls` DescribeUpdate polls.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33'];
const POLL_INTERVAL_SECONDS = 30;

/** An add-on with a default version for each Kubernetes version of the path. */
function addon(name, versionOf) {
  return {
    name,
    version: versionOf('1.28'),
    compatibility: Object.fromEntries(
      VERSIONS.map((version) => [
        version,
        { defaultVersion: versionOf(version), versions: [versionOf(version)] },
      ]),
    ),
  };
}

function scenario(nodegroups, rollMinutes) {
  return {
    name: `in-place-1.28-1.33-${nodegroups}ng-${rollMinutes}min`,
    cluster: {
      name: 'history',
      version: '1.28',
      nodegroups: Array.from({ length: nodegroups }, (_, index) => ({
        name: `ng-${String(index + 1).padStart(2, '0')}`,
        version: '1.28',
        desiredSize: 3,
      })),
      addons: [
        addon('kube-proxy', (version) => `v${version}.0-eksbuild.1`),
        addon('coredns', (version) => `v1.11.${VERSIONS.indexOf(version)}-eksbuild.1`),
      ],
      supportedVersions: VERSIONS.map((version) => ({ version, status: 'STANDARD_SUPPORT' })),
    },
    alarms: [{ name: 'history-api-5xx', state: 'OK' }],
    request: {
      clusterName: 'history',
      targetVersion: '1.33',
      strategy: 'in_place',
      alarmNames: ['history-api-5xx'],
    },
    timing: {
      updatePolls: (rollMinutes * 60) / POLL_INTERVAL_SECONDS,
      secondsPerPoll: POLL_INTERVAL_SECONDS,
    },
  };
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'history-bench-'));
const configFile = path.join(folder, 'config.json');
// Long enough for the slowest plan (the planner blocks a plan that does not fit).
writeFileSync(
  configFile,
  JSON.stringify({
    stepFunctions: { executionTimeoutSeconds: 30 * 24 * 3600 },
    upgrade: { pollIntervalSeconds: POLL_INTERVAL_SECONDS },
  }),
);

// The same largest case with a hop's node groups rolling five at a time (upgrade.nodegroupParallelism).
const parallelConfigFile = path.join(folder, 'config-parallel.json');
writeFileSync(
  parallelConfigFile,
  JSON.stringify({
    stepFunctions: { executionTimeoutSeconds: 30 * 24 * 3600 },
    upgrade: { pollIntervalSeconds: POLL_INTERVAL_SECONDS, nodegroupParallelism: 5 },
  }),
);
const CASES = [
  ...[8, 30].flatMap((nodegroups) =>
    [30, 60].map((rollMinutes) => ({ nodegroups, rollMinutes, parallelism: 1 })),
  ),
  { nodegroups: 30, rollMinutes: 60, parallelism: 5 },
];

const rows = [];
for (const { nodegroups, rollMinutes, parallelism } of CASES) {
  {
    const file = path.join(folder, `${nodegroups}-${rollMinutes}.json`);
    writeFileSync(file, JSON.stringify(scenario(nodegroups, rollMinutes)));
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [
        bin,
        'rehearse',
        '--scenario',
        file,
        '--config',
        parallelism > 1 ? parallelConfigFile : configFile,
        '--output',
        'json',
      ],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    const wallMs = performance.now() - started;
    let report;
    try {
      report = JSON.parse(result.stdout);
    } catch {
      throw new Error(
        `rehearse exited ${result.status} without a report: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    rows.push({
      'node groups': nodegroups,
      'roll (min)': rollMinutes,
      'rolls at once': parallelism,
      steps: report.steps.length,
      'steps done': report.steps.filter((step) => step.status === 'succeeded' || step.status === 'skipped')
        .length,
      'history events': report.historyEvents.count,
      'of quota': `${Math.round((report.historyEvents.count / report.historyEvents.quota) * 100)} %`,
      'step executions': report.stepHistoryEvents.executions,
      'largest step history': report.stepHistoryEvents.largest,
      outcome: report.outcome,
      'virtual h': Math.round((report.durations.virtualSeconds / 3600) * 10) / 10,
      error: report.error ?? '',
      'wall ms': Math.round(wallMs),
    });
  }
}
const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${cpu}), ${os.platform()} ${os.release()}`);
console.table(rows);
