/** fixtures/gateway-vectors/decode.json: Go's encoding/json decoding tyk.conf, case by case. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { loadConfig } from '../src/config/load.js';

interface DecodeCase {
  name: string;
  input: string;
  gateway_rejects: boolean;
  error: string | null;
}

const cases = JSON.parse(readFileSync(join(FIXTURES, 'gateway-vectors', 'decode.json'), 'utf8')) as DecodeCase[];

for (const c of cases) {
  test(`decode vector ${c.name}`, () => {
    const loaded = loadConfig('tyk.conf', new TextEncoder().encode(c.input));
    assert.equal(loaded.rejectReason !== null, c.gateway_rejects, `rejects: ${loaded.rejectReason}`);
    if (c.error !== null) assert.equal(loaded.rejectReason, c.error);
  });
}

test('decode: case-insensitive binding, last duplicate wins, objects merge, null semantics', () => {
  const dec = (s: string) => loadConfig('tyk.conf', new TextEncoder().encode(s)).externalServices;
  assert.equal(dec('{"EXTERNAL_SERVICES":{"global":{"enabled":true}}}').global.enabled, true);
  assert.equal(dec('{"external_\\u017fervices":{"global":{"enabled":true}}}').global.enabled, true);
  assert.equal(dec('{"ExternalServices":{"global":{"enabled":true}}}').global.enabled, false);
  assert.equal(dec('{"external_services":{"global":{"httpproxy":"http://p:1"}}}').global.http_proxy, '');
  assert.equal(dec('{"external_services":{"global":{"http_proxy":"http://a:1","HTTP_PROXY":"http://b:2"}}}').global.http_proxy, 'http://b:2');
  const merged = dec('{"external_services":{"global":{"enabled":true,"http_proxy":"http://g:1"},"global":{"https_proxy":"http://gs:2"}}}').global;
  assert.deepEqual(merged, { enabled: true, http_proxy: 'http://g:1', https_proxy: 'http://gs:2', bypass_proxy: '' });
  assert.equal(dec('{"external_services":{"global":{"enabled":true,"enabled":null}}}').global.enabled, true);
  assert.equal(dec('{"external_services":{"oauth":{"mtls":{"ca_cert_ids":["a"],"ca_cert_ids":null}}}}').oauth.mtls.ca_cert_ids, null);
  assert.deepEqual(dec('{"external_services":{"oauth":{"mtls":{"ca_cert_ids":["a","b"],"ca_cert_ids":[]}}}}').oauth.mtls.ca_cert_ids, []);
  assert.equal(dec('{"external_services":{"global":{"http_proxy":"  http://p:1  "}}}').global.http_proxy, '  http://p:1  ');
});

test('decode: a wrong type in a shadowed duplicate still makes the gateway reject the file', () => {
  const l = loadConfig('tyk.conf', new TextEncoder().encode('{"external_services":{"global":{"enabled":"yes","enabled":true}}}'));
  assert.match(l.rejectReason ?? '', /cannot unmarshal string into Go struct field GlobalProxyConfig\.external_services\.global\.enabled of type bool/);
  assert.equal(l.typeErrors.length, 1);
  assert.equal(l.typeErrors[0].span.column, 43);
});

test('decode: top-level non-object and nested arrays of the wrong type', () => {
  const arr = loadConfig('tyk.conf', new TextEncoder().encode('[1]'));
  assert.equal(arr.rejectReason, 'json: cannot unmarshal array into Go value of type config.Config');
  const nested = loadConfig('tyk.conf', new TextEncoder().encode('{"external_services":{"oauth":{"mtls":{"ca_cert_ids":["a",2]}}}}'));
  assert.equal(nested.typeErrors.length, 1);
  assert.deepEqual(nested.typeErrors[0].path, ['external_services', 'oauth', 'mtls', 'ca_cert_ids', 1]);
});
