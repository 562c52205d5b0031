/**
 * Go's `net/url` as the gateway uses it (Go 1.23): `url.Parse`, `URL.String`, `URL.Redacted`,
 * `URL.Hostname`, `URL.Port`; Go's error texts quote with strconv.Quote (./strconv.ts).
 *
 * Go strings are byte strings, so parsing runs over the UTF-8 bytes of the input held in a
 * "byte string" (one JS char per byte, 0-255). That keeps every index, every `%XX` and every
 * quoted error byte-exact. The fields handed out are decoded back to ordinary JS strings; the
 * only loss is a `%XX` escape that decodes to invalid UTF-8 in host, userinfo, path or
 * fragment (path and fragment still print back exactly through RawPath/RawFragment).
 */
import { fromBytes, quoteBytes, toBytes } from './strconv.js';

export interface GoUserinfo {
  username: string;
  password: string;
  passwordSet: boolean;
}

export interface GoURL {
  scheme: string;
  /** Encoded opaque data: what follows `scheme:` when it does not start with `/`. */
  opaque: string;
  /** Go's `*Userinfo`: null when the URL has no `@`. */
  user: GoUserinfo | null;
  /** `host` or `host:port`, percent-decoded. */
  host: string;
  path: string;
  /** Set only when the input's escaping of the path differs from the default one. */
  rawPath: string;
  /** `scheme:/path` had no `//authority` at all. */
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

export type GoURLParseResult = { ok: true; url: GoURL } | { ok: false; error: string };

/** The same record with every string field holding bytes (one char per byte), as parsing sees it. */
type ByteURL = GoURL;

/** An error whose message is already Go's text (as a byte string). */
class GoError extends Error {}

// ---------------------------------------------------------------------------------------------
// Escaping

type Encoding = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

const upperhex = '0123456789ABCDEF';

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return 0;
}

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function shouldEscape(c: number, mode: Encoding): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  // Hosts keep sub-delims, ':' and '[ ]' for the port and IPv6, and '< > "' (Parse rejects them escaped).
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path': return ch === '?';
      case 'pathSegment': return '/;,?'.includes(ch);
      case 'userPassword': return '@/?:'.includes(ch);
      case 'queryComponent': return true;
      case 'fragment': return false;
      default: break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

function unescape(s: string, mode: Encoding): string {
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c === 0x25 /* % */) {
      n++;
      if (i + 2 >= s.length || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) {
        throw new GoError('invalid URL escape ' + quoteBytes(s.slice(i, i + 3)));
      }
      // In a host, %-encoding is only for non-ASCII bytes, except %25 (RFC 6874 zones).
      if (mode === 'host' && unhex(s.charCodeAt(i + 1)) < 8 && s.slice(i, i + 3) !== '%25') {
        throw new GoError('invalid URL escape ' + quoteBytes(s.slice(i, i + 3)));
      }
      if (mode === 'zone') {
        const v = (unhex(s.charCodeAt(i + 1)) << 4) | unhex(s.charCodeAt(i + 2));
        if (s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) {
          throw new GoError('invalid URL escape ' + quoteBytes(s.slice(i, i + 3)));
        }
      }
      i += 3;
    } else if (c === 0x2b /* + */) {
      hasPlus = mode === 'queryComponent';
      i++;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw new GoError('invalid character ' + quoteBytes(s[i]) + ' in host name');
      }
      i++;
    }
  }
  if (n === 0 && !hasPlus) return s;
  let t = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      t += String.fromCharCode((unhex(s.charCodeAt(i + 1)) << 4) | unhex(s.charCodeAt(i + 2)));
      i += 2;
    } else if (c === 0x2b) {
      t += mode === 'queryComponent' ? ' ' : '+';
    } else {
      t += s[i];
    }
  }
  return t;
}

function escape(s: string, mode: Encoding): string {
  let t = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 && mode === 'queryComponent') t += '+';
    else if (shouldEscape(c, mode)) t += '%' + upperhex[c >> 4] + upperhex[c & 15];
    else t += s[i];
  }
  return t;
}

/** url.validEncoded: no byte that escaping would change, sub-delims and '[ ]' allowed. */
function validEncoded(s: string, mode: Encoding): boolean {
  for (let i = 0; i < s.length; i++) {
    if (`!$&'()*+,;=:@[]%`.includes(s[i])) continue;
    if (shouldEscape(s.charCodeAt(i), mode)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Parse

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  for (let i = 1; i < port.length; i++) {
    if (port[i] < '0' || port[i] > '9') return false;
  }
  return true;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a /* : */) {
      if (i === 0) throw new GoError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validUserinfo(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Any byte >= 0x80 belongs to a non-ASCII rune (or is invalid UTF-8): never allowed.
    if (isAlnum(c)) continue;
    if (`-._:~!$&'()*+,;=%@`.includes(s[i])) continue;
    return false;
  }
  return true;
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new GoError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${quoteBytes(colonPort)} after host`);
    // RFC 6874: "%25" starts a zone, which may use %-escapes a plain host may not.
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${quoteBytes(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

function parseAuthority(authority: string): { user: GoUserinfo | null; host: string } {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return { user: null, host };
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new GoError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) {
    return { user: { username: unescape(userinfo, 'userPassword'), password: '', passwordSet: false }, host };
  }
  const username = unescape(userinfo.slice(0, colon), 'userPassword');
  const password = unescape(userinfo.slice(colon + 1), 'userPassword');
  return { user: { username, password, passwordSet: true }, host };
}

function emptyByteURL(): ByteURL {
  return {
    scheme: '', opaque: '', user: null, host: '', path: '', rawPath: '', omitHost: false,
    forceQuery: false, rawQuery: '', fragment: '', rawFragment: '',
  };
}

function setPath(u: ByteURL, p: string): void {
  u.path = unescape(p, 'path');
  u.rawPath = escape(u.path, 'path') === p ? '' : p;
}

function setFragment(u: ByteURL, f: string): void {
  u.fragment = unescape(f, 'fragment');
  u.rawFragment = escape(u.fragment, 'fragment') === f ? '' : f;
}

function containsCTLByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** url.parse(rawURL, viaRequest=false). */
function parseBytes(raw: string): ByteURL {
  if (containsCTLByte(raw)) throw new GoError('net/url: invalid control character in URL');
  const u = emptyByteURL();
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let rest: string;
  [u.scheme, rest] = getScheme(raw);
  u.scheme = u.scheme.toLowerCase();

  const q = rest.indexOf('?');
  if (rest.endsWith('?') && q === rest.length - 1) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else if (q >= 0) {
    u.rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }

  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      // A rootless path after a scheme is opaque (RFC 3986), e.g. "proxy.corp:3128".
      u.opaque = rest;
      return u;
    }
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(':')) throw new GoError('first path segment in URL cannot contain colon');
  }

  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const a = parseAuthority(authority);
    u.user = a.user;
    u.host = a.host;
  } else if (u.scheme !== '' && rest.startsWith('/')) {
    u.omitHost = true;
  }
  setPath(u, rest);
  return u;
}

/** The same record with every string field mapped (between byte strings and JS strings). */
function mapStrings(u: GoURL, f: (s: string) => string): GoURL {
  return {
    scheme: f(u.scheme),
    opaque: f(u.opaque),
    user: u.user === null ? null : { username: f(u.user.username), password: f(u.user.password), passwordSet: u.user.passwordSet },
    host: f(u.host),
    path: f(u.path),
    rawPath: f(u.rawPath),
    omitHost: u.omitHost,
    forceQuery: u.forceQuery,
    rawQuery: f(u.rawQuery),
    fragment: f(u.fragment),
    rawFragment: f(u.rawFragment),
  };
}

function decodeURLFields(b: ByteURL): GoURL {
  return mapStrings(b, fromBytes);
}

function encodeURLFields(u: GoURL): ByteURL {
  return mapStrings(u, toBytes);
}

/** Go's `url.Parse(s)`; `error` is Go's exact `err.Error()` text. */
export function goURLParse(raw: string): GoURLParseResult {
  const bytes = toBytes(raw);
  const hash = bytes.indexOf('#');
  const beforeFrag = hash < 0 ? bytes : bytes.slice(0, hash);
  let u: ByteURL;
  try {
    u = parseBytes(beforeFrag);
  } catch (e) {
    if (e instanceof GoError) return { ok: false, error: fromBytes(`parse ${quoteBytes(beforeFrag)}: ${e.message}`) };
    throw e;
  }
  if (hash >= 0 && hash + 1 < bytes.length) {
    try {
      setFragment(u, bytes.slice(hash + 1));
    } catch (e) {
      // A bad fragment is reported against the whole input, not the part before '#'.
      if (e instanceof GoError) return { ok: false, error: fromBytes(`parse ${quoteBytes(bytes)}: ${e.message}`) };
      throw e;
    }
  }
  return { ok: true, url: decodeURLFields(u) };
}

// ---------------------------------------------------------------------------------------------
// String, Redacted, Hostname, Port

function escapedPath(u: ByteURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch (e) {
      if (!(e instanceof GoError)) throw e;
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function escapedFragment(u: ByteURL): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (unescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment;
    } catch (e) {
      if (!(e instanceof GoError)) throw e;
    }
  }
  return escape(u.fragment, 'fragment');
}

function userinfoString(ui: GoUserinfo): string {
  let s = escape(ui.username, 'userPassword');
  if (ui.passwordSet) s += ':' + escape(ui.password, 'userPassword');
  return s;
}

function stringBytes(u: ByteURL): string {
  let buf = '';
  if (u.scheme !== '') buf += u.scheme + ':';
  if (u.opaque !== '') {
    buf += u.opaque;
  } else {
    if ((u.scheme !== '' || u.host !== '' || u.user !== null) && !(u.omitHost && u.host === '' && u.user === null)) {
      if (u.host !== '' || u.path !== '' || u.user !== null) buf += '//';
      if (u.user !== null) buf += userinfoString(u.user) + '@';
      if (u.host !== '') buf += escape(u.host, 'host');
    }
    const path = escapedPath(u);
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf === '') {
      // RFC 3986 §4.2: a relative first segment with ':' would read as a scheme.
      const slash = path.indexOf('/');
      if ((slash < 0 ? path : path.slice(0, slash)).includes(':')) buf += './';
    }
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += '?' + u.rawQuery;
  if (u.fragment !== '') buf += '#' + escapedFragment(u);
  return buf;
}

/** Go's `URL.String()`. */
export function goURLString(u: GoURL): string {
  return fromBytes(stringBytes(encodeURLFields(u)));
}

/** Go's `URL.Redacted()`: the password, when there is one, becomes `xxxxx`. */
export function goURLRedacted(u: GoURL): string {
  if (u.user === null || !u.user.passwordSet) return goURLString(u);
  return goURLString({ ...u, user: { ...u.user, password: 'xxxxx' } });
}

function splitURLHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.length >= 2 && host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

/** Go's `URL.Hostname()`: the host without a valid port and without IPv6 brackets. */
export function hostname(u: GoURL): string {
  return splitURLHostPort(u.host)[0];
}

/** Go's `URL.Port()`: the digits after the last ':' when they form a valid port, else ''. */
export function port(u: GoURL): string {
  return splitURLHostPort(u.host)[1];
}
