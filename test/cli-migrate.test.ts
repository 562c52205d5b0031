import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, statSync, chmodSync, copyFileSync, symlinkSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { run } from './support/run.js';

let dir = '';
let backups = '';
const BEFORE = readFileSync(join(FIXTURES, 'migrate-docs-example', 'tyk.conf'), 'utf8');
const AFTER = readFileSync(join(FIXTURES, 'migrate-docs-example', 'expected.conf'), 'utf8');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-migrate-'));
  backups = join(dir, 'backups');
});

function fresh(name: string, text = BEFORE): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('migrate CLI', () => {
  it('dry run: unified diff on stdout, summary on stderr, nothing written', () => {
    const p = fresh('dry.conf');
    const r = run(['migrate', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^--- a\/.*dry\.conf/m);
    assert.match(r.stdout, /^-  "jwt_ssl_insecure_skip_verify": true$/m);
    assert.match(r.stdout, /^\+      "enabled": true,$/m);
    assert.match(r.stderr, /dry run; nothing written/);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
  });
  it('--check exits 1 when a migration is needed and 0 when current', () => {
    const p = fresh('check.conf');
    assert.equal(run(['migrate', '--check', '--no-process-env', p]).status, 1);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
    const q = fresh('current.conf', AFTER);
    const r = run(['migrate', '--check', '--no-process-env', q]);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /nothing to migrate/);
  });
  it('--write writes the expected file, keeps its mode, stores a backup; a second run changes nothing; --restore puts it back', () => {
    const p = fresh('write.conf');
    chmodSync(p, 0o640);
    const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(p, 'utf8'), AFTER);
    assert.equal(statSync(p).mode & 0o777, 0o640);
    assert.match(r.stderr, /wrote .*write\.conf \(backup: /);
    assert.ok(readdirSync(backups).some((f) => f.startsWith('write.conf.')));
    const again = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(again.status, 0);
    assert.match(again.stderr, /nothing to migrate/);
    assert.equal(readFileSync(p, 'utf8'), AFTER);
    const restored = run(['migrate', '--restore', '--backup-dir', backups, p]);
    assert.equal(restored.status, 0, restored.stderr);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
  });
  it('--write through a symlink rewrites the target and keeps the link', () => {
    const target = fresh('real.conf');
    const link = join(dir, 'link.conf');
    symlinkSync(target, link);
    assert.equal(run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, link]).status, 0);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), AFTER);
  });
  it('--env-file names are rewritten too', () => {
    const conf = fresh('env.conf', '{\n  "listen_port": 8080\n}\n');
    const env = join(dir, 'tyk.env');
    copyFileSync(join(FIXTURES, 'migrate-env-file', 'tyk.env'), env);
    const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, '--env-file', env, conf]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(env, 'utf8'), readFileSync(join(FIXTURES, 'migrate-env-file', 'expected.env'), 'utf8'));
  });
  it('refuses an unparsable file with one line and exit 2, writing nothing', () => {
    const p = fresh('broken.conf', '{\n  "http_proxy": "http://p:1",\n  "x": \n}\n');
    const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.conf:4:1: cannot parse/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(readFileSync(p, 'utf8'), '{\n  "http_proxy": "http://p:1",\n  "x": \n}\n');
  });
  it('--restore without a backup is a clear error', () => {
    const p = fresh('never.conf');
    const r = run(['migrate', '--restore', '--backup-dir', join(dir, 'empty-backups'), p]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no backup of/);
  });
  it('a file that needs a human is reported and left alone', () => {
    const p = fresh('human.conf', readFileSync(join(FIXTURES, 'migrate-jwt-without-client', 'tyk.conf'), 'utf8'));
    const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /human +jwt_ssl_insecure_skip_verify kept/);
    assert.match(r.stderr, /need a human/);
  });
  it('masks proxy passwords in the diff and refuses a file the gateway discards for a wrong type', () => {
    const p = fresh('secret.conf', '{\n "http_proxy": "http://u:hunter2@p:3128"\n}\n');
    const r = run(['migrate', '--no-process-env', p]);
    assert.equal(r.status, 0);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
    assert.match(r.stdout, /u:\*\*\*\*@p:3128/);
    const t = fresh('typed.conf', '{\n "jwt_ssl_insecure_skip_verify": "true",\n "http_proxy": "http://p:1"\n}\n');
    const bad = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, t]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /typed\.conf:2:\d+: json: cannot unmarshal string/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  });
});
