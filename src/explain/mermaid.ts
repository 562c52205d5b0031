/**
 * `--format mermaid`: the routing of this very configuration as a flowchart, like the docs'
 * diagram: gateway → service → proxy, environment proxy or direct. mTLS in force is written on
 * the service, a legacy fallback client is drawn dashed, and the config file's fate is on top.
 */
import { VALUE_NOTES } from './reasons.js';
import { maskSecrets } from '../mask.js';
import { bypassProblem, splitBypassProxy } from '../gateway/bypass.js';
import type { Explanation, MtlsExplanation, RouteExplanation, Value } from './model.js';

function esc(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;');
}

function mtlsLabel(m: MtlsExplanation): string | null {
  if (m.error !== null) return 'mTLS invalid';
  if (!m.in_force) return m.enabled.value ? 'mTLS enabled, not in force' : null;
  const cert = m.client_certificate === 'store' ? 'cert store' : m.client_certificate === 'files' ? 'cert files' : 'no client cert';
  const ca = m.ca === 'store' ? 'CA store' : m.ca === 'file' ? 'CA file' : 'system CA';
  return `mTLS: ${cert}, ${ca}`;
}

/** The config file's fate, one label line per item. */
function fileLabel(e: Explanation): string[] {
  const name = e.file.path ?? 'config file';
  switch (e.file.status) {
    case 'used':
      return [name];
    case 'rejected':
      return [`${name}: DISCARDED${e.file.at !== null ? ` (${e.file.at.code} at ${e.file.at.line}:${e.file.at.column})` : ''}`, 'defaults + environment'];
    case 'omitted':
      return [`${name}: SKIPPED (TYK_GW_OMITCONFIGFILE)`, 'defaults + environment'];
    case 'missing':
      return [`${name}: missing`, 'defaults + environment'];
    default: {
      const never: never = e.file.status;
      return never;
    }
  }
}

class Graph {
  private readonly lines: string[] = [];
  private readonly proxies = new Map<string, string>();
  private readonly envs = new Map<string, string>();
  private readonly declared = new Set<string>();

  node(id: string, shape: string): void {
    if (this.declared.has(id)) return;
    this.declared.add(id);
    this.lines.push(`  ${id}${shape}`);
  }

  edge(from: string, to: string, label: string | null, dotted = false): void {
    const arrow = dotted ? '-.->' : '-->';
    this.lines.push(label === null ? `  ${from} ${arrow} ${to}` : `  ${from} ${arrow}|"${esc(label)}"| ${to}`);
  }

  proxy(url: string): string {
    return this.shared(this.proxies, 'proxy', url, `[["proxy ${esc(url)}"]]`);
  }

  /** An environment-proxy node, one per distinct set of values. */
  environment(label: string): string {
    return this.shared(this.envs, 'env', label, `[["${label}"]]`);
  }

  /** One node per distinct key, numbered in order of first use. */
  private shared(ids: Map<string, string>, prefix: string, key: string, shape: string): string {
    let id = ids.get(key);
    if (id === undefined) {
      id = `${prefix}${ids.size + 1}`;
      ids.set(key, id);
      this.node(id, shape);
    }
    return id;
  }

  direct(): string {
    this.node('direct', '(["direct"])');
    return 'direct';
  }

  raw(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

function envNode(g: Graph, r: RouteExplanation): string | null {
  const parts = [
    r.http_proxy === null ? null : `${sourceName(r.http_proxy)}=${r.http_proxy.value}`,
    r.https_proxy === null ? null : `${sourceName(r.https_proxy)}=${r.https_proxy.value}`,
  ].filter((x): x is string => x !== null);
  if (parts.length === 0) return null;
  if (r.bypass_proxy !== null) parts.push(`${sourceName(r.bypass_proxy)}=${r.bypass_proxy.value}`);
  return g.environment(['environment proxy', ...parts].map(esc).join('<br/>'));
}

function sourceName(v: Value<string>): string {
  return v.source.kind === 'environment' ? v.source.name : 'value';
}

function routeEdges(g: Graph, from: string, r: RouteExplanation, prefix: string): void {
  const p = prefix === '' ? '' : `${prefix}: `;
  switch (r.mode) {
    case 'direct':
      g.edge(from, g.direct(), prefix === '' ? null : prefix);
      return;
    case 'environment': {
      const env = envNode(g, r);
      if (env === null) {
        g.edge(from, g.direct(), `${p}environment, no proxy variable set`);
        return;
      }
      // With REQUEST_METHOD set Go refuses HTTP_PROXY: http requests on this route fail (§5).
      const cgi = r.http_proxy?.note === VALUE_NOTES.cgiRefused;
      const schemes = [r.http_proxy !== null && !cgi ? 'http' : null, r.https_proxy !== null ? 'https' : null].filter((x) => x !== null).join(', ');
      if (schemes !== '') g.edge(from, env, `${p}${schemes}`);
      if (cgi) g.edge(from, env, `${p}http: fails, CGI refuses HTTP_PROXY`, true);
      g.edge(from, g.direct(), `${p}${r.http_proxy === null ? 'http, ' : ''}${r.https_proxy === null ? 'https, ' : ''}NO_PROXY, loopback`, true);
      return;
    }
    case 'custom': {
      const http = r.http_proxy?.value ?? '';
      const https = r.https_proxy?.value ?? '';
      const targets = new Map<string, string[]>();
      const via = (url: string, label: string): void => {
        const id = url === '' ? g.direct() : g.proxy(url);
        targets.set(id, [...(targets.get(id) ?? []), label]);
      };
      via(http, 'http');
      via(https !== '' ? https : http, 'https');
      for (const [id, labels] of targets) g.edge(from, id, `${p}${labels.join(', ')}`);
      if (r.bypass_proxy !== null) {
        const entries = splitBypassProxy(r.bypass_proxy.value);
        const never = entries.filter((e) => bypassProblem(e) !== null);
        const live = entries.filter((e) => bypassProblem(e) === null);
        if (live.length > 0) g.edge(from, g.direct(), `${p}bypass: ${live.join(', ')}${never.length > 0 ? ` (never matches: ${never.join(', ')})` : ''}`, true);
      }
      return;
    }
    default: {
      const never: never = r.mode;
      return never;
    }
  }
}

/** A flowchart of the given services (all five when none was named). */
export function explanationsMermaid(es: Explanation[]): string {
  const g = new Graph();
  g.raw('flowchart LR');
  const first = es[0];
  const gwLabel = first?.fatal !== null && first?.fatal !== undefined ? `Tyk Gateway<br/>EXITS AT START (${first.fatal.code})` : 'Tyk Gateway';
  g.node('gw', `["${gwLabel}"]`);
  if (first !== undefined) {
    g.node('conf', `["${fileLabel(first).map(esc).join('<br/>')}"]`);
    g.edge('conf', 'gw', null, true);
  }
  const legacy: string[] = [];
  for (const e of es) {
    const id = e.service;
    const client = e.service === 'storage' ? 'no HTTP client' : e.client.kind === 'external_services' ? 'external-services client' : 'legacy fallback';
    const label = [e.service, client, mtlsLabel(e.mtls)].filter((x): x is string => x !== null).map(esc).join('<br/>');
    g.node(id, `["${label}"]`);
    g.edge('gw', id, null);
    if (e.service === 'storage') {
      g.node('redis', '[("Redis")]');
      g.edge(id, 'redis', e.mtls.in_force ? 'rate limiter over mTLS' : 'storage.* settings', true);
      continue;
    }
    if (e.client.kind === 'legacy') legacy.push(id);
    // The main route is named when another open-source route sits beside it; enterprise-only ones always are.
    const multi = e.proxy.other_routes.some((r) => r.edition === 'oss');
    routeEdges(g, id, e.proxy, multi ? e.proxy.caller : '');
    for (const r of e.proxy.other_routes) routeEdges(g, id, r, r.edition === 'ee' ? `${r.caller} (enterprise)` : r.caller);
  }
  g.raw('  classDef legacy stroke-dasharray: 5 5');
  if (legacy.length > 0) g.raw(`  class ${legacy.join(',')} legacy`);
  return maskSecrets(g.text()) + '\n';
}
