/**
 * explain's routes: the model's callers of one service, grouped by the client and route they
 * share (the factory client; a legacy client; Go's default client; none), each group with the
 * values it routes by and what one request to a URL does through it.
 */
import type { ServiceName } from '../types.js';
import { proxyUrlProblem, describeProxyUrlProblem } from '../gateway/dial.js';
import type { ProxyDecision } from '../gateway/factory.js';
import { parseEnvProxyValue, parseRequestURL, proxyConfigFromEnvironment, type EnvProxyDecision, type EnvValue } from '../gateway/httpproxy.js';
import { callerRequest, type Edition } from '../gateway/callers.js';
import { goURLString } from '../go/url.js';
import type { CallerModel, ServiceModel } from '../resolve/model.js';
import { maskSecrets, maskUrl } from '../mask.js';
import { CALLER, CALLER_NAMES, VALUE_NOTES, describeDecision, legacyNoProxyReason, ownClientNoProxyReason, noHttpClientReason } from './reasons.js';
import type { CallerRoute, ProxyExplanation, RequestExplanation, RouteExplanation, Value } from './model.js';

/** One URL through every route: the first caller's answer, and each caller's. */
export function requestThrough(groups: RouteGroup[], url: string): RequestExplanation {
  const routes = groups.flatMap((g) => g.decide(url));
  const first = routes[0];
  // Storage before 5.3.0: no caller at all in the model, and still no HTTP client.
  if (first === undefined) return { ...answer(url, CALLER.storage, null, { rule: 'no-http-client', matched: null, reason: noHttpClientReason() }, null), routes };
  return { url: maskUrl(url), via: first.via, proxy: first.proxy, rule: first.rule, matched: first.matched, reason: first.reason, error: first.error, routes };
}
import { environmentSource, setting, type Ctx } from './context.js';

export interface RouteGroup {
  explanation: RouteExplanation;
  usesEnvironment: boolean;
  /** ee when every caller of the group exists in the enterprise build only. */
  edition: Edition;
  callers: CallerModel[];
  callerNames: string[];
  /** Each caller's answer for one URL. */
  decide(url: string): CallerRoute[];
}

function targetScheme(url: string): string {
  const p = parseRequestURL(url);
  return p.ok ? p.url.scheme : '';
}

function envProxyValue(ctx: Ctx, v: EnvValue | null, cgi: EnvValue | null): Value<string> | null {
  if (v === null) return null;
  const source = environmentSource(ctx, v.variable);
  const parsed = parseEnvProxyValue(v.value);
  let note: string | undefined;
  if (!parsed.ok) note = VALUE_NOTES.envUnparsable;
  else if (parsed.addedScheme) note = VALUE_NOTES.readAs(maskUrl(goURLString(parsed.url)));
  else if (parsed.url.scheme === 'https') note = VALUE_NOTES.tlsToProxy;
  if (cgi !== null) note = VALUE_NOTES.cgiRefused;
  return note === undefined ? { value: maskUrl(v.value), source } : { value: maskUrl(v.value), source, note };
}

function environmentValues(ctx: Ctx): Pick<RouteExplanation, 'http_proxy' | 'https_proxy' | 'bypass_proxy'> {
  const cfg = proxyConfigFromEnvironment(ctx.envRecord);
  return {
    http_proxy: envProxyValue(ctx, cfg.httpProxy, cfg.cgi),
    https_proxy: envProxyValue(ctx, cfg.httpsProxy, null),
    bypass_proxy: cfg.noProxy === null ? null : { value: cfg.noProxy.value, source: environmentSource(ctx, cfg.noProxy.variable) },
  };
}

type Answer = Omit<RequestExplanation, 'routes'>;

function answer(url: string, via: string, proxy: string | null, words: { rule: RequestExplanation['rule']; matched: string | null; reason: string }, error: string | null): Answer {
  return { url: maskUrl(url), via, proxy: proxy === null ? null : maskUrl(proxy), rule: words.rule, matched: words.matched, reason: maskSecrets(words.reason), error };
}

/** The decision's error, or for an environment proxy that cannot be dialled, why every request through it fails. */
function envDialError(d: ProxyDecision | EnvProxyDecision): string | null {
  if (d.error !== null || d.reason.kind !== 'env' || d.reason.dialProblem === undefined) return d.error;
  return `every request through this proxy fails: ${d.reason.dialProblem}`;
}

interface Way {
  explanation: RouteExplanation;
  usesEnvironment: boolean;
  decide(url: string): Answer;
}

/** The values a route goes by: the merged settings, the environment's variables, or none. */
function routeValues(ctx: Ctx, c: CallerModel): Pick<RouteExplanation, 'http_proxy' | 'https_proxy' | 'bypass_proxy'> {
  const p = c.proxy;
  if (c.route === 'custom' && p !== null) return { http_proxy: setting(p.http_proxy, true), https_proxy: setting(p.https_proxy, true), bypass_proxy: setting(p.bypass_proxy, false) };
  if (c.route === 'environment') return environmentValues(ctx);
  return { http_proxy: null, https_proxy: null, bypass_proxy: null };
}

/** One request through the caller's client, as the model decides it (callerRequest), in words. */
function wayFor(ctx: Ctx, c: CallerModel, caller: string): Way {
  const built = c.detail.built;
  return {
    explanation: { caller, mode: c.route === 'none' ? 'direct' : c.route, edition: 'oss', ...routeValues(ctx, c) },
    usesEnvironment: c.route === 'environment',
    decide(url) {
      const d = callerRequest(c.detail, url, ctx.envRecord);
      switch (d.reason.kind) {
        case 'no-http-client':
          return answer(url, caller, null, { rule: 'no-http-client', matched: null, reason: noHttpClientReason() }, null);
        case 'no-proxy-client':
          return answer(url, caller, null, {
            rule: 'legacy-no-proxy', matched: null,
            reason: c.because === 'before-factory' ? ownClientNoProxyReason(caller, ctx.model.version) : legacyNoProxyReason(caller, c.factoryError ?? ''),
          }, null);
        default: {
          const decision: ProxyDecision = { proxy: d.proxy, redacted: d.redacted, error: d.error, reason: d.reason };
          // The URL parsed, so the client was built; whether it can be dialled is another matter (§4).
          const problem = decision.error === null && decision.proxy !== null && c.route === 'custom' ? proxyUrlProblem(decision.proxy) : null;
          const error = problem === null ? envDialError(decision) : `every request through this proxy fails: ${describeProxyUrlProblem(problem)}`;
          return answer(url, caller, decision.proxy, describeDecision(decision.reason, targetScheme(url), built !== null && built.inheritedFromGlobal), error);
        }
      }
    },
  };
}

/** What today's explain calls the caller of a route: the client, in words. */
function groupLabel(service: ServiceName, c: CallerModel): string {
  switch (c.client) {
    case 'external-services':
      return CALLER.factory;
    case 'legacy':
      return service === 'oauth' ? CALLER.oauthJwk : service === 'webhooks' ? CALLER.webhooks : CALLER.health;
    case 'go-default':
      return CALLER.goDefault;
    case 'none':
      return CALLER.storage;
    default: {
      const never: never = c.client;
      return never;
    }
  }
}

/** The service's callers, grouped by client and route, in the gateway's caller order. */
export function routeGroups(ctx: Ctx, s: ServiceModel): RouteGroup[] {
  if (s.callers.length === 0) {
    // Only storage has no caller in some versions (the rate limiter's Redis client came in 5.3.0): no HTTP client either way.
    const explanation: RouteExplanation = { caller: CALLER.storage, mode: 'direct', edition: 'oss', http_proxy: null, https_proxy: null, bypass_proxy: null };
    return [{ explanation, usesEnvironment: false, edition: 'oss', callers: [], callerNames: [], decide: () => [] }];
  }
  const groups = new Map<string, { way: Way; callers: CallerModel[] }>();
  for (const c of s.callers) {
    const key = `${c.client}/${c.route}`;
    const g = groups.get(key);
    if (g !== undefined) g.callers.push(c);
    else groups.set(key, { way: wayFor(ctx, c, groupLabel(s.service, c)), callers: [c] });
  }
  return [...groups.values()].map(({ way, callers }) => {
    const names = callers.map((c) => CALLER_NAMES[c.id]);
    const edition: Edition = callers.every((c) => c.edition === 'ee') ? 'ee' : 'oss';
    return {
      explanation: { ...way.explanation, edition },
      usesEnvironment: way.usesEnvironment,
      edition,
      callers,
      callerNames: names,
      decide(url) {
        const a = way.decide(url);
        // Every caller of the group shares the client and the route, so the answer is the same.
        return callers.map((c) => ({ caller: c.id, via: a.via, proxy: a.proxy, rule: a.rule, matched: a.matched, reason: a.reason, error: a.error }));
      },
    };
  });
}

export function proxySection(groups: RouteGroup[], s: ServiceModel): ProxyExplanation {
  const [main, ...others] = groups;
  return {
    ...main.explanation,
    inherited_from_global: s.factory !== null && s.factory.built && s.factory.inheritedFromGlobal,
    other_routes: others.map((r) => r.explanation),
  };
}
