/**
 * src/config/versions.ts (which recorded version a version string picks, what changes by
 * version) and src/config/history.ts (which versions read a key or variable, in words).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_TYK_VERSION, MASTER_TYK_VERSION, TYK_VERSIONS, compareVersions, decodeErrorStopsGateway, oauthResolvesKv, readsExternalServices,
  resolveTykVersion, tykVersionNote, unknownTykVersionMessage,
} from '../src/config/versions.js';
import { describeReadBy, envReadBy, keyReadBy, keyTypeIn } from '../src/config/history.js';

test('the recorded versions are in release order, master last; the default is the newest release', () => {
  const sorted = [...TYK_VERSIONS].sort(compareVersions);
  assert.deepEqual(sorted, [...TYK_VERSIONS]);
  assert.equal(TYK_VERSIONS.at(-1), MASTER_TYK_VERSION);
  assert.equal(DEFAULT_TYK_VERSION, '5.14.0');
  assert.ok(!DEFAULT_TYK_VERSION.includes('-'), 'never a prerelease');
  assert.ok(compareVersions('5.15.0-alpha14', '5.15.0') < 0);
  assert.ok(compareVersions('5.15.0-alpha14', '5.15.0-rc1') < 0);
  assert.ok(compareVersions('5.10.0', '5.9.2') > 0);
});

test('a version string resolves to the line\'s newest recorded release, and says so', () => {
  assert.equal(resolveTykVersion('5.3.4'), '5.3.13');
  assert.equal(resolveTykVersion('v5.3.0'), '5.3.13');
  assert.equal(resolveTykVersion('5.3'), '5.3.13');
  assert.equal(resolveTykVersion('5.10.0'), '5.10.0');
  assert.equal(resolveTykVersion('5.10.1'), '5.10.2');
  assert.equal(resolveTykVersion('5.10'), '5.10.2');
  assert.equal(resolveTykVersion('4.0'), '4.0.16');
  assert.equal(resolveTykVersion('4.0.0'), '4.0.0');
  assert.equal(resolveTykVersion('latest'), DEFAULT_TYK_VERSION);
  assert.equal(resolveTykVersion('master'), MASTER_TYK_VERSION);
  assert.equal(resolveTykVersion('5.15.0-alpha14'), MASTER_TYK_VERSION);
  for (const bad of ['4.1', '4.1.0', '5.15', '5.15.0', '5.14.0-rc1', '6.0.0', '5', 'x', '']) assert.equal(resolveTykVersion(bad), undefined, bad);
  assert.equal(tykVersionNote('5.3.4', '5.3.13'), '--tyk-version 5.3.4: checking against Tyk 5.3.13, the newest recorded release of the 5.3 line.');
  assert.equal(tykVersionNote('5.3.13', '5.3.13'), undefined);
  assert.equal(tykVersionNote('master', MASTER_TYK_VERSION, 'tykVersion'), 'tykVersion master: checking against Tyk 5.15.0-alpha14, the tip of master.');
  assert.equal(tykVersionNote('v5.3.13', '5.3.13'), undefined);
  const msg = unknownTykVersionMessage('4.1');
  assert.ok(!msg.includes('\n'));
  for (const v of TYK_VERSIONS) assert.ok(msg.includes(v), v);
});

test('behaviour by version: a file the gateway cannot decode stops it before 5.3.0', () => {
  assert.deepEqual(TYK_VERSIONS.filter(decodeErrorStopsGateway), ['4.0.0', '4.0.16', '5.0.15', '5.1.2', '5.2.6']);
});

test('behaviour by version: external_services from 5.10.0, as every recorded schema says', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { ROOT } = await import('./support/paths.js');
  for (const v of TYK_VERSIONS) {
    const s = JSON.parse(readFileSync(join(ROOT, 'schemas', `tyk-config-${v}.schema.json`), 'utf8')) as { properties: Record<string, unknown> };
    assert.equal(readsExternalServices(v), Object.hasOwn(s.properties, 'external_services'), v);
  }
});

test('behaviour by version: KV schemes oauth resolves in its mTLS file settings', () => {
  const schemes = ['secrets', 'env', 'consul', 'vault', 'file', 'kv'] as const;
  const at = (v: (typeof TYK_VERSIONS)[number]): string[] => schemes.filter((s) => oauthResolvesKv(v, s));
  assert.deepEqual(at('5.12.1'), []);
  assert.deepEqual(at('5.13.1'), ['secrets', 'env', 'consul', 'vault']);
  assert.deepEqual(at('5.14.0'), ['secrets', 'env', 'consul', 'vault', 'file']);
  assert.deepEqual(at(MASTER_TYK_VERSION), [...schemes]);
});

test('history: which versions read a key or a variable', () => {
  assert.deepEqual(keyReadBy(['external_services']), TYK_VERSIONS.filter((v) => compareVersions(v, '5.10.0') >= 0));
  assert.deepEqual(keyReadBy(['http_server_options', 'use_ssl_le']), ['4.0.0', '4.0.16']);
  assert.deepEqual(keyReadBy(['HTTP_Server_Options', 'Use_SSL_LE']), ['4.0.0', '4.0.16'], 'Go binds keys case-insensitively');
  assert.deepEqual(keyReadBy(['http_server_options', 'certificates', 0, 'domain_name']), [...TYK_VERSIONS]);
  assert.deepEqual(keyReadBy(['storage', 'hosts', 'any-host']), [...TYK_VERSIONS], 'map entries');
  assert.deepEqual(keyReadBy(['dns_cache', 'check_interval']), [], 'json:"-" in every version');
  assert.deepEqual(keyReadBy(['no_such_key']), []);
  assert.deepEqual(envReadBy('TYK_GW_HTTPSERVEROPTIONS_USELE_SSL'), ['4.0.0', '4.0.16']);
  assert.deepEqual(envReadBy('tyk_gw_listenport'), [], 'names are case-sensitive');
  assert.equal(envReadBy('TYK_GW_LISTENPORT').length, TYK_VERSIONS.length);
  assert.deepEqual(envReadBy('TYK_GW_OMITCONFIGFILE')[0], '4.0.16', 'not read by 4.0.0 (added in 4.0.1)');
});

test('history in words', () => {
  assert.equal(describeReadBy(keyReadBy(['external_services'])), 'read from 5.10.0 on');
  assert.equal(describeReadBy(['4.0.0', '4.0.16']), 'read up to 4.0, removed in 5.0');
  assert.equal(describeReadBy(['5.12.1', '5.13.1', '5.14.0', MASTER_TYK_VERSION]), 'read from 5.12 on');
  assert.equal(describeReadBy(['5.10.2', '5.11.1', '5.12.1', '5.13.1', '5.14.0', MASTER_TYK_VERSION]), 'read from a 5.10 patch after 5.10.0 on', 'not in 5.10.0');
  assert.equal(describeReadBy(['5.8.15', '5.10.2', '5.11.1', '5.12.1', '5.13.1', '5.14.0', MASTER_TYK_VERSION]), 'read in 5.8, removed in 5.9; read from a 5.10 patch after 5.10.0 on');
  assert.equal(describeReadBy([MASTER_TYK_VERSION]), 'read only by 5.15.0-alpha14');
  assert.equal(describeReadBy(['5.13.1', '5.14.0']), 'read in 5.13 to 5.14, not in 5.15.0-alpha14');
  assert.equal(describeReadBy([...TYK_VERSIONS]), 'read by every recorded version');
  assert.equal(describeReadBy(envReadBy('TYK_GW_OMITCONFIGFILE')), 'read from a 4.0 patch after 4.0.0 on');
  assert.equal(describeReadBy(['4.0.0']), 'read up to 4.0.0, removed in a 4.0 patch after 4.0.0');
});

test('history: types kept where versions differ', () => {
  // Every key whose JSON type is the same wherever it is read has no per-version type.
  assert.equal(keyTypeIn(['listen_port'], '5.14.0'), undefined);
});

test('CLI: --tyk-version resolves, says which facts it used on stderr, and rejects an unknown one in one line', async () => {
  const { run } = await import('./support/run.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'extsvc-versions-'));
  const conf = join(dir, 'tyk.conf');
  // 5.13 ignores storage.iam_auth (a master key): UNKNOWN_KEY (info), not TYPE_MISMATCH.
  writeFileSync(conf, '{"listen_port": 8080, "storage": {"iam_auth": 5}, "external_services": {"oauth": {}}}\n');
  const r13 = run(['lint', '--no-process-env', '--tyk-version', '5.13.0', '-f', 'json', conf]);
  assert.equal(r13.status, 0);
  assert.equal(r13.stderr, 'extsvc: --tyk-version 5.13.0: checking against Tyk 5.13.1, the newest recorded release of the 5.13 line.\n');
  const codes13 = (JSON.parse(r13.stdout) as { files: { diagnostics: { code: string; message: string }[] }[] }).files[0].diagnostics;
  assert.deepEqual(codes13.map((d) => d.code), ['UNKNOWN_KEY']);
  assert.match(codes13[0].message, /read only by 5\.15\.0-alpha14/);
  // The default is the newest release, 5.14.0, quietly.
  const rDefault = run(['lint', '--no-process-env', conf]);
  assert.equal(rDefault.stderr, '');
  assert.equal(rDefault.status, 0);
  // Before 5.10.0 the block is unknown; before 5.3.0 a type error stops the gateway.
  writeFileSync(conf, '{"listen_port": "8080", "external_services": {"oauth": {}}}\n');
  const r52 = run(['lint', '--no-process-env', '--tyk-version', '5.2.6', '-f', 'json', conf]);
  assert.equal(r52.stderr, '');
  const d52 = (JSON.parse(r52.stdout) as { files: { diagnostics: { code: string; message: string }[] }[] }).files[0].diagnostics;
  assert.deepEqual(d52.map((d) => d.code), ['TYPE_MISMATCH', 'UNKNOWN_KEY']);
  assert.match(d52[0].message, /Tyk 5\.2\.6 exits at start/);
  assert.match(d52[1].message, /read from 5\.10\.0 on/);
  const bad = run(['lint', '--no-process-env', '--tyk-version', '4.1', conf]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.split('\n').length, 2, 'one line');
  assert.match(bad.stderr, /^extsvc: --tyk-version 4\.1: no recorded gateway version; expected one of 4\.0\.0, 4\.0\.16, 5\.0\.15,/);
  const badFrom = run(['lint', '--no-process-env', '--upgrade-from', 'x', conf]);
  assert.equal(badFrom.status, 2);
  assert.match(badFrom.stderr, /^extsvc: --upgrade-from x: no recorded gateway version/);
});

test('KV_REFERENCE_UNRESOLVED by version and store', async () => {
  const { lintFile } = await import('../src/lint.js');
  const { fileSchema } = await import('../src/config/schema.js');
  const { envFromRecord: env } = await import('../src/env/input.js');
  const lintAs = (version: (typeof TYK_VERSIONS)[number], conf: object, record: Record<string, string> = {}): [string, string][] =>
    lintFile({ file: 'tyk.conf', bytes: new TextEncoder().encode(JSON.stringify(conf)) }, env(record), { fileSchema: fileSchema(version) })
      .diagnostics.filter((d) => d.code === 'KV_REFERENCE_UNRESOLVED').map((d) => [String(d.args.field), String(d.args.problem)]);
  const mtls = (m: object, extra: object = {}): object => ({ ...extra, external_services: { oauth: { mtls: { enabled: true, ...m } } } });
  const sec = mtls({ cert_file: 'secrets://c', key_file: 'secrets://k' }, { secrets: { c: '/c.pem' } });
  assert.deepEqual(lintAs('5.14.0', sec), [['key_file', 'no-key']]);
  assert.deepEqual(lintAs('5.13.1', sec), [['key_file', 'no-key']]);
  assert.deepEqual(lintAs('5.12.1', sec), [], 'not resolved before 5.13: a literal path');
  assert.deepEqual(lintAs('5.14.0', mtls({ cert_file: 'secrets://c', key_file: 'secrets://k' })), [['cert_file', 'no-secrets'], ['key_file', 'no-secrets']]);
  // TYK_GW_SECRETS replaces the file's map.
  assert.deepEqual(lintAs('5.14.0', sec, { TYK_GW_SECRETS: 'k:/k.pem' }), [['cert_file', 'no-key']]);
  assert.deepEqual(lintAs('5.14.0', mtls({ cert_file: 'secrets://c', key_file: 'secrets://k', enabled: false }, { secrets: {} })), [], 'only when mtls.enabled');
  const file = (key: string, base?: string): object => mtls({ ca_file: `file://${key}` }, base === undefined ? {} : { kv: { file: { base_path: base } } });
  assert.deepEqual(lintAs('5.13.1', file('ca.pem')), [], 'file:// from 5.14');
  assert.deepEqual(lintAs('5.14.0', file('ca.pem')), [['ca_file', 'no-base-path']]);
  assert.deepEqual(lintAs('5.14.0', file('ca.pem', 'kv')), [['ca_file', 'relative-base-path']]);
  assert.deepEqual(lintAs('5.14.0', file('/etc/ca.pem', '/etc/tyk')), [['ca_file', 'absolute-key']]);
  assert.deepEqual(lintAs('5.14.0', file('../ca.pem', '/etc/tyk')), [['ca_file', 'traversal']]);
  assert.deepEqual(lintAs('5.14.0', file('', '/etc/tyk')), [['ca_file', 'empty-key']]);
  assert.deepEqual(lintAs('5.14.0', file('certs/ca.pem', '/etc/tyk')), []);
  assert.deepEqual(lintAs('5.14.0', file('certs/ca.pem'), { TYK_GW_KV_FILE_BASEPATH: '/etc/tyk' }), []);
  assert.deepEqual(lintAs('5.14.0', mtls({ cert_file: 'env://CERT', key_file: 'vault://x.y' })), [], 'env, vault: not checked');
});

test('before 5.10.0 the block\'s variables are unknown names, and none of them applies', async () => {
  const { lintFile } = await import('../src/lint.js');
  const { fileSchema } = await import('../src/config/schema.js');
  const { envFromRecord } = await import('../src/env/input.js');
  const env = envFromRecord({ TYK_GW_EXTERNALSERVICES_OAUTH_MTLS_ENABLED: 'yes', TYK_GW_EXTERNALSERVICES_GLOBAL_HTTPPROXY: 'http://proxy:3128' });
  const as = (v: (typeof TYK_VERSIONS)[number]): string[] =>
    lintFile({ file: 'tyk.conf', bytes: new TextEncoder().encode('{}') }, env, { fileSchema: fileSchema(v) }).diagnostics.map((d) => d.code);
  assert.deepEqual(as('5.9.2'), ['ENV_UNKNOWN_NAME', 'ENV_UNKNOWN_NAME']);
  assert.ok(as('5.10.0').includes('ENV_BAD_BOOL'));
});

test('4.0.0 does not read TYK_GW_OMITCONFIGFILE (4.0.1 added it): the file still counts', async () => {
  const { lintFile } = await import('../src/lint.js');
  const { fileSchema } = await import('../src/config/schema.js');
  const { envFromRecord } = await import('../src/env/input.js');
  const env = envFromRecord({ TYK_GW_OMITCONFIGFILE: 'true' });
  const as = (v: (typeof TYK_VERSIONS)[number]): string[] =>
    lintFile({ file: 'tyk.conf', bytes: new TextEncoder().encode('{"listen_port": 8080}') }, env, { fileSchema: fileSchema(v) }).diagnostics.map((d) => d.code);
  assert.deepEqual(as('4.0.0'), ['ENV_UNKNOWN_NAME']);
  assert.deepEqual(as('4.0.16'), ['ENV_OMIT_CONFIG_FILE']);
});
