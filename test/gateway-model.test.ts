/**
 * The gateway model (src/resolve/model.ts over src/gateway/callers.ts): each caller's client,
 * route, verification, timeout and fallback as TykTechnologies/tyk v5.10.0..master has them,
 * the file's fate and the fatal start-up errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/load.js';
import { envFromRecord } from '../src/env/input.js';
import { gatewayModel, serviceModel, type CallerModel, type GatewayModel } from '../src/resolve/model.js';
import { callerRequest, versionAtLeast, type CallerId } from '../src/gateway/callers.js';
import type { ServiceName } from '../src/types.js';

const enc = new TextEncoder();

function model(conf: unknown, env: Record<string, string> = {}, version?: string): GatewayModel {
  return gatewayModel(loadConfig('tyk.conf', enc.encode(typeof conf === 'string' ? conf : JSON.stringify(conf))), envFromRecord(env), version);
}

function caller(m: GatewayModel, service: ServiceName, id: CallerId): CallerModel {
  const c = serviceModel(m.gateway, service).callers.find((x) => x.id === id);
  assert.ok(c !== undefined, `${service} has no caller ${id}`);
  return c;
}

const OAUTH_URLS_DISABLED = { external_services: { oauth: { proxy: { enabled: false, http_proxy: 'http://p:3128', https_proxy: 'http://p:3128' } } } };

describe('oauth callers', () => {
  it('upstream OAuth has its own gate: URLs alone leave it on http.DefaultClient', () => {
    const m = model(OAUTH_URLS_DISABLED);
    assert.deepEqual([caller(m, 'oauth', 'jwt-jwk').client, caller(m, 'oauth', 'jwt-jwk').route], ['external-services', 'custom']);
    const up = caller(m, 'oauth', 'upstream-oauth');
    assert.deepEqual([up.client, up.route, up.because, up.edition], ['go-default', 'environment', 'gate-closed', 'ee']);
    assert.equal(callerRequest(up.detail, 'https://idp.example/token', { HTTPS_PROXY: 'http://env:8080' }).proxy, 'http://env:8080');
  });

  it('upstream OAuth\'s gate opened by global.enabled: the factory\'s client', () => {
    const m = model({ external_services: { global: { enabled: true, http_proxy: 'http://g:3128' } } });
    assert.deepEqual([caller(m, 'oauth', 'upstream-oauth').client, caller(m, 'oauth', 'upstream-oauth').route], ['external-services', 'custom']);
  });

  it('upstream OAuth falls back to Go\'s default client on a factory error, as the JWK fetches fall back to the legacy one', () => {
    const m = model({ external_services: { oauth: { mtls: { enabled: true } } } });
    assert.deepEqual([caller(m, 'oauth', 'upstream-oauth').client, caller(m, 'oauth', 'upstream-oauth').because], ['go-default', 'validation-error']);
    assert.deepEqual([caller(m, 'oauth', 'jwt-jwk').client, caller(m, 'oauth', 'jwt-jwk').route], ['legacy', 'direct']);
    assert.deepEqual([caller(m, 'oauth', 'introspection').client, caller(m, 'oauth', 'introspection').route], ['go-default', 'environment']);
  });

  it('only the JWT middleware retries a failed fetch with the legacy one, which reads jwt_ssl_insecure_skip_verify', () => {
    const m = model({ jwt_ssl_insecure_skip_verify: true, external_services: { global: { enabled: true } } });
    const jwt = caller(m, 'oauth', 'jwt-jwk');
    assert.ok(jwt.fallbackWhen.includes('fetch-failed'));
    assert.ok(!caller(m, 'oauth', 'external-oauth-jwk').fallbackWhen.includes('fetch-failed'));
    assert.deepEqual([jwt.verify.on, jwt.fallback?.verify.on, jwt.fallback?.verify.key], [true, false, 'jwt_ssl_insecure_skip_verify']);
  });

  it('token exchange: enterprise, 5.14.0 and later, always Go\'s default transport', () => {
    const m = model({ external_services: { global: { enabled: true, http_proxy: 'http://g:3128' } } });
    const te = caller(m, 'oauth', 'token-exchange');
    assert.deepEqual([te.client, te.route, te.edition, te.since, te.timeoutSeconds, te.fallback], ['go-default', 'environment', 'ee', '5.14.0', 15, null]);
    assert.ok(!serviceModel(model({}, {}, '5.10.2').gateway, 'oauth').callers.some((c) => c.id === 'token-exchange'));
    assert.ok(versionAtLeast('5.15.0-alpha14', '5.14.0') && !versionAtLeast('5.10.2', '5.14.0'));
  });
});

describe('the other services', () => {
  it('the legacy host checker: no proxy, proxy_ssl_insecure_skip_verify, 500 ms unless the check sets one', () => {
    const h = caller(model({ proxy_ssl_insecure_skip_verify: true }), 'health', 'host-checker');
    assert.deepEqual([h.client, h.route, h.timeoutSeconds, h.timeoutFrom, h.verify.on, h.verify.key], ['legacy', 'direct', 0.5, 'uptime-test', false, 'proxy_ssl_insecure_skip_verify']);
    assert.equal(callerRequest(h.detail, 'http://api.example/health', { HTTP_PROXY: 'http://env:8080' }).reason.kind, 'no-proxy-client');
  });

  it('webhooks and discovery refuse the fallback on a certificate load error; oauth falls back', () => {
    const m = model({});
    assert.equal(caller(m, 'webhooks', 'webhooks').onCertLoadError, 'skip-delivery');
    assert.equal(caller(m, 'health', 'host-checker').onCertLoadError, 'fail-check');
    assert.equal(caller(m, 'discovery', 'service-discovery').onCertLoadError, 'fail-request');
    assert.equal(caller(m, 'oauth', 'introspection').onCertLoadError, 'fallback');
  });

  it('storage: no HTTP client; mTLS only with storage.type redis (or unset), use_ssl and mtls.enabled', () => {
    const conf = (type?: string) => ({ storage: { use_ssl: true, ...(type === undefined ? {} : { type }) }, external_services: { storage: { mtls: { enabled: true, cert_file: '/c', key_file: '/k' } } } });
    const r = caller(model(conf('redis')), 'storage', 'redis');
    assert.deepEqual([r.client, r.route, r.certificate], ['none', 'none', 'files']);
    assert.equal(model(conf()).gateway.storageMtls.inForce, true);
    assert.equal(model(conf('memory')).gateway.storageMtls.inForce, false);
    assert.equal(model({ external_services: { storage: { mtls: { enabled: true, cert_file: '/c', key_file: '/k' } } } }).gateway.storageMtls.inForce, false);
  });
});

describe('start-up', () => {
  it('a TYK_GW_* value envconfig cannot convert is fatal, in the gateway\'s order', () => {
    const m = model({}, { TYK_GW_LISTENPORT: 'abc', TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'yes' });
    assert.deepEqual(m.fatal.map((f) => (f.kind === 'envconfig' ? f.failure.variable.name : f.kind)), ['TYK_GW_LISTENPORT', 'TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED']);
  });

  it('storage.type other than redis is fatal, after envconfig', () => {
    const m = model({ storage: { type: 'memory' } }, { TYK_GW_LISTENPORT: 'abc' });
    assert.deepEqual(m.fatal.map((f) => f.kind), ['envconfig', 'storage-type']);
    assert.deepEqual(model({ storage: { type: 'memory' } }, { TYK_GW_STORAGE_TYPE: 'redis' }).fatal, []);
  });

  it('a tracer loader failing on the file\'s reading only discards the file instead', () => {
    const m = model({ tracing: { name: 'zipkin' }, external_services: { global: { enabled: true } } }, { TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE: 'ten' }, '5.10.2');
    assert.deepEqual(m.fatal, []);
    assert.equal(m.gateway.effective.fileIgnored?.reason, 'env-error');
    assert.equal(serviceModel(m.gateway, 'oauth').factory?.built, false);
    assert.equal(serviceModel(m.intended, 'oauth').factory?.built, true);
  });

  it('a skipped file: the intended reading still has its settings', () => {
    const m = model({ external_services: { global: { enabled: true } } }, { TYK_GW_OMITCONFIGFILE: 'TRUE' });
    assert.equal(m.gateway.effective.fileIgnored?.reason, 'omitted');
    assert.equal(caller(m, 'oauth', 'jwt-jwk').client, 'legacy');
    assert.equal(serviceModel(m.intended, 'oauth').callers[0].client, 'external-services');
  });
});
