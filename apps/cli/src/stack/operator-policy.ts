/**
 * The IAM policy a person or pipeline needs to run eks-upgrade's day-to-day commands against a
 * deployed stack, and no more: `plan`, `start` (and `--at`), `watch`, `status`, `approve`,
 * `reject`, `resume`, `stop`, `history`, `list`, `config get|show|set|export|import`,
 * `events publish`, `events rules list`, `functions list|invoke`. `rehearse` calls no AWS;
 * `deploy`, `destroy`, `synth --upload-to`, `config init` and `events rules apply` build or change
 * the stack and are not covered. Derived from what those commands send (checked by
 * test/unit/operator-policy-against-fake-aws.test.ts); actions and resource types from the
 * Service Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html,
 * list_awssystemsmanager.html, list_amazoneventbridge.html, list_awslambda.html,
 * list_amazoneventbridgescheduler.html).
 */
import { type AgentConfig, phaseFunctionName, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { PHASE_GATEWAY_OPERATIONS } from '@eks-upgrade/lambdas';
import { AGENT_CONFIG_NAME } from '../context/agent-config.js';
import {
  bedrockStatements,
  gatewayOperationStatements,
  type PolicyDocument,
  type PolicyStatement,
} from './iam-policies.js';
import { schedulerRoleName } from './iam-roles.js';
import { arnsFor, type StackLocation } from './stack-names.js';

/** Who EventBridge Scheduler is, to whom `start --at` passes the scheduler role. */
const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

/** The Step Functions statements: the stack's state machine, its executions and Map Runs. */
function workflowStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  const arns = arnsFor(location);
  const name = config.stepFunctions.stateMachineName;
  const machine = arns.stateMachine(name);
  const executions = arns.execution(name);
  // A Map Run child's ARN carries the Map Run's label: execution:<machine>/<label>:<id>.
  const childExecutions = executions.replace(/:\*$/, '/*');
  const mapRuns = `arn:${location.partition}:states:${location.region}:${location.accountId}:mapRun:${name}/*`;
  return [
    {
      // ListStateMachines supports no resource-level permissions: the CLI finds the stack's
      // machine by name among them.
      Sid: 'FindStateMachine',
      Effect: 'Allow',
      Action: ['states:ListStateMachines'],
      Resource: '*',
    },
    {
      // `start` runs through the `live` alias (a `:live` ARN), on the machine when it has none.
      Sid: 'StartUpgrades',
      Effect: 'Allow',
      Action: ['states:DescribeStateMachineAlias', 'states:StartExecution'],
      Resource: [machine, `${machine}:*`],
    },
    {
      // ListExecutions is authorised on the machine, or on the Map Run whose children it lists
      // (`mapRunArn`: each plan step runs as a child of the Distributed Map `Step: Run`).
      Sid: 'ListExecutions',
      Effect: 'Allow',
      Action: ['states:ListExecutions'],
      Resource: [machine, mapRuns],
    },
    {
      Sid: 'ReadExecutions',
      Effect: 'Allow',
      Action: ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:ListMapRuns'],
      Resource: [executions],
    },
    {
      // `watch` and `status` read what each step did in its child execution.
      Sid: 'ReadStepChildExecutions',
      Effect: 'Allow',
      Action: ['states:GetExecutionHistory'],
      Resource: [childExecutions],
    },
    {
      Sid: 'StopOrRedriveExecutions',
      Effect: 'Allow',
      Action: ['states:RedriveExecution', 'states:StopExecution'],
      Resource: [executions],
    },
    {
      // `approve`, `reject` and `resume` answer a gate with the task token read from the
      // execution's history; SendTaskSuccess/Failure name no resource a policy can narrow to,
      // the token itself is what only a reader of this stack's histories holds.
      Sid: 'AnswerGates',
      Effect: 'Allow',
      Action: ['states:SendTaskFailure', 'states:SendTaskSuccess'],
      Resource: '*',
    },
  ];
}

/**
 * The configuration under the prefix (`<prefix>config/`): read by every command, written by
 * `config set` and `config import`. No configuration key is sensitive (`isSensitiveKey`), so no
 * command reads or writes a SecureString: no kms:Decrypt or kms:Encrypt.
 */
function configurationStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  const arns = arnsFor(location);
  const root = `${config.parameterStore.parameterPrefix}${AGENT_CONFIG_NAME}`;
  return [
    {
      Sid: 'ReadConfiguration',
      Effect: 'Allow',
      Action: ['ssm:GetParametersByPath'],
      Resource: [arns.parameters(root)],
    },
    {
      Sid: 'WriteConfiguration',
      Effect: 'Allow',
      Action: ['ssm:DeleteParameters', 'ssm:PutParameter'],
      Resource: [arns.parameters(`${root}/*`)],
    },
  ];
}

function eventStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  return [
    {
      Sid: 'PublishEvents',
      Effect: 'Allow',
      Action: ['events:PutEvents'],
      Resource: [arnsFor(location).eventBus(config.eventBridge.busName)],
    },
    {
      // `events rules list` lists by name prefix; ListRules takes no resource.
      Sid: 'ListRules',
      Effect: 'Allow',
      Action: ['events:ListRules'],
      Resource: '*',
    },
  ];
}

function functionStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  const arns = arnsFor(location);
  return [
    {
      // ListFunctions supports no resource-level permissions.
      Sid: 'ListFunctions',
      Effect: 'Allow',
      Action: ['lambda:ListFunctions'],
      Resource: '*',
    },
    {
      Sid: 'InvokePhaseFunctions',
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction'],
      Resource: UPGRADE_PHASES.map((phase) =>
        arns.function(phaseFunctionName(phase, config.lambda.functionPrefix)),
      ),
    },
  ];
}

/** `start --at`: a one-time schedule of the default group, run as the stack's scheduler role. */
function scheduleStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  const arns = arnsFor(location);
  return [
    {
      Sid: 'ScheduleStarts',
      Effect: 'Allow',
      Action: ['scheduler:CreateSchedule'],
      Resource: [
        `arn:${location.partition}:scheduler:${location.region}:${location.accountId}:schedule/default/*`,
      ],
    },
    {
      Sid: 'PassSchedulerRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [arns.role(schedulerRoleName(config))],
      Condition: { StringEquals: { 'iam:PassedToService': SCHEDULER_SERVICE } },
    },
  ];
}

/**
 * `plan --target` runs perception and reasoning on the operator's machine, with the code the
 * functions run: the same grants as those two functions' roles (their gateway operations on
 * what the configuration lets the stack touch, and Bedrock on the configured model when on).
 */
function planStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  const operations = [
    ...new Set([...PHASE_GATEWAY_OPERATIONS.perception, ...PHASE_GATEWAY_OPERATIONS.reasoning]),
  ];
  return [
    ...gatewayOperationStatements(operations, config, location, { decommissions: false, sidPrefix: 'Plan' }),
    ...(config.bedrock.enabled
      ? bedrockStatements(config, location).map((statement) => ({
          ...statement,
          Sid: `Plan${statement.Sid ?? ''}`,
        }))
      : []),
  ];
}

/**
 * The least-privilege IAM policy for operating a deployed stack (see the file header for the
 * commands it covers): this stack's state machine, its alias and versions, its executions and
 * their Map Run child executions; its configuration under `parameterStore.parameterPrefix`; its
 * bus; its phase functions; its scheduler role; and, for `plan`, what perception and reasoning
 * read. `eks-upgrade operator-policy` prints it; the CloudFormation template can carry it as an
 * `AWS::IAM::ManagedPolicy` (pass the template's location and prefix placeholders).
 *
 * @example
 * ```ts
 * const policy = operatorPolicyDocument(config, { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' });
 * policy.Statement.map((statement) => statement.Sid); // ['FindStateMachine', 'StartUpgrades', …]
 * ```
 */
export function operatorPolicyDocument(config: AgentConfig, location: StackLocation): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      ...workflowStatements(config, location),
      ...configurationStatements(config, location),
      ...eventStatements(config, location),
      ...functionStatements(config, location),
      ...scheduleStatements(config, location),
      ...planStatements(config, location),
    ],
  };
}
