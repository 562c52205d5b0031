import type { ServiceName } from '../types.js';
import { parseEnvProxyValue, proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { maskUrl } from '../mask.js';
import { envLocation, type RuleContext, type Rule } from './context.js';

/**
 * Who reads HTTP_PROXY / HTTPS_PROXY: every upstream request of an API without a proxy of its own
 * (gateway/reverse_proxy.go proxyFromAPI falls back to http.ProxyFromEnvironment), so always;
 * then a service whose external-services client routes by the environment, and the legacy
 * fallbacks on Go's default transport: oauth introspection, webhooks, discovery (SEMANTICS.md §5,
 * §6). Storage and the legacy health checker never do.
 */
function environmentCallers(ctx: RuleContext): string[] {
  const legacyUsesEnv: Partial<Record<ServiceName, string>> = { oauth: 'oauth introspection', webhooks: 'webhooks', discovery: 'service discovery' };
  const out = ['upstream APIs'];
  for (const v of ctx.services) {
    if (v.client.kind === 'external_services') {
      if (v.mode === 'environment' && v.service !== 'storage') out.push(v.service === 'health' ? 'health checks' : v.service);
    } else if (legacyUsesEnv[v.service] !== undefined) {
      out.push(legacyUsesEnv[v.service]!);
    }
  }
  return out;
}

/**
 * ENV_PROXY_INVALID: the gateway's HTTP_PROXY / HTTPS_PROXY (the upper-case name when set, as Go
 * reads them) that Go's environment path ignores, misreads or cannot dial, as parseEnvProxyValue
 * (the model explain uses) classifies it. The docs never mention that path.
 */
export const envProxy: Rule = {
  id: 'env-proxy',
  codes: ['ENV_PROXY_INVALID'],
  check(ctx) {
    // Only the four names Go reads, not a copy of the whole environment per file.
    const names = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy'];
    const cfg = proxyConfigFromEnvironment(Object.fromEntries(names.map((n) => [n, ctx.env.get(n)?.value])));
    for (const [chosen, target] of [[cfg.httpProxy, 'http'], [cfg.httpsProxy, 'https']] as const) {
      const entry = chosen === null ? undefined : ctx.env.get(chosen.variable);
      if (entry === undefined) continue;
      const base = { name: entry.name, value: maskUrl(entry.value), target, callers: environmentCallers(ctx) };
      const parsed = parseEnvProxyValue(entry.value);
      if (!parsed.ok) ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'ignored', detail: parsed.error }, [], envLocation(entry), 'warning');
      else if (parsed.firstError !== undefined) ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'misread', detail: parsed.firstError, addr: parsed.proxyAddr }, [], envLocation(entry));
      else if (parsed.dialProblem !== undefined) ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'undialable', detail: parsed.dialProblem }, [], envLocation(entry));
    }
  },
};
