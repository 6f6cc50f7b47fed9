import type { TrustPolicyDocument, TrustStatement } from '../../gateway/cluster-identity.js';

/** `https://oidc.eks.…/id/X` → `oidc.eks.…/id/X`: how trust policies name an issuer in ARNs and condition keys. */
export function issuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '').replace(/\/$/, '');
}

function federatedOf(statement: TrustStatement): string[] {
  const federated = statement.Principal?.Federated;
  return federated === undefined ? [] : Array.isArray(federated) ? federated : [federated];
}

/** Whether a statement's federated principal is the IAM OIDC provider of `issuerUrl`. */
export function trustsIssuer(statement: TrustStatement, issuerUrl: string): boolean {
  const suffix = `:oidc-provider/${issuerHostPath(issuerUrl)}`;
  return federatedOf(statement).some((principal) => principal.endsWith(suffix));
}

/** A blue statement restated for green: green's provider, condition keys on green's issuer. */
function forGreen(
  statement: TrustStatement,
  blueIssuer: string,
  greenProviderArn: string,
  greenIssuer: string,
) {
  const blueKey = `${issuerHostPath(blueIssuer)}:`;
  const greenKey = `${issuerHostPath(greenIssuer)}:`;
  const condition = statement.Condition
    ? Object.fromEntries(
        Object.entries(statement.Condition).map(([operator, keys]) => [
          operator,
          Object.fromEntries(
            Object.entries(keys).map(([key, value]) => [
              key.startsWith(blueKey) ? greenKey + key.slice(blueKey.length) : key,
              value,
            ]),
          ),
        ]),
      )
    : undefined;
  const { Sid, Principal, Condition: _condition, ...rest } = statement;
  return {
    // A Sid must be unique in the policy and alphanumeric.
    ...(Sid ? { Sid: `${Sid}Green` } : {}),
    ...rest,
    Principal: { ...Principal, Federated: greenProviderArn },
    ...(condition ? { Condition: condition } : {}),
  } satisfies TrustStatement;
}

/**
 * The trust policy with green's issuer added beside blue's: each statement trusting blue's
 * provider is kept and restated for green's (same actions and conditions: audience, service
 * account), so the role is assumable from both clusters. `undefined` when nothing is to change:
 * green is trusted already, or no statement names blue's issuer.
 *
 * @example
 * ```ts
 * withGreenIssuer(policy, 'https://oidc.eks.eu-west-1.amazonaws.com/id/BLUE', greenArn, 'https://oidc.eks.eu-west-1.amazonaws.com/id/GREEN');
 * ```
 */
export function withGreenIssuer(
  policy: TrustPolicyDocument,
  blueIssuer: string,
  greenProviderArn: string,
  greenIssuer: string,
): TrustPolicyDocument | undefined {
  if (policy.Statement.some((statement) => trustsIssuer(statement, greenIssuer))) return undefined;
  const blue = policy.Statement.filter((statement) => trustsIssuer(statement, blueIssuer));
  if (blue.length === 0) return undefined;
  return {
    ...policy,
    Statement: [
      ...policy.Statement,
      ...blue.map((statement) => forGreen(statement, blueIssuer, greenProviderArn, greenIssuer)),
    ],
  };
}

/** The trust policy without the statements trusting green's issuer (the undo); `undefined` when it has none. */
export function withoutGreenIssuer(
  policy: TrustPolicyDocument,
  greenIssuer: string,
): TrustPolicyDocument | undefined {
  const kept = policy.Statement.filter((statement) => !trustsIssuer(statement, greenIssuer));
  return kept.length === policy.Statement.length ? undefined : { ...policy, Statement: kept };
}
