import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { run } from './support/run.js';

const BASIC = join(FIXTURES, 'docs-basic-proxy', 'tyk.conf');
const CLEAN = '{\n  "external_services": {\n    "global": {\n      "enabled": true,\n      "http_proxy": "http://proxy.corp:3128",\n      "bypass_proxy": "localhost,idp.internal:8443"\n    }\n  }\n}\n';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-cli-'));
  writeFileSync(join(dir, 'clean.conf'), CLEAN);
  writeFileSync(join(dir, 'bad.conf'), '{\n  "external_services": {"global": {"enabled": "true"}}\n}\n');
  writeFileSync(join(dir, 'warn.conf'), '{\n  "external_services": {"global": {"enabled": true, "https_proxy": "https://p.corp:3128"}}\n}\n');
  writeFileSync(join(dir, 'tyk.env'), 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\n# comment\nTYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED=yes\n');
  writeFileSync(join(dir, 'broken.env'), 'GOOD=1\nthis is not an assignment\n');
  mkdirSync(join(dir, 'adir'));
});

describe('lint exit codes', () => {
  it('0 for a clean file, no output', () => {
    const r = run(['lint', join(dir, 'clean.conf')]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
  });
  it('1 when there are errors, report on stdout', () => {
    const r = run(['lint', join(dir, 'bad.conf')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /2:47 +error +TYPE_MISMATCH +Expected boolean, found string/);
    assert.match(r.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 infos\)/);
    assert.equal(r.stderr, '');
  });
  it('0 with warnings only, 1 when they exceed --max-warnings', () => {
    assert.equal(run(['lint', join(dir, 'warn.conf')]).status, 0);
    const r = run(['lint', '--max-warnings', '0', join(dir, 'warn.conf')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /PROXY_TLS_TO_PROXY/);
  });
  it('--quiet reports errors only', () => {
    const r = run(['lint', '--quiet', join(dir, 'warn.conf'), join(dir, 'bad.conf')]);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stdout, /PROXY_TLS_TO_PROXY/);
    assert.match(r.stdout, /TYPE_MISMATCH/);
  });
  it('--rule changes severity and turns rules off', () => {
    const off = run(['lint', '--rule', 'TYPE_MISMATCH=off', '--format', 'json', join(dir, 'bad.conf')]);
    assert.equal(off.status, 0);
    const up = run(['lint', '--rule', 'PROXY_TLS_TO_PROXY=error', join(dir, 'warn.conf')]);
    assert.equal(up.status, 1);
    assert.match(up.stdout, /error +PROXY_TLS_TO_PROXY/);
  });
  it('.extsvcrc.json found from the current directory upward', () => {
    const proj = mkdtempSync(join(tmpdir(), 'extsvc-rc-'));
    mkdirSync(join(proj, 'sub'));
    writeFileSync(join(proj, '.extsvcrc.json'), JSON.stringify({ rules: { TYPE_MISMATCH: 'warning' } }));
    const r = run(['lint', join(dir, 'bad.conf')], { cwd: join(proj, 'sub') });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /warning +TYPE_MISMATCH/);
  });
  it('2 and one line for a missing file, a directory, a bad flag, a bad rule, a bad env file', () => {
    const cases: [string[], RegExp][] = [
      [['lint', join(dir, 'nope.conf')], /nope\.conf: no such file/],
      [['lint', join(dir, 'adir')], /adir: is a directory/],
      [['lint', '--format', 'xml', join(dir, 'clean.conf')], /xml/],
      [['lint', '--rule', 'NOPE=off', join(dir, 'clean.conf')], /unknown rule code "NOPE"/],
      [['lint', '--rule', 'TYPE_MISMATCH=loud', join(dir, 'clean.conf')], /must be one of off, info, warning, error/],
      [['lint', '--max-warnings', 'x', join(dir, 'clean.conf')], /--max-warnings x: expected a whole number/],
      [['lint', '--env-file', join(dir, 'broken.env'), join(dir, 'clean.conf')], /broken\.env:2: expected NAME=VALUE/],
      [['lint', '--bogus'], /unknown option/],
    ];
    for (const [args, re] of cases) {
      const r = run(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
  it('with no file, lints ./tyk.conf', () => {
    const proj = mkdtempSync(join(tmpdir(), 'extsvc-default-'));
    writeFileSync(join(proj, 'tyk.conf'), CLEAN);
    assert.equal(run(['lint'], { cwd: proj }).status, 0);
    const empty = mkdtempSync(join(tmpdir(), 'extsvc-none-'));
    const r = run(['lint'], { cwd: empty });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /tyk\.conf: no such file/);
  });
  it('several files: each reported, unreadable ones on stderr with exit 2', () => {
    const r = run(['lint', '--format', 'json', join(dir, 'bad.conf'), join(dir, 'missing.conf'), join(dir, 'clean.conf')]);
    assert.equal(r.status, 2);
    const out = JSON.parse(r.stdout) as { files: { file: string }[] };
    assert.equal(out.files.length, 2);
    assert.match(r.stderr, /missing\.conf: no such file/);
  });
});

describe('lint environment', () => {
  it('--env-file findings point at the env file line; --no-process-env ignores the runner', () => {
    const r = run(['lint', '--format', 'json', '--no-process-env', '--env-file', join(dir, 'tyk.env'), join(dir, 'clean.conf')], {
      env: { TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'nope' },
    });
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as { files: { file: string; source?: string; diagnostics: { code: string; env?: string; line: number | null; envFile?: string }[] }[] };
    // Issue 13: env-file findings are filed under the env file's own entry.
    assert.deepEqual(out.files.map((f) => f.source), [undefined, 'env-file']);
    assert.match(out.files[1].file, /tyk\.env$/);
    const ds = out.files[1].diagnostics;
    assert.deepEqual(ds.map((d) => [d.code, d.env, d.line]), [
      ['ENV_NAME_NOT_READ', 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED', 1],
      ['ENV_BAD_BOOL', 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED', 3],
    ]);
    assert.match(ds[0].envFile ?? '', /tyk\.env$/);
  });
  it('reads the process environment by default', () => {
    const r = run(['lint', '--format', 'json', join(dir, 'clean.conf')], { env: { TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'yes' } });
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as { files: { source?: string; diagnostics: { code: string; line: number | null }[] }[] };
    // Issue 13: process-environment findings have their own entry.
    assert.equal(out.files[1].source, 'process-env');
    assert.deepEqual(out.files[1].diagnostics.map((d) => [d.code, d.line]), [['ENV_BAD_BOOL', null]]);
  });
});

describe('lint formats', () => {
  it('json has the documented shape', () => {
    const r = run(['lint', '--format', 'json', BASIC]);
    const out = JSON.parse(r.stdout) as { files: { file: string; diagnostics: Record<string, unknown>[] }[]; summary: Record<string, number> };
    assert.deepEqual(Object.keys(out), ['files', 'summary']);
    assert.deepEqual(Object.keys(out.files[0].diagnostics[0]), ['code', 'severity', 'message', 'path', 'line', 'column', 'endLine', 'endColumn']);
    assert.deepEqual(out.summary, { errors: 0, warnings: 2, infos: 0 });
  });
  it('sarif is one run with rules and results', () => {
    const r = run(['lint', '--format', 'sarif', BASIC]);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: unknown[] } }; results: { ruleId: string }[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.deepEqual(log.runs[0].results.map((x) => x.ruleId), ['PROXY_TLS_TO_PROXY', 'BYPASS_NEVER_MATCHES']);
  });
  it('github prints workflow commands', () => {
    const r = run(['lint', '--format', 'github', BASIC]);
    assert.match(r.stdout, /^::warning file=.*tyk\.conf,line=6,col=\d+,endLine=6,endColumn=\d+,title=PROXY_TLS_TO_PROXY::/m);
  });
  it('-o writes the report to a file and nothing to stdout', () => {
    const out = join(dir, 'report.sarif');
    const r = run(['lint', '--format', 'sarif', '-o', out, BASIC]);
    assert.equal(r.stdout, '');
    assert.ok(existsSync(out));
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version, '2.1.0');
  });
  it('secrets never reach any format', () => {
    writeFileSync(join(dir, 'secret.conf'), '{"external_services":{"global":{"enabled":true,"http_proxy":"http://bob:hunter2@p.corp:3128"}}}');
    for (const f of ['stylish', 'json', 'sarif', 'github']) {
      const r = run(['lint', '--format', f, join(dir, 'secret.conf')]);
      assert.match(r.stdout, /PROXY_URL_CREDENTIALS/);
      assert.doesNotMatch(r.stdout, /hunter2/, f);
    }
  });
  it('lint never writes the linted file', () => {
    const p = join(dir, 'bad.conf');
    const before = readFileSync(p);
    run(['lint', p]);
    assert.deepEqual(readFileSync(p), before);
  });
});

describe('help', () => {
  it('lists every command with its options and arguments', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /lint \[options\] \[files\.\.\.\]/);
    assert.match(r.stdout, /explain \[options\] \[service\]/);
    assert.match(r.stdout, /migrate \[options\] \[file\]/);
  });

  it('shows each command\'s own options, however it is asked', () => {
    const want: [string[], RegExp][] = [
      [['lint', '--help'], /--check-files/],
      [['explain', '--help'], /--url <url>/],
      [['migrate', '--help'], /--accept-changes/],
      [['help', 'explain'], /--url <url>/],
      [['help', 'migrate'], /--backup-dir <dir>/],
    ];
    for (const [args, re] of want) {
      const r = run(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, re, args.join(' '));
    }
  });

  it('suggests a command for a typo, and an option of the command that was named', () => {
    assert.match(run(['lnt']).stderr, /Did you mean lint\?/);
    assert.match(run(['explain', '--ur', 'x']).stderr, /Did you mean --url\?/);
  });
});
