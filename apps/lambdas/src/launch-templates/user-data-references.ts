import { gunzipSync } from 'node:zlib';

/** What of a cluster a node's user data can name to join it. */
export type ClusterReference = 'cluster-name' | 'api-server-endpoint' | 'certificate-authority';

/** The cluster a user data is checked against (DescribeCluster). */
export interface ClusterIdentity {
  readonly name: string;
  readonly endpoint?: string;
  /** `certificateAuthority.data`, base64. */
  readonly certificateAuthorityData?: string;
}

/** The formats recognised; `other` is searched only for the endpoint and certificate. */
export type UserDataFormat =
  | 'AL2 bootstrap.sh'
  | 'AL2023 nodeadm NodeConfig'
  | 'Bottlerocket settings'
  | 'other';

/** What a launch template's user data names of a cluster, per format found in it. */
export interface UserDataFinding {
  readonly format: UserDataFormat;
  readonly references: ClusterReference[];
}

/** One part of the user data: a MIME part's body, or the whole text when it is not MIME. */
interface UserDataPart {
  readonly contentType: string;
  readonly text: string;
}

/** Base64 (possibly gzip, which EC2 accepts up to 16 KB) → text. */
function decodeText(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('utf8');
    } catch {
      return bytes.toString('utf8');
    }
  }
  return bytes.toString('utf8');
}

/**
 * The parts of a MIME multi-part user data (what EKS managed node groups take,
 * https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html#launch-template-user-data),
 * each body decoded when the part says base64; the whole text as one part otherwise.
 */
function partsOf(text: string): UserDataPart[] {
  const boundary = /content-type:\s*multipart\/[\w-]+;[^\n]*boundary="?([^"\s;]+)"?/i.exec(text)?.[1];
  if (!boundary) return [{ contentType: '', text }];
  return text
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .flatMap((part) => {
      const separator = /\r?\n\r?\n/.exec(part);
      if (!separator) return [];
      const headers = part.slice(0, separator.index);
      const body = part.slice(separator.index + separator[0].length);
      const contentType = /content-type:\s*([^;\s]+)/i.exec(headers)?.[1]?.toLowerCase() ?? '';
      const base64 = /content-transfer-encoding:\s*base64/i.test(headers);
      const decoded = base64 ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
      // A nested multi-part (rare) is split again.
      return contentType.startsWith('multipart/')
        ? partsOf(`${headers}\n\n${decoded}`)
        : [{ contentType, text: decoded }];
    });
}

const unquote = (value: string): string => value.trim().replace(/^["']|["']$/g, '');

/** Keys of a YAML document as dotted paths (`spec.cluster.name`), flat values unquoted. */
function yamlValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const path: { indent: number; key: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\s*)([\w.-]+):\s*(.*?)\s*(?:#.*)?$/.exec(line);
    if (!match) continue;
    const indent = match[1]!.length;
    while (path.length > 0 && path[path.length - 1]!.indent >= indent) path.pop();
    path.push({ indent, key: match[2]! });
    if (match[3]) values.set(path.map((entry) => entry.key).join('.'), unquote(match[3]));
  }
  return values;
}

/** Keys of a TOML document as dotted paths (`settings.kubernetes.cluster-name`), strings unquoted. */
function tomlValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  let table = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      table = header[1]!.replace(/["\s]/g, '');
      continue;
    }
    const match = /^\s*([\w.".-]+)\s*=\s*(.+?)\s*$/.exec(line);
    if (match) values.set([table, match[1]!.replace(/"/g, '')].filter(Boolean).join('.'), unquote(match[2]!));
  }
  return values;
}

/** Shell words of a line (quotes removed, no expansion). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((word) => word[1] ?? word[2] ?? word[3] ?? '');
}

/** bootstrap.sh options that take no value (https://github.com/awslabs/amazon-eks-ami, AL2 bootstrap.sh). */
const BOOTSTRAP_FLAGS = new Set(['--enable-local-outpost', '--mount-bpf-fs']);

/** `/etc/eks/bootstrap.sh <cluster> [--apiserver-endpoint X] [--b64-cluster-ca Y]`, `$VAR`s resolved from `VAR=…` lines. */
function bootstrapValues(text: string): Map<string, string> | undefined {
  const variables = new Map(
    [...text.matchAll(/^\s*(?:export\s+)?([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S*)/gm)].map((match) => [
      match[1]!,
      unquote(match[2]!),
    ]),
  );
  const resolve = (word: string): string =>
    word.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (whole, name: string) => variables.get(name) ?? whole);
  const line = text.split(/\r?\n/).find((candidate) => /bootstrap\.sh(\s|$)/.test(candidate));
  if (!line) return undefined;
  const words = shellWords(line.slice(line.indexOf('bootstrap.sh') + 'bootstrap.sh'.length)).map(resolve);
  const values = new Map<string, string>();
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (/^(&&|\|\||;|\||>)/.test(word)) break;
    if (word.startsWith('--')) {
      const [option, inline] = word.split(/=(.*)/s);
      if (inline !== undefined) values.set(option!, inline);
      else if (!BOOTSTRAP_FLAGS.has(word)) {
        values.set(word, words[index + 1] ?? '');
        index += 1;
      }
    } else if (!values.has('cluster')) {
      values.set('cluster', word);
    }
  }
  return values;
}

const sameEndpoint = (value: string | undefined, endpoint: string | undefined): boolean =>
  !!value &&
  !!endpoint &&
  value.replace(/\/+$/, '').toLowerCase() === endpoint.replace(/\/+$/, '').toLowerCase();
const sameCertificate = (value: string | undefined, data: string | undefined): boolean =>
  !!value && !!data && value.replace(/\s+/g, '') === data.replace(/\s+/g, '');

function referencesOf(
  values: { name?: string; endpoint?: string; certificate?: string },
  cluster: ClusterIdentity,
): ClusterReference[] {
  return [
    ...(values.name === cluster.name ? (['cluster-name'] as const) : []),
    ...(sameEndpoint(values.endpoint, cluster.endpoint) ? (['api-server-endpoint'] as const) : []),
    ...(sameCertificate(values.certificate, cluster.certificateAuthorityData)
      ? (['certificate-authority'] as const)
      : []),
  ];
}

/** What one part names of the cluster, by the format it is in. */
function findingOf(part: UserDataPart, cluster: ClusterIdentity): UserDataFinding {
  const { text } = part;
  if (part.contentType === 'application/node.eks.aws' || /kind:\s*["']?NodeConfig/.test(text)) {
    const values = yamlValues(text);
    return {
      format: 'AL2023 nodeadm NodeConfig',
      references: referencesOf(
        {
          name: values.get('spec.cluster.name'),
          endpoint: values.get('spec.cluster.apiServerEndpoint'),
          certificate: values.get('spec.cluster.certificateAuthority'),
        },
        cluster,
      ),
    };
  }
  if (/^\s*\[settings(\.|\])|^\s*settings\.kubernetes\./m.test(text)) {
    const values = tomlValues(text);
    return {
      format: 'Bottlerocket settings',
      references: referencesOf(
        {
          name: values.get('settings.kubernetes.cluster-name'),
          endpoint: values.get('settings.kubernetes.api-server'),
          certificate: values.get('settings.kubernetes.cluster-certificate'),
        },
        cluster,
      ),
    };
  }
  const bootstrap = bootstrapValues(text);
  if (bootstrap) {
    return {
      format: 'AL2 bootstrap.sh',
      references: referencesOf(
        {
          name: bootstrap.get('cluster'),
          endpoint: bootstrap.get('--apiserver-endpoint'),
          certificate: bootstrap.get('--b64-cluster-ca'),
        },
        cluster,
      ),
    };
  }
  // Anything else: the endpoint and the certificate are unique strings, safe to search for; a
  // cluster name is not (it may be any word), so it is only recognised where a format puts it.
  return {
    format: 'other',
    references: [
      ...(cluster.endpoint && text.toLowerCase().includes(cluster.endpoint.replace(/\/+$/, '').toLowerCase())
        ? (['api-server-endpoint'] as const)
        : []),
      ...(cluster.certificateAuthorityData &&
      text.replace(/\s+/g, '').includes(cluster.certificateAuthorityData)
        ? (['certificate-authority'] as const)
        : []),
    ],
  };
}

/**
 * What a launch template's user data (base64, as EC2 returns it) names of a cluster: its name,
 * API server endpoint or certificate authority, in an AL2 `bootstrap.sh` call, an AL2023 nodeadm
 * `NodeConfig` (https://awslabs.github.io/amazon-eks-ami/nodeadm/) or Bottlerocket
 * `[settings.kubernetes]` (https://bottlerocket.dev/en/os/latest/#/api/settings/kubernetes/),
 * plain or in MIME multi-part parts, gzip or not. Only findings with a reference are returned;
 * the user data itself is never kept (it can hold secrets).
 *
 * @example
 * ```ts
 * const script = Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh prod\n').toString('base64');
 * userDataReferences(script, { name: 'prod' }); // [{ format: 'AL2 bootstrap.sh', references: ['cluster-name'] }]
 * ```
 */
export function userDataReferences(userData: string, cluster: ClusterIdentity): UserDataFinding[] {
  return partsOf(decodeText(userData))
    .map((part) => findingOf(part, cluster))
    .filter((finding) => finding.references.length > 0);
}
