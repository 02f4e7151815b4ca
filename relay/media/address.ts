import {BlockList, isIP, isIPv4} from 'node:net';

/**
 * Which addresses the media proxy may connect to: public unicast only. Every
 * address a name resolves to, and every literal address in a URL, is checked
 * here before any connection is made. The answer is the reason in words, so
 * an error can say "Refused: media.example resolves to 10.0.0.5, a private
 * address"; undefined means public.
 *
 * IPv4 follows IANA's special-purpose registry; IPv6 must be global unicast
 * (2000::/3) outside its special-purpose blocks, and the forms that carry an
 * IPv4 address inside (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96,
 * IPv4-translated ::ffff:0:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * judged by the IPv4 address they carry.
 */

/** Cloud instance metadata services: named, since reaching one is the classic SSRF. */
const METADATA = new Map([
  ['169.254.169.254', 'the cloud metadata address (AWS, Azure, Google Cloud, Oracle and others)'],
  ['169.254.170.2', 'the AWS container metadata address'],
  ['100.100.100.200', 'the Alibaba Cloud metadata address'],
  ['fd00:ec2::254', 'the AWS IPv6 metadata address'],
]);

const V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved (IETF protocol) address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a reserved (6to4 relay) address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a reserved (benchmarking) address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['255.255.255.255', 32, 'the broadcast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const V6: Array<[string, number, string]> = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['64:ff9b:1::', 48, 'a local-use NAT64 address'],
  ['100::', 64, 'a discard-only address'],
  ['2001::', 23, 'a reserved (IETF protocol, Teredo) address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['3fff::', 20, 'a documentation address'],
  ['5f00::', 16, 'a reserved (segment routing) address'],
  ['fc00::', 7, 'a unique-local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local (private) address'],
  ['ff00::', 8, 'a multicast address'],
];

/** One BlockList per reason, checked in order (the more specific first). */
const LISTS: Array<[BlockList, string]> = [];
{
  const byReason = new Map<string, BlockList>();
  const add = (address: string, prefix: number, reason: string, family: 'ipv4' | 'ipv6') => {
    let list = byReason.get(reason);
    if (!list) {
      byReason.set(reason, (list = new BlockList()));
      LISTS.push([list, reason]);
    }
    list.addSubnet(address, prefix, family);
  };
  for (const [a, p, r] of V4) add(a, p, r, 'ipv4');
  for (const [a, p, r] of V6) add(a, p, r, 'ipv6');
}

/** The 16 bytes of an IPv6 address (zone id dropped), or undefined when it is not one. */
export function ipv6Bytes(address: string): number[] | undefined {
  let text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(text) !== 6) return undefined;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    tail.push(...v4[1].split('.').map(Number));
    text = text.slice(0, -v4[1].length) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(rest);
  const words = rest === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : undefined;
}

const dotted = (b: number[]) => b.join('.');

/** The IPv4 address an IPv6 address carries, and which form carries it. */
function embeddedV4(bytes: number[]): {v4: string; form: string} | undefined {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const is = (from: number, values: number[]) => values.every((v, i) => bytes[from + i] === v);
  if (zero(0, 10) && is(10, [0xff, 0xff])) return {v4: dotted(bytes.slice(12)), form: 'an IPv4-mapped form of'};
  if (zero(0, 8) && is(8, [0xff, 0xff, 0, 0])) return {v4: dotted(bytes.slice(12)), form: 'an IPv4-translated form of'};
  if (zero(0, 12) && !zero(12, 14)) return {v4: dotted(bytes.slice(12)), form: 'an IPv4-compatible form of'};
  if (is(0, [0, 0x64, 0xff, 0x9b]) && zero(4, 12)) return {v4: dotted(bytes.slice(12)), form: 'a NAT64 form of'};
  if (is(0, [0x20, 0x02])) return {v4: dotted(bytes.slice(2, 6)), form: 'a 6to4 form of'};
  return undefined;
}

function v4Reason(address: string): string | undefined {
  const named = METADATA.get(address);
  if (named) return named;
  for (const [list, reason] of LISTS) if (list.check(address, 'ipv4')) return reason;
  return undefined;
}

/**
 * Why this address must not be contacted, in words, or undefined when it is a
 * public unicast address. Anything that is not an IP address is refused too.
 */
export function addressProblem(address: string): string | undefined {
  const text = address.replace(/^\[|\]$/g, '');
  if (isIPv4(text)) return v4Reason(text);
  const bytes = ipv6Bytes(text);
  if (!bytes) return 'not an IP address';
  const canonical = bytes.reduce((s, b, i) => s + (i % 2 === 0 ? (i ? ':' : '') + ((b << 8) | bytes[i + 1]).toString(16) : ''), '');
  for (const [meta, reason] of METADATA) if (!isIPv4(meta) && ipv6Bytes(meta)!.every((b, i) => b === bytes[i])) return reason;
  const inner = embeddedV4(bytes);
  if (inner) {
    const reason = v4Reason(inner.v4);
    return reason ? `${inner.form} ${inner.v4}, ${reason}` : undefined;
  }
  for (const [list, reason] of LISTS) if (list.check(canonical, 'ipv6')) return reason;
  // Outside 2000::/3 nothing is global unicast (unassigned, or one of the blocks above).
  if ((bytes[0] & 0xe0) !== 0x20) return 'not a global unicast address';
  return undefined;
}
