import { describe, expect, it } from 'vitest';
import { isInNetwork, parseCidr, parseIpAddress } from './cidr.js';

describe('Function: parseIpAddress', () => {
  it.each([
    ['10.0.0.1', 4],
    ['255.255.255.255', 4],
    ['::1', 6],
    ['::', 6],
    ['2001:db8::8a2e:370:7334', 6],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', 6],
    ['::ffff:192.0.2.1', 6],
  ])('parses %s', (text, version) => {
    expect(parseIpAddress(text)?.version).toBe(version);
  });

  it.each(['256.0.0.1', '10.0.0', '01.2.3.4x', '1::2::3', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', 'host', ''])(
    'rejects %s',
    (text) => {
      expect(parseIpAddress(text)).toBeUndefined();
    },
  );
});

describe('Function: isInNetwork', () => {
  it('masks host bits of the block and compares the network', () => {
    const network = parseCidr('10.1.2.3/8')!;
    expect(isInNetwork(network, '10.255.0.1')).toBe(true);
    expect(isInNetwork(network, '11.0.0.1')).toBe(false);
    expect(isInNetwork(parseCidr('0.0.0.0/0')!, '1.2.3.4')).toBe(true);
    expect(isInNetwork(parseCidr('::/0')!, '1.2.3.4')).toBe(false);
    expect(isInNetwork(parseCidr('fe80::/10')!, 'fe80::1')).toBe(true);
    expect(isInNetwork(parseCidr('10.0.0.5/32')!, '10.0.0.5')).toBe(true);
  });
});
