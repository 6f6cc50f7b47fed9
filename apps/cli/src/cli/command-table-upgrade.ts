import {
  type CommandSpec,
  clusterFlag,
  executionPositional,
  prefixFlag,
  stateMachineFlag,
  strategyFlag,
  upgradeFlags,
} from './command-table-flags.js';

/** The commands that rehearse, plan, start, follow, answer and stop upgrades. */
export const UPGRADE_COMMANDS = {
  rehearse: {
    summary: 'rehearse an upgrade end to end on this machine, with no AWS account',
    details:
      'Runs the same state machine the deploy command ships under a local interpreter. Each task calls the real phase handler code against a simulated cluster; events go through an in-process bus with the deployed rules; waits run in virtual time. With no flags it rehearses the built-in blue/green demo. A scenario file (JSON) describes the cluster and the failures to inject.',
    positionals: [],
    flags: {
      scenario: { type: 'string', valueName: 'FILE', description: 'scenario file (JSON) to rehearse' },
      cluster: { ...clusterFlag, description: 'override the scenario cluster name' },
      from: { type: 'string', valueName: 'VERSION', description: 'override the current cluster version' },
      to: { type: 'string', valueName: 'VERSION', description: 'override the target version' },
      strategy: { ...strategyFlag, description: 'override the scenario strategy' },
      report: { type: 'string', valueName: 'FILE', description: 'also write the report as Markdown to FILE' },
      config: {
        type: 'string',
        valueName: 'FILE',
        description:
          'rehearse with this agent configuration (JSON, as config export writes it; validated like config import)',
      },
    },
    examples: [
      'eks-upgrade rehearse',
      'eks-upgrade rehearse --scenario examples/in-place-success.json --config exported-config.json',
      'eks-upgrade rehearse --scenario examples/rollback-at-50-percent.json --report report.md',
      'eks-upgrade rehearse --from 1.29 --to 1.31 --strategy in_place --output json',
    ],
  },
  plan: {
    summary: 'plan an upgrade of a real cluster (perception + reasoning); changes nothing',
    details:
      "Exits 0 with a runnable plan and 1 when the plan is blocked (the blockers are listed). With --cluster alone (no --target), shows the plan the cluster's running execution waits to have approved (a plan gate), with its plan id for eks-upgrade approve --plan-id.",
    positionals: [],
    flags: {
      ...upgradeFlags,
      target: {
        ...upgradeFlags.target,
        required: false,
        description:
          "target Kubernetes version, e.g. 1.31 (without it: the plan the cluster's running execution waits to have approved)",
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade plan --cluster payments-prod',
      'eks-upgrade plan --cluster payments-prod --target 1.31 --strategy in_place',
      'eks-upgrade plan --cluster payments-prod --target 1.31 --strategy blue_green --traffic-routing @routing.json',
    ],
  },
  start: {
    summary: 'start an upgrade execution on the deployed state machine',
    positionals: [],
    flags: {
      ...upgradeFlags,
      wait: { type: 'boolean', description: 'follow the execution until it ends (like watch)' },
      'approve-plan': {
        type: 'boolean',
        description:
          'wait for the plan to be approved before anything changes (eks-upgrade plan --cluster NAME shows it, eks-upgrade approve --plan-id answers)',
      },
      name: {
        type: 'string',
        valueName: 'NAME',
        description: 'execution name (default: derived from the request); with --at, the schedule name',
      },
      at: {
        type: 'string',
        valueName: 'TIME',
        description:
          'start later: an EventBridge Scheduler one-time schedule (ISO 8601, e.g. 2026-12-01T22:00 with --time-zone, or 2026-12-01T21:00:00Z)',
      },
      'time-zone': {
        type: 'string',
        valueName: 'ZONE',
        description: 'IANA time zone --at is read in when it has no offset (default: UTC)',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade start --cluster payments-prod --target 1.31 --traffic-routing @routing.json --alarm payments-5xx',
      'eks-upgrade start --cluster payments-prod --target 1.31 --strategy in_place --wait',
      'eks-upgrade start --cluster payments-prod --target 1.31 --strategy in_place --at 2026-12-01T22:00 --time-zone Europe/Berlin',
    ],
  },
  status: {
    summary: 'show the status of an execution',
    positionals: [executionPositional],
    flags: { cluster: clusterFlag, 'state-machine': stateMachineFlag, prefix: prefixFlag },
    examples: [
      'eks-upgrade status',
      'eks-upgrade status --cluster payments-prod',
      'eks-upgrade status arn:aws:states:...',
    ],
  },
  watch: {
    summary: 'follow an execution: phase timeline on stderr, final result on stdout',
    details: 'Exits 0 when the upgrade succeeds, 3 when it was rolled back and 1 when it failed otherwise.',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
      'max-wait': {
        type: 'number',
        valueName: 'SECONDS',
        description: 'give up following after this long (default: the configured execution timeout)',
      },
      interval: { type: 'number', valueName: 'SECONDS', description: 'first polling interval (default: 2)' },
    },
    examples: ['eks-upgrade watch --cluster payments-prod'],
  },
  resume: {
    summary: 'resume an execution that stopped short: redrive it from the state that did not finish',
    details:
      'A failed, stopped or timed-out execution that Step Functions can still redrive (RedriveExecution, within 14 days) restarts from the state that did not finish, with the input it had; what ran before is not run again. An execution waiting at a gate is answered with approve or reject instead. When nothing can be resumed (it rolled back, is past the 14 days, ran past its timeout), it says why and what to do, and exits 1.',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
      wait: { type: 'boolean', description: 'follow the execution until it ends (like watch)' },
    },
    examples: ['eks-upgrade resume --cluster payments-prod', 'eks-upgrade resume arn:aws:states:... --wait'],
  },
  stop: {
    summary: 'stop a running execution',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
      reason: {
        type: 'string',
        valueName: 'TEXT',
        description: 'why it was stopped (recorded as the cause)',
      },
    },
    examples: ['eks-upgrade stop --cluster payments-prod --reason "maintenance window closed"'],
  },
  approve: {
    summary: "approve the gate a cluster's running execution waits at",
    details:
      "Finds the pending approval gate from the execution's history (no task token to paste) and answers it with SendTaskSuccess. A plan gate needs --plan-id of the plan you reviewed (eks-upgrade plan --cluster NAME shows it): the plan approved is the plan executed. A blue/green workload gate whose request names no green record needs --traffic-target. Exits 1 when the cluster has no running execution or it waits at no gate.",
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      'plan-id': {
        type: 'string',
        valueName: 'ID',
        description: 'plan gate: the id of the plan you reviewed (must be the pending plan)',
      },
      'traffic-target': {
        type: 'string',
        valueName: 'JSON|@FILE',
        description:
          'workload gate: the green record traffic moves to, {"setIdentifier": "...", "target": "..."}',
      },
      comment: { type: 'string', valueName: 'TEXT', description: 'recorded with the approval' },
      'approved-by': {
        type: 'string',
        valueName: 'NAME',
        description: 'who approves, recorded with the approval (default: $USER)',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: [
      'eks-upgrade approve --cluster payments-prod --plan-id payments-prod-1.30-to-1.31-in_place',
      'eks-upgrade approve --cluster shop --traffic-target \'{"setIdentifier":"green"}\' --comment "smoke tests passed"',
    ],
  },
  reject: {
    summary: "reject the gate a cluster's running execution waits at (it rolls back)",
    details:
      'Answers the pending approval gate with SendTaskFailure (Upgrade.GateRejected, the reason as cause). The workflow rolls back what it changed; rejected before any change, it ends "Upgrade: Rejected" with nothing to undo. Exits 1 when the cluster has no running execution or it waits at no gate.',
    positionals: [executionPositional],
    flags: {
      cluster: clusterFlag,
      reason: {
        type: 'string',
        valueName: 'TEXT',
        description: 'why (recorded as the cause and in gate.rejected)',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: ['eks-upgrade reject --cluster shop --reason "checkout pods crash-loop on green"'],
  },
  list: {
    summary: 'list executions of the state machine',
    positionals: [],
    flags: {
      status: {
        type: 'string',
        valueName: 'STATUS',
        choices: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'],
        description: 'only executions with this status',
      },
      'state-machine': stateMachineFlag,
      prefix: prefixFlag,
    },
    examples: ['eks-upgrade list --status RUNNING --output table'],
  },
  history: {
    summary: 'show the phase timeline of an execution',
    positionals: [executionPositional],
    flags: { cluster: clusterFlag, 'state-machine': stateMachineFlag, prefix: prefixFlag },
    examples: ['eks-upgrade history --cluster payments-prod'],
  },
} as const satisfies Record<string, CommandSpec>;
