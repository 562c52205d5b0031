/**
 * NO_PROXY as Go's httpproxy (x/net, as vendored in Go 1.23) reads and matches it (SEMANTICS.md §5):
 * entries parsed once, then matched against a request's host and port.
 */
import { goTrimSpace } from '../go/strconv.js';
import { cidrContains, ipEqual, parseCIDR, parseIP, splitHostPort, type IP, type IPNet } from '../go/net.js';
import { domainToASCII } from 'node:url';

/** idna.Lookup.ToASCII for non-ASCII names; on failure Go keeps the name as it was. */
export function idnaASCII(v: string): string {
  if (/^[\x00-\x7f]*$/.test(v)) return v;
  const a = domainToASCII(v);
  return a === '' ? v : a;
}

export type NoProxyMatcher =
  | { kind: 'all'; entry: string }
  | { kind: 'cidr'; entry: string; net: IPNet }
  | { kind: 'ip'; entry: string; ip: IP; port: string }
  /** `suffix` always starts with '.'; `matchHost` also matches the bare domain (entry without a leading '.' or '*.'). */
  | { kind: 'domain'; entry: string; suffix: string; port: string; matchHost: boolean };

export interface NoProxyList {
  /** Tried only for IP-literal hosts, before the domain matchers. */
  ipMatchers: NoProxyMatcher[];
  domainMatchers: NoProxyMatcher[];
  /** Entries Go drops as malformed (e.g. ':80'): they match nothing. */
  ignored: string[];
}

/** httpproxy's config.init for NO_PROXY. `entry` keeps the user's spelling, trimmed. */
export function parseNoProxy(value: string): NoProxyList {
  const list: NoProxyList = { ipMatchers: [], domainMatchers: [], ignored: [] };
  for (const raw of value.split(',')) {
    const entry = goTrimSpace(raw);
    const p = entry.toLowerCase();
    if (p.length === 0) continue;
    if (p === '*') {
      // '*' replaces everything before it and stops the scan.
      return { ipMatchers: [{ kind: 'all', entry }], domainMatchers: [{ kind: 'all', entry }], ignored: list.ignored };
    }
    const net = parseCIDR(p);
    if (net !== null) {
      list.ipMatchers.push({ kind: 'cidr', entry, net });
      continue;
    }
    let phost: string;
    let pport = '';
    const hp = splitHostPort(p);
    if (hp !== null) {
      if (hp.host.length === 0) {
        list.ignored.push(entry);
        continue;
      }
      phost = hp.host;
      pport = hp.port;
      if (phost[0] === '[' && phost[phost.length - 1] === ']') phost = phost.slice(1, -1);
    } else {
      phost = p;
    }
    const ip = parseIP(phost);
    if (ip !== null) {
      list.ipMatchers.push({ kind: 'ip', entry, ip, port: pport });
      continue;
    }
    if (phost.length === 0) {
      list.ignored.push(entry);
      continue;
    }
    if (phost.startsWith('*.')) phost = phost.slice(1);
    let matchHost = false;
    if (phost[0] !== '.') {
      matchHost = true;
      phost = '.' + phost;
    }
    list.domainMatchers.push({ kind: 'domain', entry, suffix: idnaASCII(phost), port: pport, matchHost });
  }
  return list;
}

/** How an entry matched: `host` is the bare domain itself, `subdomain` a name under it. */
export type NoProxyMatchKind = 'all' | 'cidr' | 'ip' | 'host' | 'subdomain';

export function matchOne(m: NoProxyMatcher, host: string, port: string, ip: IP | null): NoProxyMatchKind | null {
  switch (m.kind) {
    case 'all':
      return 'all';
    case 'cidr':
      return ip !== null && cidrContains(m.net, ip) ? 'cidr' : null;
    case 'ip':
      return ip !== null && ipEqual(m.ip, ip) && (m.port === '' || m.port === port) ? 'ip' : null;
    case 'domain': {
      const kind = host.endsWith(m.suffix) ? 'subdomain' : m.matchHost && host === m.suffix.slice(1) ? 'host' : null;
      return kind !== null && (m.port === '' || m.port === port) ? kind : null;
    }
    default: {
      const never: never = m;
      return never;
    }
  }
}
