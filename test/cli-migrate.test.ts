import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, statSync, chmodSync, copyFileSync, symlinkSync, lstatSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { run } from './support/run.js';

let dir = '';
let backups = '';
// A migration --write makes without --accept-changes (the docs' example needs it: see migrate.test.ts).
const BEFORE = readFileSync(join(FIXTURES, 'migrate-top-level-proxy', 'tyk.conf'), 'utf8');
const AFTER = readFileSync(join(FIXTURES, 'migrate-top-level-proxy', 'expected.conf'), 'utf8');

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
    assert.match(r.stdout, /^-  "http_proxy": "http:\/\/proxy:3128"$/m);
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
  it('the docs\' example: the TLS line comes first, --write refuses without --accept-changes and writes the docs\' shape with it', () => {
    const docs = readFileSync(join(FIXTURES, 'migrate-docs-example', 'tyk.conf'), 'utf8');
    const p = fresh('docs.conf', docs);
    const refused = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr.split('\n')[0], /^TLS WEAKENED: oauth introspection verify: on → off; oauth upstream-oauth verify: on → off\. /);
    assert.equal(readFileSync(p, 'utf8'), docs);
    const accepted = run(['migrate', '--write', '--accept-changes', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.equal(readFileSync(p, 'utf8'), readFileSync(join(FIXTURES, 'migrate-docs-example', 'expected.conf'), 'utf8'));
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

  it('the diff is a standard unified diff that patch -p1 and git apply accept, for a relative and an absolute path', (t) => {
    const root = mkdtempSync(join(tmpdir(), 'extsvc-patch-'));
    mkdirSync(join(root, 'conf'));
    const file = join(root, 'conf', 'tyk.conf');
    writeFileSync(file, BEFORE);
    for (const arg of ['conf/tyk.conf', file]) {
      const r = run(['migrate', '--no-process-env', arg], { cwd: root });
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /^====/m);
      assert.doesNotMatch(r.stdout, /\t$/m);
      assert.match(r.stdout, /^--- a\/conf\/tyk\.conf\n\+\+\+ b\/conf\/tyk\.conf\n@@ /);
      const patchFile = join(root, 'change.patch');
      writeFileSync(patchFile, r.stdout);
      const git = spawnSync('git', ['apply', '--check', patchFile], { cwd: root, encoding: 'utf8' });
      if (git.error === undefined) assert.equal(git.status, 0, git.stderr);
      else t.diagnostic('git not found: git apply not tried');
      const patch = spawnSync('patch', ['-p1', '--dry-run', '-i', patchFile], { cwd: root, encoding: 'utf8' });
      if (patch.error !== undefined) {
        t.diagnostic('patch not found: patch -p1 not tried');
        continue;
      }
      assert.equal(patch.status, 0, patch.stdout + patch.stderr);
    }
    const patch = spawnSync('patch', ['-p1', '-i', join(root, 'change.patch')], { cwd: root, encoding: 'utf8' });
    if (patch.error === undefined) {
      assert.equal(patch.status, 0, patch.stdout + patch.stderr);
      assert.equal(readFileSync(file, 'utf8'), AFTER);
    }
  });
  it('--check exits 1 exactly when there are edits or items for a human', () => {
    const cases: [string, number][] = [['migrate-jwt-without-client', 1], ['migrate-jwt-false-only', 0], ['migrate-jwt-explicit-tls', 0], ['migrate-top-level-proxy', 1], ['migrate-current', 0]];
    for (const [name, status] of cases) {
      const p = fresh(`${name}.conf`, readFileSync(join(FIXTURES, name, 'tyk.conf'), 'utf8'));
      assert.equal(run(['migrate', '--check', '--no-process-env', p]).status, status, name);
    }
  });
  it('--write refuses a change that weakens TLS, says so first, and writes with --accept-changes', () => {
    const conf = fresh('weak.conf', readFileSync(join(FIXTURES, 'migrate-env-tls-rename', 'tyk.conf'), 'utf8'));
    const env = join(dir, 'weak.env');
    const envText = readFileSync(join(FIXTURES, 'migrate-env-tls-rename', 'tyk.env'), 'utf8');
    writeFileSync(env, envText);
    const refused = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, '--env-file', env, conf]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr.split('\n')[0], /^TLS WEAKENED: oauth jwt-jwk verify: on → off; oauth client-idp-jwk verify: on → off; oauth external-oauth-jwk verify: on → off; oauth introspection verify: on → off; oauth upstream-oauth verify: on → off\. /);
    assert.match(refused.stderr, /not written/);
    assert.equal(readFileSync(env, 'utf8'), envText);
    const accepted = run(['migrate', '--write', '--accept-changes', '--no-process-env', '--backup-dir', backups, '--env-file', env, conf]);
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.equal(readFileSync(env, 'utf8'), readFileSync(join(FIXTURES, 'migrate-env-tls-rename', 'expected.env'), 'utf8'));
  });
  it('a global block with another URL: the legacy key is left for a human, nothing is written, --check exits 1', () => {
    const text = readFileSync(join(FIXTURES, 'migrate-global-conflict', 'tyk.conf'), 'utf8');
    const p = fresh('conflict.conf', text);
    const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^human +http_proxy "http:\/\/legacy-proxy:3128" kept: external_services.global is not enabled but already sets http_proxy "http:\/\/global-proxy:3128"/m);
    assert.doesNotMatch(r.stderr, /^unexpected/m);
    assert.equal(readFileSync(p, 'utf8'), text);
    assert.equal(run(['migrate', '--check', '--no-process-env', p]).status, 1);
  });
  it('--tyk-version before 5.10: nothing to migrate into, exit 2 with one line', () => {
    const p = fresh('old.conf');
    const r = run(['migrate', '--tyk-version', '5.9', '--no-process-env', p]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /Tyk 5\.9\.\d+ has no external_services \(it is read from 5\.10\.0 on\)/);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
  });
  it('the version comes from .extsvcrc.json too, as for lint and explain; before 5.10 it is one line and exit 2', () => {
    const d = mkdtempSync(join(tmpdir(), 'extsvc-migrate-rc-'));
    writeFileSync(join(d, 'tyk.conf'), BEFORE);
    writeFileSync(join(d, '.extsvcrc.json'), '{ "tykVersion": "5.13" }\n');
    const r = run(['migrate', '--format', 'json', '--no-process-env', 'tyk.conf'], { cwd: d });
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { tykVersion: string }).tykVersion, '5.13.1');
    assert.match(r.stderr, /tykVersion 5\.13: checking against Tyk 5\.13\.1/);
    writeFileSync(join(d, '.extsvcrc.json'), '{ "tykVersion": "5.9" }\n');
    const old = run(['migrate', '--no-process-env', 'tyk.conf'], { cwd: d });
    assert.equal(old.status, 2);
    assert.equal(old.stderr.trim().split('\n').length, 1, old.stderr);
    assert.match(old.stderr, /\.extsvcrc\.json: tykVersion 5\.9: Tyk 5\.9\.2 has no external_services/);
    // The flag wins over the file.
    assert.equal(run(['migrate', '--check', '--tyk-version', '5.14', '--no-process-env', 'tyk.conf'], { cwd: d }).status, 1);
  });
  it('--format json: edits, labelled differences, items for a human, and whether --write would proceed', () => {
    const p = fresh('json.conf');
    const r = run(['migrate', '--format', 'json', '--no-process-env', p]);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { edits: unknown[]; differences: { label: string; setting: string | null }[]; needsHuman: unknown[]; write: { wouldProceed: boolean } };
    assert.ok(j.edits.length > 0);
    assert.ok(j.differences.length > 0 && j.differences.every((d) => d.label === 'intended' && d.setting !== null));
    assert.deepEqual(j.needsHuman, []);
    assert.equal(j.write.wouldProceed, true);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
    const human = fresh('json-human.conf', readFileSync(join(FIXTURES, 'migrate-jwt-without-client', 'tyk.conf'), 'utf8'));
    const h = JSON.parse(run(['migrate', '--format', 'json', '--no-process-env', human]).stdout) as { needsHuman: unknown[]; write: { wouldProceed: boolean } };
    assert.equal(h.needsHuman.length, 1);
    assert.equal(h.write.wouldProceed, false);
    assert.equal(run(['migrate', '--tyk-version', '9.9', '--no-process-env', p]).status, 2);
  });
  it('a file the gateway discards: said without --fix-syntax; fixed with it, and TLS weakened by what then takes effect needs consent', () => {
    const text = readFileSync(join(FIXTURES, 'migrate-fix-syntax', 'tyk.conf'), 'utf8');
    const p = fresh('discarded.conf', text);
    const check = run(['migrate', '--check', '--no-process-env', p]);
    assert.equal(check.status, 1);
    assert.match(check.stderr, /is discarded by the gateway \(JSON_BOM at 1:1\).*still discarded.*--fix-syntax removes them/);
    const refused = run(['migrate', '--write', '--fix-syntax', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr.split('\n')[0], /^TLS WEAKENED: /);
    assert.equal(readFileSync(p, 'utf8'), text);
    const written = run(['migrate', '--write', '--fix-syntax', '--accept-changes', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(readFileSync(p, 'utf8'), readFileSync(join(FIXTURES, 'migrate-fix-syntax', 'expected.conf'), 'utf8'));
    assert.equal(run(['migrate', '--check', '--no-process-env', p]).status, 0);
  });
  it('--tyk-version is resolved as lint resolves it: the same note, the same one-line refusal', () => {
    const p = fresh('version.conf');
    const note = run(['migrate', '--no-process-env', '--tyk-version', '5.10.1', p]);
    assert.equal(note.status, 0, note.stderr);
    assert.match(note.stderr, /^extsvc: --tyk-version 5\.10\.1: checking against Tyk 5\.10\.2/m);
    const bad = run(['migrate', '--no-process-env', '--tyk-version', '9.9', p]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^extsvc: --tyk-version 9\.9: no recorded gateway version; expected one of .*latest or master\n$/);
  });
});
