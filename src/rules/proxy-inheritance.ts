import { SERVICES } from '../types.js';
import { maskUrl } from '../mask.js';
import type { Rule } from './context.js';
import { isSet, locate } from './helpers.js';
import { bypassFate, enabledUsesEnvironment, globalIgnored, hiddenGlobal, proxyDisabledButUsed } from '../resolve/fates.js';

/**
 * The all-or-nothing merge of global into a service (SEMANTICS.md §4), as src/resolve/fates.ts
 * decides it: BYPASS_WITHOUT_PROXY, SERVICE_HIDES_GLOBAL, SERVICE_ENABLED_USES_ENV,
 * PROXY_DISABLED_BUT_USED, GLOBAL_DISABLED_URLS_IGNORED.
 */
export const proxyInheritance: Rule = {
  id: 'proxy-inheritance',
  codes: ['BYPASS_WITHOUT_PROXY', 'SERVICE_HIDES_GLOBAL', 'SERVICE_ENABLED_USES_ENV', 'PROXY_DISABLED_BUT_USED', 'GLOBAL_DISABLED_URLS_IGNORED'],
  check(ctx) {
    const cfg = ctx.effective.config;
    const g = cfg.global;
    const ignored = globalIgnored(cfg);
    if (ignored.length > 0) {
      const enabledPath = ['external_services', 'global', 'enabled'];
      const enabledSet = isSet(ctx, enabledPath);
      // Point at what turns it off when something does (the file or an env variable), else at the first URL.
      const path = enabledSet ? enabledPath : ['external_services', 'global', ignored[0]];
      ctx.report('GLOBAL_DISABLED_URLS_IGNORED', { fields: [...ignored], enabledSet }, path, locate(ctx, path));
    }
    for (const svc of SERVICES) {
      if (svc === 'storage') continue; // no HTTP client: STORAGE_PROXY_UNUSED says it once
      const p = cfg[svc].proxy;
      const base = ['external_services', svc, 'proxy'];
      const fate = bypassFate(cfg, svc);
      if (fate !== null) {
        ctx.report('BYPASS_WITHOUT_PROXY', { service: svc, fate, globalBypass: g.bypass_proxy }, [...base, 'bypass_proxy'], locate(ctx, [...base, 'bypass_proxy']));
      }
      const hidden = hiddenGlobal(cfg, svc);
      if (enabledUsesEnvironment(cfg, svc)) {
        ctx.report('SERVICE_ENABLED_USES_ENV', { service: svc }, [...base, 'enabled'], locate(ctx, [...base, 'enabled']));
      } else if (hidden.length > 0) {
        const lost = hidden.map((k) => (k === 'bypass_proxy' ? `bypass_proxy "${g.bypass_proxy}"` : `${k} ${maskUrl(g[k])}`));
        const at = [...base, p.http_proxy !== '' ? 'http_proxy' : 'https_proxy'];
        ctx.report('SERVICE_HIDES_GLOBAL', { service: svc, lost }, at, locate(ctx, at));
      }
      if (proxyDisabledButUsed(ctx.effective, svc)) {
        // Callers with a gate of their own (upstream OAuth) may not use them after all.
        const notUsing = ctx.reading.services.find((s) => s.service === svc)?.callers.filter((c) => c.route !== 'custom' && c.because === 'gate-closed').map((c) => c.id) ?? [];
        ctx.report('PROXY_DISABLED_BUT_USED', { service: svc, notUsing }, [...base, 'enabled'], locate(ctx, [...base, 'enabled']));
      }
    }
  },
};
