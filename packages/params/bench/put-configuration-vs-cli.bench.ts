/**
 * Wall time of `putConfiguration` of 200 parameters against moto, beside a shell loop of
 * `aws ssm put-parameter` (AWS CLI v1) doing the same 200 writes, measured in one run against
 * one moto server started here. Each side runs once: the loop alone takes a minute or more.
 * Run: `pnpm bench` in packages/params.
 */
import { spawn } from 'node:child_process';
import { registerHooks } from 'node:module';

// Plain node runs this file (vitest 5 has no bench): type stripping handles TypeScript, and this
// hook lets the sources' `.js` imports find their `.ts` files.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
        return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
      }
      throw error;
    }
  },
});

const { SSMClient } = await import('../src/index.js');
const { startMotoServer } = await import('@eks-upgrade/testing');

const PARAMETERS = 200;
const config = Object.fromEntries(
  Array.from({ length: PARAMETERS }, (_, index) => [
    `key${String(index).padStart(3, '0')}`,
    `value-${index}`,
  ]),
);
const loop = [
  `for i in $(seq 0 ${PARAMETERS - 1}); do`,
  '  key=$(printf "key%03d" "$i")',
  '  aws ssm put-parameter --endpoint-url "$ENDPOINT" --region us-east-1 \\',
  '    --name "/eks-upgrade-agent/cli/$key" --value "value-$i" --type String --overwrite >/dev/null || exit 1',
  'done',
].join('\n');

function runLoop(endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', loop], {
      env: {
        ...process.env,
        ENDPOINT: endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_SESSION_TOKEN: 'testing',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the aws cli loop exited with ${code}`)),
    );
  });
}

const moto = await startMotoServer();
try {
  const ssm = new SSMClient({ clientConfig: moto.clientConfig({ maxAttempts: 3 }) });

  let started = performance.now();
  const versions = await ssm.putConfiguration(config, 'sdk');
  const sdkMs = performance.now() - started;
  if (Object.keys(versions).length !== PARAMETERS)
    throw new Error('putConfiguration did not write every parameter');

  started = performance.now();
  // Asynchronous on purpose: moto logs every request to a pipe this process drains; a
  // synchronous exec would stop the draining and moto would block.
  await runLoop(moto.endpoint);
  const cliMs = performance.now() - started;

  const written = await ssm.getParametersByPath('/eks-upgrade-agent/cli');
  if (written.length !== PARAMETERS) throw new Error(`the shell loop wrote ${written.length} parameters`);
  console.log(`putConfiguration (${PARAMETERS} parameters, concurrency 5): ${(sdkMs / 1000).toFixed(2)} s`);
  console.log(`shell loop of aws ssm put-parameter (${PARAMETERS} calls): ${(cliMs / 1000).toFixed(2)} s`);
  console.log(`ratio (loop / putConfiguration): ${(cliMs / sdkMs).toFixed(1)}x`);
} finally {
  await moto.stop();
}
