import type { ServiceName } from '../types.js';
import { parseEnvProxyValue, proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { maskUrl } from '../mask.js';
import type { CallerId } from '../gateway/callers.js';
import { envLocation, type RuleContext, type Rule } from './context.js';

const SERVICE_WORDS: Record<ServiceName, string> = { oauth: 'oauth', storage: 'storage', webhooks: 'webhooks', health: 'health checks', discovery: 'discovery' };
const CALLER_WORDS: Partial<Record<CallerId, string>> = {
  introspection: 'oauth introspection', webhooks: 'webhooks', 'service-discovery': 'service discovery',
  'upstream-oauth': 'upstream OAuth token requests', 'token-exchange': 'token exchange',
};

/**
 * Who reads HTTP_PROXY / HTTPS_PROXY, from the model's callers: every upstream request of an API
 * without a proxy of its own (gateway/reverse_proxy.go proxyFromAPI falls back to
 * http.ProxyFromEnvironment), so always; then a service whose external-services client routes by
 * the environment, and the callers on Go's default transport or the legacy webhook client
 * (SEMANTICS.md §5, §6). Enterprise-only callers are named apart.
 */
function environmentCallers(ctx: RuleContext): { oss: string[]; enterprise: string[] } {
  const oss = ['upstream APIs'];
  const enterprise: string[] = [];
  for (const s of ctx.reading.services) {
    const env = s.callers.filter((c) => c.route === 'environment');
    if (env.length === 0) continue;
    if (env.some((c) => c.client === 'external-services')) oss.push(SERVICE_WORDS[s.service]);
    for (const c of env) {
      if (c.client === 'external-services') continue;
      const words = CALLER_WORDS[c.id] ?? c.id;
      const into = c.edition === 'ee' ? enterprise : oss;
      if (!into.includes(words)) into.push(words);
    }
  }
  return { oss, enterprise };
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
      const who = environmentCallers(ctx);
      const base = { name: entry.name, value: maskUrl(entry.value), target, callers: who.oss, enterprise: who.enterprise };
      const parsed = parseEnvProxyValue(entry.value);
      if (!parsed.ok) ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'ignored', detail: parsed.error }, [], envLocation(entry), 'warning');
      else if (parsed.firstError !== undefined) ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'misread', detail: parsed.firstError, addr: parsed.proxyAddr }, [], envLocation(entry));
      else if (parsed.dialProblem !== undefined) ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'undialable', detail: parsed.dialProblem }, [], envLocation(entry));
    }
  },
};
