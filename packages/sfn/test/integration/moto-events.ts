/**
 * Observes the events the workflow publishes on moto: an EventBridge rule sends the agent's
 * events to an SQS queue (moto delivers PutEvents to SQS targets). The calls use the AWS JSON
 * protocol directly, since this package has no EventBridge or SQS SDK client.
 */
import type { MotoApi } from '@eks-upgrade/testing';

async function call(
  moto: MotoApi,
  region: string,
  service: string,
  target: string,
  body: unknown,
): Promise<unknown> {
  const response = await fetch(moto.endpoint, {
    method: 'POST',
    headers: {
      'content-type': service === 'sqs' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1',
      'x-amz-target': target,
      // moto reads the region from the credential scope; it does not check the signature.
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20261125/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target} answered HTTP ${response.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Sends every event of `source` on the default bus to a new queue; returns its URL. */
export async function captureEvents(moto: MotoApi, region: string, source: string): Promise<string> {
  const { QueueUrl } = (await call(moto, region, 'sqs', 'AmazonSQS.CreateQueue', {
    QueueName: 'upgrade-events',
  })) as { QueueUrl: string };
  await call(moto, region, 'events', 'AWSEvents.PutRule', {
    Name: 'eks-upgrade-capture',
    EventPattern: JSON.stringify({ source: [source] }),
  });
  await call(moto, region, 'events', 'AWSEvents.PutTargets', {
    Rule: 'eks-upgrade-capture',
    Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:${region}:${moto.accountId}:upgrade-events` }],
  });
  return QueueUrl;
}

/** The events delivered to the queue, in order: `{ detailType, detail }`. */
export async function receivedEvents(
  moto: MotoApi,
  region: string,
  queueUrl: string,
): Promise<Array<{ detailType: string; detail: Record<string, unknown> }>> {
  const events: Array<{ detailType: string; detail: Record<string, unknown> }> = [];
  for (;;) {
    const { Messages } = (await call(moto, region, 'sqs', 'AmazonSQS.ReceiveMessage', {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 300,
    })) as { Messages?: Array<{ Body: string }> };
    if (!Messages || Messages.length === 0) return events;
    for (const message of Messages) {
      const event = JSON.parse(message.Body) as { 'detail-type': string; detail: Record<string, unknown> };
      events.push({ detailType: event['detail-type'], detail: event.detail });
    }
  }
}
