import type { ClusterGateway } from '../cluster-gateway.js';
import type { LaunchTemplateRef, LaunchTemplateVersionInfo } from '../launch-templates.js';
import { type AwsCredentialsProvider, Ec2QueryClient } from './aws-ec2-query.js';
import { childElement, childText, listMembers, type XmlElement } from './xml-elements.js';

/** The EC2 operations of the cluster gateway (blue/green: the launch templates node groups use). */
export type LaunchTemplateOperations = Pick<ClusterGateway, 'describeLaunchTemplateVersions'>;

/** Options of `AwsEc2LaunchTemplates`: an EC2 Query client, or what to build one from. */
export type AwsEc2LaunchTemplatesOptions =
  | { readonly client: Ec2QueryClient }
  | {
      readonly client?: never;
      /** The region, or its provider (an SDK client's `config.region`). */
      readonly region: string | (() => Promise<string>);
      /** The credentials to sign with: an SDK client's `config.credentials` (its default chain). */
      readonly credentials: AwsCredentialsProvider;
      readonly endpoint?: string;
    };

/** A `<item>` of `launchTemplateVersionSet` → what the gateway reports of it. */
function versionOf(item: XmlElement): LaunchTemplateVersionInfo {
  const data = childElement(item, 'launchTemplateData');
  const userData = childText(data, 'userData');
  const templateName = childText(item, 'launchTemplateName');
  return {
    templateId: childText(item, 'launchTemplateId') ?? '',
    ...(templateName ? { templateName } : {}),
    versionNumber: childText(item, 'versionNumber') ?? '',
    defaultVersion: childText(item, 'defaultVersion') === 'true',
    ...(userData ? { userData } : {}),
    securityGroupIds: listMembers(data, 'securityGroupIdSet').map((group) => group.text.trim()),
    networkInterfaceGroups: listMembers(data, 'networkInterfaceSet').map((networkInterface) =>
      listMembers(networkInterface, 'groupSet').map((group) => group.text.trim()),
    ),
  };
}

/**
 * EC2 launch template versions over the EC2 Query API (`Ec2QueryClient`, not the SDK: see its
 * TSDoc). One DescribeLaunchTemplateVersions call per template, naming every version asked for
 * (`LaunchTemplateVersion.N`), all pages read.
 *
 * @example
 * ```ts
 * const ec2 = new AwsEc2LaunchTemplates({ region: 'eu-west-1', credentials: eks.client.config.credentials });
 * const [version] = await ec2.describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['7']);
 * ```
 */
export class AwsEc2LaunchTemplates implements LaunchTemplateOperations {
  readonly client: Ec2QueryClient;

  constructor(options: AwsEc2LaunchTemplatesOptions) {
    this.client =
      options.client ??
      new Ec2QueryClient({
        region: options.region,
        credentials: options.credentials,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      });
  }

  async describeLaunchTemplateVersions(
    template: LaunchTemplateRef,
    versions: readonly string[],
  ): Promise<LaunchTemplateVersionInfo[]> {
    // EC2 takes the id or the name, not both; the id is what never changes.
    const selector: Record<string, string> = template.id
      ? { LaunchTemplateId: template.id }
      : { LaunchTemplateName: template.name ?? '' };
    const versionParameters = Object.fromEntries(
      versions.map((version, index) => [`LaunchTemplateVersion.${index + 1}`, version]),
    );
    const found: LaunchTemplateVersionInfo[] = [];
    let nextToken: string | undefined;
    do {
      const root = await this.client.send({
        action: 'DescribeLaunchTemplateVersions',
        parameters: { ...selector, ...versionParameters, ...(nextToken ? { NextToken: nextToken } : {}) },
      });
      found.push(...listMembers(root, 'launchTemplateVersionSet').map(versionOf));
      nextToken = childText(root, 'nextToken');
    } while (nextToken);
    return found;
  }
}
