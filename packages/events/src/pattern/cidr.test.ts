import { describe, expect, it } from 'vitest';
import { isInRange, parseCidr, parseIpAddress } from './cidr.js';

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

describe('Function: parseCidr', () => {
  it('accepts mask bits below 32 (IPv4) and 128 (IPv6), like event-ruler', () => {
    expect(parseCidr('10.0.0.0/31')).toBeDefined();
    expect(parseCidr('10.0.0.0/32')).toBeUndefined();
    expect(parseCidr('::/127')).toBeDefined();
    expect(parseCidr('::/128')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
    expect(parseCidr('10.0.0.0/8/8')).toBeUndefined();
    expect(parseCidr('10.0.0.0/x')).toBeUndefined();
  });
});

describe('Function: isInRange', () => {
  it('runs from the address as written to the end of its block, like event-ruler', () => {
    const range = parseCidr('10.1.2.3/8')!;
    expect(isInRange(range, '10.1.2.3')).toBe(true);
    expect(isInRange(range, '10.255.0.1')).toBe(true);
    expect(isInRange(range, '10.0.0.1')).toBe(false);
    expect(isInRange(range, '11.0.0.1')).toBe(false);
    expect(isInRange(parseCidr('0.0.0.0/0')!, '1.2.3.4')).toBe(true);
    expect(isInRange(parseCidr('::/0')!, '1.2.3.4')).toBe(false);
    expect(isInRange(parseCidr('fe80::/10')!, 'febf:ffff::1')).toBe(true);
    expect(isInRange(parseCidr('fe80::/10')!, 'fec0::')).toBe(false);
  });
});
