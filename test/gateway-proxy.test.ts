import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SERVICES, type ServiceName } from '../src/types.js';
import { zeroMTLS, type MTLSConfig } from '../src/gateway/model.js';
import { goQuote } from '../src/go/strconv.js';
import { goURLParse, goURLRedacted, goURLString, hostname, port, type GoURL } from '../src/go/url.js';
import {
  CGI_REFUSAL, canonicalAddr, parseNoProxy, proxyFromEnvironment, type Env,
} from '../src/gateway/httpproxy.js';
import { parseCIDR, parseIP, splitHostPort } from '../src/go/net.js';
import {
  createClient, externalServicesFromPlain, isServiceConfigured, mergeServiceConfig, proxyForRequest, validateMTLS,
  type BuiltClient, type ProxyDecision,
} from '../src/gateway/factory.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** The repo root is two levels above the compiled test (dist/test/); fall back to the cwd for out-of-tree builds. */
function fixturePath(rel: string): string {
  const fromModule = fileURLToPath(new URL(`../../${rel}`, import.meta.url));
  return existsSync(fromModule) ? fromModule : join(process.cwd(), rel);
}

interface ProxyVector {
  name: string;
  config: unknown;
  env: Record<string, string>;
  service: ServiceName;
  url: string;
  client_built: boolean;
  proxy: string | null;
  client_error: string | null;
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

function asVector(v: unknown): ProxyVector {
  assert.ok(typeof v === 'object' && v !== null, 'vector is an object');
  const o = v as Record<string, unknown>;
  const service = o.service;
  assert.ok(typeof o.name === 'string');
  assert.ok(typeof service === 'string' && (SERVICES as readonly string[]).includes(service), `service ${String(service)}`);
  assert.ok(isStringRecord(o.env));
  assert.ok(typeof o.url === 'string');
  assert.ok(typeof o.client_built === 'boolean');
  assert.ok(o.proxy === null || typeof o.proxy === 'string');
  assert.ok(o.client_error === null || typeof o.client_error === 'string');
  return {
    name: o.name, config: o.config, env: o.env, service: service as ServiceName, url: o.url,
    client_built: o.client_built, proxy: o.proxy, client_error: o.client_error,
  };
}

function built(config: unknown, svc: ServiceName = 'oauth'): BuiltClient {
  const c = createClient(externalServicesFromPlain(config), svc);
  assert.ok(c.built, c.built ? '' : c.error);
  return c;
}

function decide(config: unknown, url: string, env: Env = {}, svc: ServiceName = 'oauth'): ProxyDecision {
  return proxyForRequest(built(config, svc), url, env);
}

function mustParse(s: string): GoURL {
  const r = goURLParse(s);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.url;
}

const GLOBAL_BOTH = { enabled: true, http_proxy: 'http://p:1', https_proxy: 'http://s:2' };
const ENV_MODE = { oauth: { proxy: { enabled: true } } };
const ENV_BOTH = { HTTP_PROXY: 'http://envp:8080', HTTPS_PROXY: 'http://envps:8443' };

// ---------------------------------------------------------------------------------------------
// The gateway's own vectors

test('gateway vectors: fixtures/gateway-vectors/proxy.json', async (t) => {
  const raw: unknown = JSON.parse(readFileSync(fixturePath('fixtures/gateway-vectors/proxy.json'), 'utf8'));
  assert.ok(Array.isArray(raw) && raw.length > 0);
  for (const item of raw) {
    const v = asVector(item);
    await t.test(v.name, () => {
      const client = createClient(externalServicesFromPlain(v.config), v.service);
      assert.equal(client.built, v.client_built, 'client_built');
      if (client.built) {
        assert.equal(v.client_error, null);
        assert.equal(proxyForRequest(client, v.url, v.env).proxy, v.proxy, 'proxy');
      } else {
        assert.equal(client.error, v.client_error, 'client_error');
        assert.equal(v.proxy, null);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// net/url

test('url.Parse errors carry Go\'s exact text', () => {
  const cases: [string, string][] = [
    ['http://bad:port', 'parse "http://bad:port": invalid port ":port" after host'],
    ['http://p:-1', 'parse "http://p:-1": invalid port ":-1" after host'],
    ['http://p:1 ', 'parse "http://p:1 ": invalid port ":1 " after host'],
    ['http://[::1]x', 'parse "http://[::1]x": invalid port "x" after host'],
    ['http://[::1', 'parse "http://[::1": missing \']\' in host'],
    ['http://h/%zz', 'parse "http://h/%zz": invalid URL escape "%zz"'],
    ['http://h/a%z', 'parse "http://h/a%z": invalid URL escape "%z"'],
    ['http://h/%€', 'parse "http://h/%€": invalid URL escape "%\\xe2\\x82"'],
    ['http://%41bc/', 'parse "http://%41bc/": invalid URL escape "%41"'],
    ['http://a b/', 'parse "http://a b/": invalid character " " in host name'],
    ['http://u ser@h/', 'parse "http://u ser@h/": net/url: invalid userinfo'],
    ['http://p:1\n', 'parse "http://p:1\\n": net/url: invalid control character in URL'],
    ['http://p\x7f', 'parse "http://p\\x7f": net/url: invalid control character in URL'],
    ['http://p\t:1', 'parse "http://p\\t:1": net/url: invalid control character in URL'],
    ['://p:1', 'parse "://p:1": missing protocol scheme'],
    [':', 'parse ":": missing protocol scheme'],
    ['1http://x', 'parse "1http://x": first path segment in URL cannot contain colon'],
    ['http://é:x', 'parse "http://é:x": invalid port ":x" after host'],
    // The part before '#' is quoted for most errors, the whole input for a bad fragment.
    ['http://h/%zz#f', 'parse "http://h/%zz": invalid URL escape "%zz"'],
    ['http://h/#%zz', 'parse "http://h/#%zz": invalid URL escape "%zz"'],
  ];
  for (const [input, want] of cases) {
    const r = goURLParse(input);
    assert.equal(r.ok, false, input);
    if (!r.ok) assert.equal(r.error, want, input);
  }
});

test('url.Parse accepts what Go accepts, and String() prints it back as Go does', () => {
  const cases: { input: string; str: string; redacted?: string; host?: string; port?: string; scheme?: string; opaque?: string }[] = [
    { input: 'proxy.corp:3128', str: 'proxy.corp:3128', scheme: 'proxy.corp', opaque: '3128', host: '', port: '' },
    { input: 'proxy.corp', str: 'proxy.corp', scheme: '', host: '' },
    { input: 'http://p:99999', str: 'http://p:99999', host: 'p', port: '99999' },
    { input: 'http://p:', str: 'http://p:', host: 'p', port: '' },
    { input: 'HTTP://Example.COM/a', str: 'http://Example.COM/a', scheme: 'http', host: 'Example.COM' },
    { input: 'Socks5://S:1080', str: 'socks5://S:1080', scheme: 'socks5', port: '1080' },
    { input: 'http://user:p%40ss@h:1/', str: 'http://user:p%40ss@h:1/', redacted: 'http://user:xxxxx@h:1/', host: 'h', port: '1' },
    { input: 'http://user@h/', str: 'http://user@h/', redacted: 'http://user@h/' },
    { input: 'http://:@h/', str: 'http://:@h/', redacted: 'http://:xxxxx@h/' },
    { input: 'http://[::1]:8080/x', str: 'http://[::1]:8080/x', host: '::1', port: '8080' },
    { input: 'http://[fe80::1%25en0]:8080/', str: 'http://[fe80::1%25en0]:8080/', host: 'fe80::1%en0', port: '8080' },
    { input: 'http://[::1]', str: 'http://[::1]', host: '::1', port: '' },
    { input: 'http://h/a%2Fb', str: 'http://h/a%2Fb' },
    { input: 'http://h/a b', str: 'http://h/a%20b' },
    { input: 'http://h/p?x=1 2#frag ment', str: 'http://h/p?x=1 2#frag%20ment' },
    { input: 'http://h?', str: 'http://h?' },
    { input: 'http://h/#', str: 'http://h/' },
    { input: 'http:///path', str: 'http:///path', host: '' },
    { input: 'http:/path', str: 'http:/path', host: '' },
    { input: 'mailto:a@b', str: 'mailto:a@b', opaque: 'a@b' },
    { input: 'http://héllo/', str: 'http://h%C3%A9llo/', host: 'héllo' },
    { input: 'http://h%C3%A9llo/', str: 'http://h%C3%A9llo/', host: 'héllo' },
    { input: '*', str: '*' },
    { input: '', str: '' },
    { input: 'http://proxy.corp:3128/some/path?x=1', str: 'http://proxy.corp:3128/some/path?x=1' },
  ];
  for (const c of cases) {
    const u = mustParse(c.input);
    assert.equal(goURLString(u), c.str, `String(${c.input})`);
    assert.equal(goURLRedacted(u), c.redacted ?? c.str, `Redacted(${c.input})`);
    if (c.host !== undefined) assert.equal(hostname(u), c.host, `Hostname(${c.input})`);
    if (c.port !== undefined) assert.equal(port(u), c.port, `Port(${c.input})`);
    if (c.scheme !== undefined) assert.equal(u.scheme, c.scheme, `Scheme(${c.input})`);
    if (c.opaque !== undefined) assert.equal(u.opaque, c.opaque, `Opaque(${c.input})`);
  }
  const withUser = mustParse('http://a%3Ab:c%2Fd@h/');
  assert.deepEqual(withUser.user, { username: 'a:b', password: 'c/d', passwordSet: true });
  assert.equal(mustParse('http://h/p').user, null);
});

test('strconv.Quote', () => {
  const cases: [string, string][] = [
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\n\t\r\x07\x08\x0c\x0b', '"\\n\\t\\r\\a\\b\\f\\v"'],
    ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
    ['é 😀', '"é 😀"'],
    ['\u00a0\u00ad\u200b', '"\\u00a0\\u00ad\\u200b"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ];
  for (const [input, want] of cases) assert.equal(goQuote(input), want, JSON.stringify(input));
});

// ---------------------------------------------------------------------------------------------
// Which client a service gets

test('isServiceConfigured and the all-or-nothing merge', () => {
  const cases: { name: string; config: unknown; configured: boolean; inherited?: boolean; mode?: string }[] = [
    { name: 'nothing', config: {}, configured: false },
    { name: 'global disabled with URLs', config: { global: { enabled: false, http_proxy: 'http://p:1' } }, configured: false },
    { name: 'service bypass only', config: { oauth: { proxy: { bypass_proxy: 'x' } } }, configured: false },
    { name: 'insecure_skip_verify only', config: { oauth: { mtls: { insecure_skip_verify: true } } }, configured: false },
    { name: 'other service configured', config: { webhooks: { proxy: { enabled: true } } }, configured: false },
    { name: 'service URLs with enabled:false', config: { oauth: { proxy: { enabled: false, http_proxy: 'http://o:1' } } }, configured: true, inherited: false, mode: 'custom' },
    { name: 'service https_proxy only', config: { oauth: { proxy: { https_proxy: 'http://o:1' } } }, configured: true, inherited: false, mode: 'custom' },
    { name: 'service enabled without URLs', config: { global: GLOBAL_BOTH, oauth: { proxy: { enabled: true } } }, configured: true, inherited: false, mode: 'environment' },
    { name: 'mTLS only', config: { oauth: { mtls: { enabled: true, cert_id: 'c' } } }, configured: true, inherited: false, mode: 'direct' },
    { name: 'global enabled, no URLs', config: { global: { enabled: true } }, configured: true, inherited: true, mode: 'environment' },
    { name: 'global enabled with URLs', config: { global: GLOBAL_BOTH }, configured: true, inherited: true, mode: 'custom' },
    { name: 'global enabled, service bypass only', config: { global: GLOBAL_BOTH, oauth: { proxy: { bypass_proxy: 'x' } } }, configured: true, inherited: true, mode: 'custom' },
  ];
  for (const c of cases) {
    const cfg = externalServicesFromPlain(c.config);
    assert.equal(isServiceConfigured(cfg, 'oauth'), c.configured, c.name);
    const client = createClient(cfg, 'oauth');
    assert.equal(client.built, c.configured, c.name);
    if (client.built) {
      assert.equal(client.inheritedFromGlobal, c.inherited, c.name);
      assert.equal(client.mode, c.mode, c.name);
    } else {
      assert.equal(client.error, 'external services not configured for service type: oauth', c.name);
    }
  }
});

test('merge takes global whole or not at all, and never mutates its input', () => {
  const cfg = externalServicesFromPlain({
    global: { ...GLOBAL_BOTH, bypass_proxy: 'example.com' },
    oauth: { proxy: { https_proxy: 'http://o:1' } },
    health: { proxy: { bypass_proxy: 'mine.example' } },
  });
  const before = JSON.stringify(cfg);
  const oauth = mergeServiceConfig(cfg, 'oauth');
  assert.equal(oauth.inheritedFromGlobal, false);
  assert.deepEqual(oauth.merged.proxy, { enabled: false, http_proxy: '', https_proxy: 'http://o:1', bypass_proxy: '' });
  const health = mergeServiceConfig(cfg, 'health');
  assert.equal(health.inheritedFromGlobal, true);
  assert.deepEqual(health.merged.proxy, { enabled: true, http_proxy: 'http://p:1', https_proxy: 'http://s:2', bypass_proxy: 'example.com' });
  health.merged.proxy.http_proxy = 'changed';
  assert.equal(JSON.stringify(cfg), before);

  // A service https_proxy alone: http targets go direct, global's http_proxy is not inherited.
  const d = proxyForRequest(built({ global: GLOBAL_BOTH, oauth: { proxy: { https_proxy: 'http://o:1' } } }), 'http://example.com/', {});
  assert.equal(d.proxy, null);
  assert.deepEqual(d.reason, { kind: 'no-proxy-for-scheme', mode: 'custom', scheme: 'http', consulted: ['http_proxy'] });
});

test('the webhook service type is singular in the gateway\'s error', () => {
  const c = createClient(externalServicesFromPlain({}), 'webhooks');
  assert.equal(c.built, false);
  if (!c.built) assert.equal(c.error, 'external services not configured for service type: webhook');
});

test('validateMTLS: messages and order', () => {
  const m = (over: Partial<MTLSConfig>): MTLSConfig => ({ ...zeroMTLS(), ...over });
  const BOTH = 'cannot specify both file-based and certificate store configuration';
  const NONE = 'mTLS enabled but no certificate configuration provided';
  const PAIR = 'both cert_file and key_file must be specified for file-based configuration';
  const cases: [string, MTLSConfig, string | null][] = [
    ['disabled with nonsense', m({ cert_file: 'c', cert_id: 'x' }), null],
    ['enabled, nothing', m({ enabled: true }), NONE],
    ['enabled, only insecure_skip_verify', m({ enabled: true, insecure_skip_verify: true }), NONE],
    ['cert_file + cert_id (before the pair rule)', m({ enabled: true, cert_file: 'c', cert_id: 'x' }), BOTH],
    ['key_file + cert_id', m({ enabled: true, key_file: 'k', cert_id: 'x' }), BOTH],
    ['cert_file only', m({ enabled: true, cert_file: 'c' }), PAIR],
    ['key_file only, with a CA', m({ enabled: true, key_file: 'k', ca_file: 'ca' }), PAIR],
    ['cert + key', m({ enabled: true, cert_file: 'c', key_file: 'k' }), null],
    ['cert_id only', m({ enabled: true, cert_id: 'x' }), null],
    ['ca_file only', m({ enabled: true, ca_file: 'ca' }), null],
    ['ca_cert_ids []', m({ enabled: true, ca_cert_ids: [] }), NONE],
    ['ca_cert_ids null', m({ enabled: true, ca_cert_ids: null }), NONE],
    ['ca_cert_ids [""]', m({ enabled: true, ca_cert_ids: [''] }), null],
  ];
  for (const [name, cfg, want] of cases) assert.equal(validateMTLS(cfg), want, name);
});

test('client errors: proxy before mTLS, HTTP before HTTPS', () => {
  const cases: [string, unknown, string][] = [
    ['proxy wins over mTLS', { global: { enabled: true, http_proxy: 'http://bad:port' }, oauth: { mtls: { enabled: true } } },
      'failed to configure proxy: invalid HTTP proxy URL: parse "http://bad:port": invalid port ":port" after host'],
    ['HTTP reported before HTTPS', { oauth: { proxy: { http_proxy: 'http://h/%zz', https_proxy: 'http://bad:port' } } },
      'failed to configure proxy: invalid HTTP proxy URL: parse "http://h/%zz": invalid URL escape "%zz"'],
    ['HTTPS label', { oauth: { proxy: { http_proxy: 'http://ok:1', https_proxy: 'http://[::1' } } },
      'failed to configure proxy: invalid HTTPS proxy URL: parse "http://[::1": missing \']\' in host'],
    ['missing scheme', { oauth: { proxy: { http_proxy: '://p:1' } } },
      'failed to configure proxy: invalid HTTP proxy URL: parse "://p:1": missing protocol scheme'],
    ['mTLS alone', { oauth: { proxy: { http_proxy: 'http://ok:1' }, mtls: { enabled: true, cert_file: 'c' } } },
      'failed to configure TLS: invalid mTLS configuration: both cert_file and key_file must be specified for file-based configuration'],
  ];
  for (const [name, config, want] of cases) {
    const c = createClient(externalServicesFromPlain(config), 'oauth');
    assert.equal(c.built, false, name);
    if (!c.built) assert.equal(c.error, want, name);
  }
  // Global's bad URL does not matter to a service that does not inherit it.
  assert.equal(createClient(externalServicesFromPlain({ global: { enabled: true, http_proxy: 'http://bad:port' }, oauth: { proxy: { enabled: true } } }), 'oauth').built, true);
});

// ---------------------------------------------------------------------------------------------
// Custom proxy function

test('custom mode: proxy by target scheme', () => {
  const P = 'http://p:1';
  const S = 'http://s:2';
  const cases: [string, unknown, string, string | null][] = [
    ['both, http', GLOBAL_BOTH, 'http://example.com/', P],
    ['both, https', GLOBAL_BOTH, 'https://example.com/', S],
    ['both, ws', GLOBAL_BOTH, 'ws://example.com/', P],
    ['both, ftp', GLOBAL_BOTH, 'ftp://example.com/', P],
    ['both, upper-case HTTPS scheme', GLOBAL_BOTH, 'HTTPS://example.com/', S],
    ['http only, https target falls back', { enabled: true, http_proxy: P }, 'https://example.com/', P],
    ['http only, ws target', { enabled: true, http_proxy: P }, 'ws://example.com/', P],
    ['https only, http target goes direct', { enabled: true, https_proxy: S }, 'http://example.com/', null],
    ['https only, ws target goes direct', { enabled: true, https_proxy: S }, 'ws://example.com/', null],
    ['https only, https target', { enabled: true, https_proxy: S }, 'https://example.com/', S],
  ];
  for (const [name, global, url, want] of cases) {
    const d = decide({ global }, url);
    assert.equal(d.proxy, want, name);
    if (want === null) assert.equal(d.reason.kind, 'no-proxy-for-scheme', name);
    else assert.equal(d.reason.kind, 'bypass-miss', name);
  }
});

test('custom mode: bypass_proxy matches the exact host string only', () => {
  const cases: [string, string, string | null][] = [
    // [bypass_proxy, url, matching entry or null]
    ['example.com', 'https://example.com/x', 'example.com'],
    ['example.com', 'https://example.com:443/x', null],
    ['example.com', 'https://example.com:/x', 'example.com'], // http.NewRequest drops the empty port
    ['example.com:443', 'https://example.com:443/x', 'example.com:443'],
    ['example.com:443', 'https://example.com/x', null],
    ['Example.com', 'https://example.com/x', null],
    ['example.com', 'https://EXAMPLE.COM/x', null],
    ['example.com', 'https://api.example.com/x', null],
    ['localhost', 'http://localhost/x', 'localhost'],
    ['localhost', 'http://127.0.0.1/x', 'localhost'],
    ['localhost', 'http://127.0.0.1:8080/x', null],
    ['localhost', 'http://localhost:8080/x', null],
    ['127.0.0.1', 'http://localhost/x', null],
    ['[::1]', 'http://[::1]/x', '[::1]'],
    ['::1', 'http://[::1]/x', null],
    ['[::1]:8080', 'http://[::1]:8080/x', '[::1]:8080'],
    ['localhost', 'http://[::1]/x', null],
    ['.internal', 'http://api.internal/x', null],
    ['*.local', 'http://foo.local/x', null],
    ['10.0.0.0/8', 'http://10.1.2.3/x', null],
    ['*', 'http://anything/x', null],
    ['https://example.com', 'https://example.com/x', null],
    ['foo.com;example.com', 'https://example.com/x', null],
    [' foo.com , ,\texample.com ', 'https://example.com/x', 'example.com'],
  ];
  for (const [bypass, url, entry] of cases) {
    const d = decide({ global: { ...GLOBAL_BOTH, bypass_proxy: bypass } }, url);
    const name = `${JSON.stringify(bypass)} vs ${url}`;
    if (entry === null) {
      assert.notEqual(d.proxy, null, name);
      assert.equal(d.reason.kind, 'bypass-miss', name);
    } else {
      assert.equal(d.proxy, null, name);
      assert.equal(d.reason.kind, 'bypass', name);
      if (d.reason.kind === 'bypass') assert.equal(d.reason.entry, entry, name);
    }
  }
  const alias = decide({ global: { ...GLOBAL_BOTH, bypass_proxy: 'localhost' } }, 'http://127.0.0.1/');
  assert.deepEqual(alias.reason, { kind: 'bypass', entry: 'localhost', host: '127.0.0.1', localhostAlias: true });
  const miss = decide({ global: { ...GLOBAL_BOTH, bypass_proxy: ' .example.com, *.example.com ' } }, 'https://api.example.com/');
  assert.deepEqual(miss.reason, {
    kind: 'bypass-miss', setting: 'https_proxy', value: 'http://s:2', entries: ['.example.com', '*.example.com'], host: 'api.example.com',
  });
});

test('custom mode: the proxy comes back as Go\'s url.Parse(...).String()', () => {
  const cases: [string, string, string][] = [
    ['HTTP://User:Pw@Proxy.Corp:3128', 'http://User:Pw@Proxy.Corp:3128', 'http://User:xxxxx@Proxy.Corp:3128'],
    ['proxy.corp:3128', 'proxy.corp:3128', 'proxy.corp:3128'],
    ['http://[fd00::1]:3128', 'http://[fd00::1]:3128', 'http://[fd00::1]:3128'],
    ['socks5://u:p@s:1080', 'socks5://u:p@s:1080', 'socks5://u:xxxxx@s:1080'],
    ['http://p/a b', 'http://p/a%20b', 'http://p/a%20b'],
  ];
  for (const [value, proxy, redacted] of cases) {
    const d = decide({ oauth: { proxy: { http_proxy: value } } }, 'http://example.com/');
    assert.equal(d.proxy, proxy, value);
    assert.equal(d.redacted, redacted, value);
  }
});

test('direct mode and bad target URLs', () => {
  const d = decide({ oauth: { mtls: { enabled: true, ca_file: 'ca' } } }, 'https://example.com/', ENV_BOTH);
  assert.deepEqual(d, { proxy: null, redacted: null, error: null, reason: { kind: 'direct-mode' } });
  const bad = decide({ global: GLOBAL_BOTH }, 'http://bad:port/');
  assert.equal(bad.proxy, null);
  assert.equal(bad.error, 'parse "http://bad:port/": invalid port ":port" after host');
  assert.equal(bad.reason.kind, 'bad-target-url');
});

// ---------------------------------------------------------------------------------------------
// Environment (http.ProxyFromEnvironment)

test('environment: which variable supplies the proxy', () => {
  const cases: { name: string; env: Env; url: string; proxy: string | null; variable?: string; kind: string }[] = [
    { name: 'upper wins', env: { HTTP_PROXY: 'http://up:1', http_proxy: 'http://low:1' }, url: 'http://x.com/', proxy: 'http://up:1', variable: 'HTTP_PROXY', kind: 'env' },
    { name: 'empty upper falls to lower', env: { HTTP_PROXY: '', http_proxy: 'http://low:1' }, url: 'http://x.com/', proxy: 'http://low:1', variable: 'http_proxy', kind: 'env' },
    { name: 'undefined upper falls to lower', env: { HTTPS_PROXY: undefined, https_proxy: 'http://low:2' }, url: 'https://x.com/', proxy: 'http://low:2', variable: 'https_proxy', kind: 'env' },
    { name: 'https target, only HTTP_PROXY', env: { HTTP_PROXY: 'http://up:1' }, url: 'https://x.com/', proxy: null, kind: 'no-proxy-for-scheme' },
    { name: 'http target, only HTTPS_PROXY', env: { HTTPS_PROXY: 'http://up:1' }, url: 'http://x.com/', proxy: null, kind: 'no-proxy-for-scheme' },
    { name: 'ws target', env: ENV_BOTH, url: 'ws://x.com/', proxy: null, kind: 'no-proxy-for-scheme' },
    { name: 'ALL_PROXY is not read', env: { ALL_PROXY: 'http://a:1', all_proxy: 'http://a:1' }, url: 'http://x.com/', proxy: null, kind: 'no-proxy-for-scheme' },
    { name: 'scheme-less host:port', env: { HTTP_PROXY: 'envp:3128' }, url: 'http://x.com/', proxy: 'http://envp:3128', variable: 'HTTP_PROXY', kind: 'env' },
    { name: 'bare host', env: { HTTP_PROXY: 'envp' }, url: 'http://x.com/', proxy: 'http://envp', variable: 'HTTP_PROXY', kind: 'env' },
    { name: 'https proxy kept', env: { HTTPS_PROXY: 'https://e4:443' }, url: 'https://x.com/', proxy: 'https://e4:443', variable: 'HTTPS_PROXY', kind: 'env' },
    { name: 'socks5 kept', env: { HTTPS_PROXY: 'socks5://e5:1080' }, url: 'https://x.com/', proxy: 'socks5://e5:1080', variable: 'HTTPS_PROXY', kind: 'env' },
    { name: 'bad port re-read with http:// in front', env: { HTTPS_PROXY: 'http://bad:port' }, url: 'https://x.com/', proxy: 'http://http://bad:port', variable: 'HTTPS_PROXY', kind: 'env' },
    { name: 'unparsable: ignored', env: { HTTP_PROXY: '%zz' }, url: 'http://x.com/', proxy: null, kind: 'env-invalid' },
    { name: 'control character: ignored', env: { HTTP_PROXY: 'http://p:1\n' }, url: 'http://x.com/', proxy: null, kind: 'env-invalid' },
  ];
  for (const c of cases) {
    const d = decide(ENV_MODE, c.url, c.env);
    assert.equal(d.proxy, c.proxy, c.name);
    assert.equal(d.reason.kind, c.kind, c.name);
    if (d.reason.kind === 'env') assert.equal(d.reason.variable, c.variable, c.name);
  }
  const scheme = decide(ENV_MODE, 'https://x.com/', { HTTP_PROXY: 'http://up:1' });
  assert.deepEqual(scheme.reason, { kind: 'no-proxy-for-scheme', mode: 'environment', scheme: 'https', consulted: ['HTTPS_PROXY', 'https_proxy'] });
  const invalid = decide(ENV_MODE, 'http://x.com/', { HTTP_PROXY: '%zz' });
  assert.deepEqual(invalid.reason, {
    kind: 'env-invalid', variable: 'HTTP_PROXY', value: '%zz',
    error: 'invalid proxy address "%zz": parse "%zz": invalid URL escape "%zz"',
  });
  const added = decide(ENV_MODE, 'http://x.com/', { http_proxy: 'envp:3128' });
  assert.deepEqual(added.reason, {
    kind: 'env', variable: 'http_proxy', value: 'envp:3128', addedScheme: true, addr: 'x.com:80', noProxy: null, proxyAddr: 'envp:3128',
  });
});

test('environment: NO_PROXY forms', () => {
  const cases: [string, string, { entry: string; match: string } | null][] = [
    // [NO_PROXY, url, the matching entry, or null when proxied]
    ['*', 'http://anything.example/', { entry: '*', match: 'all' }],
    ['a.com,*', 'http://b.com/', { entry: '*', match: 'all' }],
    ['example.com', 'http://example.com/', { entry: 'example.com', match: 'host' }],
    ['example.com', 'http://api.example.com/', { entry: 'example.com', match: 'subdomain' }],
    ['example.com', 'http://notexample.com/', null],
    ['.example.com', 'http://example.com/', null],
    ['.example.com', 'http://api.example.com/', { entry: '.example.com', match: 'subdomain' }],
    ['*.example.com', 'http://example.com/', null],
    ['*.example.com', 'http://a.b.example.com/', { entry: '*.example.com', match: 'subdomain' }],
    ['EXAMPLE.com', 'http://api.Example.COM/', { entry: 'EXAMPLE.com', match: 'subdomain' }],
    [' foo.com , ,bar.com ', 'http://bar.com/', { entry: 'bar.com', match: 'host' }],
    ['example.com:8080', 'http://example.com:8080/', { entry: 'example.com:8080', match: 'host' }],
    ['example.com:8080', 'http://example.com/', null],
    ['example.com:80', 'http://example.com/', { entry: 'example.com:80', match: 'host' }],
    ['example.com:443', 'https://example.com/', { entry: 'example.com:443', match: 'host' }],
    ['10.0.0.0/8', 'http://10.1.2.3/', { entry: '10.0.0.0/8', match: 'cidr' }],
    ['10.0.0.0/8', 'http://11.1.2.3/', null],
    ['10.0.0.0/8', 'http://ten.example.com/', null],
    ['10.0.0.0/8', 'http://[::ffff:10.1.2.3]/', { entry: '10.0.0.0/8', match: 'cidr' }],
    ['192.168.1.1', 'http://192.168.1.1:8080/', { entry: '192.168.1.1', match: 'ip' }],
    ['192.168.1.1:80', 'http://192.168.1.1/', { entry: '192.168.1.1:80', match: 'ip' }],
    ['192.168.1.1:80', 'http://192.168.1.1:8080/', null],
    ['2001:db8::/32', 'http://[2001:db8::5]/', { entry: '2001:db8::/32', match: 'cidr' }],
    ['2001:DB8::1', 'https://[2001:db8::1]:8443/', { entry: '2001:DB8::1', match: 'ip' }],
    ['[2001:db8::1]:443', 'https://[2001:db8::1]/', { entry: '[2001:db8::1]:443', match: 'ip' }],
    // Go only strips brackets together with a port: '[v6]' alone is read as a domain and never matches.
    ['[2001:db8::1]', 'https://[2001:db8::1]/', null],
    [':443', 'https://example.com/', null],
    ['bücher.de', 'http://xn--bcher-kva.de/', { entry: 'bücher.de', match: 'host' }],
  ];
  for (const [noProxy, url, want] of cases) {
    const d = decide(ENV_MODE, url, { ...ENV_BOTH, NO_PROXY: noProxy });
    const name = `NO_PROXY=${JSON.stringify(noProxy)} vs ${url}`;
    if (want === null) {
      assert.notEqual(d.proxy, null, name);
      assert.equal(d.reason.kind, 'env', name);
    } else {
      assert.equal(d.proxy, null, name);
      assert.equal(d.reason.kind, 'no-proxy-env', name);
      if (d.reason.kind === 'no-proxy-env') {
        assert.equal(d.reason.entry, want.entry, name);
        assert.equal(d.reason.match, want.match, name);
        assert.equal(d.reason.variable, 'NO_PROXY', name);
      }
    }
  }
  assert.deepEqual(parseNoProxy(':443,,[::1]:80').ignored, [':443']);
});

test('environment: NO_PROXY upper before lower', () => {
  const env = { ...ENV_BOTH, NO_PROXY: 'a.com', no_proxy: 'b.com' };
  assert.equal(decide(ENV_MODE, 'http://b.com/', env).proxy, 'http://envp:8080');
  const a = decide(ENV_MODE, 'http://a.com/', env);
  assert.equal(a.proxy, null);
  assert.ok(a.reason.kind === 'no-proxy-env' && a.reason.variable === 'NO_PROXY');
  const lower = decide(ENV_MODE, 'http://b.com/', { ...env, NO_PROXY: '' });
  assert.ok(lower.reason.kind === 'no-proxy-env' && lower.reason.variable === 'no_proxy');
});

test('environment: localhost and loopback are never proxied', () => {
  const cases: [string, 'localhost' | 'loopback-ip' | null][] = [
    ['http://localhost/', 'localhost'],
    ['http://localhost:8080/', 'localhost'],
    ['http://127.0.0.1/', 'loopback-ip'],
    ['http://127.8.9.10:81/', 'loopback-ip'],
    ['http://[::1]:8080/', 'loopback-ip'],
    ['http://[::ffff:127.0.0.1]/', 'loopback-ip'],
    // The localhost rule compares before lower-casing.
    ['http://LOCALHOST/', null],
    ['http://localhost.localdomain/', null],
    ['http://[::2]/', null],
  ];
  for (const [url, rule] of cases) {
    const d = decide(ENV_MODE, url, ENV_BOTH);
    if (rule === null) {
      assert.equal(d.proxy, 'http://envp:8080', url);
    } else {
      assert.equal(d.proxy, null, url);
      assert.ok(d.reason.kind === 'loopback' && d.reason.rule === rule, url);
    }
  }
});

test('environment: CGI (REQUEST_METHOD) refuses HTTP_PROXY', () => {
  const cgi = { ...ENV_BOTH, REQUEST_METHOD: 'GET' };
  const http = decide(ENV_MODE, 'http://example.com/', cgi);
  assert.equal(http.proxy, null);
  assert.equal(http.error, CGI_REFUSAL);
  assert.deepEqual(http.reason, { kind: 'cgi-refused', variable: 'HTTP_PROXY', value: 'http://envp:8080', requestMethod: 'GET' });
  // Refused even when NO_PROXY would have sent it direct, and for the lower-case name too.
  assert.equal(decide(ENV_MODE, 'http://example.com/', { ...cgi, NO_PROXY: '*' }).error, CGI_REFUSAL);
  assert.equal(decide(ENV_MODE, 'http://example.com/', { http_proxy: 'http://l:1', REQUEST_METHOD: 'POST' }).error, CGI_REFUSAL);
  // Not for https targets, not with an empty REQUEST_METHOD, not when HTTP_PROXY is unusable anyway.
  assert.equal(decide(ENV_MODE, 'https://example.com/', cgi).proxy, 'http://envps:8443');
  assert.equal(decide(ENV_MODE, 'http://example.com/', { ...ENV_BOTH, REQUEST_METHOD: '' }).proxy, 'http://envp:8080');
  const ignored = decide(ENV_MODE, 'http://example.com/', { HTTP_PROXY: '%zz', REQUEST_METHOD: 'GET' });
  assert.equal(ignored.error, null);
  assert.equal(ignored.reason.kind, 'env-invalid');
});

test('environment: canonical ports and the explanation of a proxied request', () => {
  const cases: [string, string][] = [
    ['http://h/', 'h:80'],
    ['https://h/', 'h:443'],
    ['socks5://h/', 'h:1080'],
    ['ws://h/', 'h:'],
    ['https://h:8443/', 'h:8443'],
    ['https://[::1]/', '[::1]:443'],
    ['http://bücher.de/', 'xn--bcher-kva.de:80'],
  ];
  for (const [url, want] of cases) assert.equal(canonicalAddr(mustParse(url)), want, url);
  const d = decide(ENV_MODE, 'https://api.example.com/', { HTTPS_PROXY: 'http://u:secret@e:1', no_proxy: 'other.com' });
  assert.equal(d.proxy, 'http://u:secret@e:1');
  assert.equal(d.redacted, 'http://u:xxxxx@e:1');
  assert.deepEqual(d.reason, {
    kind: 'env', variable: 'HTTPS_PROXY', value: 'http://u:secret@e:1', addedScheme: false, addr: 'api.example.com:443', proxyAddr: 'e:1',
    noProxy: { variable: 'no_proxy', value: 'other.com' },
  });
});

test('proxyFromEnvironment takes the request URL as http.NewRequest does', () => {
  const env = { HTTPS_PROXY: 'http://e:1', NO_PROXY: 'example.com:443' };
  const emptyPort = proxyFromEnvironment('https://example.com:/', env);
  assert.ok(emptyPort.reason.kind === 'no-proxy-env' && emptyPort.reason.port === '443');
  assert.equal(proxyFromEnvironment('https://example.com:8443/', env).proxy, 'http://e:1');
  assert.deepEqual(proxyFromEnvironment('https://[::1/', env), {
    proxy: null, redacted: null, error: 'parse "https://[::1/": missing \']\' in host',
    reason: { kind: 'bad-target-url', error: 'parse "https://[::1/": missing \']\' in host' },
  });
});

// ---------------------------------------------------------------------------------------------
// net helpers

test('net.ParseIP, net.ParseCIDR, net.SplitHostPort', () => {
  const ips: [string, boolean][] = [
    ['1.2.3.4', true], ['01.2.3.4', false], ['1.2.3', false], ['256.1.1.1', false], ['1.2.3.4.', false],
    ['::1', true], ['::', true], ['2001:db8::1', true], ['::ffff:1.2.3.4', true], ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7:8:9', false], ['1::2::3', false], ['12345::', false], ['fe80::1%en0', false], ['1:2:3:4:5:6:7::8', false],
    ['1:2:3:4:5:6:1.2.3.4', true], ['1:2:3:4:5:1.2.3.4', false], ['example.com', false], ['', false],
  ];
  for (const [s, ok] of ips) assert.equal(parseIP(s) !== null, ok, `ParseIP(${s})`);
  const cidrs: [string, boolean][] = [
    ['10.0.0.0/8', true], ['10.0.0.0/33', false], ['10.0.0.0/', false], ['10.0.0.0', false],
    ['2001:db8::/32', true], ['2001:db8::/129', false], ['fe80::%en0/64', false], ['10.0.0.0/08', true],
  ];
  for (const [s, ok] of cidrs) assert.equal(parseCIDR(s) !== null, ok, `ParseCIDR(${s})`);
  const splits: [string, { host: string; port: string } | null][] = [
    ['h:80', { host: 'h', port: '80' }], ['[::1]:80', { host: '::1', port: '80' }], ['h', null], ['::1', null],
    ['[::1]', null], ['[::1]x:80', null], [':80', { host: '', port: '80' }], ['h:', { host: 'h', port: '' }],
  ];
  for (const [s, want] of splits) assert.deepEqual(splitHostPort(s), want, `SplitHostPort(${s})`);
});
