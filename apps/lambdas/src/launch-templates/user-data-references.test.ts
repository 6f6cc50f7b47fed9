import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { userDataReferences } from './user-data-references.js';

const BLUE = {
  name: 'prod',
  endpoint: 'https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com',
  certificateAuthorityData:
    'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwK',
};
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** MIME multi-part user data, as EKS managed node groups take it. */
function mime(...parts: { type: string; body: string; base64?: boolean }[]): string {
  return [
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="//"',
    '',
    ...parts.flatMap((part) => [
      '--//',
      `Content-Type: ${part.type}`,
      ...(part.base64 ? ['Content-Transfer-Encoding: base64'] : []),
      '',
      part.base64 ? base64(part.body) : part.body,
    ]),
    '--//--',
    '',
  ].join('\n');
}

describe('Function: userDataReferences', () => {
  it("finds blue's name, endpoint and certificate in an AL2 bootstrap.sh call, variables resolved", () => {
    // Prepare
    const script = [
      '#!/bin/bash',
      'set -ex',
      `B64_CLUSTER_CA=${BLUE.certificateAuthorityData}`,
      `API_SERVER_URL=${BLUE.endpoint}`,
      '/etc/eks/bootstrap.sh prod --kubelet-extra-args "--node-labels=team=web" --b64-cluster-ca $B64_CLUSTER_CA --apiserver-endpoint "$API_SERVER_URL" --dns-cluster-ip 10.100.0.10',
    ].join('\n');

    // Act & Assess
    expect(userDataReferences(base64(script), BLUE)).toEqual([
      {
        format: 'AL2 bootstrap.sh',
        references: ['cluster-name', 'api-server-endpoint', 'certificate-authority'],
      },
    ]);
    // The cluster named after the options, as bootstrap.sh also takes it.
    expect(userDataReferences(base64('/etc/eks/bootstrap.sh --use-max-pods false prod'), BLUE)).toEqual([
      { format: 'AL2 bootstrap.sh', references: ['cluster-name'] },
    ]);
  });

  it('finds blue in an AL2023 nodeadm NodeConfig inside MIME multi-part, beside a shell part that names nothing', () => {
    // Prepare
    const nodeConfig = [
      '---',
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      'spec:',
      '  cluster:',
      '    name: prod',
      `    apiServerEndpoint: ${BLUE.endpoint}`,
      `    certificateAuthority: ${BLUE.certificateAuthorityData}`,
      '    cidr: 10.100.0.0/16',
      '  kubelet:',
      '    config:',
      '      maxPods: 110',
    ].join('\n');
    const userData = mime(
      { type: 'application/node.eks.aws', body: nodeConfig },
      { type: 'text/x-shellscript; charset="us-ascii"', body: '#!/bin/bash\necho prod is a word here\n' },
    );

    // Act & Assess
    expect(userDataReferences(base64(userData), BLUE)).toEqual([
      {
        format: 'AL2023 nodeadm NodeConfig',
        references: ['cluster-name', 'api-server-endpoint', 'certificate-authority'],
      },
    ]);
  });

  it('reads a base64 MIME part and gzip-compressed user data', () => {
    // Prepare
    const nodeConfig =
      'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: "prod"\n';
    const userData = mime({ type: 'application/node.eks.aws', body: nodeConfig, base64: true });

    // Act & Assess
    expect(userDataReferences(gzipSync(Buffer.from(userData)).toString('base64'), BLUE)).toEqual([
      { format: 'AL2023 nodeadm NodeConfig', references: ['cluster-name'] },
    ]);
  });

  it("finds blue in Bottlerocket's [settings.kubernetes], as a table or dotted keys", () => {
    // Prepare
    const table = [
      '[settings.kubernetes]',
      'cluster-name = "prod"',
      `api-server = "${BLUE.endpoint}"`,
      `cluster-certificate = "${BLUE.certificateAuthorityData}"`,
      '',
      '[settings.kubernetes.node-labels]',
      'team = "web"',
    ].join('\n');

    // Act & Assess
    expect(userDataReferences(base64(table), BLUE)).toEqual([
      {
        format: 'Bottlerocket settings',
        references: ['cluster-name', 'api-server-endpoint', 'certificate-authority'],
      },
    ]);
    expect(userDataReferences(base64('settings.kubernetes.cluster-name = "prod"\n'), BLUE)).toEqual([
      { format: 'Bottlerocket settings', references: ['cluster-name'] },
    ]);
  });

  it("finds nothing in user data for another cluster, or that names none, and never takes a plain word for blue's name", () => {
    // Prepare
    const otherCluster = [
      '[settings.kubernetes]',
      'cluster-name = "prod-1-31"',
      'api-server = "https://0123.gr7.eu-west-1.eks.amazonaws.com"',
    ].join('\n');
    const unrelated = mime({
      type: 'text/x-shellscript',
      body: '#!/bin/bash\nyum install -y amazon-ssm-agent\necho "prod" > /etc/environment-name\n',
    });

    // Act & Assess
    expect(userDataReferences(base64(otherCluster), BLUE)).toEqual([]);
    expect(userDataReferences(base64(unrelated), BLUE)).toEqual([]);
    expect(userDataReferences(base64('/etc/eks/bootstrap.sh prod-1-31'), BLUE)).toEqual([]);
    expect(userDataReferences('', BLUE)).toEqual([]);
  });

  it("finds blue's endpoint or certificate in a script of no known format", () => {
    // Prepare
    const script = `#!/bin/bash\ncurl --cacert /tmp/ca ${BLUE.endpoint}/healthz\necho ${BLUE.certificateAuthorityData} | base64 -d > /tmp/ca\n`;

    // Act & Assess
    expect(userDataReferences(base64(script), BLUE)).toEqual([
      { format: 'other', references: ['api-server-endpoint', 'certificate-authority'] },
    ]);
  });
});
