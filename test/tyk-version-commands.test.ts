/**
 * The gateway version in the one model, and --tyk-version for explain, egress and kuma: which
 * callers each release has, that nothing of external_services counts before 5.10.0 (file or
 * environment), and each command's option (the note lint prints, a usage error that lists the
 * known versions, tykVersion from .extsvcrc.json). The checked-in outputs for 4.0, 5.9 and 5.13
 * are fixtures/explain-tyk-4.0, explain-tyk-5.9 and explain-token-exchange-5.13 (explain.test.ts,
 * egress.test.ts, fixtures.test.ts).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { run } from './support/run.js';
import { loadConfig } from '../src/config/load.js';
import { TYK_VERSIONS, type TykVersion } from '../src/config/versions.js';
import { parseEnvFile } from '../src/env/envfile.js';
import { envFromRecord, type EnvEntry } from '../src/env/input.js';
import { zeroExternalServices } from '../src/gateway/model.js';
import { CALLERS, callersOf, type CallerId } from '../src/gateway/callers.js';
import { buildEffective } from '../src/resolve/resolve.js';
import { gatewayModel, serviceModel } from '../src/resolve/model.js';
import { explainAll } from '../src/explain/explain.js';
import { inventoryFrom } from '../src/egress/command.js';
import { lintFile } from '../src/lint.js';
import { fileSchema } from '../src/config/schema.js';
import { explain as apiExplain } from '../src/index.js';
import { SERVICES } from '../src/types.js';
import { messageFor } from '../src/messages.js';

const ids = (service: (typeof SERVICES)[number], v: string): CallerId[] => callersOf(service, v).map((c) => c.id);

function fixture(name: string): { conf: Buffer; env: Map<string, EnvEntry> } {
  const env = new Map<string, EnvEntry>();
  for (const e of parseEnvFile('tyk.env', readFileSync(join(FIXTURES, name, 'tyk.env'), 'utf8')).entries) env.set(e.name, e);
  return { conf: readFileSync(join(FIXTURES, name, 'tyk.conf')), env };
}

describe('callers by gateway version (src/gateway/callers.ts)', () => {
  it('each caller from the release that has it: external OAuth 4.3.0, upstream OAuth 5.7.0, the rate limiter 5.3.0, token exchange and the client-IdP JWKS fetch 5.14.0', () => {
    assert.deepEqual(ids('oauth', '4.0.16'), ['jwt-jwk']);
    assert.deepEqual(ids('oauth', '5.0.15'), ['jwt-jwk', 'external-oauth-jwk', 'introspection']);
    assert.deepEqual(ids('oauth', '5.9.2'), ['jwt-jwk', 'external-oauth-jwk', 'introspection', 'upstream-oauth']);
    assert.deepEqual(ids('oauth', '5.13.1'), ['jwt-jwk', 'external-oauth-jwk', 'introspection', 'upstream-oauth']);
    assert.deepEqual(ids('oauth', '5.14.0'), ['jwt-jwk', 'client-idp-jwk', 'external-oauth-jwk', 'introspection', 'upstream-oauth', 'token-exchange']);
    assert.deepEqual(ids('storage', '5.2.6'), []);
    assert.deepEqual(ids('storage', '5.3.13'), ['redis']);
    for (const v of TYK_VERSIONS) for (const s of ['webhooks', 'health', 'discovery'] as const) assert.equal(callersOf(s, v).length, 1, `${s} ${v}`);
  });

  it('every caller that asks the factory does so from 5.10.0; token exchange and Redis never', () => {
    assert.deepEqual(CALLERS.map((c) => [c.id, c.factorySince]), [
      ['jwt-jwk', '5.10.0'], ['client-idp-jwk', '5.10.0'], ['external-oauth-jwk', '5.10.0'], ['introspection', '5.10.0'], ['upstream-oauth', '5.10.0'], ['token-exchange', null],
      ['webhooks', '5.10.0'], ['host-checker', '5.10.0'], ['service-discovery', '5.10.0'], ['redis', null],
    ]);
  });

  it('before 5.10.0 each caller is on its own client (the fallback from 5.10.0 on), with nothing to fall back from', () => {
    const l = loadConfig('tyk.conf', new TextEncoder().encode(JSON.stringify({ jwt_ssl_insecure_skip_verify: true, proxy_ssl_insecure_skip_verify: true })));
    for (const v of ['4.0.16', '5.9.2'] as const) {
      const m = gatewayModel(l, new Map(), v);
      for (const s of m.gateway.services) {
        // No factory before 5.10.0: no service has createClient's answer.
        assert.equal(s.factory, null, `${s.service} ${v}`);
        for (const c of s.callers) {
          const spec = CALLERS.find((x) => x.id === c.id)!;
          assert.deepEqual([c.client, c.route, c.timeoutSeconds], [spec.fallback.client, spec.fallback.route, spec.fallback.timeoutSeconds], `${c.id} ${v}`);
          assert.equal(c.because, spec.gate === 'never' ? 'always' : 'before-factory', `${c.id} ${v}`);
          assert.equal(c.fallback, null);
          assert.deepEqual(c.fallbackWhen, []);
        }
      }
      const oauth = serviceModel(m.gateway, 'oauth').callers.find((c) => c.id === 'jwt-jwk')!;
      assert.deepEqual([oauth.route, oauth.verify.on, oauth.verify.key], ['direct', false, 'jwt_ssl_insecure_skip_verify']);
      const health = serviceModel(m.gateway, 'health').callers[0];
      assert.deepEqual([health.route, health.verify.on, health.verify.key, health.timeoutSeconds], ['direct', false, 'proxy_ssl_insecure_skip_verify', 0.5]);
    }
  });
});

describe('before 5.10.0 the block does not count (src/resolve/resolve.ts buildEffective)', () => {
  const conf = {
    jwt_ssl_insecure_skip_verify: true,
    external_services: { global: { enabled: true, http_proxy: 'http://proxy.corp.example:3128' }, oauth: { mtls: { enabled: true, insecure_skip_verify: true } } },
  };
  const l = loadConfig('tyk.conf', new TextEncoder().encode(JSON.stringify(conf)));
  const env = envFromRecord({ TYK_GW_EXTERNALSERVICES_WEBHOOKS_PROXY_HTTPPROXY: 'http://hooks:3128', TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'not-a-bool' });

  it('neither the file\'s block nor TYK_GW_EXTERNALSERVICES_* in 5.9 (either reading); both in 5.10', () => {
    for (const mode of ['gateway', 'intended'] as const) {
      const old = buildEffective(l, env, mode, '5.9.2');
      assert.deepEqual(old.config, zeroExternalServices(), mode);
      assert.ok([...old.sources.values()].every((s) => s.kind === 'default'), mode);
      assert.deepEqual([old.overlay.applied.length, old.overlay.bad.length], [0, 0], mode);
      // The legacy keys are the version's own settings: still read.
      assert.equal(old.legacy.jwtSslInsecureSkipVerify.value, true);
      const now = buildEffective(l, env, mode, '5.10.0');
      assert.equal(now.config.global.http_proxy, 'http://proxy.corp.example:3128');
      assert.equal(now.config.webhooks.proxy.http_proxy, 'http://hooks:3128');
      assert.equal(now.overlay.bad.length, 1);
    }
  });

  it('lint: rules about the block\'s values stay quiet for 5.9; the legacy keys are reported as the version\'s own', () => {
    const text = JSON.stringify({
      http_proxy: 'http://legacy:3128', jwt_ssl_insecure_skip_verify: true,
      external_services: {
        proxy: { use_environment: true },
        global: { enabled: true, http_proxy: 'proxy.corp:3128', bypass_proxy: '*.x' },
        oauth: { mtls: { enabled: true, cert_file: '/c.crt', insecure_skip_verify: true, tls_min_version: '1.3' } },
        webhooks: { proxy: { enabled: false, http_proxy: 'http://h:1' } },
      },
    }, null, 1);
    const codes = (v: TykVersion): string[] => lintFile({ file: 'tyk.conf', bytes: new TextEncoder().encode(text) }, new Map(), { fileSchema: fileSchema(v) }).diagnostics.map((d) => d.code);
    const recent = codes('5.10.0');
    for (const c of ['PROXY_URL_NO_SCHEME', 'BYPASS_NEVER_MATCHES', 'MTLS_PARTIAL_KEYPAIR', 'TLS_VERSION_IGNORED', 'PROXY_DISABLED_BUT_USED', 'LEGACY_INTERIM_SHAPE', 'LEGACY_CONFLICT']) assert.ok(recent.includes(c), c);
    assert.deepEqual(codes('5.9.2'), ['LEGACY_PROXY_KEY', 'INSECURE_SKIP_VERIFY', 'UNKNOWN_KEY']);
    const msgs = lintFile({ file: 'tyk.conf', bytes: new TextEncoder().encode(text) }, new Map(), { fileSchema: fileSchema('5.9.2') }).diagnostics.map(messageFor);
    // One finding for jwt_ssl_insecure_skip_verify: the caller's own setting in 5.9, with the advice for after the upgrade.
    assert.match(msgs[1], /^oauth: server certificates are not verified, via jwt_ssl_insecure_skip_verify: Tyk 5\.9\.2 has no external-services client, and the callers' own clients read this key\. .*once the gateway is on 5\.10 or later/);
    assert.ok(msgs.every((m) => !m.includes('Run "extsvc migrate"')), 'no advice to migrate now: the version has no block');
  });
});

describe('explain and egress by version: a file whose block sets a proxy', () => {
  const { conf, env } = fixture('explain-tyk-5.9');
  const loaded = loadConfig('tyk.conf', conf);
  const byService = (v: TykVersion) => Object.fromEntries(explainAll(loaded, env, ['https://idp.example.com/jwks'], { configPath: 'tyk.conf', tykVersion: v }).map((e) => [e.service, e]));

  it('explain 5.9 (and 4.0) shows the legacy routes and says once that there is no external_services; 5.14 the block\'s proxy', () => {
    for (const v of ['5.9.2', '4.0.16'] as const) {
      const old = byService(v);
      assert.equal(old.oauth.gateway_note, `Tyk ${v} has no external_services (read from 5.10.0 on): every caller uses its own client, as shown below`);
      assert.deepEqual(SERVICES.map((s) => old[s].client.kind), ['legacy', 'none', 'legacy', 'legacy', 'legacy']);
      assert.equal(old.webhooks.proxy.mode, 'environment');
      assert.equal(old.oauth.requests[0].proxy, null);
      assert.ok(old.oauth.callers.every((c) => c.fallback === null));
      assert.ok(SERVICES.every((s) => old[s].no_effect.every((n) => !n.setting.startsWith('external_services') && !n.setting.startsWith('TYK_GW_'))));
    }
    assert.deepEqual(byService('4.0.16').oauth.callers.map((c) => c.id), ['jwt-jwk']);
    const now = byService('5.14.0');
    assert.equal(now.oauth.gateway_note, null);
    assert.equal(now.webhooks.proxy.mode, 'custom');
    assert.equal(now.webhooks.proxy.https_proxy?.value, 'http://hooks-proxy.corp.example:3128');
    assert.equal(now.oauth.requests[0].proxy, 'http://proxy.corp.example:3128');
  });

  it('egress 5.9 lists the environment proxy and direct targets; 5.14 the block\'s proxies', () => {
    const addresses = (v: TykVersion) => [...new Set(inventoryFrom(loaded, env, 'tyk.conf', [], ['webhooks=https://hooks.example.com/x'], v).inventory.rows.filter((r) => r.kind === 'proxy').map((r) => r.address))].sort();
    assert.deepEqual(addresses('5.9.2'), ['egress.corp.example:8080']);
    assert.deepEqual(addresses('5.14.0'), ['hooks-proxy.corp.example:3128', 'proxy.corp.example:3128']);
  });

  it('token exchange: in 5.14, not in 5.13 (explain, egress); naming it for 5.13 is a usage error', () => {
    const t = fixture('explain-token-exchange');
    const l = loadConfig('tyk.conf', t.conf);
    const has = (v: TykVersion) => explainAll(l, t.env, [], { tykVersion: v })[0].callers.some((c) => c.id === 'token-exchange');
    assert.deepEqual([has('5.13.1'), has('5.14.0')], [false, true]);
    const url = 'token-exchange=https://sts.corp.example/token';
    assert.ok(inventoryFrom(l, t.env, 'tyk.conf', [], [url], '5.14.0').inventory.rows.some((r) => r.caller.startsWith('token exchange')));
    assert.throws(() => inventoryFrom(l, t.env, 'tyk.conf', [], [url], '5.13.1'), /^UsageError: --url token-exchange=https:\/\/sts\.corp\.example\/token: Tyk 5\.13\.1 has no token exchange \(it exists from 5\.14\.0 on\)/);
  });

  it('the public API takes tykVersion for explain, and rejects an unknown one', () => {
    const input = { file: { file: 'tyk.conf', text: conf }, variables: Object.fromEntries([...env].map(([k, e]) => [k, e.value])) };
    assert.equal(apiExplain({ ...input, service: 'webhooks', tykVersion: '5.9' })[0].proxy.mode, 'environment');
    assert.equal(apiExplain({ ...input, service: 'webhooks' })[0].proxy.mode, 'custom');
    assert.throws(() => apiExplain({ ...input, tykVersion: '4.1' }), /tykVersion 4\.1: no recorded gateway version; expected one of 4\.0\.0, /);
  });
});

describe('CLI: --tyk-version for explain, egress, kuma generate, kuma check', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'extsvc-versions-'));
    cpSync(join(FIXTURES, 'explain-tyk-5.9', 'tyk.conf'), join(dir, 'tyk.conf'));
    cpSync(join(FIXTURES, 'explain-tyk-5.9', 'tyk.env'), join(dir, 'tyk.env'));
    writeFileSync(join(dir, 'mesh.yaml'), 'type: MeshExternalService\nname: nothing\nmesh: default\nspec:\n  match:\n    type: HostnameGenerator\n    port: 443\n    protocol: tcp\n  endpoints:\n    - address: nothing.example.com\n      port: 443\n');
  });
  const commands: [string, string[]][] = [
    ['explain', ['explain', '--env-file', 'tyk.env', '--no-process-env']],
    ['egress', ['egress', '--env-file', 'tyk.env', '--no-process-env']],
    ['kuma generate', ['kuma', 'generate', '--env-file', 'tyk.env', '--no-process-env']],
    ['kuma check', ['kuma', 'check', '--env-file', 'tyk.env', '--no-process-env', 'mesh.yaml']],
  ];

  for (const [name, args] of commands) {
    it(`${name}: the note lint prints, and an unknown version is exit 2 with one line listing the known ones`, () => {
      const r = run([...args, '--tyk-version', '5.9'], { cwd: dir });
      assert.ok(r.status === 0 || r.status === 1, `${name}: exit ${r.status}: ${r.stderr}`);
      assert.equal(r.stderr, 'extsvc: --tyk-version 5.9: checking against Tyk 5.9.2, the newest recorded release of the 5.9 line.\n');
      const bad = run([...args, '--tyk-version', '4.1'], { cwd: dir });
      assert.equal(bad.status, 2);
      assert.equal(bad.stdout, '');
      assert.match(bad.stderr, /^extsvc: --tyk-version 4\.1: no recorded gateway version; expected one of 4\.0\.0, 4\.0\.16, 5\.0\.15, .*, latest or master\n$/);
    });
  }

  it('explain, egress and kuma generate: 5.9 goes through the environment proxy; the default (5.14.0) through the block\'s', () => {
    const explainOld = run([...commands[0][1], '--tyk-version', '5.9.2'], { cwd: dir });
    assert.match(explainOld.stdout, /^Tyk 5\.9\.2 has no external_services \(read from 5\.10\.0 on\): every caller uses its own client, as shown below$/m);
    assert.match(explainOld.stdout, /^webhooks +legacy +environment /m);
    assert.equal(explainOld.stderr, '');
    assert.match(run(commands[0][1], { cwd: dir }).stdout, /^webhooks +external_services +custom /m);
    const egressOld = run([...commands[1][1], '--tyk-version', '5.9.2'], { cwd: dir }).stdout;
    const egressNew = run(commands[1][1], { cwd: dir }).stdout;
    assert.match(egressOld, /webhook delivery, legacy client/);
    assert.doesNotMatch(egressOld, /proxy\.corp\.example:3128/);
    assert.match(egressNew, /proxy\.corp\.example:3128/);
    const kumaOld = run([...commands[2][1], '--tyk-version', '5.9.2'], { cwd: dir }).stdout;
    const kumaNew = run(commands[2][1], { cwd: dir }).stdout;
    assert.match(kumaOld, /egress\.corp\.example/);
    assert.doesNotMatch(kumaOld, /proxy\.corp\.example/);
    assert.match(kumaNew, /proxy\.corp\.example/);
  });

  it('tykVersion in .extsvcrc.json counts for explain, egress and kuma as for lint; the flag wins', () => {
    const project = mkdtempSync(join(tmpdir(), 'extsvc-versions-rc-'));
    for (const f of ['tyk.conf', 'tyk.env', 'mesh.yaml']) cpSync(join(dir, f), join(project, f));
    writeFileSync(join(project, '.extsvcrc.json'), JSON.stringify({ tykVersion: '5.9' }));
    for (const [name, args] of commands) {
      const r = run(args, { cwd: project });
      assert.ok(r.status === 0 || r.status === 1, `${name}: exit ${r.status}: ${r.stderr}`);
      // As lint says it: the rc file by its path.
      assert.equal(r.stderr, `extsvc: ${join(project, '.extsvcrc.json')}: tykVersion 5.9: checking against Tyk 5.9.2, the newest recorded release of the 5.9 line.\n`, name);
    }
    assert.match(run(commands[0][1], { cwd: project }).stdout, /^webhooks +legacy +environment /m);
    assert.match(run([...commands[0][1], '--tyk-version', '5.14.0'], { cwd: project }).stdout, /^webhooks +external_services +custom /m);
    writeFileSync(join(project, '.extsvcrc.json'), JSON.stringify({ tykVersion: '3.2' }));
    const bad = run(commands[1][1], { cwd: project });
    assert.equal(bad.status, 2);
    assert.ok(bad.stderr.startsWith(`extsvc: ${join(project, '.extsvcrc.json')}: tykVersion 3.2: no recorded gateway version; expected one of 4.0.0, `), bad.stderr);
  });
});

describe('the rate limiter\'s Redis TLS by version (internal/rate/storage.go)', () => {
  const conf = JSON.stringify({ storage: { type: 'redis', use_ssl: true, ssl_insecure_skip_verify: false, ca_file: '/redis-ca.pem', cert_file: '/r.pem', key_file: '/r.key', tls_min_version: '1.3' } });
  const redis = (v: TykVersion, env: Map<string, EnvEntry> = new Map()) => {
    const m = gatewayModel(loadConfig('tyk.conf', new TextEncoder().encode(conf), fileSchema(v)), env, v);
    return serviceModel(m.gateway, 'storage').callers.find((c) => c.id === 'redis');
  };
  it('5.3 to 5.9: only ssl_insecure_skip_verify counts (NewStorage sets InsecureSkipVerify and nothing else)', () => {
    for (const v of ['5.3.13', '5.9.2'] as const) {
      const c = redis(v)!;
      assert.deepEqual([c.verify.on, c.verify.key, c.certificate, c.ca, c.tlsVersions], [true, 'storage.ssl_insecure_skip_verify', null, 'system', { min: null, max: null }], v);
    }
    assert.equal(redis('5.2.6'), undefined, 'no rate limiter Redis client before 5.3.0');
  });
  it('5.10 on: storage\'s own ca_file, cert_file, key_file and TLS versions (createTLSConfig), until storage.mtls is in force', () => {
    const c = redis('5.14.0')!;
    assert.deepEqual([c.verify.on, c.verify.key, c.certificate, c.ca, c.tlsVersions], [true, 'storage.ssl_insecure_skip_verify', 'files', 'file', { min: '1.3', max: null }]);
    const mtls = redis('5.14.0', envFromRecord({ TYK_GW_EXTERNALSERVICES_STORAGE_MTLS_ENABLED: 'true', TYK_GW_EXTERNALSERVICES_STORAGE_MTLS_INSECURESKIPVERIFY: 'true' }))!;
    assert.deepEqual([mtls.verify.on, mtls.verify.key, mtls.certificate, mtls.ca, mtls.tlsVersions], [false, 'external_services.storage.mtls.insecure_skip_verify', null, 'system', { min: null, max: null }]);
  });
});

describe('every command reads the file with the target version\'s keys and types', () => {
  // 5.9 has no external_services: a wrong type inside it is an unknown key there, not a discarded file.
  const conf = '{"external_services":{"global":{"enabled":"true"}}}\n';
  it('lint, explain, egress and the explain API agree that 5.9 reads the file', () => {
    const d = mkdtempSync(join(tmpdir(), 'extsvc-schema-'));
    writeFileSync(join(d, 'tyk.conf'), conf);
    const lint = run(['lint', '--no-process-env', '--tyk-version', '5.9', '-f', 'json', 'tyk.conf'], { cwd: d });
    assert.deepEqual((JSON.parse(lint.stdout) as { files: { diagnostics: { code: string }[] }[] }).files[0].diagnostics.map((x) => x.code), ['UNKNOWN_KEY']);
    const explain = run(['explain', '--no-process-env', '--tyk-version', '5.9', '-c', 'tyk.conf'], { cwd: d });
    assert.match(explain.stdout, /^tyk\.conf: read by the gateway/m, explain.stdout);
    const egress = run(['egress', '--no-process-env', '--tyk-version', '5.9', '-c', 'tyk.conf'], { cwd: d });
    assert.doesNotMatch(egress.stdout, /does not use/, egress.stdout);
    assert.equal(apiExplain({ file: { file: 'tyk.conf', text: conf }, tykVersion: '5.9' })[0].file.used, true);
    // 5.14 reads the block, and the wrong type discards the whole file.
    assert.match(run(['explain', '--no-process-env', '-c', 'tyk.conf'], { cwd: d }).stdout, /DISCARDED/);
  });
});

describe('before 5.3 a file Go cannot decode stops the gateway: the model says so, and explain with lint', () => {
  const conf = new TextEncoder().encode('{"listen_port": 8080,}\n');
  it('a fatal error of its own kind before 5.3.0, none from 5.3.0 on (the file is discarded, the gateway runs on defaults)', () => {
    const old = gatewayModel(loadConfig('tyk.conf', conf, fileSchema('5.2.6')), new Map(), '5.2.6');
    assert.deepEqual(old.fatal.map((f) => f.kind === 'decode' ? [f.kind, f.code] : [f.kind]), [['decode', 'JSON_TRAILING_COMMA']]);
    assert.deepEqual(gatewayModel(loadConfig('tyk.conf', conf, fileSchema('5.3.13')), new Map(), '5.3.13').fatal, []);
    const [e] = apiExplain({ file: { file: 'tyk.conf', text: conf }, tykVersion: '5.2', service: 'oauth' });
    assert.equal(e.fatal?.code, 'JSON_TRAILING_COMMA');
    assert.match(e.fatal?.error ?? '', /exits at start: Error initialising system: couldn't unmarshal config: invalid character/);
    assert.match(e.file.reason, /Tyk 5\.2\.6 exits at start instead/);
    assert.doesNotMatch(apiExplain({ file: { file: 'tyk.conf', text: conf }, service: 'oauth' })[0].file.reason, /exits at start/);
  });
});

describe('explain\'s storage TLS section reads the model\'s Redis caller', () => {
  const text = JSON.stringify({ storage: { type: 'redis', use_ssl: true, ca_file: '/r-ca.pem', cert_file: '/r.pem', key_file: '/r.key', tls_min_version: '1.3' } });
  it('from 5.10 storage\'s own files and TLS versions, with their sources; 5.3 to 5.9 none of them', () => {
    const [e] = apiExplain({ file: { file: 'tyk.conf', text }, service: 'storage' });
    assert.deepEqual([e.mtls.client_certificate, e.mtls.ca, e.mtls.ca_file?.value, e.mtls.tls_min_version?.value], ['files', 'file', '/r-ca.pem', '1.3']);
    assert.equal(e.mtls.ca_file?.source.kind, 'legacy');
    const [old] = apiExplain({ file: { file: 'tyk.conf', text }, service: 'storage', tykVersion: '5.9' });
    assert.deepEqual([old.mtls.client_certificate, old.mtls.ca, old.mtls.ca_file, old.mtls.tls_min_version?.value], [null, 'system', null, '1.2']);
  });
});
