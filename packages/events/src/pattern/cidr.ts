/**
 * The addresses a `cidr` pattern matches. As in event-ruler (EventBridge's matcher), the range
 * runs from the address as written up to the last address of its block: `10.0.0.5/24` matches
 * 10.0.0.5–10.0.0.255, not 10.0.0.1.
 */
export interface IpRange {
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_PART.test(part)) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseHextets(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const values: bigint[] = [];
  for (const [index, group] of groups.entries()) {
    // The last group may be an embedded IPv4 address (::ffff:10.0.0.1).
    if (index === groups.length - 1 && group.includes('.')) {
      const ipv4 = parseIpv4(group);
      if (ipv4 === undefined) return undefined;
      values.push(ipv4 >> 16n, ipv4 & 0xffffn);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    values.push(BigInt(Number.parseInt(group, 16)));
  }
  return values;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseHextets(halves[0]!);
  const tail = halves.length === 2 ? parseHextets(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<bigint>(Math.max(missing, 0)).fill(0n), ...tail];
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

/** Parses an IPv4 or IPv6 address; `undefined` when `text` is not one. */
export function parseIpAddress(text: string): { version: 4 | 6; value: bigint } | undefined {
  const ipv4 = parseIpv4(text);
  if (ipv4 !== undefined) return { version: 4, value: ipv4 };
  if (!text.includes(':')) return undefined;
  const ipv6 = parseIpv6(text);
  return ipv6 === undefined ? undefined : { version: 6, value: ipv6 };
}

/**
 * Parses `10.0.0.0/24` or `2001:db8::/32`; `undefined` when `text` is not a CIDR block
 * EventBridge accepts (one `/`, mask bits below 32 for IPv4 and below 128 for IPv6).
 */
export function parseCidr(text: string): IpRange | undefined {
  const parts = text.split('/');
  if (parts.length !== 2) return undefined;
  const address = parseIpAddress(parts[0]!);
  if (address === undefined || !/^\d{1,3}$/.test(parts[1]!)) return undefined;
  const maskBits = Number(parts[1]);
  const bits = address.version === 4 ? 32 : 128;
  if (maskBits >= bits) return undefined;
  const hostMask = (1n << BigInt(bits - maskBits)) - 1n;
  return { version: address.version, first: address.value, last: address.value | hostMask };
}

/** True when `text` is an IP address of the range's family inside the range. */
export function isInRange(range: IpRange, text: string): boolean {
  const address = parseIpAddress(text);
  return (
    address !== undefined &&
    address.version === range.version &&
    address.value >= range.first &&
    address.value <= range.last
  );
}
