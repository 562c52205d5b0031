/**
 * The file-safety layer of migrate: atomic replace, symlinks, mode/owner, changed-since-read,
 * failures that leave the original intact (really exercised, also as root), backups and restore.
 * Everything happens under one mkdtemp directory; nothing is written anywhere else.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../src/errors.js';
import { resolveTarget, writeAtomic, writeFiles } from '../src/migrate/atomic.js';
import { backup, defaultBackupDir, latestBackup, listBackups, restore } from '../src/migrate/backup.js';

const MODULE_URL = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'migrate', 'atomic.js')).href;
const OLD = Buffer.from('{\n  "http_proxy": "http://proxy.corp:3128"\n}\n');
const NEW = Buffer.from('{\n  "external_services": {\n    "global": { "enabled": true, "http_proxy": "http://proxy.corp:3128" }\n  }\n}\n');
const isRoot = process.getuid?.() === 0;

let root = '';
let n = 0;
/** A fresh, empty directory under the test's temp dir. */
function fresh(): string {
  const d = join(root, `case-${++n}`);
  mkdirSync(d);
  return d;
}
function mode(p: string): number {
  return statSync(p).mode & 0o7777;
}
function ls(d: string): string[] {
  return readdirSync(d).sort();
}
function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e;
  }
  assert.fail('expected an InputError, nothing was thrown');
}

/**
 * Runs writeAtomic(file, <file's current bytes>, <size bytes of "x">) in a child process and
 * returns what it threw. `shell` wraps the child (e.g. `ulimit -f 1`); `uid` runs it as another user.
 */
interface ChildResult {
  ok: boolean;
  name?: string;
  message?: string;
  stage?: string;
}
const CHILD = `
import { readFileSync } from 'node:fs';
const [url, file, size] = process.argv.slice(2);
let mod;
try { mod = await import(url); } catch (e) { console.log(JSON.stringify({ ok: false, stage: 'import', message: String(e) })); process.exit(0); }
try {
  mod.writeAtomic(file, readFileSync(file), Buffer.alloc(Number(size), 'x'));
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, stage: 'write', name: e.name, message: e.message }));
}
`;
function child(file: string, size: number, opts: { shell?: string; uid?: number }): { result: ChildResult | null; error?: Error } {
  const script = join(root, 'child.mjs');
  if (!existsSync(script)) writeFileSync(script, CHILD, { mode: 0o644 });
  const args = [script, MODULE_URL, file, String(size)];
  const r = opts.shell
    ? spawnSync('/bin/sh', ['-c', `${opts.shell} && exec "$0" "$@"`, process.execPath, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
    : spawnSync(process.execPath, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, uid: opts.uid, gid: opts.uid });
  if (r.error) return { result: null, error: r.error };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { result: JSON.parse(line) as ChildResult };
  } catch {
    return { result: null, error: new Error(`child said: ${r.stdout} ${r.stderr} (status ${r.status}, signal ${r.signal})`) };
  }
}

before(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'extsvc-write-')));
  chmodSync(root, 0o755); // an unprivileged child must be able to reach its files
});
after(() => {
  for (const d of readdirSync(root)) {
    try {
      chmodSync(join(root, d), 0o755);
    } catch {
      // a symlink into /proc or similar: nothing to fix
    }
  }
  rmSync(root, { recursive: true, force: true });
});

describe('writeAtomic', () => {
  it('replaces the file through a new inode and keeps its mode (0640, whatever the umask)', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    chmodSync(f, 0o640);
    const ino = statSync(f).ino;
    const umask = process.umask(0o077); // would turn a plain create with 0640 into 0600
    try {
      writeAtomic(f, OLD, NEW);
    } finally {
      process.umask(umask);
    }
    assert.deepEqual(readFileSync(f), NEW);
    assert.equal(mode(f), 0o640);
    assert.notEqual(statSync(f).ino, ino, 'renamed over, not rewritten in place');
    assert.deepEqual(ls(d), ['tyk.conf'], 'no temp file left');
  });

  it('follows a symlink: the target is rewritten, the link stays a link to it (relative paths too)', () => {
    const d = fresh();
    mkdirSync(join(d, 'real'));
    mkdirSync(join(d, 'etc'));
    const target = join(d, 'real', 'tyk.conf');
    const link = join(d, 'etc', 'tyk.conf');
    writeFileSync(target, OLD);
    chmodSync(target, 0o640);
    symlinkSync('../real/tyk.conf', link);
    assert.equal(resolveTarget(link), target);

    writeAtomic(link, OLD, NEW);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), '../real/tyk.conf');
    assert.deepEqual(readFileSync(target), NEW);
    assert.equal(mode(target), 0o640);
    assert.deepEqual(ls(join(d, 'real')), ['tyk.conf']);
    assert.deepEqual(ls(join(d, 'etc')), ['tyk.conf']);

    const cwd = process.cwd();
    process.chdir(d);
    try {
      assert.equal(resolveTarget(join('etc', 'tyk.conf')), target);
      writeAtomic(join('etc', 'tyk.conf'), NEW, OLD);
    } finally {
      process.chdir(cwd);
    }
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual(readFileSync(target), OLD);
  });

  it('keeps the owner (as root: a file owned by another user stays theirs)', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    if (isRoot) chownSync(f, 4321, 4322);
    const { uid, gid } = statSync(f);
    writeAtomic(f, OLD, NEW);
    assert.equal(statSync(f).uid, uid);
    assert.equal(statSync(f).gid, gid);
    if (isRoot) assert.deepEqual([uid, gid], [4321, 4322]);
  });

  it('refuses a file that changed since it was read, and leaves it untouched', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    const edited = Buffer.from('{ "edited": "by someone else" }\n');
    writeFileSync(f, edited);
    const e = thrown(() => writeAtomic(f, OLD, NEW));
    assert.equal(e.message, `${f}: changed since it was read; run migrate again`);
    assert.deepEqual(readFileSync(f), edited);
    assert.deepEqual(ls(d), ['tyk.conf']);
  });

  it('refuses what is not a regular file, or not there', () => {
    const d = fresh();
    mkdirSync(join(d, 'tyk.conf'));
    assert.match(thrown(() => writeAtomic(join(d, 'tyk.conf'), OLD, NEW)).message, /is not a regular file; nothing was changed/);
    assert.match(thrown(() => writeAtomic(join(d, 'nope.conf'), OLD, NEW)).message, /nope\.conf: no such file \(ENOENT\)/);
    assert.deepEqual(ls(d), ['tyk.conf']);
  });

  it('fails in a read-only directory with InputError; original byte-identical, no temp file', (t) => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    chmodSync(f, 0o644);
    const ino = statSync(f).ino;
    chmodSync(d, 0o555);
    try {
      // Does the mode stop us? Not when we are root (CAP_DAC_OVERRIDE).
      let modeStopsUs = false;
      try {
        writeFileSync(join(d, 'probe'), '');
        unlinkSync(join(d, 'probe'));
      } catch {
        modeStopsUs = true;
      }
      let message: string;
      if (modeStopsUs) {
        t.diagnostic('directory mode 0555 stops this process: calling writeAtomic directly');
        message = thrown(() => writeAtomic(f, OLD, NEW)).message;
      } else {
        // Root: run the same call as an unprivileged user, for whom 0555 does mean read-only.
        const r = child(f, NEW.length, { uid: 65534 });
        if (r.result === null || r.result.stage === 'import') {
          // No way to drop privileges here: use a directory the kernel refuses to everyone.
          t.diagnostic(`cannot run as uid 65534 (${r.error?.message ?? r.result?.message}); using a link into /proc`);
          const link = join(root, `proc-${n}.conf`);
          symlinkSync('/proc/version', link);
          const before = readFileSync('/proc/version');
          message = thrown(() => writeAtomic(link, before, NEW)).message;
          assert.match(message, /cannot write in \/proc \(E[A-Z]+\); nothing was changed\./);
          assert.deepEqual(readFileSync('/proc/version'), before);
          unlinkSync(link);
        } else {
          t.diagnostic('running as root: writeAtomic called in a child process as uid 65534');
          assert.equal(r.result.ok, false, 'the write must fail');
          assert.equal(r.result.name, 'InputError');
          message = r.result.message ?? '';
        }
      }
      if (!message.includes('/proc')) {
        assert.equal(message, `${f}: cannot write in ${d} (EACCES); nothing was changed. Run with a user that can write there.`);
      }
    } finally {
      chmodSync(d, 0o755);
    }
    assert.deepEqual(readFileSync(f), OLD);
    assert.equal(statSync(f).ino, ino);
    assert.deepEqual(ls(d), ['tyk.conf'], 'no temp file left');
  });

  it('fails midway through writing the temp file (EFBIG under ulimit -f): temp removed, original intact', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    const ino = statSync(f).ino;
    // Works as root too: the file size limit applies to everyone. The temp file is created, the
    // first 512 bytes land, the next write fails.
    const r = child(f, 256 * 1024, { shell: 'ulimit -f 1' });
    assert.ok(r.result !== null, r.error?.message);
    assert.equal(r.result.ok, false, 'the write must fail');
    assert.equal(r.result.name, 'InputError');
    assert.equal(
      r.result.message,
      `${f}: cannot write a temporary copy in ${d} (EFBIG); nothing was changed. The file size limit (ulimit -f) is too small; raise it and run again.`,
    );
    assert.deepEqual(readFileSync(f), OLD);
    assert.equal(statSync(f).ino, ino);
    assert.deepEqual(ls(d), ['tyk.conf'], 'no temp file left');
  });
});

describe('backup, latestBackup, restore', () => {
  const NOW = new Date('2024-05-01T12:34:56.789Z');
  const LATER = new Date('2024-05-01T12:35:10.001Z');
  const AFTER = new Date('2024-05-01T12:36:00.000Z');
  const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
  const sha8 = (s: string): string => sha(s).slice(0, 8);
  const record = (bak: string): Record<string, unknown> => JSON.parse(readFileSync(`${bak}.json`, 'utf8')) as Record<string, unknown>;

  it('stores the bytes as <name>.<time>.<hash>.bak (0600) with a record beside it, in a 0700 directory; deterministic', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    chmodSync(f, 0o640);
    const dir = join(d, 'data', 'backups');
    const got = backup(f, OLD, { dir, now: NOW, written: NEW });
    const name = `tyk.conf.2024-05-01T12-34-56.789Z.${sha8(f)}.bak`;
    assert.equal(got, join(dir, name));
    assert.deepEqual(readFileSync(got), OLD);
    assert.equal(mode(got), 0o600);
    assert.equal(mode(`${got}.json`), 0o600);
    assert.equal(mode(dir), 0o700);
    const st = statSync(f);
    assert.deepEqual(record(got), { record: 1, path: f, mode: 0o640, uid: st.uid, gid: st.gid, sha256: sha(OLD), written: sha(NEW) });
    assert.deepEqual(ls(dir), [name, `${name}.json`], 'no index, no temp files');

    assert.equal(backup(f, OLD, { dir, now: NOW, written: NEW }), got, 'same now, same bytes: same backup');
    assert.deepEqual(ls(dir), [name, `${name}.json`]);
    assert.match(thrown(() => backup(f, NEW, { dir, now: NOW, written: OLD })).message, /a different backup with this name already exists; nothing was changed/);
    assert.deepEqual(readFileSync(got), OLD);
    assert.deepEqual(readFileSync(f), OLD, 'backup never touches the file itself');
  });

  it('round trip through a symlink: backup, write, latestBackup, restore (mode kept, link kept)', () => {
    const d = fresh();
    const target = join(d, 'tyk.conf');
    const link = join(d, 'link.conf');
    writeFileSync(target, OLD);
    chmodSync(target, 0o640);
    symlinkSync('tyk.conf', link);
    const dir = join(d, 'backups');

    const b = backup(link, readFileSync(link), { dir, now: NOW, written: NEW });
    assert.ok(b.startsWith(join(dir, 'tyk.conf.')), 'named after the real file');
    assert.equal(record(b).path, target, 'recorded by real path');
    writeAtomic(link, OLD, NEW);
    assert.equal(latestBackup(link, dir), b);
    assert.equal(latestBackup(target, dir), b, 'the link and its target share backups');

    const r = restore(link, dir, { now: LATER });
    assert.equal(r.from, b);
    assert.ok(r.saved !== null && r.saved.startsWith(join(dir, 'tyk.conf.2024-05-01T12-35-10.001Z')), 'the current file is backed up first');
    assert.deepEqual(readFileSync(r.saved), NEW);
    assert.deepEqual(readFileSync(target), OLD);
    assert.equal(mode(target), 0o640);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual(ls(d), ['backups', 'link.conf', 'tyk.conf']);
  });

  it('two backups in a row: restore takes the newest, and a restore can itself be undone', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    const dir = join(d, 'backups');
    const V2 = Buffer.from('{ "v": 2 }\n');
    writeFileSync(f, OLD);
    const first = backup(f, OLD, { dir, now: NOW, written: V2 });
    writeAtomic(f, OLD, V2);
    const second = backup(f, V2, { dir, now: LATER, written: NEW });
    writeAtomic(f, V2, NEW);
    assert.notEqual(first, second);
    assert.deepEqual(listBackups(f, dir).map((b) => b.file), [second, first], 'newest first');
    assert.equal(restore(f, dir, { now: AFTER }).from, second);
    assert.deepEqual(readFileSync(f), V2);
    // The newest backup is now the file as it was before the restore: restoring again undoes it.
    restore(f, dir, { now: new Date('2024-05-01T12:37:00.000Z') });
    assert.deepEqual(readFileSync(f), NEW);
  });

  it('keeps other files apart, by name alone (no shared index to lose entries)', () => {
    const d = fresh();
    const a = join(d, 'a.conf');
    const b = join(d, 'b.conf');
    const dir = join(d, 'backups');
    writeFileSync(a, 'A');
    writeFileSync(b, 'B');
    const ba = backup(a, Buffer.from('A'), { dir, now: NOW, written: null });
    const bb = backup(b, Buffer.from('B'), { dir, now: LATER, written: null });
    assert.equal(latestBackup(a, dir), ba);
    assert.equal(latestBackup(b, dir), bb);
  });

  it('concurrent writes sharing a backup directory: restore finds each newest backup (20 processes at once)', async () => {
    const d = fresh();
    const dir = join(d, 'backups');
    const script = join(d, 'many.mjs');
    writeFileSync(script, `
      import { readFileSync } from 'node:fs';
      const [url, file, dir] = process.argv.slice(2);
      const m = await import(url);
      m.backup(file, readFileSync(file), { dir, now: new Date(), written: Buffer.from('new') });
    `);
    const { spawn } = await import('node:child_process');
    const url = MODULE_URL.replace(/atomic\.js$/, 'backup.js');
    const files = Array.from({ length: 20 }, (_, i) => join(d, `t${i}.conf`));
    // Each file has an older backup already; the concurrent ones are newer and must win.
    for (const f of files) {
      writeFileSync(f, 'old');
      backup(f, Buffer.from('old'), { dir, now: NOW, written: null });
      writeFileSync(f, f);
    }
    await Promise.all(files.map((f) => new Promise<void>((res, rej) => {
      const c = spawn(process.execPath, [script, url, f, dir], { stdio: 'inherit' });
      c.on('exit', (code) => (code === 0 ? res() : rej(new Error(`child exit ${code}`))));
    })));
    for (const f of files) {
      const got = latestBackup(f, dir);
      assert.ok(got !== null, `backup of ${f} found`);
      assert.deepEqual(readFileSync(got, 'utf8'), f);
    }
  });

  it('only names of the store\'s own form are ever opened: a stray index.json or a planted name is ignored', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    const dir = join(d, 'backups');
    mkdirSync(dir);
    // What an older extsvc, or someone with write access to the directory, might leave there.
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ [f]: ['index.json', '../../etc/passwd'] }));
    writeFileSync(join(dir, `tyk.conf.2024-05-01T12-34-56.789Z.00000000.bak`), 'another file\'s backup');
    assert.equal(latestBackup(f, dir), null);
    assert.match(thrown(() => restore(f, dir, { now: NOW })).message, /^no backup of /);
    assert.deepEqual(readFileSync(f), OLD);
  });

  it('refuses to restore over edits made since migrate wrote the file (--force restores, after a backup)', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    const dir = join(d, 'backups');
    writeFileSync(f, OLD);
    const b = backup(f, OLD, { dir, now: NOW, written: NEW });
    writeAtomic(f, OLD, NEW);
    const edited = Buffer.from('{ "edited": "after the migration" }\n');
    writeFileSync(f, edited);
    const e = thrown(() => restore(f, dir, { now: LATER }));
    assert.equal(e.message, `${f}: changed since extsvc migrate wrote it; restoring ${b.slice(dir.length + 1)} would lose those edits, so nothing was changed. Add --force to restore anyway (the current file is backed up first).`);
    assert.deepEqual(readFileSync(f), edited);
    assert.equal(listBackups(f, dir).length, 1, 'no backup made by a refused restore');

    const r = restore(f, dir, { now: LATER, force: true });
    assert.deepEqual(readFileSync(f), OLD);
    assert.ok(r.saved !== null);
    assert.deepEqual(readFileSync(r.saved), edited, 'the edits are kept in a backup');
  });

  it('a backup without a record (an older extsvc) needs --force; a tampered backup is refused', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    const dir = join(d, 'backups');
    writeFileSync(f, NEW);
    const b = backup(f, OLD, { dir, now: NOW, written: NEW });
    unlinkSync(`${b}.json`);
    assert.match(thrown(() => restore(f, dir, { now: LATER })).message, /made by an older extsvc that kept no record .*Add --force/);
    assert.deepEqual(readFileSync(f), NEW);
    restore(f, dir, { now: LATER, force: true });
    assert.deepEqual(readFileSync(f), OLD);

    const d2 = fresh();
    const g = join(d2, 'tyk.conf');
    writeFileSync(g, NEW);
    const b2 = backup(g, OLD, { dir, now: NOW, written: NEW });
    writeFileSync(b2, 'tampered');
    assert.match(thrown(() => restore(g, dir, { now: LATER, force: true })).message, /does not match its record/);
    assert.deepEqual(readFileSync(g), NEW);
  });

  it('restore with no backup: InputError, nothing written, no directory created', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    const dir = join(d, 'backups');
    assert.equal(latestBackup(f, dir), null);
    assert.equal(thrown(() => restore(f, dir, { now: NOW })).message, `no backup of ${f} in ${dir}; backups are made by "extsvc migrate --write"`);
    assert.deepEqual(readFileSync(f), OLD);
    assert.deepEqual(ls(d), ['tyk.conf']);
  });

  it('restore recreates a deleted file with the mode (and owner) recorded at backup time, not 0644', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    const dir = join(d, 'backups');
    writeFileSync(f, OLD);
    chmodSync(f, 0o600);
    if (isRoot) chownSync(f, 4321, 4322);
    backup(f, OLD, { dir, now: NOW, written: NEW });
    unlinkSync(f);
    const r = restore(f, dir, { now: LATER });
    assert.equal(r.saved, null, 'nothing to back up');
    assert.deepEqual(readFileSync(f), OLD);
    assert.equal(mode(f), 0o600);
    if (isRoot) assert.deepEqual([statSync(f).uid, statSync(f).gid], [4321, 4322]);
    assert.deepEqual(ls(d), ['backups', 'tyk.conf']);
  });
});

describe('writeFiles: several files, all or none', () => {
  it('a rename that fails halfway puts back the files already replaced, and says nothing was changed', (t) => {
    const d = fresh();
    const a = join(d, 'tyk.conf');
    writeFileSync(a, OLD);
    mkdirSync(join(d, 'env'));
    const b = join(d, 'env', 'tyk.env');
    writeFileSync(b, 'A=1\n');
    const bBytes = readFileSync(b);
    // The second rename fails as on a read-only mount (EROFS), after the first file was replaced.
    const plan = [
      { path: a, expected: OLD, content: NEW },
      { path: b, expected: bBytes, content: Buffer.from('B=2\n') },
    ];
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import fs from 'node:fs';
      const orig = fs.renameSync;
      const m = await import(${JSON.stringify(MODULE_URL)});
      const { syncBuiltinESMExports } = await import('node:module');
      fs.renameSync = (from, to) => { if (to === ${JSON.stringify(b)}) { const e = new Error('read-only'); e.code = 'EROFS'; throw e; } return orig(from, to); };
      syncBuiltinESMExports();
      try {
        m.writeFiles(${JSON.stringify(plan.map((p) => ({ path: p.path, expected: [...p.expected], content: [...p.content] })))}.map((p) => ({ ...p, expected: Buffer.from(p.expected), content: Buffer.from(p.content) })));
        console.log('no error');
      } catch (e) { console.log(e.message); }
    `], { encoding: 'utf8' });
    t.diagnostic(r.stderr);
    assert.equal(r.stdout.trim(), `${b}: cannot replace ${b} (EROFS); nothing was changed. The file system is read-only; change the file where it comes from (image, ConfigMap, volume) or migrate a copy.`);
    assert.deepEqual(readFileSync(a), OLD, 'the first file was put back');
    assert.deepEqual(readFileSync(b), bBytes);
    assert.deepEqual(ls(d), ['env', 'tyk.conf'], 'no temp file left');
    assert.deepEqual(ls(join(d, 'env')), ['tyk.env']);
  });

  it('a second file that cannot be staged stops the write before anything is renamed', () => {
    const d = fresh();
    const a = join(d, 'tyk.conf');
    writeFileSync(a, OLD);
    const link = join(d, 'proc.env');
    symlinkSync('/proc/version', link);
    const before = readFileSync('/proc/version');
    const e = thrown(() => writeFiles([{ path: a, expected: OLD, content: NEW }, { path: link, expected: before, content: Buffer.from('x') }]));
    assert.match(e.message, /cannot write in \/proc \(E[A-Z]+\); nothing was changed\./);
    assert.deepEqual(readFileSync(a), OLD);
    assert.deepEqual(ls(d), ['proc.env', 'tyk.conf']);
  });

  it('says when a hard link is split by the rename', () => {
    const d = fresh();
    const a = join(d, 'tyk.conf');
    writeFileSync(a, OLD);
    const other = join(d, 'other-name.conf');
    linkSync(a, other);
    const { notes } = writeAtomic(a, OLD, NEW);
    assert.deepEqual(notes, [`${a}: had 2 hard links; the others still show the old content (the rename gives this name a new file)`]);
    assert.deepEqual(readFileSync(other), OLD);
  });

  it('as a non-root member of the file\'s group, the group is kept (fchown(-1, gid)) and the owner change is said', (t) => {
    if (!isRoot) {
      t.skip('needs root to set up a file owned by another user');
      return;
    }
    // A setgid directory of group 4444: a new file there gets group 4444 unless it is set back.
    const d = fresh();
    chownSync(d, 0, 4444);
    chmodSync(d, 0o2777);
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    chownSync(f, 4321, 65534); // someone else's file, in the group the writer (65534) is in
    chmodSync(f, 0o664);
    const r = child(f, 4, { uid: 65534 });
    if (r.result === null) {
      t.skip(`cannot run as uid 65534: ${r.error?.message}`);
      return;
    }
    assert.equal(r.result.ok, true, r.result.message);
    assert.deepEqual([statSync(f).gid, mode(f)], [65534, 0o664], 'group and mode kept');
    assert.equal(statSync(f).uid, 65534, 'only root can keep the owner');
  });
});

describe('defaultBackupDir', () => {
  it('is <env-paths data dir for "extsvc", no suffix>/backups and creates nothing', () => {
    const d = fresh();
    const saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = d;
    try {
      const got = defaultBackupDir();
      assert.ok(got.endsWith(join('extsvc', 'backups')), got);
      if (process.platform === 'linux') assert.equal(got, join(d, 'extsvc', 'backups'));
      assert.equal(existsSync(got), false);
      assert.deepEqual(ls(d), []);
    } finally {
      if (saved === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = saved;
    }
  });
});
