import {
  DescribeNodegroupCommand,
  type EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  type NodegroupStatus,
} from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  type ChangeStatus,
  GetChangeCommand,
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

/**
 * GetChange of the change `records` accepts (`/change/C1`, asked by its bare id) answers each
 * status in turn, the last one from then on.
 */
export function changeStatuses(route53: AwsClientStub<Route53Client>, ...statuses: ChangeStatus[]) {
  const answer = (Status: ChangeStatus) => ({
    ChangeInfo: { Id: '/change/C1', Status, SubmittedAt: new Date('2026-11-25T12:00:00Z') },
  });
  let stub = route53.on(GetChangeCommand, { Id: 'C1' });
  for (const status of statuses.slice(0, -1)) stub = stub.resolvesOnce(answer(status));
  stub.resolves(answer(statuses.at(-1)!));
}

/** Blue (`prod`) serving: one node group ACTIVE with 3 nodes, or in the given state. */
export function blueNodegroups(eks: AwsClientStub<EKSClient>, status: NodegroupStatus = 'ACTIVE') {
  eks.on(ListFargateProfilesCommand, { clusterName: 'prod' }).resolves({ fargateProfileNames: [] });
  eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['general'] });
  eks
    .on(DescribeNodegroupCommand, { clusterName: 'prod', nodegroupName: 'general' })
    .resolves({ nodegroup: eksNodegroup('general', '1.29', { status }) });
}

/** A weighted CNAME record of `records` at a weight. */
function cname(side: 'blue' | 'green', weight: number) {
  return {
    Name: 'api.example.com.',
    Type: 'CNAME',
    SetIdentifier: side,
    Weight: weight,
    TTL: 60,
    ResourceRecords: [{ Value: side === 'blue' ? 'b' : 'g' }],
  };
}

/**
 * The whole ChangeResourceRecordSets input that moves the records `records` made from the
 * weights read (`from`) to `to`: each record DELETEd as read, then CREATEd at its new weight.
 */
export function weightChangeInput(
  from: { blue: number; green: number },
  to: { blue: number; green: number },
) {
  return {
    HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    ChangeBatch: {
      Comment: `eks-upgrade: ${to.green}% green / ${to.blue}% blue`,
      Changes: [
        { Action: 'DELETE', ResourceRecordSet: cname('blue', from.blue) },
        { Action: 'DELETE', ResourceRecordSet: cname('green', from.green) },
        { Action: 'CREATE', ResourceRecordSet: cname('blue', to.blue) },
        { Action: 'CREATE', ResourceRecordSet: cname('green', to.green) },
      ],
    },
  };
}
