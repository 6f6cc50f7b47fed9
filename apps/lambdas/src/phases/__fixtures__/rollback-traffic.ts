import {
  DescribeNodegroupCommand,
  type EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  type NodegroupStatus,
} from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { eksNodegroup } from './aws.js';

/* Route 53 records and blue node groups as the blue/green rollback tests find them (mocked SDK). */

/** The blue and green weighted CNAME records at `blue` / `green`, and a change that is accepted. */
export function records(route53: AwsClientStub<Route53Client>, blue: number, green: number, now: Date) {
  route53.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      {
        Name: 'api.example.com.',
        Type: 'CNAME',
        SetIdentifier: 'blue',
        Weight: blue,
        TTL: 60,
        ResourceRecords: [{ Value: 'b' }],
      },
      {
        Name: 'api.example.com.',
        Type: 'CNAME',
        SetIdentifier: 'green',
        Weight: green,
        TTL: 60,
        ResourceRecords: [{ Value: 'g' }],
      },
    ],
    IsTruncated: false,
    MaxItems: 100,
  });
  route53
    .on(ChangeResourceRecordSetsCommand)
    .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: now } });
}

/** Blue (`prod`) serving: one node group ACTIVE with 3 nodes, or in the given state. */
export function blueNodegroups(eks: AwsClientStub<EKSClient>, status: NodegroupStatus = 'ACTIVE') {
  eks.on(ListFargateProfilesCommand, { clusterName: 'prod' }).resolves({ fargateProfileNames: [] });
  eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['general'] });
  eks
    .on(DescribeNodegroupCommand, { clusterName: 'prod', nodegroupName: 'general' })
    .resolves({ nodegroup: eksNodegroup('general', '1.29', { status }) });
}

/** The whole ChangeResourceRecordSets input that puts all traffic back on blue. */
export const ALL_BACK_ON_BLUE = {
  HostedZoneId: 'Z0123456789ABCDEFGHIJ',
  ChangeBatch: {
    Comment: 'eks-upgrade: 0% green / 100% blue',
    Changes: [
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'api.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'blue',
          Weight: 100,
          TTL: 60,
          ResourceRecords: [{ Value: 'b' }],
        },
      },
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'api.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'green',
          Weight: 0,
          TTL: 60,
          ResourceRecords: [{ Value: 'g' }],
        },
      },
    ],
  },
};
