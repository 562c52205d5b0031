import type { Code } from '../types.js';
import type { Rule } from './context.js';
import { locate } from './helpers.js';
import { isServiceConfigured, MTLS_MESSAGES, mtlsProblem, type MTLSProblem } from '../gateway/factory.js';
import { certKeysSet } from '../gateway/tls.js';

const CODE_FOR = {
  'store-and-files': 'MTLS_CERT_ID_AND_FILES',
  'no-certificate': 'MTLS_NO_CERTIFICATE',
  'partial-keypair': 'MTLS_PARTIAL_KEYPAIR',
} as const satisfies Record<MTLSProblem, Code>;


/**
 * The gateway's mTLS validation, with its exact messages and order (SEMANTICS.md §6), plus
 * settings that cannot take effect: MTLS_CERT_ID_AND_FILES, MTLS_NO_CERTIFICATE,
 * MTLS_PARTIAL_KEYPAIR, MTLS_SETTINGS_WHILE_DISABLED, CA_FILE_IGNORED, STORAGE_MTLS_INACTIVE.
 */
export const mtls: Rule = {
  id: 'mtls',
  codes: ['MTLS_CERT_ID_AND_FILES', 'MTLS_NO_CERTIFICATE', 'MTLS_PARTIAL_KEYPAIR', 'MTLS_SETTINGS_WHILE_DISABLED', 'CA_FILE_IGNORED', 'CA_CERT_ID_EMPTY', 'STORAGE_MTLS_INACTIVE'],
  check(ctx) {
    for (const view of ctx.services) {
      const svc = view.service;
      const m = ctx.effective.config[svc].mtls;
      const base = ['external_services', svc, 'mtls'];
      // Storage never goes through the HTTP client factory and its validation (§6): its own
      // limits are STORAGE_MTLS_INACTIVE's.
      const problem = svc === 'storage' ? null : mtlsProblem(m);
      if (problem !== null) {
        const code = CODE_FOR[problem];
        const at = problem === 'store-and-files' ? [...base, 'cert_id'] : problem === 'partial-keypair' ? [...base, m.cert_file === '' ? 'key_file' : 'cert_file'] : [...base, 'enabled'];
        // Whether the client would still be built with mTLS left off (§4): the advice depends on it.
        const cfg = ctx.effective.config;
        const builtWithoutMtls = isServiceConfigured({ ...cfg, [svc]: { ...cfg[svc], mtls: { ...m, enabled: false } } }, svc);
        ctx.report(code, { service: svc, gatewayMessage: MTLS_MESSAGES[problem], onlyInsecure: m.insecure_skip_verify, builtWithoutMtls }, at, locate(ctx, at));
      }
      if (!m.enabled) {
        const set = certKeysSet(m);
        if (set.length > 0) {
          const at = [...base, set[0]];
          ctx.report('MTLS_SETTINGS_WHILE_DISABLED', { service: svc, fields: [...set] }, at, locate(ctx, at));
        }
      }
      // [""] counts as a CA for validation (§6), then the store finds nothing under "".
      const ids = m.ca_cert_ids ?? [];
      if (svc !== 'storage' && m.enabled && ids.includes('')) {
        const at = [...base, 'ca_cert_ids'];
        ctx.report('CA_CERT_ID_EMPTY', { service: svc, count: ids.length, empty: ids.filter((x) => x === '').length }, at, locate(ctx, at));
      }
      // Storage reads ca_file whatever ca_cert_ids says (file certificates only, §6); under a
      // disabled block MTLS_SETTINGS_WHILE_DISABLED already says nothing is read.
      if (svc !== 'storage' && m.enabled && m.ca_file !== '' && (m.ca_cert_ids ?? []).length > 0) {
        ctx.report('CA_FILE_IGNORED', { service: svc }, [...base, 'ca_file'], locate(ctx, [...base, 'ca_file']));
      }
    }
    const reasons = ctx.reading.storageMtls.gaps;
    if (reasons.length > 0) {
      const at = ['external_services', 'storage', 'mtls', reasons.includes('use_ssl') ? 'enabled' : reasons[0]];
      ctx.report('STORAGE_MTLS_INACTIVE', { reasons: [...reasons] }, at, locate(ctx, at));
    }
  },
};
