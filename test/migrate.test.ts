/**
 * fixtures/migrate-*: tyk.conf (+ tyk.env, + args) → expected.conf (+ expected.env) and
 * expected-report.txt. Each case is also run a second time (nothing may change) and verified
 * (the old file read as the docs describe and the new one read as the gateway does agree).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseTree, type ParseError } from 'jsonc-parser';
import { FIXTURES } from './support/paths.js';
import { migrateConfigText } from '../src/migrate/migrate.js';
import { migrateEnvText } from '../src/migrate/envfile.js';
import { compareViews, documentedViews, realViews } from '../src/migrate/verify.js';
import { loadConfig } from '../src/config/load.js';
import { parseEnvFile } from '../src/env/envfile.js';
import type { EnvEntry } from '../src/env/input.js';
import { removeProperty, parse } from '../src/migrate/edit.js';

const enc = new TextEncoder();
const UPDATE = process.env.UPDATE === '1';

function envOf(text: string | undefined): Map<string, EnvEntry> {
  const m = new Map<string, EnvEntry>();
  if (text !== undefined) for (const e of parseEnvFile('tyk.env', text).entries) m.set(e.name, e);
  return m;
}

function check(dir: string, file: string, actual: string): void {
  const p = join(dir, file);
  if (UPDATE) {
    writeFileSync(p, actual);
    return;
  }
  assert.ok(existsSync(p), `${file} missing (UPDATE=1 writes it; review the diff)`);
  assert.equal(actual, readFileSync(p, 'utf8'), file);
}

const cases = readdirSync(FIXTURES).filter((d) => d.startsWith('migrate-')).sort();

for (const name of cases) {
  test(`migrate fixture ${name}`, () => {
    const dir = join(FIXTURES, name);
    const conf = readFileSync(join(dir, 'tyk.conf'), 'utf8');
    const envPath = join(dir, 'tyk.env');
    const envText = existsSync(envPath) ? readFileSync(envPath, 'utf8') : undefined;
    const args = existsSync(join(dir, 'args')) ? (JSON.parse(readFileSync(join(dir, 'args'), 'utf8')) as string[]) : [];
    const keepLegacy = args.includes('--keep-legacy');

    const r = migrateConfigText(conf, { keepLegacy });
    const e = envText === undefined ? undefined : migrateEnvText('tyk.env', envText);
    check(dir, 'expected.conf', r.text);
    if (e !== undefined) check(dir, 'expected.env', e.text);
    check(dir, 'expected-report.txt', [...r.items, ...(e?.items ?? [])].map((i) => `${i.kind}: ${i.message}`).join('\n') + '\n');

    // A second run is a no-op.
    assert.equal(migrateConfigText(r.text, { keepLegacy }).text, r.text, 'idempotent');
    if (e !== undefined) assert.equal(migrateEnvText('tyk.env', e.text).text, e.text, 'env idempotent');

    // The outbound behaviour is unchanged.
    const before = documentedViews(loadConfig('tyk.conf', enc.encode(conf)), envOf(envText));
    const after = realViews(loadConfig('tyk.conf', enc.encode(r.text)), envOf(e?.text));
    assert.deepEqual(compareViews(before, after), []);
  });
}

test('the docs example migrates to the gateway-correct shape (no mtls.enabled)', () => {
  const conf = readFileSync(join(FIXTURES, 'migrate-docs-example', 'tyk.conf'), 'utf8');
  const out = loadConfig('tyk.conf', enc.encode(migrateConfigText(conf).text));
  assert.equal(out.rejectReason, null);
  assert.equal(out.externalServices.global.enabled, true);
  assert.equal(out.externalServices.global.http_proxy, 'http://localhost:3128');
  assert.equal(out.externalServices.global.https_proxy, '');
  assert.equal(out.externalServices.oauth.mtls.insecure_skip_verify, true);
  assert.equal(out.externalServices.oauth.mtls.enabled, false);
  assert.equal(out.fields.has('jwt_ssl_insecure_skip_verify'), false);
});

test('verification sees a change of behaviour', () => {
  const before = realViews(loadConfig('a', enc.encode('{"external_services":{"global":{"enabled":true,"http_proxy":"http://a:1"}}}')), new Map());
  const after = realViews(loadConfig('a', enc.encode('{"external_services":{"global":{"enabled":true,"http_proxy":"http://b:1"}}}')), new Map());
  assert.deepEqual(compareViews(before, after).map((d) => [d.service, d.field]), SERVICES_ALL.filter((s) => s !== 'storage').map((s) => [s, 'http_proxy']));
});
const SERVICES_ALL = ['oauth', 'storage', 'webhooks', 'health', 'discovery'];

test('removing a property keeps neighbouring comments', () => {
  const t = '{\n  "a": 1, // about a\n  "http_proxy": "x",\n  /* b */ "b": 2\n}\n';
  const root = parse(t)!;
  const out = removeProperty(t, root.children![1]);
  assert.equal(out, '{\n  "a": 1, // about a\n  /* b */ "b": 2\n}\n');
});

// Property test: generated tyk.conf files with random formatting.
const key = fc.constantFrom('listen_port', 'secret', 'node_secret', 'hash_keys', 'log_level', 'x_custom', 'template_path');
const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 12 }).filter((s) => !s.includes('*/')));
const legacy = fc.record({
  http_proxy: fc.option(fc.constantFrom('http://proxy.corp:3128', 'http://u:p@px:8080', ''), { nil: undefined }),
  https_proxy: fc.option(fc.constantFrom('http://sproxy:3129', 'socks5://s:1080'), { nil: undefined }),
  jwt_ssl_insecure_skip_verify: fc.option(fc.boolean(), { nil: undefined }),
});
const style = fc.record({
  indent: fc.constantFrom('  ', '    ', '\t', ''),
  eol: fc.constantFrom('\n', '\r\n'),
  comments: fc.boolean(),
  finalNewline: fc.boolean(),
  globalEnabled: fc.option(fc.boolean(), { nil: undefined }),
});

function render(entries: [string, unknown][], s: { indent: string; eol: string; comments: boolean; finalNewline: boolean }): string {
  const nl = s.indent === '' ? ' ' : s.eol;
  const lines = entries.map(([k, v], i) => `${s.indent}${s.comments && i % 2 === 0 ? `/* c${i} */ ` : ''}${JSON.stringify(k)}: ${JSON.stringify(v)}${i < entries.length - 1 ? ',' : ''}${s.comments && s.indent !== '' ? ` // note ${i}` : ''}`);
  return `{${nl}${lines.join(nl)}${nl}}${s.finalNewline ? s.eol : ''}`;
}

test('property: migrate output parses, keeps unrelated keys and values, and a second run is a no-op', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(key, scalar), { selector: (t) => t[0], maxLength: 6 }), legacy, style, (unrelated, leg, s) => {
      const entries: [string, unknown][] = [...unrelated];
      for (const [k, v] of Object.entries(leg)) if (v !== undefined) entries.splice(entries.length >> 1, 0, [k, v]);
      if (s.globalEnabled !== undefined) entries.push(['external_services', { global: { enabled: s.globalEnabled } }]);
      const text = render(entries, s);
      const out = migrateConfigText(text).text;
      const errors: ParseError[] = [];
      const tree = parseTree(out, errors, { allowTrailingComma: false, disallowComments: false });
      assert.deepEqual(errors, [], out);
      const obj = Object.fromEntries((tree?.children ?? []).map((p) => [p.children![0].value as string, p.children![1]]));
      for (const [k, v] of unrelated) {
        assert.ok(k in obj, `${k} kept`);
        assert.deepEqual(obj[k].value, v);
      }
      if (s.comments) for (let i = 0; i < entries.length; i += 2) assert.ok(out.includes(`/* c${i} */`) || !text.includes(`/* c${i} */`), 'block comments survive');
      assert.equal(out.includes('\r\n'), text.includes('\r\n') || (!text.includes('\n') && false) || out.includes('\r\n') && text.includes('\r\n'));
      assert.equal(migrateConfigText(out).text, out, 'second run is a no-op');
    }),
    { numRuns: 300, seed: 20261122 },
  );
});

test('review regressions: null blocks, one-line files, unusable legacy URLs, env-configured oauth', () => {
  // null means "not set" to Go: the block is created in its place.
  for (const block of ['"external_services":null', '"external_services":{"global":null}', '"external_services":{"oauth":{"mtls":null}}']) {
    const out = migrateConfigText(`{"http_proxy":"http://p:3128","jwt_ssl_insecure_skip_verify":true,${block}}`).text;
    const l = loadConfig('tyk.conf', enc.encode(out));
    assert.equal(l.rejectReason, null, out);
    assert.equal(l.externalServices.global.http_proxy, 'http://p:3128');
    assert.equal(l.externalServices.oauth.mtls.insecure_skip_verify, true);
  }
  // Bytes outside the edit stay as they are, on one line too.
  const oneLine = '{"listen_port":8080,"tags":["a","b"],"http_proxy":"http://p:1"}';
  assert.equal(migrateConfigText(oneLine).text, '{"listen_port":8080,"tags":["a","b"],"external_services": { "global": { "enabled": true, "http_proxy": "http://p:1" } }}');
  const compact = '{\n  "storage": {"type":"redis","port":6379}, "tags": ["a","b"],\n  "http_proxy": "http://p:1"\n}\n';
  assert.ok(migrateConfigText(compact).text.startsWith('{\n  "storage": {"type":"redis","port":6379}, "tags": ["a","b"],\n'));
  // An ignored legacy URL that would break every service once it takes effect stays, for a human.
  const bad = migrateConfigText('{\n "http_proxy": "proxy.corp:3128"\n}\n');
  assert.equal(bad.text, '{\n "http_proxy": "proxy.corp:3128"\n}\n');
  assert.equal(bad.items[0].kind, 'human');
  // The oauth client can be configured by the environment alone.
  const env = envOf('TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=true\nTYK_GW_EXTERNALSERVICES_GLOBAL_HTTPPROXY=http://p:3128\n');
  const moved = migrateConfigText('{"jwt_ssl_insecure_skip_verify": true}', { env });
  assert.equal(loadConfig('tyk.conf', enc.encode(moved.text)).externalServices.oauth.mtls.insecure_skip_verify, true);
  assert.equal(migrateConfigText('{"jwt_ssl_insecure_skip_verify": true}').items[0].kind, 'human');
});

test('env files are edited by their parsed structure: a name inside a multi-line quoted value is text, not a variable', () => {
  const text = [
    'TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_CAFILE="/etc/ca.pem',
    'TYK_GW_EXTERNAL_SERVICES_OAUTH_MTLS_CA_FILE=inside-the-value',
    'end"',
    'export TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY: http://proxy:3128 # compose\'s KEY: value',
    'TYK_GW_EXTERNAL_SERVICES_OAUTH_MTLS_CA_FILE=/etc/other.pem',
    '',
  ].join('\n');
  const r = migrateEnvText('tyk.env', text);
  assert.equal(
    r.text,
    [
      'TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_CAFILE="/etc/ca.pem',
      'TYK_GW_EXTERNAL_SERVICES_OAUTH_MTLS_CA_FILE=inside-the-value',
      'end"',
      'export TYK_GW_EXTERNALSERVICES_GLOBAL_HTTPPROXY: http://proxy:3128 # compose\'s KEY: value',
      '',
    ].join('\n'),
  );
  assert.deepEqual(r.items.map((i) => `${i.kind}: ${i.message}`), [
    'moved: tyk.env:4: TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY → TYK_GW_EXTERNALSERVICES_GLOBAL_HTTPPROXY',
    'dropped: tyk.env:5: TYK_GW_EXTERNAL_SERVICES_OAUTH_MTLS_CA_FILE removed: TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_CAFILE is also set and is the one the gateway reads.',
  ]);
  assert.equal(migrateEnvText('tyk.env', r.text).text, r.text, 'idempotent');
});
