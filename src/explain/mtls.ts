/**
 * explain's mTLS and TLS section: what the service's client presents and trusts, from the
 * factory's client, the storage connection's own rules, or the legacy client's keys.
 */
import type { ServiceName } from '../types.js';
import type { ServiceView } from '../resolve/resolve.js';
import type { ClientResult } from '../gateway/factory.js';
import { GO_TLS_DEFAULT, factoryCertificates, tlsRangeInverted } from '../gateway/tls.js';
import { serviceModel } from '../resolve/model.js';
import type { MtlsExplanation } from './model.js';
import { APPLIES_TO, VALUE_NOTES } from './reasons.js';
import { builtin, val, type Ctx } from './context.js';

function goTls(minNote: string = VALUE_NOTES.goTlsDefault, maxNote: string = VALUE_NOTES.goTlsDefault): Pick<MtlsExplanation, 'tls_min_version' | 'tls_max_version'> {
  return { tls_min_version: builtin('1.2', minNote), tls_max_version: builtin('1.3', maxNote) };
}

/**
 * Storage: what the rate limiter's Redis connection presents and trusts, read from the model's
 * Redis caller (storage.mtls in force, else from 5.10.0 storage's own files and TLS versions),
 * each value with the source of the setting that gives it.
 */
function storageMtlsSection(ctx: Ctx, view: ServiceView): MtlsExplanation {
  const m = view.mtls;
  const tlsMode = ctx.reading.storageMtls.tls;
  const inForce = ctx.reading.storageMtls.inForce;
  const redis = serviceModel(ctx.reading, 'storage').callers.find((c) => c.id === 'redis');
  const own = ctx.eff.legacy.storageTls;
  // The settings the model's answers point at, with their sources.
  const at = tlsMode === 'mtls'
    ? { cert: m.cert_file, key: m.key_file, ca: m.ca_file, min: m.tls_min_version, max: m.tls_max_version, insecure: m.insecure_skip_verify }
    : { cert: own.certFile, key: own.keyFile, ca: own.caFile, min: own.tlsMinVersion, max: own.tlsMaxVersion, insecure: own.sslInsecureSkipVerify };
  const files = redis?.certificate === 'files';
  const caFile = redis?.ca === 'file';
  const v = redis?.tlsVersions ?? { min: null, max: null };
  const tls: Pick<MtlsExplanation, 'tls_min_version' | 'tls_max_version'> = tlsMode === 'none' || redis === undefined
    ? { tls_min_version: null, tls_max_version: null }
    : {
      tls_min_version: v.min !== null ? val(at.min, tlsRangeInverted(at.min.value, at.max.value) ? VALUE_NOTES.tlsRange : undefined) : builtin(GO_TLS_DEFAULT.min, VALUE_NOTES.goTlsDefault),
      tls_max_version: v.max !== null ? val(at.max) : builtin(GO_TLS_DEFAULT.max, VALUE_NOTES.goTlsDefault),
    };
  return {
    enabled: val(m.enabled),
    error: view.mtlsError,
    in_force: inForce,
    applies_to: inForce ? APPLIES_TO.storageOn
      : !ctx.readsBlock ? APPLIES_TO.storageNoBlock
      : !ctx.eff.legacy.storageUseSsl.value ? APPLIES_TO.storageNoSsl
        : m.enabled.value ? APPLIES_TO.storageNotRedis : APPLIES_TO.storageOff,
    client_certificate: files ? 'files' : null,
    cert_id: null,
    cert_file: files ? val(at.cert) : null,
    key_file: files ? val(at.key) : null,
    ca: caFile ? 'file' : 'system',
    ca_cert_ids: null,
    ca_file: caFile ? val(at.ca) : null,
    insecure_skip_verify: tlsMode === 'none' || redis === undefined ? null : val(at.insecure),
    ...tls,
  };
}

export function mtlsSection(ctx: Ctx, svc: ServiceName, view: ServiceView, client: ClientResult | null): MtlsExplanation {
  if (svc === 'storage' || (client === null && ctx.readsBlock)) return storageMtlsSection(ctx, view);
  const m = view.mtls;
  if (client !== null && client.built) {
    const on = m.enabled.value;
    const { certificate: cert, ca } = factoryCertificates(client.merged.mtls);
    const insecure = m.insecure_skip_verify;
    return {
      enabled: val(m.enabled),
      error: view.mtlsError,
      in_force: on,
      applies_to: on ? APPLIES_TO.factoryOn : APPLIES_TO.factoryOff,
      client_certificate: cert,
      cert_id: cert === 'store' ? val(m.cert_id) : null,
      cert_file: cert === 'files' ? val(m.cert_file) : null,
      key_file: cert === 'files' ? val(m.key_file) : null,
      ca,
      ca_cert_ids: ca === 'store' ? { value: m.ca_cert_ids.value ?? [], source: m.ca_cert_ids.source } : null,
      ca_file: ca === 'file' ? val(m.ca_file) : null,
      insecure_skip_verify: val(insecure, insecure.value && !on ? VALUE_NOTES.insecureWhileDisabled : undefined),
      ...goTls(),
    };
  }
  const legacy = ctx.eff.legacy;
  const jwt = legacy.jwtSslInsecureSkipVerify;
  const proxySsl = legacy.proxySslInsecureSkipVerify;
  const insecure = svc === 'oauth' ? val(jwt, jwt.source.kind === 'default' ? VALUE_NOTES.jwtLegacyUnset : VALUE_NOTES.jwtLegacy)
    : svc === 'health' ? val(proxySsl, proxySsl.source.kind === 'default' ? VALUE_NOTES.proxySslLegacyUnset : VALUE_NOTES.proxySslLegacy)
      : builtin(false, VALUE_NOTES.goDefaultClient);
  return {
    enabled: val(m.enabled),
    error: view.mtlsError,
    in_force: false,
    applies_to: ctx.readsBlock ? APPLIES_TO.legacy : APPLIES_TO.noBlock,
    client_certificate: null,
    cert_id: null,
    cert_file: null,
    key_file: null,
    ca: 'system',
    ca_cert_ids: null,
    ca_file: null,
    insecure_skip_verify: insecure,
    ...(svc === 'health' ? goTls(VALUE_NOTES.goTlsDefault, VALUE_NOTES.goTlsMaxHostChecker) : goTls()),
  };
}
