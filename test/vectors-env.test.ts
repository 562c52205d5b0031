/** fixtures/gateway-vectors/env.json and env-names.txt: envconfig over the block, case by case. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { loadConfig } from '../src/config/load.js';
import { applyEnv } from '../src/env/overlay.js';
import { envFromRecord } from '../src/env/input.js';
import { ENV_FIELDS } from '../src/env/fields.js';
import { deriveEnvFields } from '../src/env/derive-fields.js';
import { schema } from '../src/config/schema.js';

interface EnvCase {
  name: string;
  file_external_services: unknown;
  env: Record<string, string>;
  external_services: unknown;
  error: string | null;
}

const cases = JSON.parse(readFileSync(join(FIXTURES, 'gateway-vectors', 'env.json'), 'utf8')) as EnvCase[];

for (const c of cases) {
  test(`env vector ${c.name}`, () => {
    const text = JSON.stringify({ external_services: c.file_external_services });
    const loaded = loadConfig('tyk.conf', new TextEncoder().encode(text));
    assert.equal(loaded.rejectReason, null);
    const overlay = applyEnv(loaded.externalServices, envFromRecord(c.env));
    if (c.error !== null) {
      assert.ok(overlay.bad.length > 0, 'expected a fatal env error');
      assert.equal(overlay.bad[0].goMessage, c.error);
      return;
    }
    assert.deepEqual(overlay.bad, []);
    assert.deepEqual(overlay.config, c.external_services);
  });
}

test('the 69 variable names are exactly the gateway\'s, in its order', () => {
  const names = readFileSync(join(FIXTURES, 'gateway-vectors', 'env-names.txt'), 'utf8').split('\n').filter((l) => l !== '');
  assert.equal(ENV_FIELDS.length, 69);
  assert.deepEqual([...ENV_FIELDS.map((f) => f.name)].sort(), [...names].sort());
});

test('applying the environment never changes the decoded file it starts from', () => {
  const loaded = loadConfig('x', new TextEncoder().encode('{"external_services": {"global": {"enabled": true}, "oauth": {"mtls": {"ca_cert_ids": ["a"]}}}}'));
  const before = structuredClone(loaded.externalServices);
  const env = envFromRecord({
    TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'false',
    TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_CACERTIDS: 'b,c',
    TYK_GW_EXTERNALSERVICES_STORAGE_PROXY_HTTPPROXY: 'http://p:3128',
  });
  const overlay = applyEnv(loaded.externalServices, env);
  assert.deepEqual(loaded.externalServices, before);
  assert.equal(overlay.config.global.enabled, false);
  assert.deepEqual(overlay.config.oauth.mtls.ca_cert_ids, ['b', 'c']);
  assert.equal(overlay.config.storage.proxy.http_proxy, 'http://p:3128');
  // Everything the environment did not set is the file's, as a copy.
  assert.deepEqual({ ...overlay.config, global: before.global, oauth: before.oauth, storage: before.storage }, before);
});

test('the variables the build wrote are the ones the block schema gives today', () => {
  assert.deepEqual(ENV_FIELDS, deriveEnvFields(schema));
});

test('the block overlay uses Go\'s white space and Go\'s quoting (one implementation with the namespace checks)', () => {
  const overlay = (env: Record<string, string>) => applyEnv(loadConfig('x', new TextEncoder().encode('{}')).externalServices, envFromRecord(env));
  // strings.TrimSpace: U+0085 is white space, U+FEFF is not.
  assert.deepEqual(overlay({ TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_CACERTIDS: '\u0085' }).config.oauth.mtls.ca_cert_ids, []);
  assert.deepEqual(overlay({ TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_CACERTIDS: '\ufeff' }).config.oauth.mtls.ca_cert_ids, ['\ufeff']);
  // strconv.Quote, not JSON: \a and U+2028 as Go writes them.
  assert.match(overlay({ TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'yes\u0007\u2028' }).bad[0].goMessage, /strconv\.ParseBool: parsing "yes\\a\\u2028": invalid syntax$/);
});
