/**
 * Templates: placeholders where a value belongs, `${VAR}` inside strings, and what is (not) read
 * after the first syntax error.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './support/paths.js';
import { lintFile } from '../src/lint.js';
import type { Diagnostic } from '../src/types.js';

const enc = new TextEncoder();
function lint(text: string, placeholders = false): Diagnostic[] {
  return lintFile({ file: 'tyk.conf', bytes: enc.encode(text) }, new Map(), { placeholders }).diagnostics;
}
const summary = (ds: Diagnostic[]): [string, number][] => ds.map((d) => [d.code, d.location.kind === 'file' ? d.location.span.line : 0]);

describe('template placeholders', () => {
  it('every common form is one finding naming it and its key; the first carries Go\'s error', () => {
    for (const ph of ['LISTEN_PORT', '@@PORT@@', '@PORT@', '{{ .Values.port }}', '<%= port %>', '$PORT', '${PORT}', '%PORT%', '__PORT__']) {
      const ds = lint(`{\n  "listen_port": ${ph},\n  "secret": "s"\n}\n`);
      assert.deepEqual(summary(ds), [['TEMPLATE_PLACEHOLDER', 2]], ph);
      assert.equal(ds[0].args.placeholder, ph);
      assert.equal(ds[0].args.key, 'listen_port');
      assert.match(String(ds[0].args.detail), /^invalid character '.' looking for beginning of (value|object key string)$/, ph);
    }
  });

  it('typos of a JSON value are not placeholders', () => {
    for (const v of ['tru', 'True', 'yes', 'TRUE', 'NULL', 'None']) {
      const ds = lint(`{\n  "enable_jsvm": ${v},\n  "listen_port": 8080\n}\n`);
      assert.deepEqual(ds.map((d) => d.code), ['JSON_SYNTAX'], v);
    }
  });

  it('no cascade: no TYPE_MISMATCH, UNKNOWN_KEY or parser errors from past the first placeholder', () => {
    const text = '{\n  "listen_port": LISTEN_PORT,\n  "secret": "352d20ee",\n  "storage": {\n    "port": REDIS_PORT,\n    "username": ""\n  },\n  "listen_prot": 1\n}\n';
    assert.deepEqual(summary(lint(text)), [['TEMPLATE_PLACEHOLDER', 2], ['TEMPLATE_PLACEHOLDER', 5]]);
  });

  it('what stands before the first placeholder is still checked', () => {
    const ds = lint('{\n  "listen_prot": 8080,\n  "storage": { "port": REDIS_PORT }\n}\n');
    assert.deepEqual(summary(ds), [['UNKNOWN_KEY', 2], ['TEMPLATE_PLACEHOLDER', 3]]);
  });

  it('--placeholders reads them as values of the expected type and checks the rest', () => {
    const text = '{\n  "listen_port": LISTEN_PORT,\n  "enable_jsvm": "true",\n  "listen_prot": 1,\n  "storage": { "port": REDIS_PORT }\n}\n';
    assert.deepEqual(summary(lint(text, true)), [['TEMPLATE_PLACEHOLDER', 2], ['TYPE_MISMATCH', 3], ['UNKNOWN_KEY', 4], ['TEMPLATE_PLACEHOLDER', 5]]);
    // A placeholder is not a null.
    assert.deepEqual(lint('{"external_services": {"global": {"enabled": ENABLED}}}', true).map((d) => d.code), ['TEMPLATE_PLACEHOLDER']);
  });

  it('settings that combine with a placeholder are not judged (neither cut off, nor read as a value)', () => {
    const text = '{"external_services": {"oauth": {"mtls": {"enabled": true, "cert_file": CERT_FILE, "key_file": "/k.pem"}}, "global": {"enabled": true, "http_proxy": PROXY_URL}}}';
    for (const mode of [false, true]) assert.deepEqual(lint(text, mode).map((d) => d.code), ['TEMPLATE_PLACEHOLDER', 'TEMPLATE_PLACEHOLDER'], String(mode));
  });

  it('a real syntax error after placeholders: reported once, in Go\'s words, and nothing after it', () => {
    const ds = lint('{\n  "listen_port": LISTEN_PORT,\n  "a": 1\n  "b": 2,\n  "c": REDIS_PORT\n}\n');
    assert.deepEqual(summary(ds), [['TEMPLATE_PLACEHOLDER', 2], ['JSON_SYNTAX', 4]]);
    assert.equal(ds[1].args.detail, 'invalid character \'"\' after object key:value pair');
  });

  it('a comment first: the comment, then the placeholders', () => {
    const ds = lint('{\n  // rendered by install.sh\n  "listen_port": LISTEN_PORT\n}\n');
    assert.deepEqual(summary(ds), [['JSON_COMMENT', 2], ['TEMPLATE_PLACEHOLDER', 3]]);
    assert.equal(ds[1].args.detail, undefined);
  });

  it('a placeholder inside a top-level block the checks skip is still found', () => {
    assert.deepEqual(summary(lint('{\n  "x_apis": {\n    "a": [1, API_PORT]\n  }\n}\n')), [['UNKNOWN_KEY', 2], ['TEMPLATE_PLACEHOLDER', 3]]);
    const [, d] = lint('{\n  "x_apis": {\n    "port": API_PORT\n  }\n}\n');
    assert.equal(d.args.key, 'port');
  });

  it('migrate refuses a template: it must be rendered first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'extsvc-tpl-'));
    const file = join(dir, 'tyk.conf');
    writeFileSync(file, '{\n  "listen_port": LISTEN_PORT,\n  "http_proxy": "http://proxy:3128"\n}\n');
    const r = spawnSync(process.execPath, [BIN, 'migrate', '--no-process-env', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /invalid character 'L' looking for beginning of value.*Nothing was written/);
  });
});

describe('${VAR} inside strings', () => {
  it('is taken literally by the gateway: one warning per string, naming the references', () => {
    const ds = lint('{\n  "secret": "${TYK_GW_SECRET}",\n  "storage": { "host": "${REDIS_HOST:-redis}-${ZONE}" },\n  "node_secret": "env://NODE"\n}\n');
    assert.deepEqual(summary(ds), [['STRING_PLACEHOLDER', 2], ['STRING_PLACEHOLDER', 3]]);
    assert.equal(ds[0].args.kv, true);
    assert.equal(ds[1].args.references, '${REDIS_HOST:-redis}, ${ZONE}');
    assert.equal(ds[1].args.key, 'storage.host');
    // The setting's own variable, from the recorded namespace: what to use instead.
    assert.equal(ds[1].args.variable, 'TYK_GW_STORAGE_HOST');
  });
  it('a $ alone, or $NAME without braces, is ordinary text', () => {
    assert.deepEqual(lint('{"secret": "pa$$word", "storage": {"password": "$ECRET"}}'), []);
  });
});
