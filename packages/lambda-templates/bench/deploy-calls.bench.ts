/**
 * API calls per deployFunction against moto (no-Docker Lambda backend), compared with the least
 * any read-compare-write deployment can make, plus the wall time of a no-op deployment.
 * Run with `pnpm bench` in packages/lambda-templates (after `pnpm build`).
 *
 * Minimums: a first deploy needs a read (does it exist?), the create and one poll until Active
 * (3); a no-op deploy one read (1); a code-only change a read, the code update and one poll
 * until the update settles (3); code plus configuration adds the configuration update and its
 * poll (5).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Bench } from 'tinybench';
import { createExecutionLambda, createFunctionZip, LambdaTemplateManager } from '../dist/index.js';

const MINIMUM = { first: 3, noop: 1, codeOnly: 3, codeAndConfiguration: 5 } as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const port = await freePort();
const endpoint = `http://127.0.0.1:${port}`;
const moto = spawn(process.env.MOTO_SERVER_BIN ?? 'moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
  stdio: 'ignore',
});
try {
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
    } catch {
      if (attempt > 300) throw new Error('moto_server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  const clientConfig = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const iam = new IAMClient(clientConfig);
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: 'bench',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  const role = created.Role?.Arn ?? '';

  const commands: string[] = [];
  const client = new LambdaClient(clientConfig);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  const manager = new LambdaTemplateManager({
    client,
    wait: { minDelaySeconds: 0.05, maxDelaySeconds: 0.2, maxWaitSeconds: 10 },
  });
  const zip = (answer: number) =>
    createFunctionZip({ 'index.mjs': `export const handler = async () => (${answer});\n` });

  const rows: Record<string, string | number>[] = [];
  const measure = async (label: keyof typeof MINIMUM, answer: number, timeout?: number) => {
    commands.length = 0;
    const started = performance.now();
    const deployment = await manager.deployFunction(
      createExecutionLambda({ role, code: { zipFile: zip(answer) }, ...(timeout ? { timeout } : {}) }),
    );
    rows.push({
      deploy: label,
      changes: deployment.changes.join('+') || 'none',
      calls: commands.length,
      minimum: MINIMUM[label],
      'wall ms': Math.round(performance.now() - started),
      sequence: commands.join(' → '),
    });
  };
  await measure('first', 1);
  await measure('noop', 1);
  await measure('codeOnly', 2);
  await measure('codeAndConfiguration', 3, 30);
  console.log('deployFunction API calls against moto');
  console.table(rows);

  const bench = new Bench({ name: 'deployFunction against moto', time: 2000 });
  bench.add('no-op deploy (same zip and configuration: 1 GetFunction)', async () => {
    await manager.deployFunction(createExecutionLambda({ role, code: { zipFile: zip(3) }, timeout: 30 }));
  });
  await bench.run();
  console.log(bench.name);
  console.table(bench.table());
} finally {
  moto.kill('SIGTERM');
}
