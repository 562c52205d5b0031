import type { Rule } from './context.js';
import { locate } from './helpers.js';
import { sourceLocation, type RuleContext } from './context.js';
import { rootSource } from '../resolve/sources.js';
import { planFor } from './legacy-keys.js';

/**
 * Whether INSECURE_SKIP_VERIFY reports the file's jwt_ssl_insecure_skip_verify itself: a caller
 * of oauth on its legacy client reads the key, and the value in force is the file's. Then that one
 * finding also says the key is legacy, and LEGACY_JWT_SKIP_VERIFY is not reported on the same line
 * (decided here, for both rules).
 */
export function insecureCarriesLegacyJwtKey(ctx: RuleContext): boolean {
  const oauth = ctx.reading.services.find((s) => s.service === 'oauth');
  return oauth !== undefined && oauth.callers.some((c) => c.client !== 'external-services' && !c.verify.on && c.verify.key === 'jwt_ssl_insecure_skip_verify' && rootSource(c.verify.source).kind === 'legacy');
}

/**
 * INSECURE_SKIP_VERIFY: where server certificates really go unchecked (SEMANTICS.md §6), from the
 * model's callers: once per service and deciding setting. mtls.insecure_skip_verify counts
 * whenever the external-services client is built, even with mtls.enabled false; when it is not
 * built the caller's legacy client decides (oauth's JWK fetches read jwt_ssl_insecure_skip_verify,
 * the host checker proxy_ssl_insecure_skip_verify).
 */
export const insecureSkipVerify: Rule = {
  id: 'insecure-skip-verify',
  codes: ['INSECURE_SKIP_VERIFY'],
  check(ctx) {
    for (const s of ctx.reading.services) {
      const svc = s.service;
      const seen = new Set<string>();
      for (const c of s.callers) {
        const key = c.verify.key;
        if (c.verify.on || key === null || seen.has(key)) continue;
        seen.add(key);
        // The finding's path is the deciding setting's own (storage.ssl_insecure_skip_verify for Redis without storage.mtls).
        const at = key.split('.');
        if (svc === 'storage') {
          ctx.report('INSECURE_SKIP_VERIFY', { service: svc, via: key }, at, sourceLocation(ctx, c.verify.source));
        } else if (c.client === 'external-services') {
          ctx.report('INSECURE_SKIP_VERIFY', { service: svc, via: key, mtlsEnabled: s.view.mtls.enabled.value }, at, locate(ctx, at));
        } else {
          const legacyKey = key === 'jwt_ssl_insecure_skip_verify' && rootSource(c.verify.source).kind === 'legacy';
          if (c.because === 'before-factory') {
            // No factory in this version: the key is the caller's own setting; the finding also carries LEGACY_JWT_SKIP_VERIFY's advice.
            ctx.report('INSECURE_SKIP_VERIFY', { service: svc, via: key, ownClientIn: ctx.tykVersion, ...(legacyKey ? { legacyKey } : {}) }, at, sourceLocation(ctx, c.verify.source));
            continue;
          }
          ctx.report('INSECURE_SKIP_VERIFY', { service: svc, via: key, legacyReason: c.factoryError ?? '', ...(legacyKey ? { legacyKey, ...planFor(ctx, key) } : {}) }, at, sourceLocation(ctx, c.verify.source));
        }
      }
    }
  },
};
