/**
 * Go's `http.ProxyFromEnvironment` (golang.org/x/net/http/httpproxy as vendored in Go 1.23) over an
 * injected environment, with every decision explained: which variable supplied the proxy, which
 * NO_PROXY entry matched, or which built-in rule applied (SEMANTICS.md §5).
 */
import { goQuote, goTrimSpace } from '../go/strconv.js';
import { maskUrlError } from '../mask.js';
import { dialProblem } from './dial.js';
import { isLoopback, joinHostPort, parseIP, splitHostPort } from '../go/net.js';
import { idnaASCII, matchOne, parseNoProxy } from './noproxy.js';
import type { NoProxyMatchKind } from './noproxy.js';
import {
  goURLParse, goURLString, goURLRedacted, hostname, port, type GoURL, type GoURLParseResult,
} from '../go/url.js';

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

export { parseNoProxy, type NoProxyList, type NoProxyMatchKind, type NoProxyMatcher } from './noproxy.js';

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
