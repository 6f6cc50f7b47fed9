import { createHash, createHmac } from 'node:crypto';

/** AWS credentials as the SDK's credential providers resolve them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What is signed: one HTTP request to an AWS endpoint. */
export interface SigV4Request {
  readonly method: 'GET' | 'POST';
  /** The endpoint's host, e.g. `ec2.eu-west-1.amazonaws.com` (with `:port` when not the default). */
  readonly host: string;
  /** The absolute path, `/` for the Query APIs. */
  readonly path: string;
  /** Query-string parameters (none for a form POST). */
  readonly query?: Readonly<Record<string, string>>;
  /** Headers besides `host` and the `x-amz-*` ones the signature adds. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Where the signature is valid: the credential scope's region and service signing name. */
export interface SigV4Scope {
  readonly region: string;
  /** The service's signing name, e.g. `ec2`. */
  readonly service: string;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding, as Signature Version 4 requires (`encodeURIComponent` leaves `!'()*`). */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `20150830T123600Z` of a date. */
function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * Signs a request with AWS Signature Version 4: the canonical request, the string to sign and
 * the derived signing key exactly as "Create a signed AWS API request" describes
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), every header
 * given signed. Returns the headers to send: those given plus `host`, `x-amz-date`,
 * `x-amz-security-token` (temporary credentials) and `authorization`.
 *
 * @example
 * ```ts
 * const headers = signRequest(request, { region: 'eu-west-1', service: 'ec2' }, credentials, new Date());
 * await fetch(`https://${request.host}/`, { method: 'POST', headers, body: request.body });
 * ```
 */
export function signRequest(
  request: SigV4Request,
  scope: SigV4Scope,
  credentials: AwsCredentials,
  now: Date,
): Record<string, string> {
  const timestamp = amzDate(now);
  const day = timestamp.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    host: request.host,
    'x-amz-date': timestamp,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const canonicalQuery = Object.entries(request.query ?? {})
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalRequest = [
    request.method,
    request.path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', timestamp, credentialScope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), scope.region), scope.service),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
