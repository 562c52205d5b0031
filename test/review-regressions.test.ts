/** Defects found in review, kept fixed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/load.js';
import { explain } from '../src/explain/explain.js';
import { lintLoaded } from '../src/lint.js';
import { proxyUrlProblem } from '../src/gateway/dial.js';
import { envFromRecord } from '../src/env/input.js';
import { maskUrl, maskUrlError } from '../src/mask.js';
import { bindKey } from '../src/go/fold.js';
import { messageFor } from '../src/messages.js';

const enc = new TextEncoder();
const load = (o: unknown) => loadConfig('tyk.conf', enc.encode(JSON.stringify(o)));

test('explain marks requests through a proxy URL that parses but cannot be dialled as failing (§4)', () => {
  const l = load({ external_services: { global: { enabled: true, http_proxy: 'proxy.corp:3128', https_proxy: 'http://p:99999' } } });
  const e = explain(l, new Map(), 'oauth', ['http://t/', 'https://t/']);
  assert.match(e.requests[0].error ?? '', /no http:\/\/ scheme/);
  assert.match(e.requests[1].error ?? '', /port 99999 is out of range/);
  const ok = explain(load({ external_services: { global: { enabled: true, http_proxy: 'http://p:3128' } } }), new Map(), 'oauth', ['http://t/']);
  assert.equal(ok.requests[0].error, null);
});

test('one answer for usable proxy URLs', () => {
  assert.equal(proxyUrlProblem('http://p:3128'), null);
  assert.equal(proxyUrlProblem('socks5h://p:1080'), null);
  assert.equal(proxyUrlProblem('http://[::1]:3128'), null);
  assert.deepEqual(proxyUrlProblem('ftp://p:21'), { stage: 'scheme', scheme: 'ftp', unsupported: true });
  assert.equal(proxyUrlProblem('http://p:1:2')?.stage, 'dial');
  assert.equal(proxyUrlProblem('http://bad:port')?.stage, 'parse');
});

test('storage reads ca_file next to ca_cert_ids: no CA_FILE_IGNORED there (§6)', () => {
  const l = load({ storage: { use_ssl: true }, external_services: { storage: { mtls: { enabled: true, ca_cert_ids: ['x'], ca_file: '/ca', cert_file: '/c', key_file: '/k' } } } });
  const codes = lintLoaded(l, new Map()).diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('CA_FILE_IGNORED'));
  assert.ok(codes.includes('STORAGE_MTLS_INACTIVE'));
});

test('a value-local finding is not hidden by a type error in its section', () => {
  const l = load({ external_services: { global: { enabled: 'true', http_proxy: 'http://u:pw@p:port', bypass_proxy: '.corp' } } });
  const codes = lintLoaded(l, new Map()).diagnostics.map((d) => d.code).sort();
  assert.deepEqual(codes, ['BYPASS_NEVER_MATCHES', 'PROXY_URL_CREDENTIALS', 'PROXY_URL_INVALID', 'TYPE_MISMATCH']);
});

test('explain table and mermaid show the CGI refusal of HTTP_PROXY (§5)', async () => {
  const { explainAll } = await import('../src/explain/explain.js');
  const { tableText } = await import('../src/explain/text.js');
  const { explanationsMermaid } = await import('../src/explain/mermaid.js');
  const { envFromRecord } = await import('../src/env/input.js');
  const env = envFromRecord({ REQUEST_METHOD: 'GET', HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://s:2' });
  const all = explainAll(load({ external_services: { webhooks: { proxy: { enabled: true } } } }), env, []);
  assert.match(tableText(all, { color: false }), /webhooks +external_services +environment +http:\/\/p:1 \(refused: CGI\)/);
  const m = explanationsMermaid(all);
  assert.match(m, /webhooks -\.->\|"http: fails, CGI refuses HTTP_PROXY"\|/);
  assert.doesNotMatch(m, /webhooks -->\|"http, https"\|/);
});

test('explain lists a file value that an env variable replaces or clears under "no effect" (§3)', async () => {
  const { envFromRecord } = await import('../src/env/input.js');
  const l = load({ external_services: { global: { enabled: true, http_proxy: 'http://g:1' }, oauth: { proxy: { http_proxy: 'http://own:1' } } } });
  const cleared = explain(l, envFromRecord({ TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXY: '' }), 'oauth', []);
  assert.deepEqual(cleared.no_effect.map((n) => [n.setting, n.code]), [['external_services.oauth.proxy.http_proxy', 'ENV_EMPTY_OVERRIDE']]);
  const replaced = explain(l, envFromRecord({ TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXY: 'http://envp:1' }), 'oauth', []);
  assert.equal(replaced.no_effect[0].code, 'ENV_OVERRIDES_FILE');
});

test('Go integer bounds on both sides of the double-precision fast path (15 digits)', () => {
  const mismatches = (key: string, literal: string, nested?: string): number => {
    const text = nested === undefined ? `{"${key}": ${literal}}` : `{"${nested}": {"${key}": ${literal}}}`;
    return loadConfig('tyk.conf', enc.encode(text)).typeErrors.length;
  };
  const cases: [string, string, number, string?][] = [
    // uint16
    ['proxy_ssl_max_version', '0', 0], ['proxy_ssl_max_version', '65535', 0],
    ['proxy_ssl_max_version', '65536', 1], ['proxy_ssl_max_version', '-1', 1],
    ['proxy_ssl_max_version', '100000000000000', 1], ['proxy_ssl_max_version', '1000000000000000000000', 1],
    // int32
    ['oauth_token_expire', '-2147483648', 0], ['oauth_token_expire', '2147483647', 0],
    ['oauth_token_expire', '2147483648', 1], ['oauth_token_expire', '-2147483649', 1],
    // int64: short literals never reach the bounds; long ones are compared exactly
    ['global_session_lifetime', '999999999999999', 0], ['global_session_lifetime', '-99999999999999', 0],
    ['global_session_lifetime', '9223372036854775807', 0], ['global_session_lifetime', '9223372036854775808', 1],
    ['global_session_lifetime', '-9223372036854775808', 0], ['global_session_lifetime', '-9223372036854775809', 1],
    // uint64: a negative is out of range whatever its length
    ['records_buffer_size', '-1', 1, 'analytics_config'], ['records_buffer_size', '-99999999999999', 1, 'analytics_config'],
    ['records_buffer_size', '-9999999999999999', 1, 'analytics_config'], ['records_buffer_size', '18446744073709551615', 0, 'analytics_config'],
    ['records_buffer_size', '18446744073709551616', 1, 'analytics_config'], ['records_buffer_size', '0', 0, 'analytics_config'],
  ];
  for (const [key, literal, want, nested] of cases) assert.equal(mismatches(key, literal, nested), want, `${key} = ${literal}`);
});

test('explain says where a scheme-prefixed environment proxy that does not parse really goes', () => {
  const l = load({ external_services: { global: { enabled: true } } });
  const env = envFromRecord({ HTTPS_PROXY: 'http://bad:port', HTTP_PROXY: 'proxy.corp:3128' });
  const e = explain(l, env, 'oauth', ['https://idp.example.com/', 'http://idp.example.com/']);
  // Go retries "http://" + value: "http://http://bad:port" has host "http" and the default port.
  assert.match(e.requests[0].reason, /HTTPS_PROXY=http:\/\/bad:port does not parse \(parse "http:\/\/bad:port": invalid port ":port" after host\), so Go reads it with http:\/\/ in front: the gateway connects to http:80, not to the proxy it names/);
  // A bare host:port is what Go's prefix is for: said briefly.
  assert.match(e.requests[1].reason, /^HTTP_PROXY=proxy\.corp:3128 \(read with http:\/\/ in front\); NO_PROXY not set$/);
});

test('a bare host:port environment proxy that url.Parse refuses as written is not called misdirected', () => {
  const l = load({ external_services: { global: { enabled: true } } });
  for (const value of ['10.0.0.1:3128', '[::1]:3128', 'proxy_1.corp:3128']) {
    const e = explain(l, envFromRecord({ HTTPS_PROXY: value }), 'oauth', ['https://idp.example.com/']);
    assert.equal(e.requests[0].reason, `HTTPS_PROXY=${value} (read with http:// in front); NO_PROXY not set`, value);
  }
});

test('Go\'s URL errors never carry a proxy password, whatever characters it has', () => {
  const secrets = ['p w', 'p"w', "p'w", 'p%zz', 'pw'];
  for (const pw of secrets) {
    const value = `http://alice:${pw}@bad:port`;
    const l = load({ external_services: { global: { enabled: true, http_proxy: value } } });
    const fromFile = JSON.stringify([explain(l, new Map(), 'oauth', ['http://t/']), lintLoaded(l, new Map()).diagnostics]);
    const env = envFromRecord({ HTTPS_PROXY: value, HTTP_PROXY: `alice:${pw}@[bad` });
    const fromEnv = JSON.stringify(explain(load({ external_services: { global: { enabled: true } } }), env, 'oauth', ['https://t/', 'http://t/']));
    for (const text of [fromFile, fromEnv]) {
      assert.ok(!text.includes(pw), `${pw}: ${text.slice(0, 300)}`);
      assert.ok(!text.includes(JSON.stringify(pw).slice(1, -1)), pw);
    }
    assert.match(fromFile, /alice:\*\*\*\*@bad:port/);
  }
});

test('an unsigned field refuses any sign, "-0" included (strconv.ParseUint); a signed one takes "-0"', () => {
  const errors = (o: string) => loadConfig('tyk.conf', enc.encode(o)).typeErrors.map((t) => t.goMessage);
  assert.deepEqual(errors('{"proxy_ssl_max_version": -0}'), ['json: cannot unmarshal number -0 into Go struct field Config.proxy_ssl_max_version of type uint16']);
  assert.deepEqual(errors('{"global_session_lifetime": -0}'), []);
});

test('maskUrl: every password, wherever Go would find a userinfo', () => {
  const cases: [string, string][] = [
    ['http://u:pw@proxy:3128', 'http://u:****@proxy:3128'],
    ['u:pw@proxy:3128', 'u:****@proxy:3128'],
    ['http://http://u:p w@bad:port', 'http://http://u:****@bad:port'],
    ['http://u:pw@proxy:3128/?next=http://x', 'http://u:****@proxy:3128/?next=http://x'],
    ['http://u@proxy:3128', 'http://u@proxy:3128'],
    ['http://u:@proxy:3128', 'http://u:@proxy:3128'],
    ['http://proxy:3128', 'http://proxy:3128'],
  ];
  for (const [v, want] of cases) assert.equal(maskUrl(v), want, v);
  assert.equal(maskUrlError('parse "http://u:p\\"w@h:port": invalid port ":port" after host', 'http://u:p"w@h:port'), 'parse "http://u:****@h:port": invalid port ":port" after host');
  assert.equal(maskUrlError('parse "http://u:a%zz@h": invalid URL escape "%zz"', 'http://u:a%zz@h'), 'parse "http://u:****@h": invalid URL escape "****"');
});

test('ENV_PROXY_INVALID: by what Go 1.23\'s environment path does with the value', () => {
  const found = (o: unknown, env: Record<string, string>) => lintLoaded(load(o), envFromRecord(env)).diagnostics
    .filter((d) => d.code === 'ENV_PROXY_INVALID').map((d) => `${d.severity} ${messageFor(d)}`);
  const bad = { HTTPS_PROXY: 'http://p:port', HTTP_PROXY: 'proxy corp:3128' };
  const all = found({}, bad);
  assert.equal(all.length, 2);
  // No external_services: oauth, webhooks and discovery fall back to Go's default client, and
  // upstream API requests always read the environment.
  assert.match(all[0], /^error HTTPS_PROXY="http:\/\/p:port" does not parse \(.*\), so Go reads it with http:\/\/ in front: https requests of upstream APIs, oauth introspection, webhooks and service discovery go to http:80, not to the proxy it names/);
  assert.match(all[1], /^warning HTTP_PROXY="proxy corp:3128" does not parse, even with http:\/\/ in front .*: Go ignores it, so http requests of upstream APIs, .* go direct/);
  // Every service has a proxy URL of its own (global's): upstream API requests still read it.
  const withGlobal = found({ external_services: { global: { enabled: true, http_proxy: 'http://g:3128' } } }, bad);
  assert.equal(withGlobal.length, 2);
  assert.match(withGlobal[0], /: https requests of upstream APIs go to http:80/);
  // No scheme and a port that is not a number: kept as a URL with no host, so dials fail.
  assert.match(found({}, { HTTPS_PROXY: 'proxy.corp:${PORT}' })[0], /^error HTTPS_PROXY="proxy\.corp:\$\{PORT\}" is kept as written but cannot be dialled \(no host\)/);
  assert.match(found({}, { HTTP_PROXY: 'http://p:99999' })[0], /^error HTTP_PROXY="http:\/\/p:99999" is kept as written but cannot be dialled \(port 99999 is out of range 1-65535\)/);
  // Usable values: a bare host:port gets http:// in front; other schemes are kept as written; a
  // missing host with a port is this machine (a sidecar proxy).
  for (const v of ['p.corp:3128', '10.0.0.1:3128', '[::1]:3128', 'socks5://p:1080', 'socks5h://p:1080', 'https://p:3129', 'http://p:3128/', 'http://:3128', 'ftp://p:21']) {
    assert.deepEqual(found({}, { HTTPS_PROXY: v }), [], v);
  }
  // The upper-case name wins when set and non-empty: a bad lower-case one is never read.
  assert.deepEqual(found({}, { HTTPS_PROXY: 'http://p:3128', https_proxy: 'http://p:port' }), []);
  assert.equal(found({}, { HTTPS_PROXY: '', https_proxy: 'http://p:port' }).length, 1);
});

test('explain: a scheme Go 1.23 keeps as written (socks5h) is not read with http:// in front', () => {
  const e = explain(load({}), envFromRecord({ HTTPS_PROXY: 'socks5h://p:1080' }), 'discovery', ['https://sd.example.com/']);
  assert.equal(e.requests[0].reason, 'HTTPS_PROXY=socks5h://p:1080; NO_PROXY not set');
});

test('explain: an environment proxy kept with no host fails every request through it', () => {
  const e = explain(load({}), envFromRecord({ HTTP_PROXY: 'proxy.corp:${PORT}' }), 'discovery', ['http://sd.example.com/']);
  assert.equal(e.requests[0].error, 'every request through this proxy fails: no host');
  const sidecar = explain(load({}), envFromRecord({ HTTP_PROXY: 'http://:3128' }), 'discovery', ['http://sd.example.com/']);
  assert.equal(sidecar.requests[0].error, null);
});

test('one dial check for file and environment proxies: no host at all fails, a bare port is this machine', () => {
  assert.deepEqual(proxyUrlProblem('http://:3128'), null);
  const e = explain(load({}), envFromRecord({ HTTP_PROXY: 'http://:3128' }), 'discovery', ['http://sd.example.com/']);
  assert.equal(e.requests[0].error, null);
  assert.deepEqual(proxyUrlProblem('http:///path'), { stage: 'dial', detail: 'no host' });
});

test('a --url with a password never shows it in explain, on any route', () => {
  const url = 'http://u:p w@[bad/';
  for (const [o, env] of [[{}, {}], [{ external_services: { global: { enabled: true } } }, { HTTP_PROXY: 'http://p:3128' }], [{ external_services: { global: { enabled: true, http_proxy: 'http://p:3128' } } }, {}]] as const) {
    const text = JSON.stringify(explain(load(o), envFromRecord(env), 'discovery', [url]));
    assert.ok(!text.includes('p w'), text.slice(0, 400));
  }
});

test('key folding uses Go\'s simple lower case: U+0130 (İ) folds like i', () => {
  assert.equal(bindKey('cert_İd', ['cert_id']), 'cert_id');
  assert.equal(bindKey('CERT_ID', ['cert_id']), 'cert_id');
  // ı (U+0131): ToLower keeps it, ToUpper gives I, in Go as in JavaScript.
  assert.equal(bindKey('ca_fıle', ['ca_file']), 'ca_file');
});
