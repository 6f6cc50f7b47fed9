import { beforeAll, describe, expect, it } from 'vitest';
import { resolveIntrinsics } from '../../src/stack/cloudformation/intrinsics.js';
import type { CloudFormationTemplate } from '../../src/stack/cloudformation/stack-template.js';
import type { PolicyStatement } from '../../src/stack/iam-policies.js';
import { normalizePolicyDocument } from '../../src/stack/policy-document.js';
import { fakeAccount, phaseZipDirectory } from '../helpers/fake-account.js';
import { fakeAws } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * Green's promotion untags only eks-upgrade's own two tag keys, whichever way the stack is
 * deployed: the execution role `deploy` writes through the IAM API and the one in the template
 * `synth` writes carry the same whole statement.
 */

const LOCATION = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const EXECUTION_ROLE = 'eks-upgrade-agent-execution-role';
const eks = (resource: string) => `arn:aws:eks:us-east-1:123456789012:${resource}`;
const UNTAG_GREEN_TAGS_ONLY: PolicyStatement = {
  Sid: 'UntagGreenTagsOnly',
  Effect: 'Allow',
  Action: ['eks:UntagResource', 'iam:UntagOpenIDConnectProvider'],
  Resource: [
    eks('cluster/*'),
    eks('nodegroup/*/*/*'),
    eks('addon/*/*/*'),
    eks('fargateprofile/*/*/*'),
    eks('access-entry/*/*/*/*/*'),
    eks('podidentityassociation/*/*'),
    'arn:aws:iam::123456789012:oidc-provider/*',
  ],
  Condition: {
    'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks-upgrade:role', 'eks-upgrade:blue-cluster'] },
    Null: { 'aws:TagKeys': 'false' },
    StringEquals: { 'aws:ResourceTag/eks-upgrade:role': 'green' },
  },
};

/** The statements of a policy document that untag anything. */
function untagging(document: unknown): unknown[] {
  const { Statement } = normalizePolicyDocument(document) as { Statement: { Action: string[] }[] };
  return Statement.filter((statement) => statement.Action.some((action) => /:Untag/.test(action)));
}

let zipDirectory: string;
beforeAll(async () => {
  zipDirectory = await phaseZipDirectory();
});

describe('Green promotion untags only the green tag keys (deploy and synth)', () => {
  it('deploy writes the statement to the execution role', async () => {
    // Prepare
    const account = fakeAccount();
    const aws = fakeAws(account.handlers);

    // Act
    const deployed = await runCli(['deploy', '--zip-dir', zipDirectory], { services: aws.services });

    // Assess
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    const policy = account.roles.get(EXECUTION_ROLE)?.policies.get('execution-least-privilege');
    expect(untagging(policy)).toEqual(
      (normalizePolicyDocument({ Statement: [UNTAG_GREEN_TAGS_ONLY] }) as { Statement: unknown[] }).Statement,
    );
  });

  it('synth writes it to the template execution role, with the pseudo parameters in its ARNs', async () => {
    // Act
    const result = await runCli(['synth', '--zip-dir', zipDirectory]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const template = JSON.parse(result.stdout) as CloudFormationTemplate;
    const role = Object.values(template.Resources).find(
      (resource) => resource.Type === 'AWS::IAM::Role' && resource.Properties.RoleName === EXECUTION_ROLE,
    );
    expect(role).toBeDefined();
    const [inline] = role!.Properties.Policies as { PolicyDocument: unknown }[];
    // The parameters' Defaults (a CommaDelimitedList as CloudFormation passes it).
    const parameters = Object.fromEntries(
      Object.entries(template.Parameters).map(([name, declaration]) => [
        name,
        declaration.Type === 'CommaDelimitedList'
          ? String(declaration.Default ?? '').split(',')
          : String(declaration.Default ?? ''),
      ]),
    );
    const resolved = resolveIntrinsics(inline?.PolicyDocument, {
      location: LOCATION,
      parameters,
      attributes: {},
      conditions: template.Conditions,
    });
    expect(untagging(resolved)).toEqual(
      (normalizePolicyDocument({ Statement: [UNTAG_GREEN_TAGS_ONLY] }) as { Statement: unknown[] }).Statement,
    );
  });
});
