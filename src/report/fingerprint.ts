import { createHash } from 'node:crypto';
import type { Code, Diagnostic, LintResult } from '../types.js';

/**
 * The arguments that tell two findings of one code at one setting apart, where one setting can
 * hold several (a bypass list's entries). Not every argument: some change while the finding stays
 * the same (a certificate's days left), and its identity must not.
 */
const DISTINCT_BY: Partial<Record<Code, readonly string[]>> = {
  BYPASS_NEVER_MATCHES: ['entry'],
};

/**
 * Stable across runs and line moves: what was found, where in the config, which variable, what
 * sets it apart from its neighbours; `occurrence` counts findings that are otherwise alike (two
 * comments in one file), in report order.
 */
export function fingerprint(d: Diagnostic, occurrence = 0): string {
  const env = d.location.kind === 'env' ? d.location.name : '';
  const identity: unknown[] = [d.code, d.path, env];
  const by = DISTINCT_BY[d.code];
  if (by !== undefined) identity.push(Object.fromEntries(by.map((k) => [k, d.args[k] ?? null])));
  if (occurrence > 0) identity.push(occurrence);
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** Every finding's fingerprint, distinct within each result entry (file). */
export function fingerprints(result: LintResult): Map<Diagnostic, string> {
  const out = new Map<Diagnostic, string>();
  for (const f of result.files) {
    const seen = new Map<string, number>();
    for (const d of f.diagnostics) {
      const base = fingerprint(d);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.set(d, n === 0 ? base : fingerprint(d, n));
    }
  }
  return out;
}
