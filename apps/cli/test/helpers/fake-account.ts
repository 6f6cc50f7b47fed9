import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { createFunctionZip } from '@eks-upgrade/lambda-templates';
import { serviceError } from './fake-aws.js';

const ACCOUNT = '123456789012';

/**
 * A folder with a small `<phase>.zip` for each phase function, for `deploy --zip-dir`: the tests
 * do not depend on the build of apps/lambdas.
 */
export async function phaseZipDirectory(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-zips-'));
  for (const phase of UPGRADE_PHASES) {
    await writeFile(
      path.join(folder, `${phase}.zip`),
      createFunctionZip({ 'index.mjs': `export const handler = async () => ({ phase: '${phase}' });` }),
    );
  }
  return folder;
}
const REGION = 'us-east-1';

/**
 * An AWS account in memory for deploy and destroy: parameters, IAM roles and their inline
 * policies, Lambda functions, state machines and EventBridge rules, answering the operations the
 * CLI and its packages send. It keeps what it is told, so a second deploy sees the first.
 */
export function fakeAccount() {
  const parameters = new Map<string, string>();
  const roles = new Map<string, { trust: string; policies: Map<string, string>; tags: unknown[] }>();
  const functions = new Map<string, Record<string, unknown>>();
  const stateMachines = new Map<string, { definition: string; roleArn: string; tags: unknown[] }>();
  const rules = new Map<string, { rule: Record<string, unknown>; targets: Array<Record<string, unknown>> }>();
  /** Published state machine versions by version ARN, and alias routings by alias ARN. */
  const versions = new Map<string, { definition: string; roleArn: string; tags: unknown[] }>();
  const aliases = new Map<string, Array<{ stateMachineVersionArn: string; weight: number }>>();
  /** Versions deleted (their numbers are not reused), and versions an execution is running on. */
  const deletedVersions = new Set<string>();
  const runningOnVersions = new Set<string>();
  /** SQS queues by name, with their policy (the notification targets deploy writes policies on). */
  const queues = new Map<string, { policy?: string }>();
  /** CloudWatch Logs log groups (notification targets) and the account's resource policies by name. */
  const logGroups = new Set<string>();
  const logsPolicies = new Map<string, string>();
  const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
  const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
  const machineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
  const functionConfiguration = (name: string) => ({
    FunctionArn: functionArn(name),
    ...functions.get(name),
  });

  const handlers = {
    GetCallerIdentity: () => ({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/ops`, UserId: 'AIDA' }),
    GetParametersByPath: (input: { Path: string }) => ({
      Parameters: [...parameters]
        .filter(([name]) => name.startsWith(`${input.Path}/`))
        .map(([Name, Value]) => ({ Name, Value, Type: 'String' })),
    }),
    PutParameter: (input: { Name: string; Value: string }) => {
      parameters.set(input.Name, input.Value);
      return { Version: 1 };
    },
    DeleteParameters: (input: { Names: string[] }) => {
      for (const name of input.Names) parameters.delete(name);
      return { DeletedParameters: input.Names, InvalidParameters: [] };
    },
    GetRole: (input: { RoleName: string }) => {
      const role = roles.get(input.RoleName);
      if (!role)
        throw serviceError('NoSuchEntity', `The role with name ${input.RoleName} cannot be found.`, 404);
      return {
        Role: {
          RoleName: input.RoleName,
          Arn: roleArn(input.RoleName),
          AssumeRolePolicyDocument: encodeURIComponent(role.trust),
          Tags: role.tags,
        },
      };
    },
    CreateRole: (input: { RoleName: string; AssumeRolePolicyDocument: string; Tags?: unknown[] }) => {
      roles.set(input.RoleName, {
        trust: input.AssumeRolePolicyDocument,
        policies: new Map(),
        tags: input.Tags ?? [],
      });
      return { Role: { RoleName: input.RoleName, Arn: roleArn(input.RoleName) } };
    },
    UpdateAssumeRolePolicy: (input: { RoleName: string; PolicyDocument: string }) => {
      roles.get(input.RoleName)!.trust = input.PolicyDocument;
      return {};
    },
    ListRolePolicies: (input: { RoleName: string }) => ({
      PolicyNames: [...(roles.get(input.RoleName)?.policies.keys() ?? [])],
    }),
    GetRolePolicy: (input: { RoleName: string; PolicyName: string }) => {
      const document = roles.get(input.RoleName)?.policies.get(input.PolicyName);
      if (document === undefined) throw serviceError('NoSuchEntity', 'no such policy', 404);
      return {
        RoleName: input.RoleName,
        PolicyName: input.PolicyName,
        PolicyDocument: encodeURIComponent(document),
      };
    },
    PutRolePolicy: (input: { RoleName: string; PolicyName: string; PolicyDocument: string }) => {
      roles.get(input.RoleName)!.policies.set(input.PolicyName, input.PolicyDocument);
      return {};
    },
    DeleteRolePolicy: (input: { RoleName: string; PolicyName: string }) => {
      roles.get(input.RoleName)?.policies.delete(input.PolicyName);
      return {};
    },
    ListAttachedRolePolicies: () => ({ AttachedPolicies: [] }),
    DeleteRole: (input: { RoleName: string }) => {
      roles.delete(input.RoleName);
      return {};
    },
    TagRole: () => ({}),
    GetFunction: (input: { FunctionName: string }) => {
      if (!functions.has(input.FunctionName))
        throw serviceError('ResourceNotFoundException', `Function not found: ${input.FunctionName}`, 404);
      const { Tags, ...configuration } = functionConfiguration(input.FunctionName) as Record<string, unknown>;
      return { Configuration: configuration, Code: {}, Tags };
    },
    GetFunctionConfiguration: (input: { FunctionName: string }) => {
      if (!functions.has(input.FunctionName))
        throw serviceError('ResourceNotFoundException', `Function not found: ${input.FunctionName}`, 404);
      return functionConfiguration(input.FunctionName);
    },
    CreateFunction: (input: Record<string, unknown>) => {
      const { Code: code, ...settings } = input;
      const zip = (code as { ZipFile: Uint8Array }).ZipFile;
      functions.set(String(input.FunctionName), {
        ...settings,
        // What Lambda reports: the base64 SHA-256 of the deployment package.
        CodeSha256: createHash('sha256').update(zip).digest('base64'),
        State: 'Active',
        LastUpdateStatus: 'Successful',
      });
      return functionConfiguration(String(input.FunctionName));
    },
    UpdateFunctionConfiguration: (input: Record<string, unknown>) => {
      const name = String(input.FunctionName);
      functions.set(name, { ...functions.get(name), ...input });
      return functionConfiguration(name);
    },
    TagResource: (input: { Resource: string; Tags: Record<string, string> }) => {
      const name = input.Resource.split(':').pop()!;
      const current = functions.get(name)!;
      current.Tags = { ...(current.Tags as object), ...input.Tags };
      return {};
    },
    DeleteFunction: (input: { FunctionName: string }) => {
      functions.delete(input.FunctionName);
      return {};
    },
    ListFunctions: () => ({ Functions: [...functions.keys()].map(functionConfiguration) }),
    ListStateMachines: () => ({
      stateMachines: [...stateMachines.keys()].map((name) => ({
        name,
        stateMachineArn: machineArn(name),
        type: 'STANDARD',
        creationDate: new Date(0),
      })),
    }),
    DescribeStateMachine: (input: { stateMachineArn: string }) => {
      const version = versions.get(input.stateMachineArn);
      const name = version
        ? input.stateMachineArn.split(':').at(-2)!
        : input.stateMachineArn.split(':').pop()!;
      const machine = version ?? stateMachines.get(name)!;
      return {
        stateMachineArn: input.stateMachineArn,
        name,
        status: 'ACTIVE',
        definition: machine.definition,
        roleArn: machine.roleArn,
        type: 'STANDARD',
        creationDate: new Date(0),
      };
    },
    CreateStateMachine: (input: { name: string; definition: string; roleArn: string; tags?: unknown[] }) => {
      stateMachines.set(input.name, {
        definition: input.definition,
        roleArn: input.roleArn,
        tags: input.tags ?? [],
      });
      return { stateMachineArn: machineArn(input.name), creationDate: new Date(0) };
    },
    // Step Functions names the field resourceArn; EventBridge ResourceARN.
    ListTagsForResource: (input: { resourceArn?: string; ResourceARN?: string }) => {
      if (input.resourceArn !== undefined)
        return { tags: stateMachines.get(input.resourceArn.split(':').pop()!)?.tags ?? [] };
      const name = String(input.ResourceARN).split('/').pop()!;
      return { Tags: (rules.get(name)?.rule.Tags as unknown[]) ?? [] };
    },
    UpdateStateMachine: (input: {
      stateMachineArn: string;
      definition?: string;
      roleArn?: string;
      publish?: boolean;
    }) => {
      const machine = stateMachines.get(input.stateMachineArn.split(':').pop()!)!;
      if (input.definition !== undefined) machine.definition = input.definition;
      if (input.roleArn !== undefined) machine.roleArn = input.roleArn;
      if (!input.publish) return { updateDate: new Date(0) };
      // A published version keeps the definition and role of the moment (Step Functions versions).
      // Numbers only grow: a deleted version's number is not reused.
      const numbers = [...versions.keys(), ...deletedVersions]
        .filter((arn) => arn.startsWith(`${input.stateMachineArn}:`))
        .map((arn) => Number(arn.split(':').pop()));
      const versionArn = `${input.stateMachineArn}:${Math.max(0, ...numbers) + 1}`;
      versions.set(versionArn, { ...machine });
      return { updateDate: new Date(0), stateMachineVersionArn: versionArn };
    },
    DescribeStateMachineAlias: (input: { stateMachineAliasArn: string }) => {
      const routing = aliases.get(input.stateMachineAliasArn);
      if (!routing) throw serviceError('ResourceNotFound', `Alias ${input.stateMachineAliasArn} not found`);
      return {
        stateMachineAliasArn: input.stateMachineAliasArn,
        name: input.stateMachineAliasArn.split(':').pop(),
        routingConfiguration: routing,
      };
    },
    CreateStateMachineAlias: (input: {
      name: string;
      routingConfiguration: Array<{ stateMachineVersionArn: string; weight: number }>;
    }) => {
      const machine = input.routingConfiguration[0]!.stateMachineVersionArn.split(':').slice(0, -1).join(':');
      aliases.set(`${machine}:${input.name}`, input.routingConfiguration);
      return { stateMachineAliasArn: `${machine}:${input.name}`, creationDate: new Date(0) };
    },
    UpdateStateMachineAlias: (input: {
      stateMachineAliasArn: string;
      routingConfiguration: Array<{ stateMachineVersionArn: string; weight: number }>;
    }) => {
      aliases.set(input.stateMachineAliasArn, input.routingConfiguration);
      return { updateDate: new Date(0) };
    },
    ListStateMachineVersions: (input: { stateMachineArn: string }) => ({
      stateMachineVersions: [...versions.keys()]
        .filter((arn) => arn.startsWith(`${input.stateMachineArn}:`))
        .sort((left, right) => Number(right.split(':').pop()) - Number(left.split(':').pop()))
        .map((stateMachineVersionArn) => ({ stateMachineVersionArn, creationDate: new Date(0) })),
    }),
    DeleteStateMachineVersion: (input: { stateMachineVersionArn: string }) => {
      const routed = [...aliases.values()].some((routing) =>
        routing.some((route) => route.stateMachineVersionArn === input.stateMachineVersionArn),
      );
      if (routed) throw serviceError('ConflictException', 'Version is referenced by an alias', 409);
      versions.delete(input.stateMachineVersionArn);
      deletedVersions.add(input.stateMachineVersionArn);
      return {};
    },
    ListExecutions: (input: { stateMachineArn: string; statusFilter?: string }) => ({
      executions:
        input.statusFilter === 'RUNNING' && runningOnVersions.has(input.stateMachineArn)
          ? [
              {
                executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:').replace(/:\d+$/, '')}:upgrade`,
                stateMachineArn: input.stateMachineArn,
                name: 'upgrade',
                status: 'RUNNING',
                startDate: new Date(0),
              },
            ]
          : [],
    }),
    DeleteStateMachine: (input: { stateMachineArn: string }) => {
      stateMachines.delete(input.stateMachineArn.split(':').pop()!);
      // Deleting a state machine deletes its versions and aliases.
      for (const arn of [...versions.keys(), ...aliases.keys()]) {
        if (arn.startsWith(`${input.stateMachineArn}:`)) {
          versions.delete(arn);
          aliases.delete(arn);
        }
      }
      return {};
    },
    ListRules: (input: { NamePrefix?: string }) => ({
      Rules: [...rules.values()]
        .map(({ rule }) => rule)
        .filter((rule) => String(rule.Name).startsWith(input.NamePrefix ?? '')),
    }),
    DescribeRule: (input: { Name: string }) => {
      const entry = rules.get(input.Name);
      if (!entry) throw serviceError('ResourceNotFoundException', `Rule ${input.Name} does not exist.`);
      return entry.rule;
    },
    PutRule: (input: Record<string, unknown>) => {
      const name = String(input.Name);
      const arn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/${String(input.EventBusName ?? 'default')}/${name}`;
      rules.set(name, { rule: { ...input, Arn: arn }, targets: rules.get(name)?.targets ?? [] });
      return { RuleArn: arn };
    },
    GetQueueUrl: (input: { QueueName: string }) => {
      if (!queues.has(input.QueueName))
        throw serviceError('QueueDoesNotExist', 'The specified queue does not exist.', 400);
      return { QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${input.QueueName}` };
    },
    GetQueueAttributes: (input: { QueueUrl: string }) => {
      const policy = queues.get(input.QueueUrl.split('/').pop() ?? '')?.policy;
      return { Attributes: policy === undefined ? {} : { Policy: policy } };
    },
    SetQueueAttributes: (input: { QueueUrl: string; Attributes: { Policy: string } }) => {
      queues.set(input.QueueUrl.split('/').pop() ?? '', { policy: input.Attributes.Policy });
      return {};
    },
    DescribeLogGroups: (input: { logGroupNamePrefix?: string }) => ({
      logGroups: [...logGroups]
        .filter((name) => name.startsWith(input.logGroupNamePrefix ?? ''))
        .map((logGroupName) => ({ logGroupName })),
    }),
    DescribeResourcePolicies: () => ({
      resourcePolicies: [...logsPolicies].map(([policyName, policyDocument]) => ({
        policyName,
        policyDocument,
      })),
    }),
    PutResourcePolicy: (input: { policyName: string; policyDocument: string }) => {
      logsPolicies.set(input.policyName, input.policyDocument);
      return { resourcePolicy: { policyName: input.policyName, policyDocument: input.policyDocument } };
    },
    DeleteResourcePolicy: (input: { policyName: string }) => {
      if (!logsPolicies.delete(input.policyName))
        throw serviceError(
          'ResourceNotFoundException',
          `Policy with name [${input.policyName}] does not exist`,
          400,
        );
      return {};
    },
    ListTargetsByRule: (input: { Rule: string }) => ({ Targets: rules.get(input.Rule)?.targets ?? [] }),
    PutTargets: (input: { Rule: string; Targets: Array<Record<string, unknown>> }) => {
      rules.get(input.Rule)!.targets = input.Targets;
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
    RemoveTargets: (input: { Rule: string; Ids: string[] }) => {
      const entry = rules.get(input.Rule);
      if (entry) entry.targets = entry.targets.filter((target) => !input.Ids.includes(String(target.Id)));
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
    DeleteRule: (input: { Name: string }) => {
      rules.delete(input.Name);
      return {};
    },
  };
  return {
    handlers,
    parameters,
    roles,
    functions,
    stateMachines,
    versions,
    aliases,
    runningOnVersions,
    rules,
    queues,
    logGroups,
    logsPolicies,
  };
}
