import { AGENT_CONFIG_NAME, type AgentConfig, ValidationError } from '@eks-upgrade/core-models';
import { configurationRoot, encodeConfiguration } from '@eks-upgrade/params';
import { toCloudFormation } from './intrinsics.js';
import type { TemplateResource } from './stack-template.js';
import { configurationLogicalId } from './template-logical-ids.js';
import {
  emptyCondition,
  LIST_PARAMETERS,
  PREFIX_TOKEN,
  slotCondition,
  slotItem,
} from './template-parameters.js';

/**
 * The configuration as the template stores it: below the `Prefix` parameter, with the
 * permissions lists taken from their list parameters (one parameter per item, as the params
 * package encodes a list, each created only when its slot holds an item; `.json` `[]` when
 * the list is empty), so the stored configuration and the IAM policies read the same values.
 */
export function configurationResources(config: AgentConfig): Record<string, TemplateResource> {
  const root = configurationRoot(PREFIX_TOKEN, AGENT_CONFIG_NAME);
  const { parameters, issues } = encodeConfiguration(config, root);
  if (issues.length > 0) throw new ValidationError('Invalid agent configuration', issues);
  const secure = parameters.filter((parameter) => parameter.secure);
  if (secure.length > 0) {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html
    // (Type: String or StringList; CloudFormation cannot create SecureString parameters).
    throw new ValidationError('CloudFormation cannot create SecureString parameters', [
      ...secure.map((parameter) => ({
        path: parameter.keyPath,
        message:
          'is sensitive (stored as SecureString); remove it from the configuration the template is built from and set it after the stack is created with `eks-upgrade config set`',
      })),
    ]);
  }
  const listKey = (keyPath: string) =>
    LIST_PARAMETERS.find(
      (parameter) =>
        keyPath === `permissions.${parameter.key}` || keyPath.startsWith(`permissions.${parameter.key}[`),
    );
  const resources: Record<string, TemplateResource> = {};
  const add = (keyPath: string, resource: Omit<TemplateResource, 'Type'>) => {
    let id = configurationLogicalId(keyPath);
    for (let suffix = 2; resources[id]; suffix += 1) id = `${configurationLogicalId(keyPath)}${suffix}`;
    resources[id] = { Type: 'AWS::SSM::Parameter', ...resource };
  };
  const stringParameter = (name: string, value: unknown, keyPath: string) => ({
    Name: toCloudFormation(name),
    Type: 'String',
    Value: toCloudFormation(value),
    Description: `eks-upgrade configuration: ${keyPath}`,
  });
  for (const parameter of parameters) {
    if (listKey(parameter.keyPath)) continue;
    add(parameter.keyPath, {
      Properties: stringParameter(parameter.name, parameter.value, parameter.keyPath),
    });
  }
  for (const list of LIST_PARAMETERS) {
    const keyPath = `permissions.${list.key}`;
    const probe = (items: string[]) =>
      encodeConfiguration({ permissions: { [list.key]: items } }, root).parameters.map((item) => item.name);
    probe(Array.from({ length: list.slots }, (_, index) => `item${index}`)).forEach((name, index) => {
      add(`${keyPath}[${index}]`, {
        Condition: slotCondition(list, index),
        Properties: { ...stringParameter(name, '', keyPath), Value: slotItem(list, index) },
      });
    });
    const [emptyName] = probe([]);
    if (emptyName)
      add(keyPath, {
        Condition: emptyCondition(list),
        Properties: stringParameter(emptyName, '[]', keyPath),
      });
  }
  return resources;
}
