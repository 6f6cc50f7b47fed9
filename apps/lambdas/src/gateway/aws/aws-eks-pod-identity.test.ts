import {
  CreatePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListPodIdentityAssociationsCommand,
  ResourceInUseException,
} from '@aws-sdk/client-eks';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { AwsEksPodIdentity } from './aws-eks-pod-identity.js';

const eks = mockClient(EKSClient);
const podIdentity = () => new AwsEksPodIdentity({ client: new EKSClient({ region: 'eu-west-1' }) });

describe('Class: AwsEksPodIdentity', () => {
  beforeEach(() => eks.reset());

  describe('Method: listPodIdentityAssociations', () => {
    it('reads every page and describes each association', async () => {
      // Prepare
      eks
        .on(ListPodIdentityAssociationsCommand, { clusterName: 'prod' })
        .resolvesOnce({ associations: [{ associationId: 'a-1' }], nextToken: 'next' })
        .resolvesOnce({ associations: [{ associationId: 'a-2' }] });
      eks.on(DescribePodIdentityAssociationCommand, { associationId: 'a-1' }).resolves({
        association: {
          associationId: 'a-1',
          clusterName: 'prod',
          namespace: 'web',
          serviceAccount: 'api',
          roleArn: 'arn:aws:iam::123456789012:role/web-api',
          targetRoleArn: 'arn:aws:iam::210987654321:role/shared',
          disableSessionTags: true,
          tags: { team: 'web' },
        },
      });
      eks.on(DescribePodIdentityAssociationCommand, { associationId: 'a-2' }).resolves({
        association: {
          associationId: 'a-2',
          clusterName: 'prod',
          namespace: 'jobs',
          serviceAccount: 'runner',
          roleArn: 'arn:aws:iam::123456789012:role/jobs',
          tags: {},
        },
      });

      // Act
      const associations = await podIdentity().listPodIdentityAssociations('prod');

      // Assess
      expect(associations).toEqual([
        {
          associationId: 'a-1',
          clusterName: 'prod',
          namespace: 'web',
          serviceAccount: 'api',
          roleArn: 'arn:aws:iam::123456789012:role/web-api',
          targetRoleArn: 'arn:aws:iam::210987654321:role/shared',
          disableSessionTags: true,
          tags: { team: 'web' },
        },
        {
          associationId: 'a-2',
          clusterName: 'prod',
          namespace: 'jobs',
          serviceAccount: 'runner',
          roleArn: 'arn:aws:iam::123456789012:role/jobs',
        },
      ]);
      expect(eks).toHaveReceivedCommandWith(ListPodIdentityAssociationsCommand, {
        clusterName: 'prod',
        nextToken: 'next',
      });
    });
  });

  describe('Method: createPodIdentityAssociation', () => {
    it('sends every field of the association (whole input)', async () => {
      // Prepare
      eks.on(CreatePodIdentityAssociationCommand).resolves({});

      // Act
      await podIdentity().createPodIdentityAssociation({
        clusterName: 'prod-1-31',
        namespace: 'web',
        serviceAccount: 'api',
        roleArn: 'arn:aws:iam::123456789012:role/web-api',
        targetRoleArn: 'arn:aws:iam::210987654321:role/shared',
        disableSessionTags: true,
        policy: '{"Version":"2012-10-17","Statement":[]}',
        tags: { team: 'web' },
      });

      // Assess
      expect(eks.commandCalls(CreatePodIdentityAssociationCommand).map((call) => call.args[0].input)).toEqual(
        [
          {
            clusterName: 'prod-1-31',
            namespace: 'web',
            serviceAccount: 'api',
            roleArn: 'arn:aws:iam::123456789012:role/web-api',
            targetRoleArn: 'arn:aws:iam::210987654321:role/shared',
            disableSessionTags: true,
            policy: '{"Version":"2012-10-17","Statement":[]}',
            tags: { team: 'web' },
          },
        ],
      );
    });

    it('reports a refusal as an AWSServiceError naming the service account', async () => {
      // Prepare
      eks
        .on(CreatePodIdentityAssociationCommand)
        .rejects(new ResourceInUseException({ message: 'Association already exists', $metadata: {} }));

      // Act
      const error = await podIdentity()
        .createPodIdentityAssociation({
          clusterName: 'prod-1-31',
          namespace: 'web',
          serviceAccount: 'api',
          roleArn: 'arn:aws:iam::123456789012:role/web-api',
        })
        .catch((caught: unknown) => caught);

      // Assess
      expect(AWSServiceError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'ResourceInUseException' });
      expect((error as Error).message).toContain('web/api');
    });
  });
});
