import type { ServiceName } from '../types.js';
import { envValues } from '../env/input.js';
import { canonicalAddr, parseEnvProxyValue, proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { goURLString } from '../gateway/gourl.js';
import { proxyUrlProblem } from '../gateway/dial.js';
import { maskUrl } from '../mask.js';
import { envLocation, type RuleContext, type Rule } from './context.js';

/**
 * The callers that read HTTP_PROXY / HTTPS_PROXY (SEMANTICS.md §5, §6): a service whose
 * external-services client routes by the environment, and the legacy fallbacks that use Go's
 * default transport (oauth's introspection, webhooks, discovery). Storage and the health checker
 * never do.
 */
function environmentCallers(ctx: RuleContext): string[] {
  const legacyUsesEnv: Partial<Record<ServiceName, string>> = { oauth: 'oauth introspection', webhooks: 'webhooks', discovery: 'discovery' };
  const out: string[] = [];
  for (const v of ctx.services) {
    if (v.client.kind === 'external_services') {
      if (v.mode === 'environment' && v.service !== 'storage') out.push(v.service);
    } else if (legacyUsesEnv[v.service] !== undefined) {
      out.push(legacyUsesEnv[v.service]!);
    }
  }
  return out;
}

/**
 * ENV_PROXY_INVALID: the gateway's HTTP_PROXY / HTTPS_PROXY (the upper-case name when set, as Go
 * reads them) that Go's environment path ignores, misreads or cannot dial, while some caller uses
 * that path. The docs never mention the environment path; explain shows each request's route.
 */
export const envProxy: Rule = {
  id: 'env-proxy',
  codes: ['ENV_PROXY_INVALID'],
  check(ctx) {
    const cfg = proxyConfigFromEnvironment(envValues(ctx.env));
    const candidates = [cfg.httpProxy, cfg.httpsProxy].filter((v) => v !== null);
    if (candidates.length === 0) return;
    const callers = environmentCallers(ctx);
    if (callers.length === 0) return;
    for (const { variable, value } of candidates) {
      const entry = ctx.env.get(variable);
      if (entry === undefined) continue;
      const base = { name: variable, value: maskUrl(value), callers };
      const parsed = parseEnvProxyValue(value);
      if (!parsed.ok) {
        ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'ignored', detail: parsed.error }, [], envLocation(entry), 'warning');
        continue;
      }
      const addr = canonicalAddr(parsed.url);
      if (parsed.firstError !== undefined) {
        ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'misread', detail: parsed.firstError, addr }, [], envLocation(entry));
        continue;
      }
      if (parsed.unsupportedScheme !== undefined) {
        ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'misread', scheme: parsed.unsupportedScheme, addr }, [], envLocation(entry));
        continue;
      }
      const dial = proxyUrlProblem(goURLString(parsed.url));
      if (dial !== null && dial.stage === 'dial') ctx.report('ENV_PROXY_INVALID', { ...base, problem: 'undialable', detail: dial.detail }, [], envLocation(entry));
    }
  },
};
