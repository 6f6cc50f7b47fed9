import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DescribeEventBusCommand,
  ListTagsForResourceCommand,
  EventBridgeClient as SdkEventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeClient } from './event-bridge-client.js';

const sdkMock = mockClient(SdkEventBridgeClient);
afterEach(() => sdkMock.reset());

const BUS_ARN = 'arn:aws:events:eu-west-1:123456789012:event-bus/upgrades';
const client = () => new EventBridgeClient({ clientConfig: { region: 'eu-west-1' }, busName: 'upgrades' });

describe('Class: EventBridgeClient (its event bus)', () => {
  it('describes the bus, and says when there is none', async () => {
    // Prepare
    sdkMock
      .on(DescribeEventBusCommand)
      .resolvesOnce({ Name: 'upgrades', Arn: BUS_ARN })
      .rejectsOnce(
        Object.assign(new Error('Event bus upgrades does not exist.'), {
          name: 'ResourceNotFoundException',
          $metadata: { httpStatusCode: 400 },
        }),
      );

    // Act
    const found = await client().describeEventBus();
    const missing = await client().describeEventBus();

    // Assess
    expect(found).toEqual({ name: 'upgrades', arn: BUS_ARN });
    expect(missing).toBeUndefined();
    expect(sdkMock.commandCalls(DescribeEventBusCommand).map((call) => call.args[0].input)).toEqual([
      { Name: 'upgrades' },
      { Name: 'upgrades' },
    ]);
  });

  it('creates it with its tags, reads its tags and deletes it', async () => {
    // Prepare
    sdkMock.on(CreateEventBusCommand).resolves({ EventBusArn: BUS_ARN });
    sdkMock.on(DescribeEventBusCommand).resolves({ Name: 'upgrades', Arn: BUS_ARN });
    sdkMock.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'team', Value: 'platform' }] });
    sdkMock.on(DeleteEventBusCommand).resolves({});
    const events = client();

    // Act
    const arn = await events.createEventBus({ team: 'platform' });
    const tags = await events.eventBusTags();
    await events.deleteEventBus();

    // Assess
    expect(arn).toBe(BUS_ARN);
    expect(tags).toEqual({ team: 'platform' });
    expect(sdkMock.commandCalls(CreateEventBusCommand).map((call) => call.args[0].input)).toEqual([
      { Name: 'upgrades', Tags: [{ Key: 'team', Value: 'platform' }] },
    ]);
    expect(sdkMock.commandCalls(ListTagsForResourceCommand).map((call) => call.args[0].input)).toEqual([
      { ResourceARN: BUS_ARN },
    ]);
    expect(sdkMock.commandCalls(DeleteEventBusCommand).map((call) => call.args[0].input)).toEqual([
      { Name: 'upgrades' },
    ]);
  });
});
