import { pathKey } from '../config/load.js';
import type { LegacyPlanArgs } from '../catalog.js';
import { maskUrl } from '../mask.js';
import { planVerdict } from '../migrate/migrate.js';
import { fileLocation, sourceLocation, type Rule, type RuleContext } from './context.js';

/** What migrate's plan does with a legacy setting (src/migrate/migrate.ts planVerdict), made on first use. */
export function planFor(ctx: RuleContext, key: string): LegacyPlanArgs {
  return planVerdict(ctx.plan(), key, ctx.tykVersion);
}
import { insecureCarriesLegacyJwtKey } from './insecure-skip-verify.js';

/** LEGACY_PROXY_KEY, LEGACY_JWT_SKIP_VERIFY, LEGACY_CONFLICT (§7). */
export const legacyKeys: Rule = {
  id: 'legacy-keys',
  codes: ['LEGACY_PROXY_KEY', 'LEGACY_JWT_SKIP_VERIFY', 'LEGACY_CONFLICT'],
  check(ctx) {
    const g = ctx.effective.config.global;
    for (const key of ['http_proxy', 'https_proxy'] as const) {
      const site = ctx.loaded.legacyProxy[key];
      if (site === undefined) continue;
      const value = typeof site.value === 'string' ? maskUrl(site.value) : String(site.value);
      ctx.report('LEGACY_PROXY_KEY', { key, value, ...planFor(ctx, key) }, [key], fileLocation(ctx.file, site.keySpan));
      const current = g[key];
      if (current !== '' && typeof site.value === 'string' && current !== site.value) {
        ctx.report('LEGACY_CONFLICT', { key, legacyValue: value, replacement: `external_services.global.${key}`, replacementValue: maskUrl(current), winner: 'replacement' },
          [key], fileLocation(ctx.file, site.keySpan));
      }
    }
    const jwt = ctx.loaded.fields.get('jwt_ssl_insecure_skip_verify');
    // The key as the gateway reads it: a set TYK_GW_JWTSSLINSECURESKIPVERIFY replaces the file's value,
    // and then the file's key is in use for nothing (migrate keeps it and says so).
    const inForce = ctx.effective.legacy.jwtSslInsecureSkipVerify;
    if (jwt !== undefined && inForce.source.kind === 'legacy' && inForce.value) {
      // Where INSECURE_SKIP_VERIFY already reports this key (and says it is legacy), one finding is enough.
      if (!insecureCarriesLegacyJwtKey(ctx)) ctx.report('LEGACY_JWT_SKIP_VERIFY', planFor(ctx, 'jwt_ssl_insecure_skip_verify'), ['jwt_ssl_insecure_skip_verify'], fileLocation(ctx.file, jwt.keySpan));
      const src = ctx.effective.sources.get(pathKey(['external_services', 'oauth', 'mtls', 'insecure_skip_verify']));
      const modern = ctx.effective.config.oauth.mtls.insecure_skip_verify;
      if (src !== undefined && src.kind !== 'default' && modern !== inForce.value) {
        // The replacement wins only where the oauth client is built; otherwise the legacy JWK fetch reads the legacy key.
        const oauthBuilt = ctx.services.find((v) => v.service === 'oauth')?.client.kind === 'external_services';
        ctx.report('LEGACY_CONFLICT', {
          key: 'jwt_ssl_insecure_skip_verify', legacyValue: String(inForce.value), replacement: 'external_services.oauth.mtls.insecure_skip_verify', replacementValue: String(modern),
          winner: oauthBuilt ? 'replacement' : 'legacy',
        }, ['jwt_ssl_insecure_skip_verify'], sourceLocation(ctx, src));
      }
    }
  },
};
