import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  type AgentConfig,
  AWSServiceError,
  sleep,
  toAWSServiceError,
  UPGRADE_PHASES,
  type UpgradePhase,
  ValidationError,
  type ValidationIssue,
} from '@eks-upgrade/core-models';
import {
  getAllLambdaTemplates,
  type LambdaFunction,
  loadFunctionCode,
  parseLambdaFunction,
  phaseZipCode,
} from '@eks-upgrade/lambda-templates';
import type { CommandRuntime } from '../context/command-context.js';
import { planTargetPolicies, type TargetPolicyPlan } from './notification-targets.js';
import { arnsFor, type StackLocation, type StackNames, stackNames } from './stack-names.js';

/** IAM role names: 1-64 of letters, digits and `+=,.@_-` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** EventBridge rule names: 1-64 of letters, digits and `.-_`. */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/** What deploy checked before its first write, for the writes that follow. */
export interface DeployPreflight {
  /** The five function definitions, validated, their zips read and checked. */
  readonly functions: Readonly<Record<UpgradePhase, LambdaFunction>>;
  /** What each notification target needs (read now, written after the rules). */
  readonly targetPolicies: readonly TargetPolicyPlan[];
  /** Whether the configured custom event bus has to be created (`false` for `default`). */
  readonly createBus: boolean;
}

/** The role ARNs deploy uses: the ones passed in, or the stack's own. */
export interface DeployRoleArns {
  readonly functions: Readonly<Record<UpgradePhase, string>>;
  readonly given: ReadonlyArray<{ readonly flag: string; readonly arn: string }>;
}

function nameIssues(names: StackNames): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const role of [...Object.values(names.functionRoles), names.stateMachineRole, names.eventsRole]) {
    if (!ROLE_NAME.test(role)) {
      issues.push({
        path: 'lambda.functionPrefix',
        message: `gives the role name ${role}, which IAM refuses (1-64 of letters, digits and +=,.@_-)`,
      });
    }
  }
  for (const rule of [names.monitoringRule, names.rollbackTriggerRule]) {
    if (!RULE_NAME.test(rule)) {
      issues.push({
        path: 'eventBridge.rulePrefix',
        message: `gives the rule name ${rule}, which EventBridge refuses (1-64 of letters, digits and .-_)`,
      });
    }
  }
  return issues;
}

async function functionIssues(
  config: AgentConfig,
  zipDirectory: string,
  roles: DeployRoleArns,
): Promise<{ functions: Partial<Record<UpgradePhase, LambdaFunction>>; issues: ValidationIssue[] }> {
  const functions: Partial<Record<UpgradePhase, LambdaFunction>> = {};
  const issues: ValidationIssue[] = [];
  const code = phaseZipCode(zipDirectory);
  for (const phase of UPGRADE_PHASES) {
    const [template] = getAllLambdaTemplates({
      role: roles.functions[phase],
      code,
      functionPrefix: config.lambda.functionPrefix,
      parameterPrefix: config.parameterStore.parameterPrefix,
      eventBusName: config.eventBridge.busName,
      logLevel: config.agent.logLevel,
      runtime: config.lambda.runtime,
      architecture: config.lambda.architecture,
    }).filter((fn) => fn.name === stackNames(config).functions[phase]);
    try {
      if (!template) throw new ValidationError(`No template for the ${phase} function`, []);
      const parsed = parseLambdaFunction(template);
      // Read and checked now (a zip, at most 50 MB), not when the function is written.
      await loadFunctionCode(parsed.code);
      functions[phase] = template;
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      const details = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
      issues.push(
        ...details.map((issue) => ({
          path: `--zip-dir (${phase})`,
          message: `${issue.path ? `${issue.path}: ` : ''}${issue.message}`,
        })),
      );
    }
  }
  return { functions, issues };
}

async function roleIssues(
  iam: IAMClient,
  location: StackLocation,
  roles: DeployRoleArns,
): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  for (const { flag, arn } of roles.given) {
    const [, , , , account = '', resource = ''] = arn.split(':');
    if (!resource.startsWith('role/')) {
      issues.push({
        path: flag,
        message: `must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got ${arn}`,
      });
      continue;
    }
    if (account !== location.accountId) {
      issues.push({
        path: flag,
        message: `${arn} is in account ${account}; the stack is deployed to ${location.accountId}`,
      });
      continue;
    }
    try {
      await iam.send(new GetRoleCommand({ RoleName: resource.split('/').pop() }));
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      if (name === 'NoSuchEntityException' || name === 'NoSuchEntity') {
        issues.push({ path: flag, message: `role ${arn} does not exist` });
        continue;
      }
      throw toAWSServiceError(error, { service: 'IAM', operation: 'GetRole', action: `check role ${arn}` });
    }
  }
  return issues;
}

/**
 * Checks everything deploy is about to write before it writes anything, so that a refusal
 * (exit code 2) means nothing was changed: the stack's names, the five function definitions
 * with their zips (read and checked: a zip archive, within Lambda's limits), the roles passed
 * in (they must exist in this account), the notification targets (they must exist, in the
 * rules' region; their policies are planned here and written after the rules), and whether the
 * custom event bus exists. Every problem is reported at once, in one `ValidationError`.
 *
 * @throws ValidationError listing every problem found; nothing has been written.
 * @example
 * ```ts
 * const preflight = await preflightDeploy(context, config, location, { zipDirectory, roles, notifyArns });
 * ```
 */
export async function preflightDeploy(
  context: CommandRuntime,
  config: AgentConfig,
  location: StackLocation,
  options: { zipDirectory: string; roles: DeployRoleArns; notifyArns: readonly string[] },
): Promise<DeployPreflight> {
  const names = stackNames(config);
  const issues: ValidationIssue[] = [...nameIssues(names)];
  const { functions, issues: zipIssues } = await functionIssues(config, options.zipDirectory, options.roles);
  issues.push(...zipIssues);
  if (options.roles.given.length > 0)
    issues.push(...(await roleIssues(await context.services.iam(), location, options.roles)));
  const targets = await planTargetPolicies(context.services, config, location, options.notifyArns);
  issues.push(...targets.issues);
  let createBus = false;
  if (config.eventBridge.busName !== 'default') {
    const bus = config.eventBridge.busName;
    if (bus.startsWith('arn:') && !bus.includes(`:${location.region}:${location.accountId}:`)) {
      issues.push({
        path: 'eventBridge.busName',
        message: `${bus} is not in this account and region (${location.accountId}, ${location.region}): the rules and the functions publish to a bus of the stack's own`,
      });
    } else {
      const events = await context.services.events({ busName: bus, source: config.eventBridge.source });
      createBus = (await events.describeEventBus()) === undefined;
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `Nothing was deployed: ${issues.length} problem${issues.length === 1 ? '' : 's'} found before any change`,
      issues,
    );
  }
  return {
    functions: functions as Record<UpgradePhase, LambdaFunction>,
    targetPolicies: targets.plans,
    createBus,
  };
}

/** The role ARNs of a deploy's options (the ones passed in, else the stack's own). */
export function deployRoleArns(
  config: AgentConfig,
  location: StackLocation,
  options: {
    lambdaRoleArn?: string | undefined;
    stateMachineRoleArn?: string | undefined;
    eventsRoleArn?: string | undefined;
  },
): DeployRoleArns {
  const names = stackNames(config);
  const arns = arnsFor(location);
  const functions = Object.fromEntries(
    UPGRADE_PHASES.map((phase) => [phase, options.lambdaRoleArn ?? arns.role(names.functionRoles[phase])]),
  ) as Record<UpgradePhase, string>;
  const given = [
    { flag: '--lambda-role-arn', arn: options.lambdaRoleArn },
    { flag: '--state-machine-role-arn', arn: options.stateMachineRoleArn },
    { flag: '--events-role-arn', arn: options.eventsRoleArn },
  ].filter((entry): entry is { flag: string; arn: string } => entry.arn !== undefined);
  return { functions, given };
}

/**
 * Whether an error is IAM's eventual consistency: a role created moments ago that the service
 * cannot assume yet. Step Functions answers CreateStateMachine/UpdateStateMachine with
 * AccessDeniedException ("Neither the global service principal states.amazonaws.com, nor the
 * regional one is authorized to assume the provided role") or InvalidDefinition until the new
 * role has propagated (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 */
export function isRolePropagationError(error: unknown): boolean {
  const code = AWSServiceError.isInstance(error) ? error.code : String((error as { name?: unknown }).name);
  const message = String((error as { message?: unknown }).message ?? '');
  return (
    (code === 'AccessDeniedException' || code === 'InvalidDefinition') &&
    /assume|cannot be assumed/i.test(message)
  );
}

/** The waits between attempts while a new role propagates: about a minute in all. */
export const ROLE_PROPAGATION_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000, 30_000];

/**
 * Runs `write` and, while it fails because a role created moments ago cannot be assumed yet
 * (`isRolePropagationError`), again after each of `delays`; the last failure is thrown with
 * what was tried. Other errors are thrown at once.
 *
 * @example
 * ```ts
 * const result = await retryWhileRolePropagates(() => sfn.upsertStateMachine(machine));
 * ```
 */
export async function retryWhileRolePropagates<T>(
  write: () => Promise<T>,
  options: { delays?: readonly number[]; wait?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const delays = options.delays ?? ROLE_PROPAGATION_DELAYS_MS;
  const wait = options.wait ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isRolePropagationError(error)) throw error;
      const delay = delays[attempt];
      // Still refused after about a minute: not propagation but the role (its trust policy).
      if (delay === undefined) throw error;
      await wait(delay);
    }
  }
}
