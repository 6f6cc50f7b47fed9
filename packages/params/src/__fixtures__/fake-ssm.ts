import {
  DeleteParametersCommand,
  type DeleteParametersCommandInput,
  GetParametersByPathCommand,
  type GetParametersByPathCommandInput,
  type Parameter,
  PutParameterCommand,
  type PutParameterCommandInput,
  SSMClient as SdkSSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

/** An SDK-shaped service error, as the SDK throws it. */
export function sdkError(
  name: string,
  httpStatusCode = 400,
  message = `${name} happened`,
): SSMServiceException {
  return new SSMServiceException({
    name,
    message,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-1' },
  });
}

export interface FakeSsm {
  mock: AwsClientStub<SdkSSMClient>;
  client: SdkSSMClient;
  parameters: Map<
    string,
    { value: string; type: string; version: number; tier: string | undefined; keyId?: string }
  >;
}

/**
 * A mocked SDK client backed by a map: PutParameter, GetParametersByPath (paged like moto,
 * including the empty last page after a full one) and DeleteParameters behave like the service.
 */
export function fakeSsm(): FakeSsm {
  const client = new SdkSSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const mock = mockClient(client);
  const parameters: FakeSsm['parameters'] = new Map();
  mock.on(PutParameterCommand).callsFake((input: PutParameterCommandInput) => {
    const previous = parameters.get(input.Name ?? '');
    if (previous && !input.Overwrite) throw sdkError('ParameterAlreadyExists');
    const version = (previous?.version ?? 0) + 1;
    parameters.set(input.Name ?? '', {
      value: input.Value ?? '',
      type: input.Type ?? previous?.type ?? 'String',
      version,
      tier: input.Tier ?? previous?.tier,
      ...(input.KeyId ? { keyId: input.KeyId } : {}),
    });
    return { Version: version, Tier: input.Tier ?? 'Standard' };
  });
  mock.on(GetParametersByPathCommand).callsFake((input: GetParametersByPathCommandInput) => {
    const base = `${(input.Path ?? '').replace(/\/+$/, '')}/`;
    const matching: Parameter[] = [...parameters]
      .filter(
        ([name]) => name.startsWith(base) && (input.Recursive || !name.slice(base.length).includes('/')),
      )
      .map(([name, stored]) => ({
        Name: name,
        Value:
          stored.type === 'SecureString' && !input.WithDecryption
            ? `kms:${stored.keyId}:${stored.value}`
            : stored.value,
        Type: stored.type as Parameter['Type'],
        Version: stored.version,
      }));
    const start = Number(input.NextToken ?? '0');
    const size = input.MaxResults ?? 10;
    const page = matching.slice(start, start + size);
    return { Parameters: page, ...(page.length === size ? { NextToken: String(start + size) } : {}) };
  });
  mock.on(DeleteParametersCommand).callsFake((input: DeleteParametersCommandInput) => {
    const names = input.Names ?? [];
    const invalid = names.filter((name) => !parameters.has(name));
    const deleted = names.filter((name) => parameters.delete(name));
    return { DeletedParameters: deleted, InvalidParameters: invalid };
  });
  return { mock, client, parameters };
}
