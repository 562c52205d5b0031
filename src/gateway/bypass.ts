/**
 * The factory's bypass_proxy list (SEMANTICS.md §4): how it is split, which entry a request host
 * equals, and why an entry can never equal one. One answer for lint, explain and migrate.
 */
import { goTrimSpace } from '../go/strconv.js';

/** Splits bypass_proxy as the gateway does: on ',', trimmed, empties dropped. */
export function splitBypassProxy(bypass: string): string[] {
  return bypass.split(',').map(goTrimSpace).filter((h) => h !== '');
}

export interface BypassMatch {
  entry: string;
  /** Entry `localhost` matching host `127.0.0.1`: the one built-in alias. */
  localhostAlias: boolean;
}

/** The entry that sends a request to `host` (the URL's host, port included) direct, or null. */
export function bypassMatch(entries: readonly string[], host: string): BypassMatch | null {
  for (const entry of entries) {
    if (host === entry || (entry === 'localhost' && (host === 'localhost' || host === '127.0.0.1'))) {
      return { entry, localhostAlias: host !== entry };
    }
  }
  return null;
}

export type BypassProblem = 'suffix' | 'wildcard' | 'cidr' | 'scheme' | 'separator' | 'ipv6-brackets' | 'path';

/**
 * Why a bypass entry can never equal a request's host (exact, case-sensitive comparison with the
 * URL's Host, port included when the URL names one).
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

/**
 * The entries of a list that can never match, with why and where each starts in `bypass` (so
 * that a finding can point at its entry). Each entry is looked for after the previous one:
 * between two entries there are only commas and spaces, which an entry (non-empty, trimmed,
 * comma-free) cannot match.
 */
export function deadBypassEntries(bypass: string): { entry: string; problem: BypassProblem; start: number }[] {
  const out: { entry: string; problem: BypassProblem; start: number }[] = [];
  let cursor = 0;
  for (const entry of splitBypassProxy(bypass)) {
    const start = bypass.indexOf(entry, cursor);
    cursor = start + entry.length;
    const problem = bypassProblem(entry);
    if (problem !== null) out.push({ entry, problem, start });
  }
  return out;
}
