/**
 * `extsvc explain`: table-driven --url decisions (custom proxy, environment path, legacy
 * callers), the file's fate (discarded, skipped, missing), values without effect, masking, the
 * CLI, and the checked-in explain output of every docs fixture (UPDATE=1 rewrites it).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES } from './support/paths.js';
import { loadConfig, type LoadedConfig } from '../src/config/load.js';
import { envFromRecord, type EnvEntry, type EnvInput } from '../src/env/input.js';
import { parseEnvFile } from '../src/env/envfile.js';
import { SERVICES, type ServiceName } from '../src/types.js';
import { explain, explainAll } from '../src/explain/explain.js';
import type { Explanation, RequestExplanation, RequestRule } from '../src/explain/model.js';
import type { CallerId } from '../src/gateway/callers.js';
import { renderExplain, type ExplainFormat } from '../src/explain/command.js';
import { explanationText } from '../src/explain/text.js';
import { fixtureOptions } from './support/fixture-args.js';
import type { TykVersion } from '../src/config/versions.js';

// ---------------------------------------------------------------------------------------------
// Helpers

function conf(v: unknown): LoadedConfig {
  return loadConfig('tyk.conf', new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v, null, 2)));
}

function env(r: Record<string, string> = {}): EnvInput {
  return envFromRecord(r);
}

const GLOBAL = (g: Record<string, unknown>): unknown => ({ external_services: { global: { enabled: true, ...g } } });
const SERVICE = (svc: ServiceName, block: Record<string, unknown>, global: Record<string, unknown> = {}): unknown =>
  ({ external_services: { global, [svc]: block } });
const ENV_MODE = SERVICE('webhooks', { proxy: { enabled: true } });

interface UrlCase {
  name: string;
  config: unknown;
  env?: Record<string, string>;
  service?: ServiceName;
  url: string;
  /** Which caller's answer to check when the service has several (oauth's legacy path). */
  via?: CallerId;
  proxy: string | null;
  rule: RequestRule;
  matched?: string | null;
  /** Words the reason must contain. */
  says?: RegExp;
}

const URL_CASES: UrlCase[] = [
  // custom proxy: bypass_proxy compared exactly with the request host (SEMANTICS.md §4)
  { name: 'exact bypass entry', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'idp.internal' }), url: 'http://idp.internal/jwks', proxy: null, rule: 'bypass', matched: 'idp.internal', says: /equals host "idp.internal"/ },
  { name: 'entry without the port the URL names', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'idp.internal' }), url: 'http://idp.internal:8443/jwks', proxy: 'http://proxy:3128', rule: 'proxy', says: /"idp\.internal" lacks the port \(the host is "idp\.internal:8443"\)/ },
  { name: 'entry with the port', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'idp.internal:8443' }), url: 'https://idp.internal:8443/jwks', proxy: null, rule: 'bypass', matched: 'idp.internal:8443' },
  { name: 'entry in another case', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'IDP.internal' }), url: 'http://idp.internal/', proxy: 'http://proxy:3128', rule: 'proxy', says: /"IDP\.internal" differs in case/ },
  { name: 'URL host in another case', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'idp.internal' }), url: 'http://IDP.internal/', proxy: 'http://proxy:3128', rule: 'proxy', says: /differs in case/ },
  { name: 'localhost covers 127.0.0.1', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'localhost' }), url: 'http://127.0.0.1/status', proxy: null, rule: 'bypass-localhost-alias', matched: 'localhost' },
  { name: 'localhost does not cover 127.0.0.1 with a port', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'localhost' }), url: 'http://127.0.0.1:8080/status', proxy: 'http://proxy:3128', rule: 'proxy', says: /only when the URL names no port/ },
  { name: '127.0.0.1 does not cover localhost', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: '127.0.0.1' }), url: 'http://localhost/', proxy: 'http://proxy:3128', rule: 'proxy', says: /no bypass_proxy entry equals host "localhost" \(entries: 127\.0\.0\.1\)/ },
  { name: 'localhost entry and localhost URL', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'localhost' }), url: 'http://localhost/', proxy: null, rule: 'bypass', matched: 'localhost' },
  { name: 'a leading dot never matches', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: '.internal' }), url: 'http://api.internal/', proxy: 'http://proxy:3128', rule: 'proxy', says: /"\.internal" is not a suffix match/ },
  { name: 'a wildcard never matches', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: '*.local' }), url: 'http://svc.local/', proxy: 'http://proxy:3128', rule: 'proxy', says: /"\*\.local" is not a wildcard/ },
  { name: 'a CIDR never matches', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: '10.0.0.0/8' }), url: 'http://10.1.2.3/', proxy: 'http://proxy:3128', rule: 'proxy', says: /"10\.0\.0\.0\/8" is not a CIDR match/ },
  { name: 'IPv6 without brackets never matches', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: '::1' }), url: 'http://[::1]/', proxy: 'http://proxy:3128', rule: 'proxy', says: /needs brackets: \[::1\]/ },
  { name: 'IPv6 in brackets matches', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: '[::1]' }), url: 'http://[::1]/', proxy: null, rule: 'bypass', matched: '[::1]' },
  { name: 'spaces around entries are trimmed', config: GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: ' a.internal , idp.internal ' }), url: 'http://idp.internal/', proxy: null, rule: 'bypass', matched: 'idp.internal' },
  // which URL serves which scheme
  { name: 'https target with only http_proxy', config: GLOBAL({ http_proxy: 'http://proxy:3128' }), url: 'https://idp.example.com/jwks', proxy: 'http://proxy:3128', rule: 'proxy', says: /https target → http_proxy \(no https_proxy is set\) http:\/\/proxy:3128 \(from global\)/ },
  { name: 'https target with https_proxy', config: GLOBAL({ http_proxy: 'http://proxy:3128', https_proxy: 'http://sproxy:3129' }), url: 'https://idp.example.com/jwks', proxy: 'http://sproxy:3129', rule: 'proxy', says: /https target → https_proxy/ },
  { name: 'http target with only https_proxy goes direct', config: GLOBAL({ https_proxy: 'http://sproxy:3129' }), url: 'http://hooks.example.com/', proxy: null, rule: 'no-proxy-for-scheme', says: /only http_proxy serves it/ },
  // service settings and global
  { name: 'service URLs are used under enabled:false', config: SERVICE('oauth', { proxy: { enabled: false, http_proxy: 'http://svc-proxy:3128' } }), url: 'https://idp.example.com/', proxy: 'http://svc-proxy:3128', rule: 'proxy', says: /https target → http_proxy \(no https_proxy is set\) http:\/\/svc-proxy:3128;/ },
  { name: 'service URLs hide global bypass', config: SERVICE('oauth', { proxy: { http_proxy: 'http://svc-proxy:3128' } }, { enabled: true, http_proxy: 'http://proxy:3128', bypass_proxy: 'localhost' }), url: 'http://localhost/', proxy: 'http://svc-proxy:3128', rule: 'proxy', says: /bypass_proxy is empty/ },
  { name: 'service enabled without URLs uses the environment, not global', config: SERVICE('oauth', { proxy: { enabled: true } }, { enabled: true, http_proxy: 'http://proxy:3128', https_proxy: 'http://proxy:3128' }), env: { HTTPS_PROXY: 'http://envproxy:8080' }, url: 'https://idp.example.com/', proxy: 'http://envproxy:8080', rule: 'env-proxy', says: /HTTPS_PROXY=http:\/\/envproxy:8080; NO_PROXY not set/ },
  { name: 'service enabled without URLs and no proxy variables', config: SERVICE('oauth', { proxy: { enabled: true } }, { enabled: true, http_proxy: 'http://proxy:3128' }), url: 'https://idp.example.com/', proxy: null, rule: 'no-proxy-for-scheme', says: /HTTPS_PROXY and https_proxy not set/ },
  { name: 'global disabled: oauth JWK fetch uses no proxy at all', config: { external_services: { global: { enabled: false, http_proxy: 'http://proxy:3128' } } }, env: { HTTPS_PROXY: 'http://envproxy:8080' }, url: 'https://idp.example.com/', via: 'jwt-jwk', proxy: null, rule: 'legacy-no-proxy', says: /uses no proxy at all/ },
  { name: 'global disabled: oauth introspection uses the environment', config: { external_services: { global: { enabled: false, http_proxy: 'http://proxy:3128' } } }, env: { HTTPS_PROXY: 'http://envproxy:8080' }, url: 'https://idp.example.com/', via: 'introspection', proxy: 'http://envproxy:8080', rule: 'env-proxy' },
  { name: 'global disabled: webhooks use the environment', config: { external_services: { global: { enabled: false, http_proxy: 'http://proxy:3128' } } }, env: { HTTP_PROXY: 'http://envproxy:8080' }, service: 'webhooks', url: 'http://hooks.example.com/', proxy: 'http://envproxy:8080', rule: 'env-proxy' },
  { name: 'global disabled: health uses no proxy', config: { external_services: { global: { enabled: false, http_proxy: 'http://proxy:3128' } } }, env: { HTTP_PROXY: 'http://envproxy:8080' }, service: 'health', url: 'http://api.example.com/health', proxy: null, rule: 'legacy-no-proxy' },
  { name: 'global disabled: discovery uses the environment', config: { external_services: { global: { enabled: false, http_proxy: 'http://proxy:3128' } } }, env: { HTTP_PROXY: 'http://envproxy:8080' }, service: 'discovery', url: 'http://consul:8500/v1/catalog', proxy: 'http://envproxy:8080', rule: 'env-proxy' },
  { name: 'invalid mTLS: the client is not built, global proxy unused', config: SERVICE('oauth', { mtls: { enabled: true, insecure_skip_verify: true } }, { enabled: true, http_proxy: 'http://proxy:3128' }), url: 'https://idp.example.com/', via: 'jwt-jwk', proxy: null, rule: 'legacy-no-proxy', says: /mTLS enabled but no certificate configuration provided/ },
  { name: 'mTLS alone builds a client with no proxy', config: SERVICE('health', { mtls: { enabled: true, ca_file: '/ca.pem' } }), service: 'health', url: 'https://api.example.com/', proxy: null, rule: 'direct-mode' },
  { name: 'storage makes no HTTP requests', config: GLOBAL({ http_proxy: 'http://proxy:3128' }), service: 'storage', url: 'http://redis:6379/', proxy: null, rule: 'no-http-client' },
  { name: 'a URL that does not parse', config: GLOBAL({ http_proxy: 'http://proxy:3128' }), url: 'http://a b/', proxy: null, rule: 'bad-target-url' },
  // environment path: Go's http.ProxyFromEnvironment (SEMANTICS.md §5)
  { name: 'NO_PROXY=*', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: '*' }, service: 'webhooks', url: 'https://hooks.example.com/', proxy: null, rule: 'no-proxy-env', matched: '*' },
  { name: 'NO_PROXY domain matches the domain', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: 'example.com' }, service: 'webhooks', url: 'https://example.com/', proxy: null, rule: 'no-proxy-env', matched: 'example.com', says: /the domain itself/ },
  { name: 'NO_PROXY domain matches subdomains', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: 'example.com' }, service: 'webhooks', url: 'https://hooks.example.com/', proxy: null, rule: 'no-proxy-env', matched: 'example.com', says: /a subdomain/ },
  { name: 'NO_PROXY domain is not a plain suffix', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: 'example.com' }, service: 'webhooks', url: 'https://notexample.com/', proxy: 'http://envproxy:8080', rule: 'env-proxy', says: /no NO_PROXY entry matches notexample\.com:443/ },
  { name: 'NO_PROXY .domain skips the domain itself', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: '.example.com' }, service: 'webhooks', url: 'https://example.com/', proxy: 'http://envproxy:8080', rule: 'env-proxy' },
  { name: 'NO_PROXY .domain matches subdomains', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: '.example.com' }, service: 'webhooks', url: 'https://api.example.com/', proxy: null, rule: 'no-proxy-env', matched: '.example.com' },
  { name: 'NO_PROXY CIDR with an IP URL', config: ENV_MODE, env: { HTTP_PROXY: 'http://envproxy:8080', NO_PROXY: '10.0.0.0/8' }, service: 'webhooks', url: 'http://10.1.2.3/hook', proxy: null, rule: 'no-proxy-env', matched: '10.0.0.0/8', says: /lies in the range/ },
  { name: 'NO_PROXY CIDR does not match a name', config: ENV_MODE, env: { HTTP_PROXY: 'http://envproxy:8080', NO_PROXY: '10.0.0.0/8' }, service: 'webhooks', url: 'http://ten.example/hook', proxy: 'http://envproxy:8080', rule: 'env-proxy' },
  { name: 'NO_PROXY entry with a port, same port', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: 'example.com:8443' }, service: 'webhooks', url: 'https://example.com:8443/', proxy: null, rule: 'no-proxy-env', matched: 'example.com:8443' },
  { name: 'NO_PROXY entry with a port, default port', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: 'example.com:8443' }, service: 'webhooks', url: 'https://example.com/', proxy: 'http://envproxy:8080', rule: 'env-proxy' },
  { name: 'NO_PROXY is case-insensitive', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: 'EXAMPLE.com' }, service: 'webhooks', url: 'https://Api.Example.COM/', proxy: null, rule: 'no-proxy-env' },
  { name: 'upper-case HTTPS_PROXY wins', config: ENV_MODE, env: { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' }, service: 'webhooks', url: 'https://hooks.example.com/', proxy: 'http://upper:1', rule: 'env-proxy', says: /HTTPS_PROXY=http:\/\/upper:1/ },
  { name: 'empty HTTPS_PROXY gives way to https_proxy', config: ENV_MODE, env: { HTTPS_PROXY: '', https_proxy: 'http://lower:2' }, service: 'webhooks', url: 'https://hooks.example.com/', proxy: 'http://lower:2', rule: 'env-proxy', says: /https_proxy=http:\/\/lower:2/ },
  { name: 'upper-case NO_PROXY wins over no_proxy', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', NO_PROXY: 'a.example', no_proxy: 'hooks.example.com' }, service: 'webhooks', url: 'https://hooks.example.com/', proxy: 'http://envproxy:8080', rule: 'env-proxy', says: /no NO_PROXY entry matches/ },
  { name: 'lower-case no_proxy alone is read', config: ENV_MODE, env: { HTTPS_PROXY: 'http://envproxy:8080', no_proxy: 'hooks.example.com' }, service: 'webhooks', url: 'https://hooks.example.com/', proxy: null, rule: 'no-proxy-env', says: /no_proxy entry "hooks\.example\.com"/ },
  { name: 'https target never uses HTTP_PROXY', config: ENV_MODE, env: { HTTP_PROXY: 'http://envproxy:8080' }, service: 'webhooks', url: 'https://hooks.example.com/', proxy: null, rule: 'no-proxy-for-scheme', says: /https targets never use HTTP_PROXY/ },
  { name: 'localhost is never proxied', config: ENV_MODE, env: { HTTP_PROXY: 'http://envproxy:8080' }, service: 'webhooks', url: 'http://localhost:8080/hook', proxy: null, rule: 'loopback' },
  { name: 'a loopback IP is never proxied', config: ENV_MODE, env: { HTTP_PROXY: 'http://envproxy:8080' }, service: 'webhooks', url: 'http://127.0.0.2/hook', proxy: null, rule: 'loopback' },
  { name: 'a proxy variable without a scheme gets http://', config: ENV_MODE, env: { HTTP_PROXY: 'envproxy:8080' }, service: 'webhooks', url: 'http://hooks.example.com/', proxy: 'http://envproxy:8080', rule: 'env-proxy', says: /read with http:\/\/ in front/ },
  { name: 'CGI refuses HTTP_PROXY', config: ENV_MODE, env: { HTTP_PROXY: 'http://envproxy:8080', REQUEST_METHOD: 'GET' }, service: 'webhooks', url: 'http://hooks.example.com/', proxy: null, rule: 'cgi-refused' },
];

function requestsFor(c: UrlCase): RequestExplanation[] {
  return explain(conf(c.config), env(c.env), c.service ?? 'oauth', [c.url]).requests;
}

// ---------------------------------------------------------------------------------------------

describe('--url decisions', () => {
  for (const c of URL_CASES) {
    it(c.name, () => {
      const all = requestsFor(c);
      assert.equal(all.length, 1);
      const r = c.via === undefined ? all[0] : all[0].routes.find((x) => x.caller === c.via);
      assert.ok(r !== undefined, `no answer of ${c.via ?? '(first)'}: ${JSON.stringify(all)}`);
      assert.equal(r.proxy, c.proxy, r.reason);
      assert.equal(r.rule, c.rule, r.reason);
      if (c.matched !== undefined) assert.equal(r.matched, c.matched);
      if (c.says !== undefined) assert.match(r.reason, c.says);
    });
  }

  it('oauth on the legacy path answers once per caller, JWK fetch first', () => {
    const r = explain(conf({}), env({ HTTPS_PROXY: 'http://envproxy:8080' }), 'oauth', ['https://a.example/', 'https://b.example/']).requests;
    assert.deepEqual(r.map((x) => [x.url, x.via, x.proxy]), [['https://a.example/', 'legacy JWK fetch', null], ['https://b.example/', 'legacy JWK fetch', null]]);
    assert.deepEqual(r[0].routes.map((x) => [x.caller, x.via, x.proxy]), [
      ['jwt-jwk', 'legacy JWK fetch', null],
      ['client-idp-jwk', 'legacy JWK fetch', null],
      ['external-oauth-jwk', 'legacy JWK fetch', null],
      ['introspection', 'Go default client', 'http://envproxy:8080'],
      ['upstream-oauth', 'Go default client', 'http://envproxy:8080'],
      ['token-exchange', 'Go default client', 'http://envproxy:8080'],
    ]);
  });
});

describe('client, proxy and values', () => {
  it('a service inheriting global: sources point at global, through "inherited from global"', () => {
    const e = explain(conf(GLOBAL({ http_proxy: 'http://proxy:3128', bypass_proxy: 'localhost' })), env(), 'discovery', []);
    assert.equal(e.client.kind, 'external_services');
    assert.deepEqual(e.client.configured_by.map((t) => t.setting), ['external_services.global.enabled']);
    assert.equal(e.proxy.mode, 'custom');
    assert.equal(e.proxy.inherited_from_global, true);
    assert.equal(e.proxy.http_proxy?.value, 'http://proxy:3128');
    assert.equal(e.proxy.http_proxy?.source.kind, 'global');
    assert.equal(e.proxy.https_proxy, null);
    assert.deepEqual(e.timeout_seconds, { value: 10, source: { kind: 'default' } });
    assert.deepEqual(e.pool?.max_idle_per_host, { value: 5, source: { kind: 'default' } });
  });

  it('environment mode lists the standard variables in force, with source kind "environment"', () => {
    const envFile = parseEnvFile('proxy.env', 'HTTPS_PROXY=http://envproxy:8080\nno_proxy=.corp\n');
    const e = explain(conf(ENV_MODE), new Map(envFile.entries.map((x): [string, EnvEntry] => [x.name, x])), 'webhooks', []);
    assert.equal(e.proxy.mode, 'environment');
    assert.equal(e.proxy.http_proxy, null);
    assert.deepEqual(e.proxy.https_proxy?.source, { kind: 'environment', name: 'HTTPS_PROXY', file: 'proxy.env', span: envFile.entries[0].origin.kind === 'file' ? envFile.entries[0].origin.span : undefined });
    assert.equal(e.proxy.bypass_proxy?.value, '.corp');
    assert.equal(e.proxy.bypass_proxy?.source.kind, 'environment');
  });

  it('the legacy client: reason in the gateway\'s words, fallback per SEMANTICS §6, no built-in pool', () => {
    const e = explain(conf({}), env(), 'health', []);
    assert.equal(e.client.kind, 'legacy');
    assert.match(e.client.reason, /^external services not configured for service type: health/);
    assert.match(e.client.fallback ?? '', /host checker/);
    assert.equal(e.proxy.caller, 'legacy host checker');
    assert.equal(e.proxy.mode, 'direct');
    // The shared host-checker client: 500 ms unless the check sets one (gateway/server.go).
    assert.equal(e.timeout_seconds?.value, 0.5);
    assert.equal(e.pool, null);
  });

  it('oauth legacy: insecure_skip_verify comes from jwt_ssl_insecure_skip_verify', () => {
    const e = explain(conf({ jwt_ssl_insecure_skip_verify: true }), env(), 'oauth', []);
    assert.equal(e.mtls.insecure_skip_verify?.value, true);
    assert.equal(e.mtls.insecure_skip_verify?.source.kind, 'legacy');
    assert.deepEqual(e.proxy.other_routes.map((r) => [r.caller, r.mode]), [['Go default client', 'environment']]);
  });

  it('TLS versions: Go defaults for HTTP clients; storage applies its own when its mTLS is in force', () => {
    const http = explain(conf(SERVICE('oauth', { mtls: { enabled: true, ca_file: '/ca.pem', tls_min_version: '1.3' } })), env(), 'oauth', []);
    assert.deepEqual([http.mtls.tls_min_version?.value, http.mtls.tls_max_version?.value], ['1.2', '1.3']);
    assert.ok(http.no_effect.some((n) => n.code === 'TLS_VERSION_IGNORED' && n.value === '1.3'));
    const storage = explain(conf({
      storage: { use_ssl: true },
      external_services: { storage: { mtls: { enabled: true, cert_file: '/c.pem', key_file: '/k.pem', tls_min_version: '1.0' } } },
    }), env(), 'storage', []);
    assert.equal(storage.mtls.in_force, true);
    assert.equal(storage.mtls.client_certificate, 'files');
    assert.equal(storage.mtls.tls_min_version?.value, '1.0');
    assert.equal(storage.mtls.tls_min_version?.source.kind, 'file');
    assert.equal(storage.mtls.tls_max_version?.value, '1.3');
    assert.equal(storage.mtls.tls_max_version?.source.kind, 'default');
  });

  it('mTLS sources: store certificate and store CA; ca_file beside ca_cert_ids has no effect', () => {
    const e = explain(conf(SERVICE('oauth', { mtls: { enabled: true, cert_id: 'c1', ca_cert_ids: ['ca1'], ca_file: '/ca.pem' } })), env(), 'oauth', []);
    assert.equal(e.mtls.in_force, true);
    assert.equal(e.mtls.client_certificate, 'store');
    assert.equal(e.mtls.ca, 'store');
    assert.deepEqual(e.mtls.ca_cert_ids?.value, ['ca1']);
    assert.equal(e.mtls.ca_file, null);
    assert.ok(e.no_effect.some((n) => n.code === 'CA_FILE_IGNORED'));
  });

  it('an invalid mTLS block: error in the gateway\'s words, client falls back', () => {
    const e = explain(conf(SERVICE('oauth', { mtls: { enabled: true, cert_id: 'c', cert_file: '/c.pem', key_file: '/k.pem' } })), env(), 'oauth', []);
    assert.equal(e.mtls.error, 'cannot specify both file-based and certificate store configuration');
    assert.equal(e.client.kind, 'legacy');
    assert.match(e.client.reason, /failed to configure TLS: invalid mTLS configuration/);
  });
});

describe('values without effect', () => {
  const codes = (e: Explanation): (string | null)[] => e.no_effect.map((n) => n.code);
  it('storage proxy, and global\'s proxy, do not reach storage', () => {
    const e = explain(conf({ external_services: { global: { enabled: true, http_proxy: 'http://p:1' }, storage: { proxy: { enabled: true, bypass_proxy: 'redis' } } } }), env(), 'storage', []);
    assert.deepEqual(e.no_effect.map((n) => n.setting), ['external_services.storage.proxy.enabled', 'external_services.storage.proxy.bypass_proxy', 'external_services.global.http_proxy']);
    assert.deepEqual(codes(e), ['STORAGE_PROXY_UNUSED', 'STORAGE_PROXY_UNUSED', null]);
  });
  it('a service bypass list without URLs is replaced by global\'s', () => {
    const e = explain(conf(SERVICE('webhooks', { proxy: { bypass_proxy: 'hooks.internal' } }, { enabled: true, http_proxy: 'http://p:1', bypass_proxy: 'localhost' })), env(), 'webhooks', []);
    const n = e.no_effect.find((x) => x.setting === 'external_services.webhooks.proxy.bypass_proxy');
    assert.equal(n?.code, 'BYPASS_WITHOUT_PROXY');
    assert.match(n?.reason ?? '', /replaced by global's bypass list \("localhost"\)/);
  });
  it('global URLs while global is disabled', () => {
    const e = explain(conf({ external_services: { global: { enabled: false, https_proxy: 'http://p:1' } } }), env(), 'discovery', []);
    assert.deepEqual(codes(e), ['GLOBAL_DISABLED_URLS_IGNORED']);
    assert.match(e.no_effect[0].reason, /global\.enabled is false/);
  });
  it('enabled:false beside URLs', () => {
    const e = explain(conf(SERVICE('oauth', { proxy: { enabled: false, http_proxy: 'http://p:1' } })), env(), 'oauth', []);
    assert.deepEqual(e.no_effect.map((n) => [n.setting, n.value, n.code]), [['external_services.oauth.proxy.enabled', false, 'PROXY_DISABLED_BUT_USED']]);
  });
  it('mTLS settings while mTLS is disabled, and insecure_skip_verify applied anyway when the client is built', () => {
    const e = explain(conf(SERVICE('webhooks', { mtls: { cert_file: '/c.pem', key_file: '/k.pem', insecure_skip_verify: true } }, { enabled: true })), env(), 'webhooks', []);
    assert.deepEqual(e.no_effect.map((n) => n.setting), ['external_services.webhooks.mtls.cert_file', 'external_services.webhooks.mtls.key_file']);
    assert.equal(e.mtls.insecure_skip_verify?.value, true);
    assert.match(e.mtls.insecure_skip_verify?.note ?? '', /although mtls\.enabled is false/);
  });
  it('insecure_skip_verify when the client is not built', () => {
    const e = explain(conf(SERVICE('oauth', { mtls: { insecure_skip_verify: true } })), env(), 'oauth', []);
    const n = e.no_effect.find((x) => x.setting === 'external_services.oauth.mtls.insecure_skip_verify');
    assert.match(n?.reason ?? '', /not applied: the external-services client is not built; the legacy client reads jwt_ssl_insecure_skip_verify instead/);
    assert.equal(e.mtls.insecure_skip_verify?.value, false);
  });
  it('variables in the docs\' spelling are never read', () => {
    const e = explain(conf({}), env({ TYK_GW_EXTERNAL_SERVICES_OAUTH_PROXY_ENABLED: 'true', TYK_GW_EXTERNAL_SERVICES_HEALTH_PROXY_ENABLED: 'true' }), 'oauth', []);
    assert.deepEqual(e.no_effect.map((n) => [n.setting, n.code]), [['TYK_GW_EXTERNAL_SERVICES_OAUTH_PROXY_ENABLED', 'ENV_NAME_NOT_READ']]);
    assert.match(e.no_effect[0].reason, /TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED/);
  });
  it('proxy variables that no route of the service consults, and lower-case ones shadowed', () => {
    const custom = explain(conf(GLOBAL({ http_proxy: 'http://p:1' })), env({ HTTPS_PROXY: 'http://e:2' }), 'oauth', []);
    assert.deepEqual(custom.no_effect.map((n) => [n.setting, n.source.kind]), [['HTTPS_PROXY', 'environment']]);
    assert.match(custom.no_effect[0].reason, /not consulted by oauth: the external-services client goes through its configured proxy/);
    const envMode = explain(conf(ENV_MODE), env({ HTTPS_PROXY: 'http://e:2', https_proxy: 'http://e:3' }), 'webhooks', []);
    assert.deepEqual(envMode.no_effect.map((n) => [n.setting, n.reason]), [['https_proxy', 'HTTPS_PROXY is set and wins (upper-case names come first when non-empty)']]);
  });
  it('top-level http_proxy is not read', () => {
    const e = explain(conf({ http_proxy: 'http://legacy:3128' }), env(), 'webhooks', []);
    assert.deepEqual(e.no_effect.map((n) => [n.setting, n.code, n.source.kind]), [['http_proxy', 'LEGACY_PROXY_KEY', 'legacy']]);
  });
});

describe('the file first', () => {
  const global = { external_services: { global: { enabled: true, http_proxy: 'http://proxy:3128' } } };
  it('a comment: the file is discarded, and the gateway runs on defaults + environment', () => {
    const e = explain(conf('{\n  // note\n  "external_services": {"global": {"enabled": true, "http_proxy": "http://proxy:3128"}}\n}\n'), env(), 'oauth', []);
    assert.equal(e.file.status, 'rejected');
    assert.equal(e.file.used, false);
    assert.deepEqual(e.file.at, { line: 2, column: 3, code: 'JSON_COMMENT' });
    assert.match(e.file.reason, /^tyk\.conf is DISCARDED: a comment at 2:3/);
    assert.equal(e.client.kind, 'legacy');
    assert.deepEqual(e.no_effect, []);
  });
  it('a type error anywhere discards the whole file', () => {
    const e = explain(conf({ external_services: { global: { enabled: true, http_proxy: 'http://proxy:3128' }, oauth: { mtls: { ca_cert_ids: 'a' } } } }), env(), 'discovery', []);
    assert.equal(e.file.status, 'rejected');
    assert.equal(e.file.at?.code, 'TYPE_MISMATCH');
    assert.match(e.file.error ?? '', /cannot unmarshal string into Go struct field .*ca_cert_ids of type \[\]string/);
    assert.equal(e.proxy.mode, 'environment');
    assert.equal(e.client.kind, 'legacy');
  });
  it('TYK_GW_OMITCONFIGFILE: the file is skipped, environment still applies', () => {
    const e = explain(conf(global), env({ TYK_GW_OMITCONFIGFILE: 'true', TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'true', TYK_GW_EXTERNALSERVICES_GLOBAL_HTTPSPROXY: 'http://envset:1' }), 'oauth', ['https://x.example/']);
    assert.equal(e.file.status, 'omitted');
    assert.deepEqual(e.file.source, { kind: 'env', name: 'TYK_GW_OMITCONFIGFILE' });
    assert.equal(e.proxy.http_proxy, null);
    assert.deepEqual(e.proxy.https_proxy?.source, { kind: 'global', from: { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_GLOBAL_HTTPSPROXY' } });
    assert.equal(e.requests[0].proxy, 'http://envset:1');
  });
  it('a missing file: defaults + environment, said first', () => {
    const e = explain(null, env(), 'oauth', [], { configPath: 'missing.conf' });
    assert.equal(e.file.status, 'missing');
    assert.equal(e.file.path, 'missing.conf');
    assert.match(e.file.reason, /^missing\.conf: no such file/);
    const text = explanationText(e, { color: false });
    assert.match(text.split('\n')[0], /^! missing\.conf: no such file/);
  });
  it('a bad environment boolean: the gateway exits, said first', () => {
    const e = explain(conf(global), env({ TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_ENABLED: 'yes' }), 'oauth', []);
    assert.match(e.fatal?.error ?? '', /^the gateway exits at start: envconfig\.Process: assigning TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_ENABLED/);
    const text = explanationText(e, { color: false });
    assert.match(text.split('\n')[0], /^! the gateway exits at start/);
  });
  it('the banner comes before anything else in every text form', () => {
    const loaded = conf('{"external_services": {"global": {"enabled": "true"}}}');
    for (const service of [null, 'oauth'] as const) {
      const out = renderExplain(loaded, env(), service, [], 'text', { color: false, configPath: 'tyk.conf' });
      assert.match(out, /^! tyk\.conf is DISCARDED: a value of the wrong type at 1:46/);
    }
  });
});

describe('masking', () => {
  const SECRET = 's3cr3t';
  const config = {
    http_proxy: `http://legacy:${SECRET}@legacy:3128`,
    external_services: {
      global: { enabled: true, http_proxy: `http://user:${SECRET}@proxy:3128`, https_proxy: `user:${SECRET}@noscheme:3129` },
      webhooks: { proxy: { enabled: true } },
    },
  };
  const vars = { HTTPS_PROXY: `http://e:${SECRET}@envproxy:8080`, HTTP_PROXY: `e:${SECRET}@bare:8080`, TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY: `http://d:${SECRET}@doc:1` };
  const urls = [`https://u:${SECRET}@idp.example.com/jwks`, 'http://hooks.example.com/'];
  for (const format of ['text', 'json', 'mermaid'] as const satisfies readonly ExplainFormat[]) {
    for (const service of [null, ...SERVICES]) {
      it(`${format} ${service ?? '(all)'}: no password anywhere`, () => {
        const out = renderExplain(conf(config), env(vars), service, urls, format, { color: false, configPath: 'tyk.conf' });
        assert.ok(!out.includes(SECRET), out);
        // Mermaid draws no proxy for storage: nothing to mask there.
        if (format !== 'mermaid' || service !== 'storage') assert.match(out, /\*\*\*\*/);
      });
    }
  }
});

describe('reporters', () => {
  const loaded = conf({ external_services: { global: { enabled: true, http_proxy: 'http://proxy:3128' }, oauth: { mtls: { enabled: true, insecure_skip_verify: true } }, webhooks: { mtls: { enabled: true, cert_id: 'w', ca_cert_ids: ['ca'] } } } });
  it('text: colour only when asked, with the same layout', () => {
    const plain = renderExplain(loaded, env(), 'oauth', [], 'text', { color: false, configPath: 'tyk.conf' });
    const coloured = renderExplain(loaded, env(), 'oauth', [], 'text', { color: true, configPath: 'tyk.conf' });
    assert.ok(!plain.includes('\u001b['));
    assert.ok(coloured.includes('\u001b[2m'));
    assert.equal(coloured.replace(/\u001b\[[0-9;]*m/g, ''), plain);
  });
  it('text: values without effect are marked', () => {
    const out = renderExplain(conf(SERVICE('oauth', { proxy: { http_proxy: 'http://p:1' }, mtls: { tls_max_version: '1.2' } })), env(), 'oauth', [], 'text', { color: false, configPath: 'tyk.conf' });
    assert.match(out, /no effect \(1\):\n +✗ external_services\.oauth\.mtls\.tls_max_version +1\.2 +tyk\.conf:\d+: not applied to HTTP clients/);
  });
  it('mermaid: legacy fallback drawn dashed, mTLS written on the service', () => {
    const out = renderExplain(loaded, env(), null, [], 'mermaid', { color: false, configPath: 'tyk.conf' });
    assert.match(out, /oauth\["oauth<br\/>legacy fallback<br\/>mTLS invalid"\]/);
    assert.match(out, /webhooks\["webhooks<br\/>external-services client<br\/>mTLS: cert store, CA store"\]/);
    assert.match(out, /oauth -->\|"legacy JWK fetch"\| direct/);
    assert.match(out, /\n  class oauth legacy\n/);
  });
  it('json: one object for a service, stable keys in the contract\'s order', () => {
    const data = JSON.parse(renderExplain(loaded, env(), 'webhooks', ['https://h.example/'], 'json', { color: false, configPath: 'tyk.conf' })) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(data.proxy).slice(0, 4), ['mode', 'http_proxy', 'https_proxy', 'bypass_proxy']);
    assert.deepEqual(Object.keys(data.mtls).slice(0, 2), ['enabled', 'error']);
    assert.deepEqual(data.proxy.http_proxy, { value: 'http://proxy:3128', source: { kind: 'global', from: { kind: 'file', file: 'tyk.conf', line: 5, column: 21, path: 'external_services.global.http_proxy' } } });
    assert.deepEqual(Object.keys((data.requests as unknown as Record<string, unknown>[])[0]), ['url', 'via', 'proxy', 'rule', 'matched', 'reason', 'error', 'routes']);
  });
});

// ---------------------------------------------------------------------------------------------
// CLI (spawned, hermetic).

function cli(args: string[], cwd: string, extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...extraEnv }, encoding: 'utf8', timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'extsvc-explain-'));
    writeFileSync(join(dir, 'tyk.conf'), JSON.stringify({ external_services: { global: { enabled: true, http_proxy: 'http://proxy:3128', bypass_proxy: 'localhost' } } }));
    writeFileSync(join(dir, 'tyk.env'), 'HTTPS_PROXY=http://envproxy:8080\n');
  });

  it('no service: the compact table of all five, exit 0', () => {
    const r = cli(['explain', '--no-process-env'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'tyk.conf: read by the gateway');
    assert.match(lines[2], /^SERVICE +CLIENT +ROUTE +HTTP_PROXY/);
    assert.deepEqual(lines.slice(3, 8).map((l) => l.split(/\s+/)[0]), [...SERVICES]);
  });

  it('a service with --url and --env-file', () => {
    const r = cli(['explain', 'oauth', '--no-process-env', '--env-file', 'tyk.env', '--url', 'http://localhost/x', '--url', 'https://idp.example.com/'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^oauth: external-services client, custom, no mTLS\n/);
    assert.match(r.stdout, /request +http:\/\/localhost\/x → direct +bypass_proxy entry "localhost" equals host "localhost": direct/);
    assert.match(r.stdout, /request +https:\/\/idp\.example\.com\/ → http:\/\/proxy:3128 +https target → http_proxy/);
    assert.match(r.stdout, /✗ HTTPS_PROXY +http:\/\/envproxy:8080 +environment HTTPS_PROXY \(tyk\.env:1\): not consulted by oauth/);
  });

  it('--format json with no service prints the array of five', () => {
    const r = cli(['explain', '--no-process-env', '-f', 'json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const data = JSON.parse(r.stdout) as { service: string }[];
    assert.deepEqual(data.map((x) => x.service), [...SERVICES]);
    assert.deepEqual(Object.keys(data[0]), ['service', 'file', 'fatal', 'client', 'proxy', 'callers', 'mtls', 'timeout_seconds', 'pool', 'no_effect', 'requests']);
  });

  it('--format mermaid draws a flowchart', () => {
    const r = cli(['explain', '--no-process-env', '--format', 'mermaid'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^flowchart LR\n/);
    assert.match(r.stdout, /oauth -->\|"http, https"\| proxy1/);
    assert.match(r.stdout, /storage -\.->\|"storage\.\* settings"\| redis/);
  });

  it('an unknown service is a usage error: exit 2, one line naming the five', () => {
    const r = cli(['explain', 'oath', '--no-process-env'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'extsvc: unknown service "oath": expected one of oauth, storage, webhooks, health, discovery (did you mean oauth?)\n');
  });

  it('a missing config file is not fatal: defaults + environment, with a note on stderr', () => {
    const r = cli(['explain', 'webhooks', '-c', 'nope.conf', '--no-process-env'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^extsvc: nope\.conf: no such file;/);
    assert.match(r.stdout, /^! nope\.conf: no such file\./);
    assert.match(r.stdout, /client +legacy/);
  });

  it('a directory as config file is an input error: exit 2', () => {
    const r = cli(['explain', '-c', '.', '--no-process-env'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is a directory/);
  });

  it('the process environment counts unless --no-process-env', () => {
    const withEnv = cli(['explain', 'webhooks', '--url', 'https://h.example/'], dir, { TYK_GW_OMITCONFIGFILE: 'true', HTTPS_PROXY: 'http://envproxy:8080' });
    assert.match(withEnv.stdout, /^! tyk\.conf is SKIPPED: TYK_GW_OMITCONFIGFILE=true/);
    assert.match(withEnv.stdout, /request +https:\/\/h\.example\/ → http:\/\/envproxy:8080/);
    const without = cli(['explain', 'webhooks', '--no-process-env'], dir, { TYK_GW_OMITCONFIGFILE: 'true' });
    assert.match(without.stdout, /^webhooks: external-services client/);
  });
});

// ---------------------------------------------------------------------------------------------
// The docs' examples, checked in: fixtures/docs-*/expected-explain.{txt,json}

const COMMON_URLS = ['https://idp.example.com/.well-known/jwks.json', 'http://localhost:8080/hook'];
/** URLs that test what each example's "What this does" promises. */
const FIXTURE_URLS: Record<string, string[]> = {
  'docs-basic-proxy': ['https://auth.internal/jwks', 'http://127.0.0.1/status'],
  'docs-global-settings': ['https://auth.internal/jwks'],
  'docs-global-env': ['https://auth.internal/jwks', 'http://svc.local/'],
  'docs-service-specific': ['https://auth.internal/jwks'],
  'docs-oauth-env': ['https://auth.internal/jwks'],
  'docs-mixed-storage-webhooks': ['http://redis:6379/'],
  'docs-production-enterprise': ['https://api.company.internal/'],
  'docs-certificate-store-production': ['https://api.company.internal/'],
  'explain-upstream-oauth-disabled': ['https://idp.corp.example/oauth/token'],
  'explain-oauth-mtls-missing-files': ['https://idp.corp.example/oauth/token'],
  'explain-external-oauth-jwt-retry': ['https://idp.corp.example/.well-known/jwks.json'],
  'explain-token-exchange': ['https://sts.corp.example/token', 'https://sts.auth.svc.cluster.local/token'],
  'explain-token-exchange-5.13': ['https://sts.corp.example/token', 'https://sts.auth.svc.cluster.local/token'],
  'explain-tyk-4.0': ['https://hooks.example.com/x', 'https://consul.svc.cluster.local/v1/catalog'],
  'explain-tyk-5.9': ['https://hooks.example.com/x', 'https://consul.svc.cluster.local/v1/catalog'],
};

function docsFixtures(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (d.name.startsWith('docs-') || d.name.startsWith('explain-')) && existsSync(join(FIXTURES, d.name, 'tyk.conf')))
    .map((d) => d.name)
    .sort();
}

/** The fixture's inputs; its args file (as lint's fixtures read it) may name the gateway version. */
function fixtureInputs(name: string): { loaded: LoadedConfig; env: EnvInput; flags: string[]; urls: string[]; tykVersion?: TykVersion } {
  const dir = join(FIXTURES, name);
  const loaded = loadConfig('tyk.conf', readFileSync(join(dir, 'tyk.conf')));
  const vars = new Map<string, EnvEntry>();
  const flags = ['-c', 'tyk.conf'];
  if (existsSync(join(dir, 'tyk.env'))) {
    for (const e of parseEnvFile('tyk.env', readFileSync(join(dir, 'tyk.env'), 'utf8')).entries) vars.set(e.name, e);
    flags.push('--env-file', 'tyk.env');
  }
  flags.push('--no-process-env');
  const version = fixtureOptions(dir).fileSchema?.version;
  if (version !== undefined) flags.push('--tyk-version', version);
  return { loaded, env: vars, flags, urls: [...COMMON_URLS, ...(FIXTURE_URLS[name] ?? [])], ...(version === undefined ? {} : { tykVersion: version }) };
}

/** The text file: the table, then each service with the URLs, each under the command that prints it. */
function fixtureText(name: string): string {
  const { loaded, env: vars, flags, urls, tykVersion } = fixtureInputs(name);
  const urlFlags = urls.flatMap((u) => ['--url', u]);
  const opts = { color: false, configPath: 'tyk.conf', ...(tykVersion === undefined ? {} : { tykVersion }) };
  const parts = [`$ extsvc explain ${flags.join(' ')}\n${renderExplain(loaded, vars, null, [], 'text', opts)}`];
  for (const s of SERVICES) parts.push(`$ extsvc explain ${s} ${[...flags, ...urlFlags].join(' ')}\n${renderExplain(loaded, vars, s, urls, 'text', opts)}`);
  return parts.join('\n');
}

function fixtureJson(name: string): string {
  const { loaded, env: vars, urls, tykVersion } = fixtureInputs(name);
  return renderExplain(loaded, vars, null, urls, 'json', { color: false, configPath: 'tyk.conf', ...(tykVersion === undefined ? {} : { tykVersion }) });
}

describe('docs fixtures: explain output checked in', () => {
  for (const name of docsFixtures()) {
    it(name, () => {
      const dir = join(FIXTURES, name);
      const outputs: [string, string][] = [['expected-explain.txt', fixtureText(name)], ['expected-explain.json', fixtureJson(name)]];
      for (const [file, actual] of outputs) {
        const path = join(dir, file);
        if (process.env.UPDATE === '1') {
          writeFileSync(path, actual);
          continue;
        }
        assert.ok(existsSync(path), `fixtures/${name}/${file} is missing (run with UPDATE=1 and review it)`);
        assert.equal(actual, readFileSync(path, 'utf8'), `fixtures/${name}/${file} differs (UPDATE=1 rewrites it)`);
      }
    });
  }

  // What the docs say each example does, against SEMANTICS.md.
  const byService = (name: string, version?: string): Record<string, Explanation> => {
    const { loaded, env: vars, urls, tykVersion } = fixtureInputs(name);
    const v = version ?? tykVersion;
    return Object.fromEntries(explainAll(loaded, vars, urls, { configPath: 'tyk.conf', ...(v === undefined ? {} : { tykVersion: v }) }).map((e) => [e.service, e]));
  };

  it('docs-production-enterprise: webhooks with enabled:true and no URLs use the environment, not global', () => {
    const e = byService('docs-production-enterprise').webhooks;
    assert.equal(e.proxy.mode, 'environment');
    assert.equal(e.proxy.inherited_from_global, false);
    assert.ok(e.no_effect.some((n) => n.code === 'SERVICE_ENABLED_USES_ENV' && n.setting === 'external_services.global.http_proxy'));
    assert.ok(e.requests.every((r) => r.proxy === null));
  });

  it('docs-basic-proxy: ".internal" does not bypass auth.internal; storage is not proxied', () => {
    const all = byService('docs-basic-proxy');
    const r = all.oauth.requests.find((x) => x.url === 'https://auth.internal/jwks');
    assert.equal(r?.proxy, 'https://localhost:3128');
    assert.equal(all.storage.proxy.http_proxy, null);
    // The first entry, "localhost", already covers 127.0.0.1 (the one alias).
    assert.equal(all.oauth.requests.find((x) => x.url === 'http://127.0.0.1/status')?.rule, 'bypass-localhost-alias');
  });

  it('docs-mixed-storage-webhooks: webhooks keep nothing of global\'s bypass list; "redis" does not bypass redis:6379', () => {
    const all = byService('docs-mixed-storage-webhooks');
    assert.ok(all.webhooks.no_effect.some((n) => n.setting === 'external_services.global.bypass_proxy' && n.code === 'SERVICE_HIDES_GLOBAL'));
    assert.equal(all.oauth.requests.find((x) => x.url === 'http://redis:6379/')?.proxy, 'http://localhost:3128');
    assert.equal(all.storage.mtls.in_force, false);
  });

  it('docs-oauth-mtls-files: oauth does not inherit global\'s bypass list, so localhost goes through 3129', () => {
    const o = byService('docs-oauth-mtls-files').oauth;
    assert.equal(o.requests.find((x) => x.url === 'http://localhost:8080/hook')?.proxy, 'http://localhost:3129');
    assert.ok(o.no_effect.some((n) => n.code === 'TLS_VERSION_IGNORED'));
  });

  it('docs-global-env and docs-oauth-env: the docs\' variable names are never read', () => {
    for (const name of ['docs-global-env', 'docs-oauth-env']) {
      const o = byService(name).oauth;
      assert.equal(o.client.kind, 'legacy', name);
      assert.ok(o.no_effect.length > 0 && o.no_effect.every((n) => n.code === 'ENV_NAME_NOT_READ'), name);
    }
  });

  it('docs-global-settings, docs-service-specific, docs-migration-after: the example is discarded as written', () => {
    for (const name of ['docs-global-settings', 'docs-service-specific', 'docs-migration-after']) {
      const all = byService(name);
      assert.equal(all.oauth.file.status, 'rejected', name);
      // Storage has no HTTP client at all: kind none (issue 10).
      assert.ok(SERVICES.every((s) => all[s].client.kind === (s === 'storage' ? 'none' : 'legacy')), name);
    }
  });

  it('explain-upstream-oauth-disabled: URLs under enabled:false serve the factory callers; upstream OAuth goes through HTTPS_PROXY', () => {
    const o = byService('explain-upstream-oauth-disabled').oauth;
    const routes = o.requests.find((r) => r.url === 'https://idp.corp.example/oauth/token')?.routes ?? [];
    const at = (id: string): string | null | undefined => routes.find((r) => r.caller === id)?.proxy;
    assert.equal(at('jwt-jwk'), 'http://oauth-proxy.corp.example:3128');
    assert.equal(at('introspection'), 'http://oauth-proxy.corp.example:3128');
    assert.equal(at('upstream-oauth'), 'http://egress.corp.example:8080');
    const up = o.callers.find((c) => c.id === 'upstream-oauth');
    assert.deepEqual([up?.client, up?.gate_open, up?.edition], ['go-default', false, 'ee']);
    assert.match(o.no_effect.find((n) => n.code === 'PROXY_DISABLED_BUT_USED')?.reason ?? '', /except by upstream OAuth token requests/);
  });

  it('explain-oauth-mtls-missing-files: each oauth caller\'s fallback on a certificate load error', () => {
    const o = byService('explain-oauth-mtls-missing-files').oauth;
    assert.equal(o.client.kind, 'external_services');
    const fb = Object.fromEntries(o.callers.map((c) => [c.id, c.fallback === null ? null : [c.fallback.client, c.fallback.route, c.fallback.when.includes('cert-load-error')]]));
    assert.deepEqual(fb['jwt-jwk'], ['legacy', 'direct', true]);
    assert.deepEqual(fb.introspection, ['go-default', 'environment', true]);
    assert.deepEqual(fb['upstream-oauth'], ['go-default', 'environment', true]);
    assert.equal(fb['token-exchange'], null);
  });

  it('explain-external-oauth-jwt-retry: only the JWT middleware retries, without verification', () => {
    const o = byService('explain-external-oauth-jwt-retry').oauth;
    const jwt = o.callers.find((c) => c.id === 'jwt-jwk');
    const ext = o.callers.find((c) => c.id === 'external-oauth-jwk');
    assert.ok(jwt?.fallback?.when.includes('fetch-failed'));
    assert.ok(!(ext?.fallback?.when.includes('fetch-failed') ?? true));
    assert.deepEqual(jwt?.fallback?.verify, { on: false, via: 'jwt_ssl_insecure_skip_verify' });
    assert.equal(jwt?.verify.on, true);
  });

  it('explain-token-exchange: token exchange follows HTTPS_PROXY and NO_PROXY, the others global\'s proxy', () => {
    const o = byService('explain-token-exchange').oauth;
    const [ext, internal] = ['https://sts.corp.example/token', 'https://sts.auth.svc.cluster.local/token'].map((u) => o.requests.find((r) => r.url === u)?.routes ?? []);
    assert.equal(ext.find((r) => r.caller === 'jwt-jwk')?.proxy, 'http://proxy.corp.example:3128');
    assert.equal(ext.find((r) => r.caller === 'token-exchange')?.proxy, 'http://egress.corp.example:8080');
    assert.equal(internal.find((r) => r.caller === 'token-exchange')?.rule, 'no-proxy-env');
    assert.deepEqual(o.callers.find((c) => c.id === 'token-exchange')?.since, '5.14.0');
    // 5.10 has no token exchange.
    const old = explain(fixtureInputs('explain-token-exchange').loaded, fixtureInputs('explain-token-exchange').env, 'oauth', [], { tykVersion: '5.10.2' });
    assert.ok(!old.callers.some((c) => c.id === 'token-exchange'));
  });

  it('explain-storage-type-not-redis and explain-env-listenport-abc: the fatal start-up error comes first, as lint reports it', () => {
    const s = byService('explain-storage-type-not-redis').storage;
    assert.equal(s.fatal?.code, 'STORAGE_TYPE_NOT_REDIS');
    assert.equal(s.client.kind, 'none');
    assert.equal(s.mtls.in_force, false);
    const l = byService('explain-env-listenport-abc').oauth;
    assert.equal(l.fatal?.code, 'ENV_BAD_VALUE');
    assert.deepEqual(l.fatal?.source, { kind: 'env-file', name: 'TYK_GW_LISTENPORT', file: 'tyk.env', span: l.fatal?.source.kind === 'env-file' ? l.fatal.source.span : undefined });
    assert.match(fixtureText('explain-env-listenport-abc'), /^\$ extsvc explain [^\n]*\n! the gateway exits at start: envconfig\.Process: assigning TYK_GW_LISTENPORT/);
  });

  it('docs-certificate-store-production: storage mTLS with cert_id and ca_cert_ids has no effect', () => {
    const s = byService('docs-certificate-store-production').storage;
    assert.equal(s.mtls.in_force, false);
    assert.deepEqual(s.no_effect.filter((n) => n.code === 'STORAGE_MTLS_INACTIVE').map((n) => n.setting), [
      'external_services.storage.mtls.enabled', 'external_services.storage.mtls.cert_id', 'external_services.storage.mtls.ca_cert_ids',
    ]);
  });
});
