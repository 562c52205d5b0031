import { SERVICES } from '../types.js';
import type { Rule } from './context.js';
import { locateWithin } from './helpers.js';
import { deadBypassEntries } from '../gateway/bypass.js';

/** BYPASS_NEVER_MATCHES, for global's list and each service's. */
export const bypassNeverMatches: Rule = {
  id: 'bypass-never-matches',
  codes: ['BYPASS_NEVER_MATCHES'],
  check(ctx) {
    const cfg = ctx.effective.config;
    const lists: { path: string[]; value: string }[] = [
      { path: ['external_services', 'global', 'bypass_proxy'], value: cfg.global.bypass_proxy },
      ...SERVICES.map((s) => ({ path: ['external_services', s, 'proxy', 'bypass_proxy'], value: cfg[s].proxy.bypass_proxy })),
    ];
    for (const { path, value } of lists) {
      for (const { entry, problem, start } of deadBypassEntries(value)) {
        ctx.report('BYPASS_NEVER_MATCHES', { entry, problem, field: path.slice(1).join('.') }, path, locateWithin(ctx, path, value, start, start + entry.length));
      }
    }
  },
};
