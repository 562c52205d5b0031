import { SERVICES } from '../types.js';
import { maskUrl } from '../mask.js';
import type { Rule } from './context.js';
import { isSet, locate } from './helpers.js';

/** HTTP_TARGET_DIRECT and STORAGE_PROXY_UNUSED: settings that reach fewer requests than they seem to. */
export const proxyReach: Rule = {
  id: 'proxy-reach',
  codes: ['HTTP_TARGET_DIRECT', 'STORAGE_PROXY_UNUSED'],
  check(ctx) {
    const cfg = ctx.effective.config;
    const sections: { path: string[]; http: string; https: string; used: boolean }[] = [
      { path: ['external_services', 'global'], http: cfg.global.http_proxy, https: cfg.global.https_proxy, used: cfg.global.enabled },
      ...SERVICES.filter((s) => s !== 'storage').map((s) => ({ path: ['external_services', s, 'proxy'], http: cfg[s].proxy.http_proxy, https: cfg[s].proxy.https_proxy, used: true })),
    ];
    for (const s of sections) {
      if (s.used && s.https !== '' && s.http === '') {
        const at = [...s.path, 'https_proxy'];
        ctx.report('HTTP_TARGET_DIRECT', { section: s.path.slice(1).join('.'), url: maskUrl(s.https) }, at, locate(ctx, at));
      }
    }
    const set = (['enabled', 'http_proxy', 'https_proxy', 'bypass_proxy'] as const).filter((k) => isSet(ctx, ['external_services', 'storage', 'proxy', k]));
    if (set.length > 0) {
      const at = ['external_services', 'storage', 'proxy', set[0]];
      ctx.report('STORAGE_PROXY_UNUSED', { fields: [...set] }, at, locate(ctx, at));
    }
  },
};
