import { storageMtlsInForce } from '../resolve/resolve.js';
import type { Rule } from './context.js';
import { locate } from './helpers.js';
import { sourceLocation, type RuleContext } from './context.js';
import { rootSource } from '../resolve/sources.js';

/**
 * Whether INSECURE_SKIP_VERIFY reports the file's jwt_ssl_insecure_skip_verify itself: the oauth
 * client is not built, so the legacy JWK fetch reads the key, and the value in force is the file's.
 * Then that one finding also says the key is legacy, and LEGACY_JWT_SKIP_VERIFY is not reported
 * on the same line (decided here, for both rules).
 */
export function insecureCarriesLegacyJwtKey(ctx: RuleContext): boolean {
  const oauth = ctx.services.find((v) => v.service === 'oauth');
  const flag = ctx.effective.legacy.jwtSslInsecureSkipVerify;
  return oauth !== undefined && oauth.client.kind !== 'external_services' && flag.value && rootSource(flag.source).kind === 'legacy';
}

/**
 * INSECURE_SKIP_VERIFY: where server certificates really go unchecked (SEMANTICS.md §6).
 * mtls.insecure_skip_verify counts whenever the external-services client is built, even with
 * mtls.enabled false; when it is not built the caller's legacy client decides (oauth's JWK fetch
 * reads jwt_ssl_insecure_skip_verify, the host checker proxy_ssl_insecure_skip_verify).
 */
export const insecureSkipVerify: Rule = {
  id: 'insecure-skip-verify',
  codes: ['INSECURE_SKIP_VERIFY'],
  check(ctx) {
    const legacy = ctx.effective.legacy;
    for (const view of ctx.services) {
      const svc = view.service;
      const flag = view.mtls.insecure_skip_verify;
      if (svc === 'storage') {
        if (storageMtlsInForce(ctx.effective) && flag.value) ctx.report('INSECURE_SKIP_VERIFY', { service: svc, via: 'external_services.storage.mtls.insecure_skip_verify' }, ['external_services', svc, 'mtls', 'insecure_skip_verify'], sourceLocation(ctx, flag.source));
        continue;
      }
      if (view.client.kind === 'external_services') {
        if (flag.value) {
          const at = ['external_services', svc, 'mtls', 'insecure_skip_verify'];
          ctx.report('INSECURE_SKIP_VERIFY', { service: svc, via: 'external_services.' + svc + '.mtls.insecure_skip_verify', mtlsEnabled: view.mtls.enabled.value }, at, locate(ctx, at));
        }
        continue;
      }
      const fallback = svc === 'oauth' ? { key: 'jwt_ssl_insecure_skip_verify', v: legacy.jwtSslInsecureSkipVerify } : svc === 'health' ? { key: 'proxy_ssl_insecure_skip_verify', v: legacy.proxySslInsecureSkipVerify } : null;
      if (fallback !== null && fallback.v.value) {
        const legacyKey = svc === 'oauth' && insecureCarriesLegacyJwtKey(ctx);
        ctx.report('INSECURE_SKIP_VERIFY', { service: svc, via: fallback.key, legacyReason: view.client.reason, ...(legacyKey ? { legacyKey } : {}) }, [fallback.key], sourceLocation(ctx, fallback.v.source));
      }
    }
  },
};
