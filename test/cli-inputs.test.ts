/** What lint can be pointed at: stdin, directories, unexpanded globs, the environment alone; and colour. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { run } from './support/run.js';

const BASIC = join(FIXTURES, 'docs-basic-proxy', 'tyk.conf');
const BAD = '{\n  "external_services": {"global": {"enabled": "true"}}\n}\n';
interface Json { files: { file: string; diagnostics: { code: string; line: number | null; envFile?: string }[] }[] }
const files = (stdout: string): string[] => (JSON.parse(stdout) as Json).files.map((f) => f.file);

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-inputs-'));
  mkdirSync(join(dir, 'confs', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'confs', 'b.conf'), BAD);
  writeFileSync(join(dir, 'confs', 'a.conf'), readFileSync(BASIC));
  writeFileSync(join(dir, 'confs', 'notes.txt'), 'not a config');
  writeFileSync(join(dir, 'confs', 'nested', 'c.conf'), BAD);
  mkdirSync(join(dir, 'empty'));
});

describe('lint inputs', () => {
  it('- reads standard input, reported under --stdin-filename', () => {
    const r = run(['lint', '--no-config', '-f', 'json', '-', '--stdin-filename', 'deploy/tyk.conf'], { input: BAD, cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(files(r.stdout), ['deploy/tyk.conf']);
    assert.deepEqual((JSON.parse(r.stdout) as Json).files[0].diagnostics.map((d) => `${d.code}@${d.line}`), ['TYPE_MISMATCH@2']);
    const plain = run(['lint', '--no-config', '-f', 'json', '-'], { input: readFileSync(BASIC, 'utf8'), cwd: dir });
    assert.equal(plain.status, 0);
    assert.deepEqual(files(plain.stdout), ['<stdin>']);
  });
  it('--stdin-filename without -, and - twice, are usage errors', () => {
    for (const args of [['lint', '--stdin-filename', 'x.conf', 'confs/a.conf'], ['lint', '-', '-']]) {
      const r = run(args, { cwd: dir });
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
  it('a directory: every *.conf directly in it, sorted', () => {
    const r = run(['lint', '--no-config', '-f', 'json', 'confs'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(files(r.stdout), [join('confs', 'a.conf'), join('confs', 'b.conf')]);
  });
  it('a directory with no *.conf: one line, exit 2', () => {
    const r = run(['lint', '--no-config', 'empty'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^extsvc: empty: is a directory with no \*\.conf file in it/);
  });
  it('a glob the shell did not expand (quoted, or cmd.exe): matched by extsvc', () => {
    const r = run(['lint', '--no-config', '-f', 'json', 'confs/**/*.conf'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(files(r.stdout), ['confs/a.conf', 'confs/b.conf', 'confs/nested/c.conf']);
    const abs = run(['lint', '--no-config', '-f', 'json', join(dir, 'confs', '*.conf')], { cwd: dir });
    // Reporters show paths inside the working directory relative to it.
    assert.deepEqual(files(abs.stdout), ['confs/a.conf', 'confs/b.conf']);
    const none = run(['lint', '--no-config', 'nowhere/*.conf'], { cwd: dir });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^extsvc: nowhere\/\*\.conf: no file matches this pattern\./);
  });
});

describe('environment-only deployment (no tyk.conf)', () => {
  it('lint --env-file tyk.env with no ./tyk.conf checks the environment', () => {
    const p = mkdtempSync(join(tmpdir(), 'extsvc-envonly-'));
    writeFileSync(join(p, 'tyk.env'), 'TYK_GW_OMITCONFIGFILE=true\nTYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED=yes\nTYK_GW_EXTERNALSERVICES_GLOBAL_HTTPPROXY=proxy:3128\n');
    const r = run(['lint', '--no-config', '--no-process-env', '-f', 'json', '--env-file', 'tyk.env'], { cwd: p });
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Json;
    const ds = out.files.flatMap((f) => f.diagnostics.map((d) => `${d.code}@${d.envFile ?? ''}:${d.line}`));
    // That the gateway skips tyk.conf is what an env-only deployment means: not a finding here.
    assert.deepEqual(ds, ['ENV_BAD_BOOL@tyk.env:2', 'PROXY_URL_NO_SCHEME@tyk.env:3']);
  });
  it('TYK_GW_OMITCONFIGFILE=true in the process environment, no files: the environment is checked', () => {
    const p = mkdtempSync(join(tmpdir(), 'extsvc-envonly-'));
    const r = run(['lint', '--no-config', '-f', 'json'], { cwd: p, env: { TYK_GW_OMITCONFIGFILE: 'TRUE', TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED: 'on' } });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as Json).files.flatMap((f) => f.diagnostics.map((d) => d.code)), ['ENV_BAD_BOOL']);
  });
  it('without env files or TYK_GW_OMITCONFIGFILE, a missing ./tyk.conf is still an error', () => {
    const p = mkdtempSync(join(tmpdir(), 'extsvc-envonly-'));
    const r = run(['lint', '--no-config'], { cwd: p });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /tyk\.conf: no such file/);
  });
});

describe('colour', () => {
  const ANSI = /\u001b\[/;
  const lint = (args: string[], env: Record<string, string>) => {
    // run() sets NO_COLOR=1; these cases set the colour variables themselves.
    const r = run(['lint', '--no-config', ...args, BASIC], { env: { NO_COLOR: '', ...env } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  it('a pipe gets no colour by default; NO_COLOR is honoured', () => {
    assert.doesNotMatch(lint([], {}), ANSI);
    assert.doesNotMatch(lint([], { NO_COLOR: '1' }), ANSI);
  });
  it('FORCE_COLOR as chalk reads it: 1/true/empty on, 0/false off, over NO_COLOR', () => {
    for (const v of ['1', '2', 'true', '']) assert.match(lint([], { FORCE_COLOR: v }), ANSI, `FORCE_COLOR=${v}`);
    for (const v of ['0', 'false']) assert.doesNotMatch(lint([], { FORCE_COLOR: v }), ANSI, `FORCE_COLOR=${v}`);
    assert.match(lint([], { FORCE_COLOR: '1', NO_COLOR: '1' }), ANSI);
  });
  it('--color and --no-color win over the environment, before or after the command', () => {
    assert.match(lint(['--color'], { NO_COLOR: '1' }), ANSI);
    assert.doesNotMatch(lint(['--no-color'], { FORCE_COLOR: '1' }), ANSI);
    const r = run(['--color', 'lint', '--no-config', BASIC]);
    assert.match(r.stdout, ANSI);
  });
  it('never colours a report written to a file', () => {
    const out = join(dir, 'colour.txt');
    lint(['--color', '-o', out], {});
    assert.doesNotMatch(readFileSync(out, 'utf8'), ANSI);
  });
});
