import {
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  paginateGetParametersByPath,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { startMotoServer } from '../../src/moto-server.js';
import { useMoto } from '../../src/use-moto.js';

const moto = useMoto();

describe('moto harness', () => {
  it('serves SSM: a parameter written is read back', async () => {
    // Prepare
    const ssm = new SSMClient(moto.clientConfig());

    // Act
    await ssm.send(new PutParameterCommand({ Name: '/harness/one', Value: 'first', Type: 'String' }));
    const read = await ssm.send(new GetParameterCommand({ Name: '/harness/one' }));

    // Assess
    expect(read.Parameter?.Value).toBe('first');
    expect(read.Parameter?.Version).toBe(1);
  });

  it('pages through 25 parameters by path', async () => {
    // Prepare
    const ssm = new SSMClient(moto.clientConfig());
    for (let index = 0; index < 25; index += 1) {
      await ssm.send(
        new PutParameterCommand({
          Name: `/harness/paged/p${String(index).padStart(2, '0')}`,
          Value: `${index}`,
          Type: 'String',
        }),
      );
    }

    // Act
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateGetParametersByPath(
      { client: ssm, pageSize: 10 },
      { Path: '/harness/paged' },
    )) {
      pages += 1;
      names.push(...(page.Parameters ?? []).map((parameter) => parameter.Name!));
    }

    // Assess
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('starts each test from an empty server', async () => {
    const ssm = new SSMClient(moto.clientConfig());
    const page = await ssm.send(new GetParametersByPathCommand({ Path: '/harness', Recursive: true }));
    expect(page.Parameters ?? []).toEqual([]);
  });

  it('accepts configuration changes', async () => {
    await expect(moto.configure({ lambda: { use_docker: false } })).resolves.toBeUndefined();
  });
});

describe('Function: startMotoServer', () => {
  it('starts a second server on another port and stops it for good', async () => {
    // Act
    const server = await startMotoServer();
    const endpoint = server.endpoint;
    await server.stop();
    await server.stop();

    // Assess
    expect(endpoint).not.toBe(moto.endpoint);
    await expect(fetch(`${endpoint}/moto-api/data.json`)).rejects.toThrow();
  });

  it('fails clearly when the executable does not exist', async () => {
    await expect(
      startMotoServer({ executable: '/nonexistent/moto_server', startTimeoutMs: 2000 }),
    ).rejects.toThrow(/Could not start \/nonexistent\/moto_server|exited/);
  });
});
