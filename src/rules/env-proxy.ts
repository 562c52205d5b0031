import type { ServiceName } from '../types.js';
import { envValues } from '../env/input.js';
import { canonicalAddr, parseEnvProxyValue, proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { dialProblem } from '../gateway/dial.js';
import { maskUrl } from '../mask.js';
import { envLocation, type RuleContext, type Rule } from './context.js';

/**
 * Who reads HTTP_PROXY / HTTPS_PROXY: every upstream API request of an API without a proxy of
 * its own (the reverse proxy falls back to http.ProxyFromEnvironment, gateway/reverse_proxy.go),
 * so always; then a service whose external-services client routes by the environment, and the
 * legacy fallbacks on Go's default transport: oauth's introspection and upstream OAuth token
 * requests, webhooks, discovery (SEMANTICS.md §5, §6). Storage and the legacy health checker never do.
 */
function environmentCallers(ctx: RuleContext): string[] {
  const legacyUsesEnv: Partial<Record<ServiceName, string>> = { oauth: 'oauth introspection and token requests', webhooks: 'webhooks', discovery: 'service discovery' };
  const out = ['upstream API requests'];
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
 * reads them) that Go's environment path ignores, misreads or cannot dial. The docs never mention
 * that path; explain shows each request's route.
 */
export const envProxy: Rule = {
  id: 'env-proxy',
  codes: ['ENV_PROXY_INVALID'],
  check(ctx) {
    const cfg = proxyConfigFromEnvironment(envValues(ctx.env));
    const candidates = [cfg.httpProxy, cfg.httpsProxy].filter((v) => v !== null);
    if (candidates.length === 0) return;
    const callers = environmentCallers(ctx);
    for (const { variable, value } of candidates) {
      const entry = ctx.env.get(variable);
      if (entry === undefined) continue;
      const base = { name: variable, value: maskUrl(value), callers };
      const parsed = parseEnvProxyValue(value);
      if (!parsed.ok) {
        ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'ignored', detail: parsed.error }, [], envLocation(entry), 'warning');
        continue;
      }
      if (parsed.firstError !== undefined) {
        ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'misread', detail: parsed.firstError, addr: canonicalAddr(parsed.url) }, [], envLocation(entry));
        continue;
      }
      const dial = dialProblem(parsed.url);
      if (dial !== null) ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'undialable', detail: dial }, [], envLocation(entry));
    }
  },
};
