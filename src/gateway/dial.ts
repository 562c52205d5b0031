/**
 * Whether a proxy URL the gateway accepts can actually be used. url.Parse is lenient
 * (SEMANTICS.md §4): "proxy.corp:3128" and "http://p:99999" parse, and every request through
 * them then fails in Go's transport. One answer for lint, explain and migrate.
 */
import { maskUrlError } from '../mask.js';
import { goURLParse, hostname, port, type GoURL } from '../go/url.js';

export type ProxyUrlProblem =
  | { stage: 'parse'; detail: string }
  | { stage: 'scheme'; scheme: string; unsupported: boolean }
  | { stage: 'dial'; detail: string };

const SCHEMES = new Set(['http', 'https', 'socks5', 'socks5h']);

export function proxyUrlProblem(raw: string): ProxyUrlProblem | null {
  const parsed = goURLParse(raw);
  if (!parsed.ok) return { stage: 'parse', detail: maskUrlError(parsed.error, raw) };
  const u = parsed.url;
  if (!SCHEMES.has(u.scheme)) return { stage: 'scheme', scheme: u.scheme, unsupported: raw.includes('://') && u.scheme !== '' };
  const detail = dialProblem(u);
  return detail === null ? null : { stage: 'dial', detail };
}

/**
 * Why Go's transport cannot dial a parsed proxy URL, or null. No host at all fails; no host but
 * a port ("http://:3128") dials that port on this machine, which a sidecar proxy answers.
 */
export function dialProblem(u: GoURL): string | null {
  if (u.host === '') return 'no host';
  if (hostname(u).includes(':') && !u.host.startsWith('[')) return `too many colons in address ${JSON.stringify(u.host)}`;
  const p = port(u);
  if (p !== '' && (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535)) return `port ${p} is out of range 1-65535`;
  return null;
}

/** One line for a person: why requests through this proxy fail. */
export function describeProxyUrlProblem(p: ProxyUrlProblem): string {
  switch (p.stage) {
    case 'parse':
      return p.detail;
    case 'scheme':
      return p.unsupported ? `Go's transport does not speak "${p.scheme}" to a proxy` : 'no http:// scheme (the file path does not add one)';
    case 'dial':
      return p.detail;
    default: {
      const never: never = p;
      return never;
    }
  }
}
