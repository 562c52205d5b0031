/**
 * egress: the docs' example configs (fixtures/docs-*) against checked-in expected output
 * (expected-egress.txt), and the pieces of the inventory on small inputs of their own.
 * UPDATE=1 rewrites the expected files; a reviewer reads the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { loadConfig } from '../src/config/load.js';
import { parseEnvFile } from '../src/env/envfile.js';
import { envFromRecord, type EnvEntry } from '../src/env/input.js';
import { collectApiFiles, inventoryFrom, renderEgress } from '../src/egress/command.js';
import { apiUrls, jwksFromSource } from '../src/egress/apis.js';
import { hostAddrs, readStorage } from '../src/egress/storage.js';
import { fixtureOptions } from './support/fixture-args.js';

function envOf(dir: string): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  const p = join(dir, 'tyk.env');
  if (existsSync(p)) for (const e of parseEnvFile('tyk.env', readFileSync(p, 'utf8')).entries) env.set(e.name, e);
  return env;
}

const conf = (o: unknown, file = 'tyk.conf') => loadConfig(file, new TextEncoder().encode(JSON.stringify(o)));

/** The fixtures of older gateways (their args name --tyk-version), next to the same inputs for the newest release. */
const VERSION_FIXTURES = ['explain-tyk-4.0', 'explain-tyk-5.9', 'explain-token-exchange', 'explain-token-exchange-5.13'];
/** URLs each of those asks about, so that the rows show each caller's route. */
const VERSION_URLS = ['oauth=https://idp.example.com/jwks', 'introspection=https://idp.example.com/introspect', 'webhooks=https://hooks.example.com/x', 'health=https://backend.example.com/health', 'discovery=https://consul.svc.cluster.local/v1/catalog'];

// The docs' example configs, the meshed gateways of the Kuma fixtures (with their API definitions), and older gateways.
for (const name of readdirSync(FIXTURES).filter((d) => d.startsWith('docs-') || d.startsWith('kuma-mesh-') || VERSION_FIXTURES.includes(d)).sort()) {
  test(`egress fixture ${name}`, () => {
    const dir = join(FIXTURES, name);
    const loaded = loadConfig('tyk.conf', readFileSync(join(dir, 'tyk.conf')));
    const apis = existsSync(join(dir, 'apis')) ? collectApiFiles([join(dir, 'apis')]).map((f) => ({ ...f, file: `apis/${basename(f.file)}` })) : [];
    const version = fixtureOptions(dir).fileSchema?.version;
    // 4.0 has no introspection (external OAuth came in 4.3.0): naming it is a usage error there, tested below.
    const urls = !VERSION_FIXTURES.includes(name) ? [] : VERSION_URLS.filter((u) => name !== 'explain-tyk-4.0' || !u.startsWith('introspection='));
    const r = inventoryFrom(loaded, envOf(dir), 'tyk.conf', apis, urls, version);
    // The meshed gateways pin the JSON contract too.
    for (const format of name.startsWith('kuma-mesh-') ? (['text', 'json'] as const) : (['text'] as const)) {
      const actual = renderEgress(r, format);
      const path = join(dir, `expected-egress.${format === 'text' ? 'txt' : 'json'}`);
      if (process.env.UPDATE === '1') {
        writeFileSync(path, actual);
        continue;
      }
      assert.ok(existsSync(path), `${name}: no ${path} (run with UPDATE=1 and review it)`);
      assert.equal(actual, readFileSync(path, 'utf8'));
    }
  });
}

test('a jwt_source is a JWKS URL when it is one, or base64 of one; a key is not', () => {
  assert.equal(jwksFromSource('https://idp.example.com/jwks'), 'https://idp.example.com/jwks');
  assert.equal(jwksFromSource(Buffer.from('HTTPS://idp.example.com/k').toString('base64')), 'HTTPS://idp.example.com/k');
  assert.equal(jwksFromSource(Buffer.from('-----BEGIN PUBLIC KEY-----').toString('base64')), null);
});

test('classic and OAS API definitions: every gateway-side URL, with its service', () => {
  const classic = {
    name: 'c', enable_jwt: true, jwt_source: 'https://idp/jwks',
    external_oauth: { enabled: true, providers: [{ jwt: { enabled: true, source: 'https://ext/jwks' }, introspection: { enabled: true, url: 'https://ext/introspect' } }] },
    upstream_auth: { enabled: true, oauth: { enabled: true, client_credentials: { token_url: 'https://auth/token' } } },
    event_handlers: { events: { AuthFailure: [{ handler_name: 'eh_web_hook_handler', handler_meta: { target_path: 'http://hooks:9000/x' } }, { handler_name: 'eh_log_handler', handler_meta: {} }] } },
    uptime_tests: { check_list: [{ url: 'http://backend:8080/health' }] },
    proxy: { service_discovery: { use_discovery_service: true, query_endpoint: 'http://consul:8500/v1/catalog/service/x' } },
  };
  const oas = {
    openapi: '3.0.3', info: { title: 'o' },
    'x-tyk-api-gateway': {
      info: { name: 'o' },
      server: { authentication: { securitySchemes: { jwt: { enabled: true, jwksURIs: [{ url: 'https://idp2/jwks' }] } } }, eventHandlers: [{ enabled: true, type: 'webhook', url: 'https://hooks2/x' }] },
      upstream: { serviceDiscovery: { enabled: false, queryEndpoint: 'http://nope' }, uptimeTests: { enabled: true, tests: [{ url: 'https://up/health' }] } },
    },
  };
  const r = apiUrls([{ file: 'c.json', text: JSON.stringify(classic) }, { file: 'o.json', text: JSON.stringify(oas) }, { file: 'bad.json', text: '{' }]);
  assert.deepEqual(r.urls.map((u) => [u.kind, u.url]), [
    ['jwt-jwks', 'https://idp/jwks'], ['external-oauth-jwks', 'https://ext/jwks'], ['introspection', 'https://ext/introspect'],
    ['upstream-oauth-token', 'https://auth/token'], ['webhook', 'http://hooks:9000/x'], ['uptime-test', 'http://backend:8080/health'],
    ['service-discovery', 'http://consul:8500/v1/catalog/service/x'],
    ['jwt-jwks', 'https://idp2/jwks'], ['webhook', 'https://hooks2/x'], ['uptime-test', 'https://up/health'],
  ]);
  assert.deepEqual(r.problems.map((p) => p.file), ['bad.json']);
});

test('Redis addresses: addrs, else the hosts map (sorted), else host:port; environment overrides', () => {
  const l = conf({ storage: { host: 'redis', port: 6380, use_ssl: true } });
  assert.deepEqual(hostAddrs(readStorage(l, true, new Map(), 'storage')), ['redis:6380']);
  const m = conf({ storage: { hosts: { b: '2', a: '1' } } });
  assert.deepEqual(hostAddrs(readStorage(m, true, new Map(), 'storage')), ['a:1', 'b:2']);
  assert.deepEqual(hostAddrs(readStorage(m, true, envFromRecord({ TYK_GW_STORAGE_ADDRS: 'x:1,y:2' }), 'storage')), ['x:1', 'y:2']);
  // A file the gateway does not use leaves config.Default: localhost:6379.
  assert.deepEqual(hostAddrs(readStorage(l, false, new Map(), 'storage')), ['localhost:6379']);
});

test('through an http:// proxy an https target is a CONNECT tunnel; bypassed and Redis TLS targets are direct TLS', () => {
  const l = conf({
    storage: { host: 'redis.internal', port: 6380, use_ssl: true },
    external_services: {
      global: { enabled: true, http_proxy: 'http://user:secret@proxy.corp:3128', bypass_proxy: 'idp.internal' },
      oauth: { mtls: { enabled: true, cert_file: '/c.crt', key_file: '/c.key', ca_file: '/ca.crt' } },
    },
  });
  const r = inventoryFrom(l, new Map(), 'tyk.conf', [], ['oauth=https://idp.internal/jwks', 'webhooks=https://hooks.example.com/x']);
  const rows = r.inventory.rows.map((x) => [x.address, x.service, x.target, x.tls, x.clientCertificate, x.need.reason]);
  assert.ok(rows.some((x) => JSON.stringify(x) === JSON.stringify(['idp.internal:443', 'oauth', 'https://idp.internal/jwks', 'target', 'cert_file /c.crt', 'tyk-tls'])));
  assert.ok(rows.some((x) => JSON.stringify(x) === JSON.stringify(['proxy.corp:3128', 'webhooks', 'https://hooks.example.com/x', 'target-via-connect', null, 'connect'])));
  assert.ok(rows.some((x) => JSON.stringify(x) === JSON.stringify(['redis.internal:6380', 'storage', 'redis redis.internal:6380', 'target', null, 'tyk-tls'])));
  const text = renderEgress(r, 'text');
  assert.ok(!text.includes('secret'), 'the proxy password is masked');
  assert.match(text, /user:\*\*\*\*@proxy\.corp:3128/);
  const csv = renderEgress(r, 'csv');
  assert.ok(csv.startsWith('address,kind,service,caller,target,via,tls,client_certificate,verification,source\r\n'));
  assert.equal(JSON.parse(renderEgress(r, 'json')).destinations.length, r.inventory.rows.length);
});

test('uptime tests: none from a disabled definition; with service discovery the query endpoint instead of check_list', () => {
  const def = (u: unknown) => ({ file: 'a.json', text: JSON.stringify({ name: 'a', uptime_tests: u }) });
  assert.deepEqual(apiUrls([def({ disabled: true, check_list: [{ url: 'http://x/h' }] })]).urls, []);
  const sd = apiUrls([def({ check_list: [{ url: 'http://x/h' }], config: { service_discovery: { use_discovery_service: true, query_endpoint: 'http://consul/v1/x' } } })]).urls;
  assert.deepEqual(sd.map((u) => [u.kind, u.url, u.uptime]), [['service-discovery', 'http://consul/v1/x', true]]);
  // The gateway's own uptime_tests.disable turns the host checker off altogether.
  const files = [def({ check_list: [{ url: 'http://backend.internal:8080/h' }] })];
  const on = inventoryFrom(conf({}), new Map(), 'tyk.conf', files, []).inventory.rows.filter((r) => r.service === 'health');
  const off = inventoryFrom(conf({ uptime_tests: { disable: true } }), new Map(), 'tyk.conf', files, []).inventory.rows.filter((r) => r.service === 'health');
  assert.deepEqual([on.length, off.length], [1, 0]);
});
