import { AWSServiceError, ConfigurationError } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../cluster-gateway.js';
import type { LaunchTemplateRef, LaunchTemplateVersionInfo } from '../launch-templates.js';
import type { SimulatedWorld } from './simulated-eks-state.js';

/** The EC2 operations of the simulated gateway. */
export type SimulatedEc2Operations = Pick<ClusterGateway, 'describeLaunchTemplateVersions'>;

/** One simulated launch template: its versions by number. */
interface SimTemplate {
  readonly id: string;
  readonly name?: string;
  readonly versions: Map<string, LaunchTemplateVersionInfo>;
}

/** An EC2 error as the AWS gateway reports it (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
function ec2Error(code: string, message: string): AWSServiceError {
  return new AWSServiceError(`Could not run EC2 DescribeLaunchTemplateVersions: ${code}: ${message}`, {
    service: 'EC2',
    operation: 'DescribeLaunchTemplateVersions',
    code,
    httpStatusCode: 400,
    retryable: false,
  });
}

/** The launch templates the scenario's node groups declare, each version with its content. */
function templatesOf(world: SimulatedWorld): Map<string, SimTemplate> {
  const templates = new Map<string, SimTemplate>();
  const withContent = new Set<string>();
  for (const nodegroup of world.scenario.cluster.nodegroups) {
    const declared = nodegroup.launchTemplate;
    if (!declared) continue;
    const template = templates.get(declared.id) ?? {
      id: declared.id,
      ...(declared.name ? { name: declared.name } : {}),
      versions: new Map(),
    };
    if (declared.name && template.name && declared.name !== template.name) {
      throw new ConfigurationError(
        `Scenario node groups name launch template ${declared.id} both ${template.name} and ${declared.name}: a template has one name`,
        { key: `cluster.nodegroups.${nodegroup.name}.launchTemplate.name` },
      );
    }
    const content = declared.content;
    const version: LaunchTemplateVersionInfo = {
      templateId: declared.id,
      ...(template.name ? { templateName: template.name } : {}),
      versionNumber: declared.version,
      defaultVersion: false,
      // EC2 returns user data base64-encoded.
      ...(content?.userData ? { userData: Buffer.from(content.userData, 'utf8').toString('base64') } : {}),
      securityGroupIds: [...(content?.securityGroupIds ?? [])],
      networkInterfaceGroups: (content?.networkInterfaceGroups ?? []).map((groups) => [...groups]),
    };
    const known = template.versions.get(declared.version);
    // A group may name a version another group gives the content of.
    if (known && !content) {
      templates.set(declared.id, template);
      continue;
    }
    if (
      known &&
      withContent.has(`${declared.id}:${declared.version}`) &&
      JSON.stringify(known) !== JSON.stringify(version)
    ) {
      throw new ConfigurationError(
        `Scenario node groups give launch template ${declared.id} version ${declared.version} two different contents: a version never changes`,
        { key: `cluster.nodegroups.${nodegroup.name}.launchTemplate.content` },
      );
    }
    template.versions.set(declared.version, version);
    if (content) withContent.add(`${declared.id}:${declared.version}`);
    templates.set(declared.id, template);
  }
  // EC2 makes a template's first version its default until told otherwise: the lowest declared stands in.
  for (const template of templates.values()) {
    const lowest = [...template.versions.keys()].sort((a, b) => Number(a) - Number(b))[0];
    const version = lowest === undefined ? undefined : template.versions.get(lowest);
    if (version) version.defaultVersion = true;
  }
  return templates;
}

/**
 * EC2 launch templates of the simulated account: those the scenario's node groups use, each
 * version with the content the scenario gives it (`launchTemplate.content`). As EC2's
 * DescribeLaunchTemplateVersions
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html):
 * a template by id or by name, not both; an unknown template is `InvalidLaunchTemplateId.NotFound`
 * (or `InvalidLaunchTemplateName.NotFoundException`), a version it does not have is
 * `InvalidLaunchTemplateId.VersionNotFound`; `$Latest` and `$Default` resolve.
 *
 * @example
 * ```ts
 * const ec2 = new SimulatedEc2LaunchTemplates(world);
 * await ec2.describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['3']);
 * ```
 */
export class SimulatedEc2LaunchTemplates implements SimulatedEc2Operations {
  private readonly templates: Map<string, SimTemplate>;

  constructor(world: SimulatedWorld) {
    this.templates = templatesOf(world);
  }

  async describeLaunchTemplateVersions(
    template: LaunchTemplateRef,
    versions: readonly string[],
  ): Promise<LaunchTemplateVersionInfo[]> {
    if (template.id && template.name) {
      throw ec2Error('InvalidParameterCombination', 'specify the launch template ID or the name, not both');
    }
    const found = template.id
      ? this.templates.get(template.id)
      : [...this.templates.values()].find((candidate) => candidate.name === template.name);
    if (!found) {
      throw template.id
        ? ec2Error(
            'InvalidLaunchTemplateId.NotFound',
            `The specified launch template, with template ID ${template.id}, does not exist.`,
          )
        : ec2Error(
            'InvalidLaunchTemplateName.NotFoundException',
            `The specified launch template, with template name ${template.name}, does not exist.`,
          );
    }
    const numbers = [...found.versions.keys()].sort((a, b) => Number(a) - Number(b));
    const resolved = versions.map((version) => {
      const number =
        version === '$Latest'
          ? numbers[numbers.length - 1]
          : version === '$Default'
            ? [...found.versions.values()].find((candidate) => candidate.defaultVersion)?.versionNumber
            : version;
      const match = number === undefined ? undefined : found.versions.get(number);
      if (!match) {
        throw ec2Error(
          'InvalidLaunchTemplateId.VersionNotFound',
          `Could not find launch template version ${version} for template ${found.id}.`,
        );
      }
      return match;
    });
    return [...new Set(resolved)].map((version) => structuredClone(version));
  }
}
