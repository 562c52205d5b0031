/**
 * TLS facts of the external-services block (SEMANTICS.md §6): which certificate settings there
 * are, which TLS versions the storage connection accepts, and what a set of mtls settings selects.
 */
import type { MTLSConfig } from './model.js';

/** The certificate settings of an mtls block, in the struct's order. */
export const CERT_KEYS = ['cert_file', 'key_file', 'ca_file', 'cert_id', 'ca_cert_ids'] as const;
export type CertKey = (typeof CERT_KEYS)[number];

/** The proxy settings besides enabled. */
export const PROXY_URL_KEYS = ['http_proxy', 'https_proxy', 'bypass_proxy'] as const;

/** The strings the storage connection accepts for tls_min_version / tls_max_version; others are logged and ignored. */
export const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

/** Go's defaults, which every HTTP client keeps: tls_min_version / tls_max_version are never applied to them. */
export const GO_TLS_DEFAULT = { min: '1.2', max: '1.3' } as const;

export function isTlsVersion(v: string): boolean {
  return (TLS_VERSIONS as readonly string[]).includes(v);
}

/** Both versions valid and min above max: no version is allowed and every handshake fails. */
export function tlsRangeInverted(min: string, max: string): boolean {
  const lo = TLS_VERSIONS.indexOf(min as (typeof TLS_VERSIONS)[number]);
  const hi = TLS_VERSIONS.indexOf(max as (typeof TLS_VERSIONS)[number]);
  return lo >= 0 && hi >= 0 && lo > hi;
}

/** The certificate settings that hold a value. */
export function certKeysSet(m: MTLSConfig): CertKey[] {
  return CERT_KEYS.filter((k) => (k === 'ca_cert_ids' ? (m.ca_cert_ids ?? []).length > 0 : m[k] !== ''));
}

export type ClientCertificate = 'store' | 'files' | null;
export type CaSource = 'store' | 'file' | 'system';

/** What a built factory client presents and trusts: cert_id before files; ca_cert_ids before ca_file. */
export function factoryCertificates(m: MTLSConfig): { certificate: ClientCertificate; ca: CaSource } {
  if (!m.enabled) return { certificate: null, ca: 'system' };
  const certificate = m.cert_id !== '' ? 'store' : m.cert_file !== '' && m.key_file !== '' ? 'files' : null;
  const ca = (m.ca_cert_ids ?? []).length > 0 ? 'store' : m.ca_file !== '' ? 'file' : 'system';
  return { certificate, ca };
}

/**
 * The Redis connection reads file certificates only: storage.mtls's when it is in force, else
 * storage's own (cert_file, key_file, ca_file) whenever use_ssl is on (internal/rate/storage.go).
 */
export function storageCertificates(m: MTLSConfig, inForce: boolean, legacy?: { certFile: string; keyFile: string; caFile: string }): { certificate: ClientCertificate; ca: CaSource } {
  const f = inForce ? { certFile: m.cert_file, keyFile: m.key_file, caFile: m.ca_file } : legacy;
  if (f === undefined) return { certificate: null, ca: 'system' };
  return { certificate: f.certFile !== '' && f.keyFile !== '' ? 'files' : null, ca: f.caFile !== '' ? 'file' : 'system' };
}
