/** Reports that CI can trust, through the CLI: failed runs, environment findings once, --max-warnings. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support/run.js';
import type { JsonReport } from '../src/report/json.js';
import { FORMATS } from '../src/report/index.js';

let dir = '';
const A = '{\n  "external_services": {"global": {"enabled": true, "https_proxy": "https://p.corp:3128"}}\n}\n';
const B = '{\n  "external_services": {"oauth": {"proxy": {"enabled": true, "http_proxy": "http://p.corp:3128"}}}\n}\n';
// Two findings in the env file: a docs spelling the gateway never reads, and a bad boolean.
const ENV = 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\nTYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED=yes\n';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-reports-'));
  writeFileSync(join(dir, 'a.conf'), A);
  writeFileSync(join(dir, 'b.conf'), B);
  writeFileSync(join(dir, 'tyk.env'), ENV);
});

describe('a failed run', () => {
  for (const format of FORMATS) {
    it(`writes no ${format} report file and exits 2`, () => {
      const out = join(dir, `failed.${format}`);
      const r = run(['lint', '--no-process-env', '-f', format, '-o', out, join(dir, 'a.conf'), join(dir, 'nope.conf')], { cwd: dir });
      assert.equal(r.status, 2);
      assert.equal(existsSync(out), false, 'no report file');
      assert.match(r.stderr, /^extsvc: .*nope\.conf: no such file\..* No report written to .*failed\.\w+\.\n$/);
      assert.equal(r.stderr.split('\n').length, 2, 'one line');
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }
  it('junit and gitlab reports come out of the CLI', () => {
    const xml = run(['lint', '--no-process-env', '-f', 'junit', '--env-file', 'tyk.env', 'a.conf', 'b.conf'], { cwd: dir });
    assert.equal(xml.status, 1);
    assert.match(xml.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="extsvc" /);
    assert.match(xml.stdout, /<testsuite name="tyk\.env" tests="2" failures="2"/);
    const gl = run(['lint', '--no-process-env', '-f', 'gitlab', '--env-file', 'tyk.env', 'a.conf', 'b.conf'], { cwd: dir });
    const issues = JSON.parse(gl.stdout) as { check_name: string; location: { path: string } }[];
    assert.deepEqual(issues.filter((i) => i.location.path === 'tyk.env').map((i) => i.check_name), ['ENV_NAME_NOT_READ', 'ENV_BAD_BOOL']);
  });
  it('still writes the report when every file was read', () => {
    const out = join(dir, 'ok.sarif');
    const r = run(['lint', '--no-process-env', '-f', 'sarif', '-o', out, join(dir, 'a.conf')], { cwd: dir });
    assert.equal(r.status, 0);
    assert.equal(existsSync(out), true);
  });
});

describe('environment findings', () => {
  it('are reported once per run, under the env file, whatever the number of config files', () => {
    const r = run(['lint', '--no-process-env', '-f', 'json', '--env-file', 'tyk.env', 'a.conf', 'b.conf'], { cwd: dir });
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(out.files.map((f) => [f.file, f.source]), [['a.conf', undefined], ['b.conf', undefined], ['tyk.env', 'env-file']]);
    const envEntry = out.files[2];
    assert.deepEqual(envEntry.diagnostics.map((d) => [d.code, d.line, d.env]), [
      ['ENV_NAME_NOT_READ', 1, 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED'],
      ['ENV_BAD_BOOL', 2, 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED'],
    ]);
    for (const f of out.files.slice(0, 2)) assert.deepEqual(f.diagnostics.filter((d) => d.env !== undefined), [], `${f.file} holds no env finding`);
    const all = out.files.flatMap((f) => f.diagnostics);
    assert.equal(out.summary.errors, all.filter((d) => d.severity === 'error').length);
    assert.equal(out.summary.warnings, all.filter((d) => d.severity === 'warning').length);
    assert.equal(out.summary.errors, 2, 'each env error counted once');
  });
  it('from the process environment go under their own entry, once', () => {
    const r = run(['lint', '-f', 'json', 'a.conf', 'b.conf'], { cwd: dir, env: { TYK_GW_EXTERNALSERVICES_HEALTH_PROXY_ENABLED: 'maybe' } });
    const out = JSON.parse(r.stdout) as JsonReport;
    const last = out.files.at(-1);
    assert.equal(last?.file, '(process environment)');
    assert.equal(last?.source, 'process-env');
    assert.deepEqual(last?.diagnostics.map((d) => [d.code, d.env, d.line]), [['ENV_BAD_BOOL', 'TYK_GW_EXTERNALSERVICES_HEALTH_PROXY_ENABLED', null]]);
    assert.equal(out.summary.errors, 1);
  });
  it('count once towards --max-warnings', () => {
    // A TYK_GW_* name read nowhere (a typo): one warning, not one per config file.
    writeFileSync(join(dir, 'warn.env'), 'TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLEDD=true\n');
    const args = ['lint', '--no-process-env', '-f', 'json', '--env-file', 'warn.env', 'a.conf', 'b.conf'];
    const out = JSON.parse(run(args, { cwd: dir }).stdout) as JsonReport;
    const envWarnings = out.files.filter((f) => f.source === 'env-file').flatMap((f) => f.diagnostics).filter((d) => d.severity === 'warning');
    assert.equal(envWarnings.length, 1);
    const fileWarnings = out.files.filter((f) => f.source === undefined).flatMap((f) => f.diagnostics).filter((d) => d.severity === 'warning').length;
    assert.equal(out.summary.warnings, fileWarnings + 1);
    assert.equal(run([...args, '--max-warnings', String(fileWarnings + 1)], { cwd: dir }).status, 0);
    assert.equal(run([...args, '--max-warnings', String(fileWarnings)], { cwd: dir }).status, 1);
  });
  it('stylish prints the env file once, with its own header', () => {
    const r = run(['lint', '--no-process-env', '--env-file', 'tyk.env', 'a.conf', 'b.conf'], { cwd: dir });
    assert.equal(r.stdout.match(/ENV_BAD_BOOL/g)?.length, 1);
    assert.match(r.stdout, /\ntyk\.env\n(?: {2}.*\n)* {2}2:1 +error +ENV_BAD_BOOL/);
  });
});

describe('--max-warnings', () => {
  it('says why it exits 1, as ESLint does', () => {
    const r = run(['lint', '--no-process-env', '--max-warnings', '0', 'a.conf'], { cwd: dir });
    assert.equal(r.status, 1);
    const n = (r.stdout.match(/ warning /g) ?? []).length;
    assert.ok(n > 0);
    assert.equal(r.stderr, `extsvc: too many warnings (${n}, maximum 0)\n`);
  });
  it('says nothing within the limit or when errors decide', () => {
    assert.equal(run(['lint', '--no-process-env', '--max-warnings', '99', 'a.conf'], { cwd: dir }).stderr, '');
    const r = run(['lint', '--no-process-env', '--max-warnings', '0', '--env-file', 'tyk.env', 'a.conf'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
  });
});
