import { SERVICES } from '../types.js';
import type { Rule } from './context.js';
import { locateWithin } from './helpers.js';
import { splitBypassProxy } from '../gateway/factory.js';

export type BypassProblem = 'suffix' | 'wildcard' | 'cidr' | 'scheme' | 'separator' | 'ipv6-brackets' | 'path';

/**
 * Why a bypass entry can never equal a request's host (SEMANTICS.md §4: exact, case-sensitive
 * comparison with the URL's Host, port included when the URL names one).
 */
export function bypassProblem(entry: string): BypassProblem | null {
  if (entry.includes('://')) return 'scheme';
  if (entry.includes('*')) return 'wildcard';
  if (/^[0-9a-fA-F:.]+\/\d+$/.test(entry)) return 'cidr';
  if (entry.startsWith('.')) return 'suffix';
  if (/[;\s]/.test(entry)) return 'separator';
  if (entry.includes('/')) return 'path';
  if (!entry.startsWith('[') && (entry.match(/:/g) ?? []).length >= 2) return 'ipv6-brackets';
  // An upper-case entry still matches a URL written with the same case (Go keeps the host's
  // case), so it is not "never"; explain shows such near misses per request.
  return null;
}

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
      // Each entry is found after the previous one: between two entries there are only commas
      // and spaces, which an entry (non-empty, trimmed, comma-free) cannot match.
      let cursor = 0;
      for (const entry of splitBypassProxy(value)) {
        const start = value.indexOf(entry, cursor);
        cursor = start + entry.length;
        const problem = bypassProblem(entry);
        if (problem !== null) ctx.report('BYPASS_NEVER_MATCHES', { entry, problem, field: path.slice(1).join('.') }, path, locateWithin(ctx, path, value, start, cursor));
      }
    }
  },
};
