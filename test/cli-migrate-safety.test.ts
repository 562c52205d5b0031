/**
 * What `migrate --write` / `--restore` and `lint -o` refuse, and what they say, through the CLI:
 * later edits, read-only files, pipes, an output naming an input, signals during the write, and
 * an undo command that can be pasted.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, FIXTURES } from './support/paths.js';
import { run } from './support/run.js';

// A migration --write makes without --accept-changes (the docs' example needs it: see migrate.test.ts).
const BEFORE = readFileSync(join(FIXTURES, 'migrate-top-level-proxy', 'tyk.conf'), 'utf8');
const AFTER = readFileSync(join(FIXTURES, 'migrate-top-level-proxy', 'expected.conf'), 'utf8');
const isRoot = process.getuid?.() === 0;
const DIST_SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'migrate');

let dir = '';
let n = 0;
function fresh(text = BEFORE, name = 'tyk.conf'): { d: string; p: string; backups: string } {
  const d = join(dir, `case-${++n}`);
  mkdirSync(d);
  const p = join(d, name);
  writeFileSync(p, text);
  return { d, p, backups: join(d, 'backups') };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-safety-'));
});

describe('migrate --restore', () => {
  it('refuses to put the backup back over edits made since the write, backs up before a forced restore', () => {
    const { p, backups } = fresh();
    assert.equal(run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]).status, 0);
    const edited = AFTER.replace('3128', '3129');
    writeFileSync(p, edited);
    const r = run(['migrate', '--restore', '--backup-dir', backups, p]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /changed since extsvc migrate wrote it; restoring .* would lose those edits, so nothing was changed\. Add --force/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(readFileSync(p, 'utf8'), edited);

    const f = run(['migrate', '--restore', '--force', '--backup-dir', backups, p]);
    assert.equal(f.status, 0, f.stderr);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
    const saved = /it was saved first as (\S+);/.exec(f.stderr)?.[1];
    assert.ok(saved !== undefined, f.stderr);
    assert.equal(readFileSync(saved, 'utf8'), edited, 'the edits survive in a backup');
  });

  it('recreates a deleted 0600 file as 0600 (the mode recorded at backup time)', () => {
    const { p, backups } = fresh(BEFORE.replace('proxy:3128', 'user:pw@proxy:3128'));
    chmodSync(p, 0o600);
    assert.equal(run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]).status, 0);
    unlinkSync(p);
    const r = run(['migrate', '--restore', '--backup-dir', backups, p]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(p).mode & 0o777, 0o600);
  });
});

describe('migrate --write refuses before it touches anything', () => {
  it('a read-only (0444) file, unless --force', () => {
    const { p, backups } = fresh();
    chmodSync(p, 0o444);
    const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not written: .*tyk\.conf: it is read-only \(mode 0444\)\. Add --force to replace it anyway; nothing was changed\./);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
    assert.equal(existsSync(backups), false, 'no backup made');
    const f = run(['migrate', '--write', '--force', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(f.status, 0, f.stderr);
    assert.equal(readFileSync(p, 'utf8'), AFTER);
    assert.equal(statSync(p).mode & 0o777, 0o444, 'mode kept');
  });

  it('a pipe (bash process substitution): no bogus backup, one line, exit 2', (t) => {
    const bash = spawnSync('bash', ['-c', 'true']);
    if (bash.error !== undefined) {
      t.skip('bash is not installed');
      return;
    }
    const { p, backups } = fresh();
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `"${process.execPath}" "${BIN}" migrate --write --no-process-env --backup-dir "${backups}" <(cat "${p}")`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^extsvc: \/dev\/fd\/\d+: this is not a regular file; nothing was changed\./);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(backups), false, 'no backup made');
  });

  it('prints an undo command that a shell runs as printed (quoted path)', () => {
    const { p, backups } = fresh(BEFORE, "it's my tyk.conf");
    const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
    assert.equal(r.status, 0, r.stderr);
    const undo = /undo with: (.+)\)$/m.exec(r.stderr)?.[1];
    assert.ok(undo !== undefined, r.stderr);
    assert.ok(undo.startsWith('extsvc migrate --restore --backup-dir '), undo);
    // Run exactly what was printed, with extsvc on PATH.
    const binDir = join(dir, `bin-${n}`);
    mkdirSync(binDir);
    writeFileSync(join(binDir, 'extsvc'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const sh = spawnSync('/bin/sh', ['-c', undo], { encoding: 'utf8', env: { PATH: `${binDir}:${process.env.PATH ?? ''}`, NO_COLOR: '1' } });
    assert.equal(sh.status, 0, sh.stderr);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
  });
});

describe('lint -o', () => {
  it('refuses to write the report over one of its inputs (also through a symlink)', () => {
    const { d, p } = fresh();
    const r = run(['lint', '--no-process-env', '-o', p, p]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^extsvc: -o .*tyk\.conf: that is the input .*tyk\.conf; the report would overwrite it\. Name another file\.\n$/);
    assert.equal(readFileSync(p, 'utf8'), BEFORE);
    const env = join(d, 'tyk.env');
    writeFileSync(env, 'A=1\n');
    const e = run(['lint', '--no-process-env', '--env-file', env, '-o', env, p]);
    assert.equal(e.status, 2);
    assert.equal(readFileSync(env, 'utf8'), 'A=1\n');
  });
});

describe('a signal during the write', () => {
  // A child that replaces a file and is sent SIGTERM at the worst moment: after the temp file is
  // written, before the rename.
  const script = (held: boolean): string => `
    import fs from 'node:fs';
    import { syncBuiltinESMExports } from 'node:module';
    const [atomicUrl, signalsUrl, file] = process.argv.slice(2);
    const { writeAtomic } = await import(atomicUrl);
    const { withSignalsHeld } = await import(signalsUrl);
    const rename = fs.renameSync;
    fs.renameSync = (from, to) => { process.kill(process.pid, 'SIGTERM'); return rename(from, to); };
    syncBuiltinESMExports();
    const go = () => writeAtomic(file, fs.readFileSync(file), Buffer.from('{ "new": true }\\n'));
    ${held ? 'withSignalsHeld(go, (s) => process.stderr.write("held " + s + "\\n"));' : 'go();'}
    setTimeout(() => {}, 2000); // the rest of a run, during which Node hands the signal over
  `;
  function runChild(held: boolean): { d: string; p: string; signal: NodeJS.Signals | null; stderr: string } {
    const { d, p } = fresh('{ "old": true }\n');
    const js = join(d, 'child.mjs');
    writeFileSync(js, script(held));
    const r = spawnSync(process.execPath, [js, pathToFileURL(join(DIST_SRC, 'atomic.js')).href, pathToFileURL(join(DIST_SRC, 'signals.js')).href, p], { encoding: 'utf8' });
    unlinkSync(js);
    return { d, p, signal: r.signal, stderr: r.stderr };
  }

  it('is held until the file is replaced: no temp file left, the process still ends by the signal', () => {
    const control = runChild(false);
    assert.equal(control.signal, 'SIGTERM');
    assert.ok(readdirSync(control.d).some((f) => f.endsWith('.extsvc-tmp')), 'without holding, the temp file is left behind');

    const r = runChild(true);
    assert.equal(r.signal, 'SIGTERM', r.stderr);
    assert.match(r.stderr, /held SIGTERM/);
    assert.deepEqual(readdirSync(r.d), ['tyk.conf'], 'no temp file');
    assert.equal(readFileSync(r.p, 'utf8'), '{ "new": true }\n', 'the write was completed');
  });
});

if (isRoot) {
  describe('as root', () => {
    it('another user\'s file is replaced with owner and group kept', () => {
      const { p, backups } = fresh();
      spawnSync('chown', ['4321:4322', p]);
      const r = run(['migrate', '--write', '--no-process-env', '--backup-dir', backups, p]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual([statSync(p).uid, statSync(p).gid], [4321, 4322]);
    });
  });
}
