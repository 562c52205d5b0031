/**
 * Go's `http.ProxyFromEnvironment` (golang.org/x/net/http/httpproxy as vendored in Go 1.23) over an
 * injected environment, with every decision explained: which variable supplied the proxy, which
 * NO_PROXY entry matched, or which built-in rule applied (SEMANTICS.md §5).
 */
import { goQuote, goTrimSpace } from '../gostrconv.js';
import { maskUrlError } from '../mask.js';
import { dialProblem } from './dial.js';
import { domainToASCII } from 'node:url';
import {
  goURLParse, goURLString, goURLRedacted, hostname, port, type GoURL, type GoURLParseResult,
} from './gourl.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** One environment variable that was read, by its exact name. */
export interface EnvValue {
  variable: string;
  value: string;
}

/** httpproxy.FromEnvironment: upper-case name first, each only when non-empty. */
export interface EnvProxyConfig {
  httpProxy: EnvValue | null;
  httpsProxy: EnvValue | null;
  noProxy: EnvValue | null;
  /** REQUEST_METHOD, when non-empty: a CGI process refuses HTTP_PROXY. */
  cgi: EnvValue | null;
}

export const CGI_REFUSAL = 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy';

function getEnvAny(env: Env, ...names: string[]): EnvValue | null {
  for (const variable of names) {
    const value = env[variable];
    if (value !== undefined && value !== '') return { variable, value };
  }
  return null;
}

export function proxyConfigFromEnvironment(env: Env): EnvProxyConfig {
  return {
    httpProxy: getEnvAny(env, 'HTTP_PROXY', 'http_proxy'),
    httpsProxy: getEnvAny(env, 'HTTPS_PROXY', 'https_proxy'),
    noProxy: getEnvAny(env, 'NO_PROXY', 'no_proxy'),
    cgi: getEnvAny(env, 'REQUEST_METHOD'),
  };
}

export type EnvProxyParse =
  /**
   * `addedScheme`: the value only parsed (or only had a usable scheme) once `http://` was put in
   * front; `firstError`, for a value with a scheme of its own that did not parse as written: Go's
   * error (then `http://` in front reads the scheme as the host: "http://bad:port" → host "http").
   */
  | {
    ok: true; url: GoURL; addedScheme: boolean; firstError?: string;
    /** Where the transport connects (canonicalAddr), and why that dial fails, if it does. */
    proxyAddr: string; dialProblem?: string;
  }
  | { ok: false; error: string };

const OWN_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** httpproxy.parseProxy for a non-empty value. A failure makes Go ignore the variable silently. */
export function parseEnvProxyValue(value: string): EnvProxyParse {
  const first = goURLParse(value);
  // x/net v0.23.0 and later (Go 1.23's vendored copy): retried with http:// in front when it does
  // not parse or has no scheme or no host; any scheme is kept (older Go retried all but http,
  // https and socks5).
  if (!first.ok || first.url.scheme === '' || first.url.host === '') {
    const prefixed = goURLParse('http://' + value);
    // A value with a scheme of its own that fails to parse: the prefix makes its scheme the host.
    if (prefixed.ok && !first.ok && OWN_SCHEME.test(value)) return kept(prefixed.url, true, maskUrlError(first.error, value));
    if (prefixed.ok) return kept(prefixed.url, true);
  }
  if (!first.ok) return { ok: false, error: maskUrlError(`invalid proxy address ${goQuote(value)}: ${first.error}`, value) };
  return kept(first.url, false);
}

function kept(url: GoURL, addedScheme: boolean, firstError?: string): EnvProxyParse {
  const unreachable = dialProblem(url);
  return {
    ok: true, url, addedScheme, proxyAddr: canonicalAddr(url),
    ...(firstError === undefined ? {} : { firstError }),
    ...(unreachable === null ? {} : { dialProblem: unreachable }),
  };
}

// ---------------------------------------------------------------------------------------------
// Addresses (net.SplitHostPort, net.JoinHostPort, net.ParseIP, net.ParseCIDR)

/** net.SplitHostPort; null where Go returns an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | null {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return null;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return null;
    if (end + 1 !== i) return null;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return null;
  }
  if (hostport.slice(j).includes('[')) return null;
  if (hostport.slice(k).includes(']')) return null;
  return { host, port: hostport.slice(i + 1) };
}

/** net.JoinHostPort. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A 16-byte IP (IPv4 as ::ffff:a.b.c.d), as net.ParseIP returns it. */
export type IP = Uint8Array;

function parseIPv4Fields(s: string, out: Uint8Array, at: number): boolean {
  const fields = s.split('.');
  if (fields.length !== 4) return false;
  for (let f = 0; f < 4; f++) {
    const d = fields[f];
    if (d.length === 0 || d.length > 3 || !/^[0-9]+$/.test(d)) return false;
    if (d.length > 1 && d[0] === '0') return false; // netip rejects leading zeros
    const v = Number(d);
    if (v > 255) return false;
    out[at + f] = v;
  }
  return true;
}

function parseIPv6(s: string): IP | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    while (off < s.length && /[0-9a-fA-F]/.test(s[off])) {
      if (off > 3) return null; // more than four hex digits
      acc = acc * 16 + parseInt(s[off], 16);
      off++;
    }
    if (off === 0) return null;
    if (off < s.length && s[off] === '.') {
      // An embedded IPv4 may only take the last four bytes.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      if (!parseIPv4Fields(s, ip, i)) return null;
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return null; // "::" must stand for at least one zero group
  }
  return ip;
}

/** netip.ParseAddr: `is4` for dotted IPv4; `zone` after '%' in IPv6. */
function parseAddr(s: string): { ip: IP; is4: boolean; zone: string } | null {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '.') {
      const ip = new Uint8Array(16);
      ip[10] = 0xff;
      ip[11] = 0xff;
      return parseIPv4Fields(s, ip, 12) ? { ip, is4: true, zone: '' } : null;
    }
    if (s[i] === ':') {
      let zone = '';
      const pct = s.indexOf('%');
      let addr = s;
      if (pct >= 0) {
        zone = s.slice(pct + 1);
        addr = s.slice(0, pct);
        if (zone === '') return null;
      }
      const ip = parseIPv6(addr);
      return ip === null ? null : { ip, is4: false, zone };
    }
    if (s[i] === '%') return null;
  }
  return null;
}

/** net.ParseIP: no zones. */
export function parseIP(s: string): IP | null {
  const a = parseAddr(s);
  return a === null || a.zone !== '' ? null : a.ip;
}

/** IP.To4: the 4-byte form of an IPv4 (or IPv4-mapped) address, else null. */
function to4(ip: Uint8Array): Uint8Array | null {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff) {
    return ip.slice(12);
  }
  return null;
}

function ipEqual(a: IP, b: IP): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

const IPV6_LOOPBACK: IP = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

export function isLoopback(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4 !== null) return v4[0] === 127;
  return ipEqual(ip, IPV6_LOOPBACK);
}

/** net.IPNet as ParseCIDR builds it: `ip` and `mask` are 4 or 16 bytes. */
export interface IPNet {
  ip: Uint8Array;
  mask: Uint8Array;
}

function cidrMask(ones: number, bits: number): Uint8Array {
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const n = Math.max(0, Math.min(8, ones - i * 8));
    m[i] = (0xff00 >> n) & 0xff;
  }
  return m;
}

/** IP.Mask, with Go's 4-in-16 adjustments. */
function maskIP(ip: Uint8Array, mask: Uint8Array): Uint8Array | null {
  let m = mask;
  let addr = ip;
  if (m.length === 16 && addr.length === 4 && m.slice(0, 12).every((b) => b === 0xff)) m = m.slice(12);
  if (m.length === 4 && addr.length === 16 && to4(addr) !== null) addr = addr.slice(12);
  if (addr.length !== m.length) return null;
  return addr.map((b, i) => b & m[i]);
}

/** net.ParseCIDR; null where Go returns an error. */
export function parseCIDR(s: string): IPNet | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const a = parseAddr(s.slice(0, slash));
  if (a === null || a.zone !== '') return null;
  const bitsText = s.slice(slash + 1);
  if (!/^[0-9]+$/.test(bitsText)) return null;
  const bits = a.is4 ? 32 : 128;
  const ones = bitsText.length > 8 ? Infinity : Number(bitsText);
  if (ones > bits) return null;
  const mask = cidrMask(ones, bits);
  const ip = maskIP(a.ip, mask);
  return ip === null ? null : { ip, mask };
}

/** IPNet.Contains: an IPv4 network only holds IPv4 (or mapped) addresses, and vice versa. */
export function cidrContains(n: IPNet, target: IP): boolean {
  let nn = to4(n.ip);
  if (nn === null) {
    if (n.ip.length !== 16) return false;
    nn = n.ip;
  }
  let m = n.mask;
  if (m.length === 4 && nn.length !== 4) return false;
  if (m.length === 16 && nn.length === 4) m = m.slice(12);
  const ip = to4(target) ?? target;
  if (ip.length !== nn.length) return false;
  for (let i = 0; i < ip.length; i++) {
    if ((nn[i] & m[i]) !== (ip[i] & m[i])) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// NO_PROXY

/** idna.Lookup.ToASCII for non-ASCII names; on failure Go keeps the name as it was. */
function idnaASCII(v: string): string {
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

function matchOne(m: NoProxyMatcher, host: string, port: string, ip: IP | null): NoProxyMatchKind | null {
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

// ---------------------------------------------------------------------------------------------
// The decision

const portMap: Record<string, string> = { http: '80', https: '443', socks5: '1080' };

/** httpproxy.canonicalAddr: the URL's host with a port always present. */
export function canonicalAddr(u: GoURL): string {
  return joinHostPort(idnaASCII(hostname(u)), port(u) || (portMap[u.scheme] ?? ''));
}

export interface NoSchemeProxy {
  kind: 'no-proxy-for-scheme';
  mode: 'environment' | 'custom';
  scheme: string;
  /** What was looked at for this scheme, in order: variable names or setting names. */
  consulted: string[];
}

export type EnvProxyReason =
  /** Proxied: `variable` supplied it. */
  | {
    kind: 'env'; variable: string; value: string; addedScheme: boolean; addr: string; noProxy: EnvValue | null;
    /** The value did not parse as written (Go's error); the proxy is what `http://` in front made of it. */
    firstError?: string;
    /** Where the transport connects: the proxy URL's host and port (the scheme's default port if none). */
    proxyAddr: string;
    /** Why the dial to the proxy fails (no host, a port out of range), if it does. */
    dialProblem?: string;
  }
  | NoSchemeProxy
  /** The variable is set but unusable: Go ignores it and goes direct. */
  | { kind: 'env-invalid'; variable: string; value: string; error: string }
  /** The request fails: HTTP_PROXY in a CGI process. */
  | { kind: 'cgi-refused'; variable: string; value: string; requestMethod: string }
  /** Never proxied: `localhost` by name, or a loopback IP. */
  | { kind: 'loopback'; host: string; rule: 'localhost' | 'loopback-ip' }
  | { kind: 'no-proxy-env'; variable: string; entry: string; match: NoProxyMatchKind; host: string; port: string }
  /** The canonical address does not split into host and port: Go goes direct. */
  | { kind: 'unsplittable-address'; addr: string }
  | BadTargetURL;

/** The request URL itself does not parse: http.NewRequest fails, no request is made. */
export interface BadTargetURL {
  kind: 'bad-target-url';
  error: string;
}

export interface EnvProxyDecision {
  /** Go's `String()` of the proxy URL, or null for a direct connection. */
  proxy: string | null;
  /** The same with any password replaced by `xxxxx`. */
  redacted: string | null;
  /** The request fails with this error (bad request URL, CGI refusal). */
  error: string | null;
  reason: EnvProxyReason;
}

function direct(reason: EnvProxyReason): EnvProxyDecision {
  return { proxy: null, redacted: null, error: null, reason };
}

/** http.ProxyFromEnvironment for one request URL, over `env` instead of the process environment. */
export function envProxyForURL(target: GoURL, env: Env): EnvProxyDecision {
  const cfg = proxyConfigFromEnvironment(env);
  let chosen: EnvValue | null = null;
  let consulted: string[] = [];
  if (target.scheme === 'https') {
    chosen = cfg.httpsProxy;
    consulted = ['HTTPS_PROXY', 'https_proxy'];
  } else if (target.scheme === 'http') {
    chosen = cfg.httpProxy;
    consulted = ['HTTP_PROXY', 'http_proxy'];
  }
  if (chosen === null) return direct({ kind: 'no-proxy-for-scheme', mode: 'environment', scheme: target.scheme, consulted });
  const parsed = parseEnvProxyValue(chosen.value);
  if (!parsed.ok) return direct({ kind: 'env-invalid', variable: chosen.variable, value: chosen.value, error: parsed.error });
  if (target.scheme === 'http' && cfg.cgi !== null) {
    return {
      proxy: null, redacted: null, error: CGI_REFUSAL,
      reason: { kind: 'cgi-refused', variable: chosen.variable, value: chosen.value, requestMethod: cfg.cgi.value },
    };
  }

  const addr = canonicalAddr(target);
  const hp = splitHostPort(addr);
  if (hp === null) return direct({ kind: 'unsplittable-address', addr });
  if (hp.host === 'localhost') return direct({ kind: 'loopback', host: hp.host, rule: 'localhost' });
  const ip = parseIP(hp.host);
  if (ip !== null && isLoopback(ip)) return direct({ kind: 'loopback', host: hp.host, rule: 'loopback-ip' });

  if (cfg.noProxy !== null) {
    const host = goTrimSpace(hp.host).toLowerCase();
    const list = parseNoProxy(cfg.noProxy.value);
    const matchers = ip !== null ? [...list.ipMatchers, ...list.domainMatchers] : list.domainMatchers;
    for (const m of matchers) {
      const match = matchOne(m, host, hp.port, ip);
      if (match !== null) {
        return direct({ kind: 'no-proxy-env', variable: cfg.noProxy.variable, entry: m.entry, match, host, port: hp.port });
      }
    }
  }

  return {
    proxy: goURLString(parsed.url),
    redacted: goURLRedacted(parsed.url),
    error: null,
    reason: {
      kind: 'env', variable: chosen.variable, value: chosen.value, addedScheme: parsed.addedScheme, addr, noProxy: cfg.noProxy,
      proxyAddr: parsed.proxyAddr,
      ...(parsed.dialProblem === undefined ? {} : { dialProblem: parsed.dialProblem }),
      ...(parsed.firstError === undefined ? {} : { firstError: parsed.firstError }),
    },
  };
}

/** The request URL as http.NewRequest holds it: Go's url.Parse, then an empty port ("host:") dropped; errors masked. */
export function parseRequestURL(url: string): GoURLParseResult {
  const parsed = goURLParse(url);
  // Every caller shows the error: masked here, once (a password with a space escapes maskSecrets).
  if (!parsed.ok) return { ok: false, error: maskUrlError(parsed.error, url) };
  const host = parsed.url.host;
  const emptyPort = host.lastIndexOf(':') > host.lastIndexOf(']') && host.endsWith(':');
  return emptyPort ? { ok: true, url: { ...parsed.url, host: host.slice(0, -1) } } : parsed;
}

/** http.ProxyFromEnvironment for a request to `url`. */
export function proxyFromEnvironment(url: string, env: Env): EnvProxyDecision {
  const parsed = parseRequestURL(url);
  if (!parsed.ok) return { proxy: null, redacted: null, error: parsed.error, reason: { kind: 'bad-target-url', error: parsed.error } };
  return envProxyForURL(parsed.url, env);
}
