/** Distinct findings never share a fingerprint, and each bypass entry is pointed at on its own. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseEnvFile } from '../src/env/envfile.js';
import { join } from 'node:path';
import { lint } from '../src/lint.js';
import { literalOffsets } from '../src/rules/helpers.js';
import { fingerprint, fingerprints } from '../src/report/fingerprint.js';
import { toSarifLog } from '../src/report/sarif.js';
import type { Diagnostic, LintResult } from '../src/types.js';
import { FIXTURES } from './support/paths.js';

const enc = new TextEncoder();

function lintText(text: string): LintResult {
  return lint([{ file: '/p/tyk.conf', bytes: enc.encode(text) }], new Map());
}

function conf(bypassLiteral: string): string {
  return `{\n  "external_services": {\n    "global": {\n      "enabled": true,\n      "http_proxy": "http://proxy.corp.example:3128",\n      "bypass_proxy": ${bypassLiteral}\n    }\n  }\n}\n`;
}

function bypassFindings(r: LintResult): Diagnostic[] {
  return r.files.flatMap((f) => f.diagnostics).filter((d) => d.code === 'BYPASS_NEVER_MATCHES');
}

/** The text a finding's span covers. */
function covered(text: string, d: Diagnostic): string {
  assert.equal(d.location.kind, 'file');
  if (d.location.kind !== 'file') return '';
  return text.slice(d.location.span.offset, d.location.span.offset + d.location.span.length);
}

describe('BYPASS_NEVER_MATCHES points at its entry', () => {
  it('each entry of one string gets its own columns', () => {
    const text = readFileSync(join(FIXTURES, 'rule-bypass-never-matches', 'tyk.conf'), 'utf8');
    const ds = bypassFindings(lint([{ file: 'tyk.conf', bytes: enc.encode(text) }], new Map()));
    assert.deepEqual(ds.map((d) => d.args.entry), ['.corp.example', '10.0.0.0/8']);
    assert.deepEqual(ds.map((d) => covered(text, d)), ['.corp.example', '10.0.0.0/8']);
    const line = text.split('\n')[11];
    assert.deepEqual(ds.map((d) => d.location.kind === 'file' && [d.location.span.line, d.location.span.column, d.location.span.endColumn]), [
      [12, line.indexOf('.corp') + 1, line.indexOf('.corp') + 1 + '.corp.example'.length],
      [12, line.indexOf('10.0') + 1, line.indexOf('10.0') + 1 + '10.0.0.0/8'.length],
    ]);
  });

  it('maps escapes to the characters that spell them', () => {
    const literal = '"localhost,\\u002ecorp.example,  10.0.0.0\\/8 ,*.local"';
    const text = conf(literal);
    const ds = bypassFindings(lintText(text));
    assert.deepEqual(ds.map((d) => d.args.entry), ['.corp.example', '10.0.0.0/8', '*.local']);
    assert.deepEqual(ds.map((d) => covered(text, d)), ['\\u002ecorp.example', '10.0.0.0\\/8', '*.local']);
  });

  it('an entry that is also part of an earlier, live entry is found at its own place', () => {
    const text = conf('"x.corp.example,.corp.example"');
    const ds = bypassFindings(lintText(text));
    assert.deepEqual(ds.map((d) => d.args.entry), ['.corp.example']);
    const line = text.split('\n').find((l) => l.includes('bypass_proxy')) ?? '';
    assert.deepEqual(ds.map((d) => d.location.kind === 'file' && d.location.span.column), [line.indexOf(',.corp') + 2]);
  });

  it('literalOffsets refuses what is not the literal of the value', () => {
    assert.deepEqual(literalOffsets('"a\\tb"', 'a\tb'), [1, 2, 4, 5]);
    assert.deepEqual(literalOffsets('"\\ud83d\\ude00x"', '\u{1F600}x'), [1, 7, 13, 14]);
    assert.equal(literalOffsets('"ab"', 'abc'), null);
    assert.equal(literalOffsets('ab', 'ab'), null);
    assert.equal(literalOffsets('"a\\qb"', 'aqb'), null);
  });

  it('in an env file, each entry gets its columns on the variable\'s line', () => {
    for (const line of [
      'TYK_GW_EXTERNALSERVICES_GLOBAL_BYPASSPROXY=localhost,.corp.example,10.0.0.0/8',
      'export TYK_GW_EXTERNALSERVICES_GLOBAL_BYPASSPROXY = "localhost, .corp.example,10.0.0.0/8"',
    ]) {
      const text = `# proxy\n${line}\n`;
      const env = new Map(parseEnvFile('/p/tyk.env', text).entries.map((e) => [e.name, e]));
      const ds = bypassFindings(lint([{ file: '/p/tyk.conf', bytes: enc.encode(conf('""')) }], env));
      assert.deepEqual(ds.map((d) => d.location.kind === 'env' && d.location.span !== undefined && text.slice(d.location.span.offset, d.location.span.offset + d.location.span.length)), ['.corp.example', '10.0.0.0/8'], line);
      assert.deepEqual(ds.map((d) => d.location.kind === 'env' && [d.location.file, d.location.span?.line, d.location.span?.column]), [
        ['/p/tyk.env', 2, line.indexOf('.corp') + 1],
        ['/p/tyk.env', 2, line.indexOf('10.0') + 1],
      ]);
    }
  });

  it('an env-file value spelled with escapes keeps pointing at its variable', () => {
    const text = 'TYK_GW_EXTERNALSERVICES_GLOBAL_BYPASSPROXY=".a\\n,.b"\n';
    const env = new Map(parseEnvFile('/p/tyk.env', text).entries.map((e) => [e.name, e]));
    const ds = bypassFindings(lint([{ file: '/p/tyk.conf', bytes: enc.encode(conf('""')) }], env));
    assert.ok(ds.length > 0);
    for (const d of ds) assert.deepEqual(d.location.kind === 'env' && d.location.span?.column, 1);
  });

  it('a value from the environment keeps pointing at its variable', () => {
    const r = lint([{ file: '/p/tyk.conf', bytes: enc.encode(conf('""')) }], new Map([
      ['TYK_GW_EXTERNALSERVICES_GLOBAL_BYPASSPROXY', { name: 'TYK_GW_EXTERNALSERVICES_GLOBAL_BYPASSPROXY', value: '.a,.b', origin: { kind: 'process' as const } }],
    ]));
    const ds = bypassFindings(r);
    assert.equal(ds.length, 2);
    for (const d of ds) assert.deepEqual(d.location, { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_GLOBAL_BYPASSPROXY' });
    const prints = fingerprints(r);
    assert.notEqual(prints.get(ds[0]), prints.get(ds[1]));
  });
});

describe('fingerprints', () => {
  it('two bypass entries of one setting: distinct fingerprints and regions in SARIF', () => {
    const r = lintText(conf('"localhost,.corp.example,10.0.0.0/8"'));
    const results = toSarifLog(r, { color: false, cwd: '/p' }).runs[0].results.filter((x) => x.ruleId === 'BYPASS_NEVER_MATCHES');
    assert.equal(results.length, 2);
    assert.notEqual(results[0].partialFingerprints['extsvcFinding/v1'], results[1].partialFingerprints['extsvcFinding/v1']);
    assert.notDeepEqual(results[0].locations[0].physicalLocation?.region, results[1].locations[0].physicalLocation?.region);
  });

  it('follow the entry, not its place: reordering the list keeps each fingerprint', () => {
    const a = bypassFindings(lintText(conf('".corp.example,10.0.0.0/8"')));
    const b = bypassFindings(lintText(conf('"10.0.0.0/8, localhost, .corp.example"')));
    const byEntry = (ds: Diagnostic[]) => Object.fromEntries(ds.map((d) => [String(d.args.entry), fingerprint(d)]));
    assert.deepEqual(byEntry(a), byEntry(b));
  });

  it('findings otherwise alike (two comments) are told apart by occurrence', () => {
    const r = lintText('{\n  // one\n  // two\n  "external_services": {}\n}\n');
    const comments = r.files[0].diagnostics.filter((d) => d.code === 'JSON_COMMENT');
    assert.equal(comments.length, 2);
    const prints = fingerprints(r);
    assert.equal(prints.get(comments[0]), fingerprint(comments[0]), 'the first keeps the plain fingerprint');
    assert.notEqual(prints.get(comments[0]), prints.get(comments[1]));
  });

  it('every fixture: no two findings of one file share a fingerprint', () => {
    const cases = readdirSync(FIXTURES).filter((n) => existsSync(join(FIXTURES, n, 'tyk.conf')));
    assert.ok(cases.length > 100);
    for (const name of cases) {
      const dir = join(FIXTURES, name);
      const env = existsSync(join(dir, 'tyk.env')) ? new Map(parseEnvFile('tyk.env', readFileSync(join(dir, 'tyk.env'), 'utf8')).entries.map((e) => [e.name, e])) : new Map();
      const r = lint([{ file: 'tyk.conf', bytes: readFileSync(join(dir, 'tyk.conf')) }], env);
      const prints = fingerprints(r);
      for (const f of r.files) {
        const ps = f.diagnostics.map((d) => prints.get(d));
        assert.equal(new Set(ps).size, ps.length, `${name}: ${f.file}`);
      }
    }
  });
});
