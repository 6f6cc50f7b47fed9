import { describe, expect, it } from 'vitest';
import { signRequest } from './sigv4.js';

// The example of "Create a signed AWS API request" and its worked example
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html): IAM ListUsers
// on 30 August 2015 with the documentation's example keys.
const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const EXAMPLE_DATE = new Date('2015-08-30T12:36:00Z');

describe('Function: signRequest', () => {
  it("produces the AWS documentation's signature for its IAM ListUsers example", () => {
    // Act
    const headers = signRequest(
      {
        method: 'GET',
        host: 'iam.amazonaws.com',
        path: '/',
        query: { Version: '2010-05-08', Action: 'ListUsers' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: '',
      },
      { region: 'us-east-1', service: 'iam' },
      EXAMPLE_CREDENTIALS,
      EXAMPLE_DATE,
    );

    // Assess
    expect(headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      host: 'iam.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    });
  });

  it('signs the session token of temporary credentials and the body of a POST', () => {
    // Prepare
    const request = {
      method: 'POST' as const,
      host: 'ec2.eu-west-1.amazonaws.com',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=DescribeLaunchTemplateVersions&Version=2016-11-15&LaunchTemplateId=lt-1',
    };
    const scope = { region: 'eu-west-1', service: 'ec2' };
    const temporary = { ...EXAMPLE_CREDENTIALS, sessionToken: 'TOKEN' };

    // Act
    const signed = signRequest(request, scope, temporary, EXAMPLE_DATE);
    const otherBody = signRequest({ ...request, body: `${request.body}2` }, scope, temporary, EXAMPLE_DATE);

    // Assess
    expect(signed['x-amz-security-token']).toBe('TOKEN');
    expect(signed.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/eu-west-1\/ec2\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(otherBody.authorization).not.toBe(signed.authorization);
  });
});
