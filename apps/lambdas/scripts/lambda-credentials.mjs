/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles. Lambda always hands
 * the function its role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the SDK's full chain (SSO, INI files, process,
 * web identity, IMDS and the STS/SSO clients they pull in) is dead weight at cold start.
 */
export function defaultProvider() {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      const error = new Error(
        'No AWS credentials in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); the Lambda bundles read credentials from the environment only',
      );
      error.name = 'CredentialsProviderError';
      throw error;
    }
    return {
      accessKeyId,
      secretAccessKey,
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
      ...(process.env.AWS_CREDENTIAL_EXPIRATION
        ? { expiration: new Date(process.env.AWS_CREDENTIAL_EXPIRATION) }
        : {}),
    };
  };
}
