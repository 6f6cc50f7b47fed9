import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixture = (name: string) => path.join(fixtures, name);

/** Each case: the arguments, and what the one-line reason must say. */
const BAD_INPUT: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
  ['unknown command', ['deploi'], /unknown command "deploi" \(did you mean deploy\?\)/],
  ['unknown flag', ['deploy', '--dryrun'], /unknown option --dryrun .*did you mean --dry-run/],
  ['unknown subcommand', ['config', 'delete'], /unknown command "config delete"/],
  [
    'bad cluster name',
    ['start', '--cluster', 'bad name!', '--target', '1.31'],
    /--cluster: must be 1-100 characters/,
  ],
  [
    'bad cluster name (plan)',
    ['plan', '--cluster', '_prod', '--target', '1.31'],
    /--cluster: must be 1-100 characters/,
  ],
  [
    'malformed version',
    ['start', '--cluster', 'prod', '--target', '1.x'],
    /--target: must look like 1.31 \(got "1.x"\)/,
  ],
  [
    'not a Kubernetes 1.x version',
    ['plan', '--cluster', 'prod', '--target', '2.0'],
    /--target: must look like 1.31/,
  ],
  ['downgrade', ['rehearse', '--from', '1.31', '--to', '1.29'], /cannot downgrade|must be newer/],
  [
    'unknown strategy',
    ['start', '--cluster', 'prod', '--target', '1.31', '--strategy', 'fast'],
    /--strategy must be one of in_place, blue_green \(got "fast"\)/,
  ],
  [
    'missing scenario file',
    ['rehearse', '--scenario', fixture('missing.json')],
    /Cannot read scenario file: .*missing\.json: no such file/,
  ],
  [
    'malformed scenario file',
    ['rehearse', '--scenario', fixture('malformed-json.txt')],
    /malformed-json\.txt: is not valid JSON \(unexpected character at line 1, column 27\)$/,
  ],
  [
    'endless scenario file',
    ['rehearse', '--scenario', '/dev/zero'],
    /Invalid scenario file: \/dev\/zero: is larger than the 1 MiB limit$/,
  ],
  [
    'scenario file with a typo in a key',
    ['rehearse', '--scenario', fixture('scenario-unknown-key.json')],
    /scenario-unknown-key\.json: unknown field "failure" \(the fields here are .*failures, gates\)/,
  ],
  [
    'traffic routing with unknown keys',
    [
      'plan',
      '--cluster',
      'prod',
      '--target',
      '1.31',
      '--traffic-routing',
      '{"hostedZoneId":"Z1","recordName":"a","ttl":5,"blue":{"setIdentifier":"b","target":"x","weight":1},"green":{"setIdentifier":"g","target":"y"}}',
    ],
    /Invalid --traffic-routing: trafficRouting\.blue: Unrecognized key: "weight"; trafficRouting: Unrecognized key: "ttl"$/,
  ],
  [
    'stop reason longer than Step Functions keeps',
    ['stop', '--cluster', 'prod', '--reason', 'x'.repeat(32_769)],
    /--reason: is 32769 characters; Step Functions keeps at most 32768$/,
  ],
  [
    'payload over the Lambda limit',
    ['functions', 'invoke', 'perception', '--payload', JSON.stringify('x'.repeat(6 * 1024 * 1024))],
    /--payload: is 6291458 bytes as JSON, over Lambda's 6 MiB limit for a synchronous invocation$/,
  ],
  [
    'event detail value over the limit',
    ['events', 'publish', '--type', 'upgrade.started', '--detail', JSON.stringify('x'.repeat(1024 * 1024))],
    /Invalid --detail value: --detail: is larger than the 1 MiB limit$/,
  ],
  [
    'scenario against the schema',
    ['rehearse', '--scenario', fixture('scenario-invalid.json')],
    /cluster\.version/,
  ],
  [
    'malformed traffic routing',
    ['plan', '--cluster', 'prod', '--target', '1.31', '--traffic-routing', '{"hostedZoneId":'],
    /--traffic-routing: is not valid JSON/,
  ],
  [
    'traffic routing against the schema',
    [
      'start',
      '--cluster',
      'prod',
      '--target',
      '1.31',
      '--traffic-routing',
      '{"hostedZoneId":"zone!","recordName":"api.example.com","blue":{},"green":{}}',
    ],
    /trafficRouting\.hostedZoneId: must be a Route 53 hosted zone id/,
  ],
  [
    'missing traffic routing file',
    ['start', '--cluster', 'prod', '--target', '1.31', '--traffic-routing', `@${fixture('missing.json')}`],
    /Cannot read --traffic-routing file: .*missing\.json: no such file/,
  ],
  [
    'missing config file',
    ['config', 'import', fixture('missing.json')],
    /Cannot read configuration file: .*no such file/,
  ],
  ['malformed config file', ['config', 'import', fixture('malformed-json.txt')], /is not valid JSON/],
  [
    'config file with an unknown key',
    ['config', 'import', fixture('config-unknown-key.json')],
    /upgrade: Unrecognized key.*bakeTime/,
  ],
  [
    'config file with a bad value',
    ['config', 'import', fixture('config-bad-value.json')],
    /upgrade\.trafficShiftIntervals: must be strictly increasing/,
  ],
  ['missing argument', ['config', 'get'], /eks-upgrade config get needs KEY/],
  ['missing required flag', ['start', '--cluster', 'prod'], /eks-upgrade start needs --target/],
  ['missing flag value', ['plan', '--cluster', 'prod', '--target'], /--target needs a value/],
  ['bad --output', ['list', '--output', 'yaml'], /--output must be one of json, table, text \(got "yaml"\)/],
  [
    'bad config value',
    ['config', 'set', 'upgrade.bakeTimeSeconds', 'soon'],
    /upgrade\.bakeTimeSeconds: must be a number of seconds/,
  ],
  [
    'negative config value',
    ['config', 'set', 'upgrade.bakeTimeSeconds', '-5'],
    /upgrade\.bakeTimeSeconds: must be/,
  ],
  [
    'unknown command with flags',
    ['reherse', '--scenario', 'x.json'],
    /^error: unknown command "reherse" \(did you mean rehearse\?\)\. See/,
  ],
  [
    'unknown config key',
    ['config', 'set', 'upgrade.bakeTime', '10'],
    /"upgrade.bakeTime" is not a configuration key \(did you mean upgrade.bakeTimeSeconds\?\)/,
  ],
  [
    'unknown phase',
    ['functions', 'invoke', 'deploy', '--payload', '{}'],
    /phase \(PHASE\): must be one of perception/,
  ],
  [
    'malformed payload',
    ['functions', 'invoke', 'perception', '--payload', '{bad'],
    /--payload: is not valid JSON/,
  ],
  [
    'unknown event type',
    ['events', 'publish', '--type', 'upgrade.paused', '--detail', '{}'],
    /event type \(--type\): must be one of upgrade.started/,
  ],
  [
    'event detail against its schema',
    ['events', 'publish', '--type', 'upgrade.started', '--detail', '{"clusterName":"prod"}'],
    /upgrade.started detail \(--detail\): targetVersion/,
  ],
  ['bad notification target', ['deploy', '--notify-arn', 'my-queue'], /--notify-arn: must be an ARN/],
  [
    'more notification targets than a rule has',
    [
      'deploy',
      ...Array.from({ length: 6 }, (_, index) => [
        '--notify-arn',
        `arn:aws:sqs:us-east-1:123456789012:q${index}`,
      ]).flat(),
    ],
    /--notify-arn: is given 6 times; an EventBridge rule has at most 5 targets/,
  ],
  ['bad role ARN', ['deploy', '--lambda-role-arn', 'role/x'], /--lambda-role-arn: must be an ARN/],
  [
    'deploy --via cloudformation without a code bucket',
    ['deploy', '--via', 'cloudformation', '--yes'],
    /--upload-to: is required with --via cloudformation/,
  ],
  [
    'deploy --via cloudformation with a role of your own',
    ['deploy', '--via', 'cloudformation', '--lambda-role-arn', 'arn:aws:iam::123456789012:role/mine'],
    /--lambda-role-arn: is not used with --via cloudformation/,
  ],
  [
    'deploy --via cloudformation with a bad stack name',
    ['deploy', '--via', 'cloudformation', '--upload-to', 's3://artifacts-1/x', '--stack-name', '1-stack'],
    /--stack-name: must start with a letter/,
  ],
  [
    'a CloudFormation flag without --via cloudformation',
    ['deploy', '--yes'],
    /--yes: is used only with --via cloudformation/,
  ],
  [
    'destroy --via cloudformation --keep-config',
    ['destroy', '--via', 'cloudformation', '--keep-config'],
    /--keep-config: cannot be used with --via cloudformation/,
  ],
  ['synth with a bad format', ['synth', '--format', 'xml'], /--format must be one of json, yaml/],
  ['synth to a bad S3 location', ['synth', '--upload-to', 'bucket/x'], /--upload-to: must be s3:\/\/BUCKET/],
  [
    'bad region',
    ['list', '--region', 'mars'],
    /--region must be an AWS region such as us-east-1 \(got "mars"\)/,
  ],
  ['bad endpoint', ['list', '--endpoint-url', 'localhost'], /--endpoint-url must be an http\(s\) URL/],
  ['bad execution name', ['status', 'not/a/name'], /execution name \(EXECUTION\)/],
  [
    'bad traffic intervals',
    ['start', '--cluster', 'prod', '--target', '1.31', '--traffic-intervals', '50,10,100'],
    /--traffic-intervals: must be strictly increasing/,
  ],
  ['negative wait', ['watch', '--max-wait', '-5'], /--max-wait: must be a positive number of seconds/],
  [
    'bad parameter prefix',
    ['config', 'show', '--prefix', 'eks'],
    /--prefix: must be a path such as \/eks-upgrade-agent\//,
  ],
  [
    'missing definition file',
    ['workflow', 'validate', fixture('missing.json')],
    /Cannot read state machine definition/,
  ],
];

describe('Function: main (bad input)', () => {
  it.each(BAD_INPUT)('%s: exits 2 with a one-line reason and no AWS call', async (_name, argv, reason) => {
    // Prepare
    const spy = createServiceSpy();
    const calls: string[] = [];

    // Act
    const result = await runCli(argv, {
      services: spy.factory,
      onAwsCall: (service, operation) => calls.push(`${service}:${operation}`),
    });

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(reason);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(spy.requested).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('prints the stack of a bad input only with --verbose', async () => {
    // Act
    const quiet = await runCli(['config', 'import', fixture('malformed-json.txt')]);
    const verbose = await runCli(['config', 'import', fixture('malformed-json.txt'), '--verbose']);

    // Assess
    expect(quiet.stderr).not.toContain('ValidationError');
    expect(verbose.exitCode).toBe(2);
    expect(verbose.stderr).toMatch(/ValidationError: Invalid configuration file[\s\S]*\n\s+at /);
  });

  it.each([
    ['events', 'publish', '--type', 'upgrade.started', '--detail', '{"apiToken": s3cr3t}'],
    ['functions', 'invoke', 'perception', '--payload', '{"apiToken": s3cr3t}'],
    ['config', 'import', fixture('config-with-secret-malformed.txt')],
  ])('never quotes malformed input, which may be a secret, even with --verbose: %j', async (...argv) => {
    // Act
    const quiet = await runCli(argv);
    const verbose = await runCli([...argv, '--verbose']);

    // Assess
    expect(quiet.exitCode).toBe(2);
    expect(quiet.stderr).toMatch(/is not valid JSON \(unexpected character at line \d+, column \d+\)\n$/);
    for (const run of [quiet, verbose]) {
      expect(run.stderr).not.toContain('s3cr3t');
      expect(run.stdout).not.toContain('s3cr3t');
    }
  });
});
