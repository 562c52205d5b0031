import { SERVICES } from '../types.js';
import { maskUrl } from '../mask.js';
import type { Rule } from './context.js';
import { isSet, locate } from './helpers.js';

/**
 * The all-or-nothing merge of global into a service (SEMANTICS.md §4):
 * BYPASS_WITHOUT_PROXY, SERVICE_HIDES_GLOBAL, SERVICE_ENABLED_USES_ENV, PROXY_DISABLED_BUT_USED,
 * GLOBAL_DISABLED_URLS_IGNORED.
 */
export const proxyInheritance: Rule = {
  id: 'proxy-inheritance',
  codes: ['BYPASS_WITHOUT_PROXY', 'SERVICE_HIDES_GLOBAL', 'SERVICE_ENABLED_USES_ENV', 'PROXY_DISABLED_BUT_USED', 'GLOBAL_DISABLED_URLS_IGNORED'],
  check(ctx) {
    const cfg = ctx.effective.config;
    const g = cfg.global;
    const globalHasUrls = g.http_proxy !== '' || g.https_proxy !== '';
    if (!g.enabled && (globalHasUrls || g.bypass_proxy !== '')) {
      const fields = (['http_proxy', 'https_proxy', 'bypass_proxy'] as const).filter((k) => g[k] !== '');
      const enabledPath = ['external_services', 'global', 'enabled'];
      const enabledSet = isSet(ctx, enabledPath);
      // Point at what turns it off when something does (the file or an env variable), else at the first URL.
      const path = enabledSet ? enabledPath : ['external_services', 'global', fields[0]];
      ctx.report('GLOBAL_DISABLED_URLS_IGNORED', { fields: fields.map(String), enabledSet }, path, locate(ctx, path));
    }
    for (const svc of SERVICES) {
      if (svc === 'storage') continue; // no HTTP client: STORAGE_PROXY_UNUSED says it once
      const p = cfg[svc].proxy;
      const base = ['external_services', svc, 'proxy'];
      const hasUrls = p.http_proxy !== '' || p.https_proxy !== '';
      // The factory's all-or-nothing merge, as resolved for this service (§4).
      const inherits = ctx.services.find((v) => v.service === svc)?.inheritsGlobal === true;
      if (p.bypass_proxy !== '' && !hasUrls) {
        const fate = inherits ? 'replaced' : p.enabled ? 'environment' : 'unused';
        ctx.report('BYPASS_WITHOUT_PROXY', { service: svc, fate, globalBypass: g.bypass_proxy }, [...base, 'bypass_proxy'], locate(ctx, [...base, 'bypass_proxy']));
      }
      if (p.enabled && !hasUrls && g.enabled && globalHasUrls) {
        ctx.report('SERVICE_ENABLED_USES_ENV', { service: svc }, [...base, 'enabled'], locate(ctx, [...base, 'enabled']));
      } else if (hasUrls && g.enabled) {
        const lost: string[] = [];
        if (p.http_proxy === '' && g.http_proxy !== '') lost.push(`http_proxy ${maskUrl(g.http_proxy)}`);
        if (p.https_proxy === '' && g.https_proxy !== '') lost.push(`https_proxy ${maskUrl(g.https_proxy)}`);
        if (p.bypass_proxy === '' && g.bypass_proxy !== '') lost.push(`bypass_proxy "${g.bypass_proxy}"`);
        const at = [...base, p.http_proxy !== '' ? 'http_proxy' : 'https_proxy'];
        if (lost.length > 0) ctx.report('SERVICE_HIDES_GLOBAL', { service: svc, lost }, at, locate(ctx, at));
      }
      if (hasUrls && !p.enabled && isSet(ctx, [...base, 'enabled'])) {
        ctx.report('PROXY_DISABLED_BUT_USED', { service: svc }, [...base, 'enabled'], locate(ctx, [...base, 'enabled']));
      }
    }
  },
};
