import { SERVICES } from '../types.js';
import type { Rule } from './context.js';
import { locate } from './helpers.js';
import { isTlsVersion, tlsRangeInverted } from '../gateway/tls.js';


/**
 * TLS_VERSION_INVALID, TLS_VERSION_RANGE, TLS_VERSION_IGNORED: the versions are applied only to
 * the storage service's Redis connection (so only there can they be invalid or contradict each
 * other); HTTP clients keep Go's defaults (§6).
 */
export const tlsVersion: Rule = {
  id: 'tls-version',
  codes: ['TLS_VERSION_INVALID', 'TLS_VERSION_RANGE', 'TLS_VERSION_IGNORED'],
  check(ctx) {
    for (const svc of SERVICES) {
      const m = ctx.effective.config[svc].mtls;
      const base = ['external_services', svc, 'mtls'];
      for (const key of ['tls_min_version', 'tls_max_version'] as const) {
        const v = m[key];
        if (v === '') continue;
        const at = [...base, key];
        // HTTP clients never read the versions, so there only "ignored" is true of them.
        if (svc !== 'storage') ctx.report('TLS_VERSION_IGNORED', { service: svc, key, value: v }, at, locate(ctx, at));
        else if (!isTlsVersion(v)) ctx.report('TLS_VERSION_INVALID', { service: svc, key, value: v }, at, locate(ctx, at));
      }
      if (svc === 'storage' && tlsRangeInverted(m.tls_min_version, m.tls_max_version)) {
        const at = [...base, 'tls_min_version'];
        ctx.report('TLS_VERSION_RANGE', { service: svc, min: m.tls_min_version, max: m.tls_max_version }, at, locate(ctx, at));
      }
    }
  },
};
