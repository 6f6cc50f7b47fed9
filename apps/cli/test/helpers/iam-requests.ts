import { GATEWAY_OPERATION_GRANTS, type GatewayOperation, type IamResourceKind } from '@eks-upgrade/lambdas';
import type { PolicyDocument, PolicyStatement } from '../../src/stack/iam-policies.js';
import type { StackLocation } from '../../src/stack/stack-names.js';
import type { RecordedCall } from './fake-aws.js';

/**
 * What IAM authorises for one AWS call: an action on a resource (`*` for an action that supports
 * no resource-level permissions), with the condition keys the request carries.
 */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The call it stands for, to name it when it is refused. */
  readonly call: string;
}

/** A wildcard ARN pattern (`*`, `?`) as a regular expression, as IAM matches Resource. */
function pattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

const asList = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/**
 * Whether a statement's conditions hold for the request: every operator and every key must hold
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
 * Only the operators eks-upgrade's policies use are known; any other fails loudly.
 */
function conditionsHold(statement: PolicyStatement, context: IamRequest['context']): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, allowed]) => {
      const values = asList(allowed);
      const present = asList(context[key]);
      switch (operator) {
        case 'StringEquals':
          return present.length === 1 && values.includes(present[0]!);
        case 'ForAllValues:StringEquals':
          return present.every((value) => values.includes(value));
        case 'Null':
          return (present.length === 0) === (values[0] === 'true');
        default:
          throw new Error(`test: condition operator ${operator} is not evaluated here`);
      }
    }),
  );
}

/** The statements of `policy` that allow `request`. */
export function allowingStatements(policy: PolicyDocument, request: IamRequest): PolicyStatement[] {
  return policy.Statement.filter(
    (statement) =>
      statement.Action.includes(request.action) &&
      asList(statement.Resource).some((resource) => pattern(resource).test(request.resource)) &&
      conditionsHold(statement, request.context),
  );
}

/** The ARN builders of the account the fake AWS answers for. */
function arnsOf({ partition, region, accountId }: StackLocation) {
  return {
    parameter: (name: string) => `arn:${partition}:ssm:${region}:${accountId}:parameter${name}`,
    bus: (name: string) =>
      name.startsWith('arn:') ? name : `arn:${partition}:events:${region}:${accountId}:event-bus/${name}`,
    lambda: (name: string) =>
      name.startsWith('arn:') ? name : `arn:${partition}:lambda:${region}:${accountId}:function:${name}`,
    schedule: (group: string, name: string) =>
      `arn:${partition}:scheduler:${region}:${accountId}:schedule/${group}/${name}`,
  };
}

type Mapping = (
  input: Record<string, unknown>,
  location: StackLocation,
) => readonly (Omit<IamRequest, 'call' | 'context'> & { context?: IamRequest['context'] })[];

/**
 * The action and resource of each SDK call the operator commands send, from the Service
 * Authorization Reference (list_awssystemsmanager.html, list_awsstepfunctions.html,
 * list_amazoneventbridge.html, list_awslambda.html, list_amazoneventbridgescheduler.html).
 * A call missing here fails the test: add it with what IAM authorises it on.
 */
const SDK_CALLS: Readonly<Record<string, Mapping>> = {
  'SSM:GetParametersByPath': (input, location) => [
    { action: 'ssm:GetParametersByPath', resource: arnsOf(location).parameter(String(input.Path)) },
  ],
  'SSM:PutParameter': (input, location) => [
    { action: 'ssm:PutParameter', resource: arnsOf(location).parameter(String(input.Name)) },
  ],
  'SSM:DeleteParameters': (input, location) =>
    (input.Names as string[]).map((name) => ({
      action: 'ssm:DeleteParameters',
      resource: arnsOf(location).parameter(name),
    })),
  'SFN:ListStateMachines': () => [{ action: 'states:ListStateMachines', resource: '*' }],
  'SFN:DescribeStateMachineAlias': (input) => [
    { action: 'states:DescribeStateMachineAlias', resource: String(input.stateMachineAliasArn) },
  ],
  'SFN:StartExecution': (input) => [
    { action: 'states:StartExecution', resource: String(input.stateMachineArn) },
  ],
  // ListExecutions is authorised on the Map Run when it lists a Map Run's children.
  'SFN:ListExecutions': (input) => [
    { action: 'states:ListExecutions', resource: String(input.mapRunArn ?? input.stateMachineArn) },
  ],
  'SFN:DescribeExecution': (input) => [
    { action: 'states:DescribeExecution', resource: String(input.executionArn) },
  ],
  'SFN:GetExecutionHistory': (input) => [
    { action: 'states:GetExecutionHistory', resource: String(input.executionArn) },
  ],
  'SFN:ListMapRuns': (input) => [{ action: 'states:ListMapRuns', resource: String(input.executionArn) }],
  'SFN:StopExecution': (input) => [{ action: 'states:StopExecution', resource: String(input.executionArn) }],
  'SFN:RedriveExecution': (input) => [
    { action: 'states:RedriveExecution', resource: String(input.executionArn) },
  ],
  'SFN:SendTaskSuccess': () => [{ action: 'states:SendTaskSuccess', resource: '*' }],
  'SFN:SendTaskFailure': () => [{ action: 'states:SendTaskFailure', resource: '*' }],
  'EventBridge:PutEvents': (input, location) =>
    (input.Entries as { EventBusName?: string }[]).map((entry) => ({
      action: 'events:PutEvents',
      resource: arnsOf(location).bus(entry.EventBusName ?? 'default'),
    })),
  'EventBridge:ListRules': () => [{ action: 'events:ListRules', resource: '*' }],
  'Lambda:ListFunctions': () => [{ action: 'lambda:ListFunctions', resource: '*' }],
  'Lambda:Invoke': (input, location) => [
    { action: 'lambda:InvokeFunction', resource: arnsOf(location).lambda(String(input.FunctionName)) },
  ],
  // A schedule is created with the role it runs as: iam:PassRole to EventBridge Scheduler.
  'Scheduler:CreateSchedule': (input, location) => [
    {
      action: 'scheduler:CreateSchedule',
      resource: arnsOf(location).schedule(String(input.GroupName ?? 'default'), String(input.Name)),
    },
    {
      action: 'iam:PassRole',
      resource: String((input.Target as { RoleArn: string }).RoleArn),
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    },
  ],
};

/**
 * The IAM requests of SDK calls recorded by `fakeAws`; every request carries the region it is
 * sent to (`aws:RequestedRegion`).
 */
export function requestsOfCalls(calls: readonly RecordedCall[], location: StackLocation): IamRequest[] {
  return calls.flatMap((call) => {
    const name = `${call.service}:${call.operation}`;
    const mapping = SDK_CALLS[name];
    if (!mapping) throw new Error(`test: no IAM mapping for ${name}; add what IAM authorises it on`);
    return mapping(call.input, location).map((request) => ({
      ...request,
      context: { 'aws:RequestedRegion': location.region, ...request.context },
      call: `${name} ${JSON.stringify(call.input).slice(0, 160)}`,
    }));
  });
}

/** One resource of each kind, of `clusterName`, for a gateway call on it. */
function sampleArn(kind: IamResourceKind | 'any', clusterName: string, location: StackLocation): string {
  const { partition, region, accountId } = location;
  const eks = (resource: string) => `arn:${partition}:eks:${region}:${accountId}:${resource}`;
  const samples: Readonly<Record<IamResourceKind | 'any', string>> = {
    'eks-cluster': eks(`cluster/${clusterName}`),
    'eks-nodegroup': eks(`nodegroup/${clusterName}/general/0a1b`),
    'eks-addon': eks(`addon/${clusterName}/vpc-cni/0a1b`),
    'eks-fargateprofile': eks(`fargateprofile/${clusterName}/default/0a1b`),
    'eks-access-entry': eks(`access-entry/${clusterName}/role/${accountId}/admin/0a1b`),
    'eks-podidentityassociation': eks(`podidentityassociation/${clusterName}/a-0a1b`),
    'iam-oidc-provider': `arn:${partition}:iam::${accountId}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/0A1B`,
    'iam-role': `arn:${partition}:iam::${accountId}:role/${clusterName}-role`,
    'route53-hosted-zone': `arn:${partition}:route53:::hostedzone/Z0A1B`,
    'route53-change': `arn:${partition}:route53:::change/C0A1B`,
    any: '*',
  };
  return samples[kind];
}

/**
 * The IAM requests of gateway operations on `clusterName` (what `plan` runs through the cluster
 * gateway), from the grants each declares (`GATEWAY_OPERATION_GRANTS`, which
 * lambda-bundle-iam.test.ts checks against the SDK commands each operation sends). A grant on
 * several kinds of resource is asked on each.
 */
export function requestsOfGatewayOperations(
  operations: readonly GatewayOperation[],
  clusterName: string,
  location: StackLocation,
): IamRequest[] {
  return operations.flatMap((operation) =>
    GATEWAY_OPERATION_GRANTS[operation].flatMap((grant) =>
      grant.resources.map((resource) => ({
        action: grant.action,
        resource: sampleArn(resource.kind, clusterName, location),
        context: {
          'aws:RequestedRegion': location.region,
          ...(grant.condition?.operator === 'StringEquals'
            ? { [grant.condition.key]: grant.condition.value }
            : {}),
        },
        call: `gateway ${operation} (${clusterName})`,
      })),
    ),
  );
}
