/**
 * IP address literals in every spelling a URL parser, a resolver or `inet_aton` accepts, reduced to
 * numbers, and the ranges a server-side request must never reach. Pure: no sockets, no resolver.
 */

export type IpAddress = { readonly family: 4; readonly value: bigint } | { readonly family: 6; readonly value: bigint };

/**
 * IPv4 the way `inet_aton` (and so `getaddrinfo`, `ping`, browsers' URL parsers) reads it: one to four
 * parts, each decimal, octal (`0` prefix) or hex (`0x` prefix); the last part fills the remaining bytes.
 * So `2130706433`, `0x7f.1`, `017700000001` and `127.1` are all 127.0.0.1.
 */
export function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length > 0 && parts.at(-1) === '') parts.pop(); // a trailing dot is allowed
  if (parts.length < 1 || parts.length > 4) return undefined;
  const numbers: bigint[] = [];
  for (const part of parts) {
    const n = parseIpv4Part(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop() ?? 0n;
  if (numbers.some((n) => n > 255n)) return undefined;
  const lastBits = BigInt(8 * (4 - numbers.length));
  if (last >= 1n << lastBits) return undefined;
  const value = numbers.reduce((acc, n, i) => acc | (n << BigInt(8 * (3 - i))), 0n) | last;
  return { family: 4, value };
}

function parseIpv4Part(part: string): bigint | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0n : BigInt(part);
  if (/^0[0-7]+$/.test(part)) return BigInt(`0o${part.slice(1)}`);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return BigInt(part);
  return undefined;
}

/** IPv6 in any RFC 4291 text form: `::` compression, an embedded dotted quad, an optional `%zone`. */
export function parseIpv6(text: string): IpAddress | undefined {
  let rest = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = rest.indexOf('%');
  if (zone >= 0) rest = rest.slice(0, zone);
  if (!/^[0-9a-f:.]+$/i.test(rest) || !rest.includes(':')) return undefined;
  const lastColon = rest.lastIndexOf(':');
  const dotted = rest.slice(lastColon + 1);
  if (dotted.includes('.')) {
    // An embedded dotted quad is the last 32 bits: rewrite it as two hex groups.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(dotted)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    if ([a, b, c, d].some((o) => o > 255)) return undefined;
    rest = `${rest.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const groups = s.split(':');
    if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return groups.map((g) => BigInt(`0x${g}`));
  };
  const head = groupsOf(halves[0] ?? '');
  const back = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !back) return undefined;
  const given = head.length + back.length;
  let groups: bigint[];
  if (halves.length === 2) {
    if (given > 7) return undefined;
    groups = [...head, ...Array<bigint>(8 - given).fill(0n), ...back];
  } else {
    if (given !== 8) return undefined;
    groups = head;
  }
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | g, 0n) };
}

/** An address literal (IPv4 in any spelling, IPv6 with or without brackets), or `undefined` for a host name. */
export function parseIpAddress(text: string): IpAddress | undefined {
  return parseIpv6(text) ?? parseIpv4(text);
}

interface Range {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly bits: number;
  readonly name: string;
}

const v4 = (cidr: string, name: string): Range => {
  const [address = '', bits = '32'] = cidr.split('/');
  return { family: 4, base: parseIpv4(address)?.value ?? 0n, bits: Number(bits), name };
};
const v6 = (cidr: string, name: string): Range => {
  const [address = '', bits = '128'] = cidr.split('/');
  return { family: 6, base: parseIpv6(address)?.value ?? 0n, bits: Number(bits), name };
};

/** Addresses no webhook may reach (IANA special-purpose registries, RFC 6890 and successors). */
const blockedRanges: readonly Range[] = [
  v4('0.0.0.0/8', 'unspecified ("this network")'),
  v4('10.0.0.0/8', 'private (RFC 1918)'),
  v4('100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local (cloud metadata)'),
  v4('172.16.0.0/12', 'private (RFC 1918)'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4 relay anycast'),
  v4('192.168.0.0/16', 'private (RFC 1918)'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved and broadcast'),
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('100::/64', 'discard-only'),
  v6('2001::/23', 'IETF protocol assignments (Teredo and others)'),
  v6('2001:db8::/32', 'documentation'),
  v6('fc00::/7', 'unique-local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
];

/** IPv6 forms that carry an IPv4 address inside: judged by that address. */
const embeddingRanges: readonly { range: Range; extract: (value: bigint) => bigint }[] = [
  { range: v6('::ffff:0:0/96', 'IPv4-mapped'), extract: (v) => v & 0xffffffffn },
  { range: v6('::/96', 'IPv4-compatible'), extract: (v) => v & 0xffffffffn },
  { range: v6('64:ff9b::/96', 'NAT64'), extract: (v) => v & 0xffffffffn },
  { range: v6('64:ff9b:1::/48', 'local NAT64'), extract: (v) => v & 0xffffffffn },
  { range: v6('2002::/16', '6to4'), extract: (v) => (v >> 80n) & 0xffffffffn },
];

const inRange = (address: IpAddress, range: Range): boolean => {
  if (address.family !== range.family) return false;
  const width = address.family === 4 ? 32 : 128;
  const shift = BigInt(width - range.bits);
  return address.value >> shift === range.base >> shift;
};

/**
 * Why an address must not be reached from the server, or `undefined` when it is a public unicast
 * address. IPv6 forms embedding an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by it.
 */
export function nonPublicReason(address: IpAddress): string | undefined {
  if (address.family === 6) {
    for (const { range, extract } of embeddingRanges) {
      if (inRange(address, range)) {
        // `::` and `::1` fall in the IPv4-compatible range but are their own thing.
        if (range.name === 'IPv4-compatible' && address.value <= 1n) break;
        const inner = nonPublicReason({ family: 4, value: extract(address.value) });
        return inner ? `${inner}, as ${range.name} IPv6` : undefined;
      }
    }
  }
  return blockedRanges.find((range) => inRange(address, range))?.name;
}

/** The canonical text of an address: dotted quad, or RFC 5952 IPv6 without brackets. */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((address.value >> s) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((address.value >> BigInt(16 * (7 - i))) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i > 1) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
