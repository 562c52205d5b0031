/**
 * fixtures/migrate-*: tyk.conf (+ tyk.env, read as --env-file, + args) → expected.conf
 * (+ expected.env), expected-report.txt (the text report of a dry run) and expected-report.json.
 * Each case is also run a second time on its own output (nothing may change), and every
 * difference the proof finds is either intended (naming its legacy setting) or listed for consent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseTree, type ParseError } from 'jsonc-parser';
import { FIXTURES } from './support/paths.js';
import { migrateConfigText, planForLint } from '../src/migrate/migrate.js';
import { planMigration, type MigrateOutcome } from '../src/migrate/outcome.js';
import { migrateJson, migrateText, unifiedDiff, writeProceeds } from '../src/migrate/report.js';
import { prove } from '../src/migrate/verify.js';
import { FIELDS, fieldValue, outboundViews, rowName } from '../src/migrate/outbound.js';
import { buildEffective, type EffectiveConfig } from '../src/resolve/resolve.js';
import { readingOf, type CallerModel } from '../src/resolve/model.js';
import { requireTykVersion } from '../src/config/versions.js';
import { fileSchema, type TykVersion } from '../src/config/schema.js';
import { proxyConfigFromEnvironment } from '../src/gateway/httpproxy.js';
import { envValues, type EnvInput } from '../src/env/input.js';
import { loadConfig } from '../src/config/load.js';
import { parseEnvFile } from '../src/env/envfile.js';
import type { EnvEntry } from '../src/env/input.js';
import { removeProperty, parse } from '../src/migrate/edit.js';
import { fixSyntax } from '../src/migrate/syntax.js';
import { migrateEnvText } from '../src/migrate/envfile.js';

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

function runFixture(dir: string): { outcome: MigrateOutcome; args: string[]; conf: string; envText: string | undefined } {
  const conf = readFileSync(join(dir, 'tyk.conf'), 'utf8');
  const envPath = join(dir, 'tyk.env');
  const envText = existsSync(envPath) ? readFileSync(envPath, 'utf8') : undefined;
  const args = existsSync(join(dir, 'args')) ? (JSON.parse(readFileSync(join(dir, 'args'), 'utf8')) as string[]) : [];
  const at = args.indexOf('--tyk-version');
  const tykVersion = at < 0 ? undefined : requireTykVersion(args[at + 1]);
  const outcome = planMigration({
    config: { path: 'tyk.conf', text: conf, bytes: enc.encode(conf) },
    envFiles: envText === undefined ? [] : [{ path: 'tyk.env', text: envText }],
    baseEnv: new Map(),
    keepLegacy: args.includes('--keep-legacy'),
    fixSyntax: args.includes('--fix-syntax'),
    ...(tykVersion === undefined ? {} : { tykVersion, schema: fileSchema(tykVersion) }),
  });
  return { outcome, args, conf, envText };
}

const cases = readdirSync(FIXTURES).filter((d) => d.startsWith('migrate-')).sort();

for (const name of cases) {
  test(`migrate fixture ${name}`, () => {
    const dir = join(FIXTURES, name);
    const { outcome, args, envText } = runFixture(dir);
    const opts = { acceptChanges: args.includes('--accept-changes'), check: false, write: false };
    const conf = outcome.files[0];
    const env = outcome.files[1];
    check(dir, 'expected.conf', conf.after);
    if (envText !== undefined) check(dir, 'expected.env', env.after);
    check(dir, 'expected-report.txt', migrateText(outcome, opts));
    check(dir, 'expected-report.json', migrateJson(outcome, opts));
    if (existsSync(join(dir, 'expected.diff'))) check(dir, 'expected.diff', outcome.files.map((f) => unifiedDiff(f.path, f.before, f.after, dir)).join(''));

    // A second run on the output is a no-op.
    const again = planMigration({
      config: { path: 'tyk.conf', text: conf.after, bytes: enc.encode(conf.after) },
      envFiles: env === undefined ? [] : [{ path: 'tyk.env', text: env.after }],
      baseEnv: new Map(),
      keepLegacy: args.includes('--keep-legacy'),
      fixSyntax: args.includes('--fix-syntax'),
      tykVersion: outcome.proof.version,
      schema: fileSchema(outcome.proof.version as TykVersion),
    });
    assert.deepEqual(again.files.map((f) => f.after), outcome.files.map((f) => f.after), 'idempotent');

    // Every difference is intended (and names its setting) or needs consent.
    for (const d of outcome.proof.differences) {
      assert.ok(d.label === 'intended' ? d.setting !== null : outcome.needsConsent.includes(d), `${d.service} ${d.field}`);
      if (d.weakensTls) assert.ok(outcome.needsConsent.includes(d));
    }
  });
}

test('the docs example migrates to the gateway-correct shape (no mtls.enabled); --write needs consent, since introspection and upstream OAuth stop verifying', () => {
  const conf = readFileSync(join(FIXTURES, 'migrate-docs-example', 'tyk.conf'), 'utf8');
  const out = loadConfig('tyk.conf', enc.encode(migrateConfigText(conf).text));
  assert.equal(out.rejectReason, null);
  assert.equal(out.externalServices.global.enabled, true);
  assert.equal(out.externalServices.global.http_proxy, 'http://localhost:3128');
  assert.equal(out.externalServices.global.https_proxy, '');
  assert.equal(out.externalServices.oauth.mtls.insecure_skip_verify, true);
  assert.equal(out.externalServices.oauth.mtls.enabled, false);
  assert.equal(out.fields.has('jwt_ssl_insecure_skip_verify'), false);
  const { outcome } = runFixture(join(FIXTURES, 'migrate-docs-example'));
  assert.ok(outcome.proof.differences.length > 0);
  assert.ok(outcome.proof.differences.every((d) => d.label === 'intended'));
  // The key decided only the legacy JWK fetch; its replacement decides every oauth caller of the
  // built client, so Go's default client's checks (introspection, upstream OAuth) go too.
  assert.deepEqual(outcome.needsConsent.map((d) => `${rowName(d)} ${d.field} ${d.before} → ${d.after} (${d.setting})`), [
    'oauth introspection verify on → off (jwt_ssl_insecure_skip_verify)',
    'oauth upstream-oauth verify on → off (jwt_ssl_insecure_skip_verify)',
  ]);
});

test('the proof sees a change of behaviour that no legacy setting means', () => {
  const a = loadConfig('a', enc.encode('{"external_services":{"global":{"enabled":true,"http_proxy":"http://a:1"}}}'));
  const b = loadConfig('a', enc.encode('{"external_services":{"global":{"enabled":true,"http_proxy":"http://b:1"}}}'));
  const p = prove({ loaded: a, env: new Map() }, { loaded: b, env: new Map() });
  const http = p.differences.filter((d) => d.field === 'http_proxy');
  // Every caller of the external-services client; not token exchange (Go's default transport) nor Redis.
  assert.deepEqual(http.map(rowName), [
    'oauth jwt-jwk', 'oauth client-idp-jwk', 'oauth external-oauth-jwk', 'oauth introspection', 'oauth upstream-oauth',
    'webhooks webhooks', 'health host-checker', 'discovery service-discovery',
  ]);
  assert.ok(p.differences.every((d) => d.label === 'unexpected' && d.setting === null));
});

test('a variable that keeps global off: the moved URL would stay ignored, so migrate says so for a human', () => {
  const env = envOf('TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=false\n');
  const r = migrateConfigText('{\n  "http_proxy": "http://p:3128"\n}\n', { env });
  const human = r.items.filter((i) => i.kind === 'human');
  assert.equal(human.length, 1, JSON.stringify(r.items));
  assert.match(human[0].message, /^TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED in the environment keeps external_services.global off whatever the file says/);
  assert.deepEqual(human[0].settings, ['http_proxy']);
  // A variable that turns it on: the file needs no enabled of its own.
  const on = migrateConfigText('{\n  "http_proxy": "http://p:3128"\n}\n', { env: envOf('TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=true\n') });
  assert.equal(loadConfig('tyk.conf', enc.encode(on.text)).fields.has('external_services.global.enabled'), false, on.text);
  assert.equal(loadConfig('tyk.conf', enc.encode(on.text)).externalServices.global.http_proxy, 'http://p:3128');
});

test('a renamed variable the gateway cannot convert: it exits at start after the migration, said first, and --write needs consent', () => {
  const text = '{"listen_port": 8080}\n';
  const envText = 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=yes\n';
  const o = planMigration({ config: { path: 'tyk.conf', text, bytes: enc.encode(text) }, envFiles: [{ path: 'tyk.env', text: envText }], baseEnv: new Map(), keepLegacy: false });
  assert.equal(o.files[1].after, 'TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=yes\n');
  assert.deepEqual(o.proof.exits.before, null);
  assert.match(o.exitsAfter ?? '', /^envconfig\.Process: assigning TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED/);
  assert.equal(writeProceeds(o, false), false);
  assert.equal(writeProceeds(o, true), true);
  assert.match(migrateText(o, { acceptChanges: false, check: false, write: true }).split('\n')[0], /^GATEWAY EXITS AT START after this migration: "envconfig\.Process/);
  // A gateway that already exits is no news: the proof says it, nothing more is asked.
  const already = planMigration({ config: { path: 'tyk.conf', text, bytes: enc.encode(text) }, envFiles: [{ path: 'tyk.env', text: envText }], baseEnv: envOf('TYK_GW_STORAGE_TYPE=memory'), keepLegacy: false });
  assert.notEqual(already.proof.exits.before, null);
  assert.equal(already.exitsAfter, null);
});

test('a file the gateway discards for an environment error is said so, with the variable, not as skipped', () => {
  const text = '{\n  "tracing": { "enabled": true, "name": "zipkin" },\n  "http_proxy": "http://p:3128"\n}\n';
  const o = planMigration({ config: { path: 'tyk.conf', text, bytes: enc.encode(text) }, envFiles: [], baseEnv: envOf('TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE=abc'), keepLegacy: false });
  assert.equal(o.proof.fileIgnored?.reason, 'env-error');
  const human = o.items.filter((i) => i.kind === 'human').map((i) => i.message);
  assert.equal(human.length, 1, JSON.stringify(o.items));
  assert.match(human[0], /^tyk\.conf is discarded by the gateway: envconfig fails on TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE while reading it with the file/);
  assert.doesNotMatch(human[0], /OMITCONFIGFILE/);
});

test('an unexpected difference is printed under its own heading and --write refuses it without --accept-changes', () => {
  const before = '{"external_services":{"global":{"enabled":true,"http_proxy":"http://a:1"}}}';
  const after = '{"external_services":{"global":{"enabled":true,"http_proxy":"http://b:1"}}}';
  const proof = prove({ loaded: loadConfig('tyk.conf', enc.encode(before)), env: new Map() }, { loaded: loadConfig('tyk.conf', enc.encode(after)), env: new Map() });
  const o: MigrateOutcome = {
    files: [{ path: 'tyk.conf', before, after }], items: [], proof, discarded: null, needsAction: true,
    needsConsent: proof.differences.filter((d) => d.label === 'unexpected' || d.weakensTls), exitsAfter: null,
  };
  assert.equal(writeProceeds(o, false), false);
  assert.equal(writeProceeds(o, true), true);
  const text = migrateText(o, { acceptChanges: false, check: false, write: true });
  assert.match(text, /^unexpected \(no legacy setting means this; --write needs --accept-changes\):\n {2}oauth jwt-jwk +route http:\/\/a:1 → http:\/\/b:1;/m);
  assert.match(text, /^extsvc: not written: /m);
  const j = JSON.parse(migrateJson(o, { acceptChanges: false, check: false, write: true })) as { write: { wouldProceed: boolean; needsAcceptChanges: boolean } };
  assert.deepEqual(j.write, { wouldProceed: false, needsAcceptChanges: true });
});

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
  // The oauth client can be configured by the environment alone. Then it is built before the
  // migration too and verifies certificates; the legacy key reaches only the retry of a failed
  // JWK fetch, so moving it would switch verification off: it stays.
  const env = envOf('TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=true\nTYK_GW_EXTERNALSERVICES_GLOBAL_HTTPPROXY=http://p:3128\n');
  const kept = migrateConfigText('{"jwt_ssl_insecure_skip_verify": true}', { env });
  assert.equal(kept.text, '{"jwt_ssl_insecure_skip_verify": true}');
  assert.equal(kept.items[0].kind, 'kept');
  // Configured by the environment only once the renamed variables take effect: moved.
  const docNames = envOf('TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\nTYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY=http://p:3128\n');
  const moved = migrateConfigText('{"jwt_ssl_insecure_skip_verify": true}', { env, envBefore: docNames });
  assert.equal(loadConfig('tyk.conf', enc.encode(moved.text)).externalServices.oauth.mtls.insecure_skip_verify, true);
  assert.equal(migrateConfigText('{"jwt_ssl_insecure_skip_verify": true}').items[0].kind, 'human');
  // The renamed variables turn on an oauth mTLS block with a CA: the client is built only after
  // the migration, and it verifies the IdP against that CA. Moving the key would switch that
  // off, so it stays, and no note claims mtls.enabled is false.
  const mtlsFile = '{"jwt_ssl_insecure_skip_verify": true, "external_services": {"global": {"http_proxy": "http://p:3128"}, "oauth": {"mtls": {"ca_file": "/ca.pem"}}}}';
  const renamedOn = envOf('TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=true\nTYK_GW_EXTERNALSERVICES_OAUTH_MTLS_ENABLED=true\n');
  const docOn = envOf('TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\nTYK_GW_EXTERNAL_SERVICES_OAUTH_MTLS_ENABLED=true\n');
  const withCa = migrateConfigText(mtlsFile, { env: renamedOn, envBefore: docOn });
  assert.equal(withCa.text, mtlsFile);
  assert.deepEqual(withCa.items.map((i) => i.kind), ['kept']);
  assert.match(withCa.items[0].message, /built after the migration and verifies the IdP \(its mTLS block sets ca_file \/ca\.pem\)/);
});

// Property test: generated configs and environments. The proof's claim is checked against the
// gateway model run directly on the old and the new inputs.
const url = fc.constantFrom('http://p:3128', 'http://u:pw@q:8080', 'socks5://s:1080');
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
const genConfig = fc.record({
  http_proxy: opt(fc.oneof(url, fc.constantFrom('', 'proxy.corp:3128'))),
  https_proxy: opt(url),
  jwt_ssl_insecure_skip_verify: opt(fc.boolean()),
  proxy_ssl_insecure_skip_verify: opt(fc.boolean()),
  global: opt(fc.record({ enabled: opt(fc.boolean()), http_proxy: opt(url), bypass_proxy: opt(fc.constantFrom('idp.internal', 'localhost')) }, { requiredKeys: [] })),
  interim: opt(fc.record({ use_environment: opt(fc.boolean()), http_proxy: opt(url), no_proxy: opt(fc.constantFrom('a.internal', '.corp')) }, { requiredKeys: [] })),
  oauth: opt(fc.record({
    proxy: opt(fc.record({ enabled: opt(fc.boolean()), http_proxy: opt(url) }, { requiredKeys: [] })),
    mtls: opt(fc.record({
      enabled: opt(fc.boolean()), cert: opt(fc.boolean()), ca_file: opt(fc.constantFrom('/ca.pem')), insecure_skip_verify: opt(fc.boolean()),
    }, { requiredKeys: [] })),
  }, { requiredKeys: [] })),
  health: opt(fc.record({ insecure_skip_verify: opt(fc.boolean()), use_environment: opt(fc.boolean()) }, { requiredKeys: [] })),
  /** storage's own TLS (the rate limiter's Redis connection when storage.mtls is not in force). */
  storage: opt(fc.record({
    use_ssl: opt(fc.boolean()), ssl_insecure_skip_verify: opt(fc.boolean()), ca_file: opt(fc.constantFrom('/redis-ca.pem')),
    cert_file: opt(fc.constantFrom('/redis.pem')), key_file: opt(fc.constantFrom('/redis.key')), tls_min_version: opt(fc.constantFrom('1.3', '1.0')),
  }, { requiredKeys: [] })),
  envFile: fc.subarray([
    'TYK_GW_EXTERNAL_SERVICES_OAUTH_MTLS_INSECURE_SKIP_VERIFY=true',
    'TYK_GW_EXTERNAL_SERVICES_STORAGE_MTLS_ENABLED=true',
    'TYK_GW_EXTERNAL_SERVICES_STORAGE_MTLS_INSECURE_SKIP_VERIFY=true',
    'TYK_GW_EXTERNAL_SERVICES_STORAGE_MTLS_TLS_MIN_VERSION=1.2',
    'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true',
    'TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY=http://envfile:3128',
    'TYK_GW_EXTERNAL_SERVICES_HEALTH_MTLS_INSECURE_SKIP_VERIFY=true',
  ]),
  processEnv: fc.subarray([
    'TYK_GW_EXTERNALSERVICES_WEBHOOKS_PROXY_ENABLED=true', 'HTTPS_PROXY=http://corp:8080', 'NO_PROXY=idp.internal',
    'TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=false', 'TYK_GW_EXTERNALSERVICES_GLOBAL_HTTPSPROXY=http://envglobal:3129',
    'TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_INSECURESKIPVERIFY=true', 'TYK_GW_JWTSSLINSECURESKIPVERIFY=false',
  ]),
  /** The target version: token exchange (5.14.0+) is a caller of some and not of others. */
  version: fc.constantFrom('5.10.2', '5.13.1', '5.14.0', '5.15.0-alpha14'),
  processJwt: fc.constantFrom(undefined, 'TYK_GW_JWTSSLINSECURESKIPVERIFY=true'),
  /** Bytes that make the gateway discard the file: a comment, a trailing comma, a BOM. */
  discarded: fc.subarray(['comment', 'comma', 'bom']),
  fixSyntax: fc.boolean(),
});

type Gen = typeof genConfig extends fc.Arbitrary<infer T> ? T : never;

function strip<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function renderGen(g: Gen): string {
  const top: Record<string, unknown> = strip({ listen_port: 8080, http_proxy: g.http_proxy, https_proxy: g.https_proxy, jwt_ssl_insecure_skip_verify: g.jwt_ssl_insecure_skip_verify, proxy_ssl_insecure_skip_verify: g.proxy_ssl_insecure_skip_verify });
  const es: Record<string, unknown> = {};
  if (g.global !== undefined) es.global = strip(g.global);
  if (g.interim !== undefined) es.proxy = strip(g.interim);
  if (g.oauth !== undefined) {
    const o: Record<string, unknown> = {};
    if (g.oauth.proxy !== undefined) o.proxy = strip(g.oauth.proxy);
    if (g.oauth.mtls !== undefined) {
      const m = g.oauth.mtls;
      o.mtls = strip({ enabled: m.enabled, cert_file: m.cert === true ? '/c.pem' : undefined, key_file: m.cert === true ? '/c.key' : undefined, ca_file: m.ca_file, insecure_skip_verify: m.insecure_skip_verify });
    }
    es.oauth = o;
  }
  if (g.storage !== undefined) top.storage = strip({ type: 'redis', ...g.storage });
  if (g.health !== undefined) es.health = strip({ mtls: g.health.insecure_skip_verify === undefined ? undefined : { insecure_skip_verify: g.health.insecure_skip_verify }, proxy: g.health.use_environment === undefined ? undefined : { use_environment: g.health.use_environment } });
  if (Object.keys(es).length > 0) top.external_services = es;
  let out = JSON.stringify(top, null, 2) + '\n';
  if (g.discarded.includes('comment')) out = out.replace('{\n', '{\n  // generated\n');
  if (g.discarded.includes('comma')) out = out.replace(/\n}\n$/, ',\n}\n');
  if (g.discarded.includes('bom')) out = '\ufeff' + out;
  return out;
}

/**
 * Every fact the model decides for each caller, straight from src/resolve/model.ts (not through
 * outbound.ts), with the settings those facts point at: "service caller" → its facts.
 */
function modelFacts(eff: EffectiveConfig, env: EnvInput, version: string): Map<string, string> {
  const r = readingOf(eff, version);
  const e = proxyConfigFromEnvironment(envValues(env));
  const out = new Map<string, string>();
  for (const s of r.services) {
    const m = eff.config[s.service].mtls;
    for (const c of s.callers) {
      const facts = (x: CallerModel): unknown => ({
        client: x.client, route: x.route,
        proxy: x.proxy === null ? null : [x.proxy.http_proxy.value, x.proxy.https_proxy.value, x.proxy.bypass_proxy.value],
        env: x.route === 'environment' ? [e.httpProxy?.value, e.httpsProxy?.value, e.noProxy?.value, e.cgi !== null] : null,
        verify: [x.verify.on, x.verify.key], certificate: x.certificate, ca: x.ca,
        certFiles: x.certificate === null && x.ca === 'system' ? null : [m.cert_id, m.cert_file, m.key_file, m.ca_file, m.ca_cert_ids],
        timeout: [x.timeoutSeconds, x.timeoutFrom],
        // A fallback counts where a request can reach it once the client is built: a failed fetch
        // retried, or certificates (loaded only with mtls.enabled) that fail to load.
        fallback: x.client !== 'external-services' || x.fallback === null ? null
          : [x.fallbackWhen.includes('fetch-failed'), m.enabled ? x.onCertLoadError : null,
            x.fallbackWhen.includes('fetch-failed') || (m.enabled && x.onCertLoadError === 'fallback') ? [x.fallback.client, x.fallback.route, x.fallback.verify.on] : null],
        storageTls: x.client === 'none' ? r.storageMtls.inForce : null,
      });
      out.set(`${c.service} ${c.id}`, JSON.stringify(facts(c)));
    }
  }
  return out;
}

/** Per caller, straight from the model: does it verify (null: no TLS of its own), present a certificate, trust a CA of its own, and does a reachable fallback verify. */
type TlsFacts = { verify: boolean | null; cert: boolean; ca: boolean; fallbackVerify: boolean | null; minTls: number | null };

function tlsFacts(eff: EffectiveConfig, version: string): Map<string, TlsFacts> {
  const r = readingOf(eff, version);
  const out = new Map<string, TlsFacts>();
  for (const s of r.services) {
    for (const c of s.callers) {
      const reach = c.client === 'external-services' && c.fallback !== null
        && (c.fallbackWhen.includes('fetch-failed') || (eff.config[c.service].mtls.enabled && c.onCertLoadError === 'fallback'));
      const tls = !(c.client === 'none' && r.storageMtls.tls === 'none');
      out.set(`${c.service} ${c.id}`, {
        verify: tls ? c.verify.on : null,
        cert: c.certificate !== null, ca: c.ca !== 'system',
        fallbackVerify: reach && c.fallback !== null ? c.fallback.verify.on : null,
        // Go's client default minimum is TLS 1.2.
        minTls: tls ? Number(c.tlsVersions.min ?? '1.2') : null,
      });
    }
  }
  return out;
}

test('property: whenever migrate reports no unexpected difference, the gateway model of old and new agrees except on the intended differences it lists', () => {
  let withDifferences = 0;
  fc.assert(
    fc.property(genConfig, (g) => {
      const text = renderGen(g);
      const envText = g.envFile.map((l) => `${l}\n`).join('');
      const baseEnv = envOf([...g.processEnv, ...(g.processJwt === undefined ? [] : [g.processJwt])].join('\n'));
      const outcome = planMigration({ config: { path: 'tyk.conf', text, bytes: enc.encode(text) }, envFiles: [{ path: 'tyk.env', text: envText }], baseEnv, keepLegacy: false, fixSyntax: g.fixSyntax, tykVersion: g.version });
      assert.equal(outcome.proof.version, g.version);
      // The model run directly, outside the proof.
      const envBefore = new Map([...baseEnv, ...envOf(envText)]);
      const envAfter = new Map([...baseEnv, ...envOf(outcome.files[1].after)]);
      // A file the gateway discards before and after alike is compared as written.
      const reading = outcome.proof.reading === 'gateway' ? 'gateway' : 'intended';
      const effOld = buildEffective(loadConfig('tyk.conf', enc.encode(text)), envBefore, reading, g.version);
      const effNew = buildEffective(loadConfig('tyk.conf', enc.encode(outcome.files[0].after)), envAfter, reading, g.version);
      const oldView = outboundViews(effOld, envBefore, g.version);
      const newView = outboundViews(effNew, envAfter, g.version);
      assert.equal(oldView.some((v) => v.caller === 'token-exchange'), g.version >= '5.14', g.version);
      const discardedBefore = loadConfig('tyk.conf', enc.encode(text)).rejectReason !== null;
      const discardedAfter = loadConfig('tyk.conf', enc.encode(outcome.files[0].after)).rejectReason !== null;
      assert.equal(outcome.proof.reading === 'as-written', discardedBefore && discardedAfter);
      // Fixed only when asked.
      if (discardedBefore) assert.equal(discardedAfter, !g.fixSyntax, text);
      const actual: string[] = [];
      oldView.forEach((b, i) => {
        for (const f of FIELDS) if (fieldValue(b, f) !== fieldValue(newView[i], f)) actual.push(`${rowName(b)} ${f}: ${fieldValue(b, f)} → ${fieldValue(newView[i], f)}`);
      });
      // The view hides nothing the model decides: a caller whose model differs in any fact has a difference listed.
      const oldModel = modelFacts(effOld, envBefore, g.version);
      const newModel = modelFacts(effNew, envAfter, g.version);
      const modelChanged = [...oldModel.keys()].filter((k) => oldModel.get(k) !== newModel.get(k));
      assert.deepEqual([...new Set(actual.map((a) => a.split(' ').slice(0, 2).join(' ')))], modelChanged, text);
      const changed = outcome.files.some((f) => f.after !== f.before);
      if (!changed) {
        assert.deepEqual(actual, [], text);
        return;
      }
      const listed = outcome.proof.differences.map((d) => `${rowName(d)} ${d.field}: ${d.before} → ${d.after}`);
      assert.deepEqual(listed, actual, text);
      if (actual.length > 0) withDifferences++;
      // The planner avoids a plan the proof would refuse: every difference it makes is intended.
      assert.deepEqual(outcome.proof.differences.filter((d) => d.label === 'unexpected').map((d) => `${rowName(d)} ${d.field}`), [], text);
      // "No unexpected difference": then old and new agree everywhere but on the intended ones.
      if (!outcome.proof.differences.some((d) => d.label === 'unexpected')) {
        const intended = outcome.proof.differences.filter((d) => d.label === 'intended' && d.setting !== null);
        assert.deepEqual(intended.map((d) => `${rowName(d)} ${d.field}: ${d.before} → ${d.after}`), actual, text);
      }
      // TLS is never weakened without consent, judged on the model itself (not outbound.ts's strings):
      // verification off where it was on or absent, a client certificate or a CA gone, or a
      // reachable fallback that skips verification where there was none that did.
      const oldTls = tlsFacts(effOld, g.version);
      const newTls = tlsFacts(effNew, g.version);
      for (const [k, b] of oldTls) {
        const a = newTls.get(k)!;
        const weakened = (b.verify !== false && a.verify === false) || (b.cert && !a.cert) || (b.ca && !a.ca)
          // A new unverified fallback weakens nothing when every request went unverified before.
          || (b.fallbackVerify !== false && a.fallbackVerify === false && b.verify !== false)
          || (b.minTls !== null && a.minTls !== null && a.minTls < b.minTls);
        if (weakened) assert.ok(outcome.needsConsent.some((d) => rowName(d) === k && d.weakensTls), `${k}: ${JSON.stringify([b, a])}\n${text}`);
      }
      // lint's plan, made on the properties the planner reads, decides alike.
      assert.deepEqual(planForLint(loadConfig('tyk.conf', enc.encode(text)), baseEnv, g.version)?.items, migrateConfigText(text.replace(/^\ufeff/, ''), { env: baseEnv, version: g.version }).items, text);
      // A second run changes nothing.
      const again = planMigration({ config: { path: 'tyk.conf', text: outcome.files[0].after, bytes: enc.encode(outcome.files[0].after) }, envFiles: [{ path: 'tyk.env', text: outcome.files[1].after }], baseEnv, keepLegacy: false, fixSyntax: g.fixSyntax, tykVersion: g.version });
      assert.deepEqual(again.files.map((f) => f.after), outcome.files.map((f) => f.after));
    }),
    { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20261201), ...(process.env.FC_VERBOSE === "1" ? { verbose: 2 } : {}) },
  );
  // The generator reaches migrations that change behaviour, not only no-ops.
  assert.ok(withDifferences > 50, `only ${withDifferences} runs with differences`);
});

test('--fix-syntax removes only what the gateway rejects, quoting each comment with passwords masked', () => {
  const text = '\ufeff{\r\n  /* proxy was\r\n     http://u:hunter2@old:3128 */\r\n  "url": "http://a//b", // trailing\r\n  "list": [1, 2,],\r\n}\r\n';
  const l = loadConfig('tyk.conf', enc.encode(text));
  const r = fixSyntax(text, l);
  assert.equal(r.text, '{\r\n  "url": "http://a//b",\r\n  "list": [1, 2]\r\n}\r\n');
  assert.equal(loadConfig('tyk.conf', enc.encode(r.text)).rejectReason, null);
  assert.deepEqual(r.items.map((i) => i.kind), ['fixed', 'fixed', 'fixed', 'fixed', 'fixed']);
  assert.ok(r.items.every((i) => !i.message.includes('hunter2')));
  assert.match(r.items[1].message, /removed the comment at 2:3/);
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
