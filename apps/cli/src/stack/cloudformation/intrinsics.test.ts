// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation Fn::Sub text and IAM policy variables, not JS templates
import { describe, expect, it } from 'vitest';
import { parseS3Location } from './code-upload.js';
import {
  conditionHolds,
  resolveIntrinsics,
  roleArnPlaceholder,
  TEMPLATE_LOCATION,
  toCloudFormation,
} from './intrinsics.js';
import {
  expandListTokens,
  LIST_PARAMETERS,
  listConditions,
  listToken,
  PREFIX_TOKEN,
} from './template-parameters.js';

const LOCATION = { partition: 'aws-cn', region: 'cn-north-1', accountId: '123456789012' };

describe('toCloudFormation / resolveIntrinsics', () => {
  it('turns the location placeholders into Fn::Sub pseudo parameters and back', () => {
    const arn = `arn:${TEMPLATE_LOCATION.partition}:logs:${TEMPLATE_LOCATION.region}:${TEMPLATE_LOCATION.accountId}:log-group:/x`;
    const template = toCloudFormation({ Resource: [arn, '*'] });
    expect(template).toEqual({
      Resource: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/x' },
        '*',
      ],
    });
    expect(resolveIntrinsics(template, { location: LOCATION })).toEqual({
      Resource: ['arn:aws-cn:logs:cn-north-1:123456789012:log-group:/x', '*'],
    });
  });

  it('keeps a literal ${...} (an IAM policy variable) literal: escaped as ${! in Fn::Sub', () => {
    const text = `arn:${TEMPLATE_LOCATION.partition}:s3:::bucket/\${aws:username}/*`;
    const template = toCloudFormation(text);
    expect(template).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::bucket/${!aws:username}/*' });
    expect(resolveIntrinsics(template, { location: LOCATION })).toBe(
      'arn:aws-cn:s3:::bucket/${aws:username}/*',
    );
    // A string without placeholders is left as is, ${ and all.
    expect(toCloudFormation('${aws:username}')).toBe('${aws:username}');
  });

  it('a role placeholder becomes Fn::GetAtt alone, or ${Logical.Arn} inside a longer string', () => {
    expect(toCloudFormation(roleArnPlaceholder('EventsRole'))).toEqual({
      'Fn::GetAtt': ['EventsRole', 'Arn'],
    });
    expect(toCloudFormation(`role=${roleArnPlaceholder('EventsRole')}`)).toEqual({
      'Fn::Sub': 'role=${EventsRole.Arn}',
    });
    expect(() => resolveIntrinsics({ Ref: 'Nope' }, { location: LOCATION })).toThrow('Cannot resolve Nope');
  });
});

describe('per-account parameters', () => {
  const clusters = LIST_PARAMETERS.find((parameter) => parameter.name === 'ClusterNames')!;
  const values = (ClusterNames: string[]) => ({
    location: LOCATION,
    parameters: { ClusterNames, Prefix: '/team-a/' },
    conditions: listConditions(),
  });

  it('the prefix token becomes ${Prefix}; without its trailing slash, ${PrefixPath} derived from it', () => {
    const template = toCloudFormation([
      `${PREFIX_TOKEN}config`,
      `arn:aws:ssm:::parameter${PREFIX_TOKEN.slice(0, -1)}`,
    ]);
    expect(template).toEqual([
      { 'Fn::Sub': '${Prefix}config' },
      {
        'Fn::Sub': [
          'arn:aws:ssm:::parameter${PrefixPath}',
          {
            PrefixPath: {
              'Fn::Select': [0, { 'Fn::Split': ['/|', { 'Fn::Join': ['', [{ Ref: 'Prefix' }, '|']] }] }],
            },
          },
        ],
      },
    ]);
    expect(resolveIntrinsics(template, values([]))).toEqual([
      '/team-a/config',
      'arn:aws:ssm:::parameter/team-a',
    ]);
  });

  it('a list token becomes one conditional entry per slot; the statement goes when the list is empty', () => {
    const arn = `arn:${TEMPLATE_LOCATION.partition}:eks:${TEMPLATE_LOCATION.region}:${TEMPLATE_LOCATION.accountId}:cluster/${listToken(clusters)}`;
    const policy = toCloudFormation(
      expandListTokens(
        {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Upgrade', Effect: 'Allow', Action: ['eks:UpdateClusterVersion'], Resource: [arn] },
            { Sid: 'Read', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: ['*'] },
          ],
        },
        (text) => (toCloudFormation(text) as { 'Fn::Sub': string })['Fn::Sub'],
      ),
    );
    const read = { Sid: 'Read', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: ['*'] };
    expect(resolveIntrinsics(policy, values(['a', 'b']))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Upgrade',
          Effect: 'Allow',
          Action: ['eks:UpdateClusterVersion'],
          Resource: [
            'arn:aws-cn:eks:cn-north-1:123456789012:cluster/a',
            'arn:aws-cn:eks:cn-north-1:123456789012:cluster/b',
          ],
        },
        read,
      ],
    });
    // CloudFormation gives "" as [""]: no statement at all (an empty Resource would be refused).
    expect(resolveIntrinsics(policy, values(['']))).toEqual({ Version: '2012-10-17', Statement: [read] });
    // Every slot in use, and one item past them: Fn::Select never goes out of range.
    const full = Array.from({ length: clusters.slots + 1 }, (_, index) => `c${index}`);
    const statement = (
      resolveIntrinsics(policy, values(full)) as { Statement: Array<{ Resource: string[] }> }
    ).Statement[0]!;
    expect(statement.Resource).toHaveLength(clusters.slots);
    expect(conditionHolds('ClusterNamesEmpty', values(['']))).toBe(true);
    expect(conditionHolds('ClusterNamesEmpty', values(['a']))).toBe(false);
  });
});

describe('parseS3Location', () => {
  it('reads the bucket and a prefix ending with /', () => {
    expect(parseS3Location('s3://artifacts-1/eks/upgrade/', '--upload-to')).toEqual({
      bucket: 'artifacts-1',
      keyPrefix: 'eks/upgrade/',
    });
    expect(parseS3Location('s3://artifacts-1', '--upload-to')).toEqual({
      bucket: 'artifacts-1',
      keyPrefix: '',
    });
  });

  it('refuses what is not s3://BUCKET[/PREFIX] with a valid bucket name', () => {
    for (const value of [
      'artifacts',
      's3://',
      's3://Upper/x',
      's3://a..b/x',
      'https://b.s3.amazonaws.com/x',
    ]) {
      expect(() => parseS3Location(value, '--upload-to'), value).toThrow('Invalid S3 location');
    }
  });
});
