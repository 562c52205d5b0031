/**
 * Property tests over the loader, the env-file parser and the resolver: never an uncaught
 * error, output deterministic; and the iterative tree builder agrees with jsonc-parser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTree, type ParseError } from 'jsonc-parser';
import { loadConfig } from '../src/config/load.js';
import { buildTree } from '../src/config/tree.js';
import { parseEnvFile } from '../src/env/envfile.js';
import { InputError } from '../src/errors.js';
import { lintLoaded } from '../src/lint.js';
import { envFromRecord } from '../src/env/input.js';
import { buildEffective, resolveAll } from '../src/resolve/resolve.js';
import { ENV_FIELDS } from '../src/env/fields.js';
import { messageFor } from '../src/messages.js';

const enc = new TextEncoder();
const RUNS = { numRuns: 400, seed: 1122 };

/** JSON-ish documents around the modelled block: valid, broken, and in between. */
const word = fc.constantFrom('external_services', 'global', 'oauth', 'storage', 'webhooks', 'health', 'discovery', 'proxy', 'mtls',
  'enabled', 'http_proxy', 'https_proxy', 'bypass_proxy', 'cert_file', 'key_file', 'ca_file', 'cert_id', 'ca_cert_ids',
  'insecure_skip_verify', 'tls_min_version', 'tls_max_version', 'Enabled', 'HTTP_PROXY', 'no_proxy', 'use_environment',
  'jwt_ssl_insecure_skip_verify', 'http_proxy', 'analytics', 'x');
const leaf = fc.oneof(fc.boolean(), fc.integer(), fc.constant(null), fc.constantFrom('http://p:1', 'https://u:pw@p:3128', 'http://bad:port', 'proxy:3128', '.internal,*.local,10.0.0.0/8', '1.3', '', ' '), fc.string({ maxLength: 8 }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.array(fc.tuple(word, tie('value')), { maxLength: 5 }).map((kv) => ({ __pairs: kv }))),
}));

function render(v: unknown, noise: string): string {
  if (v !== null && typeof v === 'object' && '__pairs' in v) {
    const pairs = (v as { __pairs: [string, unknown][] }).__pairs;
    return `{${noise}${pairs.map(([k, x]) => `${JSON.stringify(k)}:${noise}${render(x, noise)}`).join(`,${noise}`)}}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => render(x, noise)).join(',')}]`;
  return JSON.stringify(v);
}

const doc = fc.tuple(value, fc.constantFrom('', ' ', '\n  ', '\r\n\t', ' /* c */ '), fc.nat(40), fc.constantFrom('', ',', '}', '//x', '\u0000', '\ufeff', '"', ']'))
  .map(([v, noise, cut, junk]) => {
    const text = render({ __pairs: [['external_services', v]] }, noise);
    return junk === '' ? text : text.slice(0, Math.max(1, text.length - cut)) + junk + text.slice(Math.max(1, text.length - cut));
  });

test('loader + rules never throw and are deterministic on arbitrary documents', () => {
  fc.assert(fc.property(doc, (text) => {
    const bytes = enc.encode(text);
    const a = lintLoaded(loadConfig('tyk.conf', bytes), new Map());
    const b = lintLoaded(loadConfig('tyk.conf', bytes), new Map());
    assert.deepEqual(a, b);
    for (const d of a.diagnostics) assert.equal(typeof messageFor(d), 'string');
  }), RUNS);
});

test('loader never throws on arbitrary bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
    const l = loadConfig('tyk.conf', bytes);
    assert.equal(typeof (l.rejectReason ?? ''), 'string');
  }), RUNS);
});

test('the tree builder agrees with jsonc-parser on documents jsonc-parser accepts', () => {
  const strip = (n: ReturnType<typeof parseTree>): unknown => n && ({ type: n.type, value: n.value, offset: n.offset, length: n.length, children: n.children?.map(strip) });
  fc.assert(fc.property(fc.json(), fc.constantFrom('', ' ', '\n', ' // c\n'), (json, noise) => {
    const text = `${noise}${json}${noise}`;
    const errors: ParseError[] = [];
    const expected = parseTree(text, errors, { allowTrailingComma: true });
    fc.pre(errors.length === 0);
    assert.deepEqual(strip(buildTree(text).root), strip(expected));
  }), RUNS);
});

const envName = fc.oneof(fc.constantFrom(...ENV_FIELDS.map((f) => f.name)), fc.constantFrom('TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'no_proxy', 'TYK_GW_OMITCONFIGFILE', 'tyk_gw_externalservices_global_enabled'));
const envValue = fc.oneof(fc.constantFrom('true', 'false', 'yes', '', ' ', 'a, b', 'http://p:1', 'http://u:pw@p:1', '*', '.x,10.0.0.0/8'), fc.string({ maxLength: 10 }));

test('resolver never throws and is deterministic over arbitrary environments', () => {
  fc.assert(fc.property(doc, fc.dictionary(envName, envValue), (text, env) => {
    const loaded = loadConfig('tyk.conf', enc.encode(text));
    for (const mode of ['gateway', 'intended'] as const) {
      const a = resolveAll(buildEffective(loaded, envFromRecord(env), mode));
      const b = resolveAll(buildEffective(loaded, envFromRecord(env), mode));
      assert.deepEqual(a, b);
    }
    const r = lintLoaded(loaded, envFromRecord(env));
    assert.doesNotMatch(JSON.stringify(r.diagnostics.map(messageFor)), /:pw@/);
  }), RUNS);
});

test('env-file parser: never an uncaught error; only InputError for bad lines', () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom('A=1', '# c', '', 'export B="x y"', "C='q'", 'D', '=bad', 'E=a#b', 'F="multi', 'line"', '\r'), fc.string({ maxLength: 12 })), { maxLength: 8 }), (lines) => {
    const text = lines.join('\n');
    try {
      const a = parseEnvFile('t.env', text);
      assert.deepEqual(a, parseEnvFile('t.env', text));
    } catch (e) {
      assert.ok(e instanceof InputError, String(e));
      assert.match((e as Error).message, /^t\.env(:\d+)?: /);
    }
  }), RUNS);
});
