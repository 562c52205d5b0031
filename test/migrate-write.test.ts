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
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../src/errors.js';
import { backup, defaultBackupDir, latestBackup, resolveTarget, restore, writeAtomic } from '../src/migrate/write.js';

const MODULE_URL = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'migrate', 'write.js')).href;
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
  const sha8 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 8);

  it('stores the bytes as <name>.<time>.<hash>.bak (0600) in a 0700 directory, indexed; deterministic', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    const dir = join(d, 'data', 'backups');
    const got = backup(f, OLD, { dir, now: NOW });
    const name = `tyk.conf.2024-05-01T12-34-56.789Z.${sha8(f)}.bak`;
    assert.equal(got, join(dir, name));
    assert.deepEqual(readFileSync(got), OLD);
    assert.equal(mode(got), 0o600);
    assert.equal(mode(dir), 0o700);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')), { [f]: [name] });
    assert.equal(mode(join(dir, 'index.json')), 0o600);
    assert.deepEqual(ls(dir), ['index.json', name], 'no temp files');

    assert.equal(backup(f, OLD, { dir, now: NOW }), got, 'same now, same bytes: same backup');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')), { [f]: [name] }, 'not listed twice');
    assert.match(thrown(() => backup(f, NEW, { dir, now: NOW })).message, /a different backup with this name already exists; nothing was changed/);
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

    const b = backup(link, readFileSync(link), { dir, now: NOW });
    assert.ok(b.startsWith(join(dir, 'tyk.conf.')), 'named after the real file');
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))), [target], 'indexed by real path');
    writeAtomic(link, OLD, NEW);
    assert.equal(latestBackup(link, dir), b);
    assert.equal(latestBackup(target, dir), b, 'the link and its target share backups');

    assert.deepEqual(restore(link, dir), { from: b });
    assert.deepEqual(readFileSync(target), OLD);
    assert.equal(mode(target), 0o640);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual(ls(d), ['backups', 'link.conf', 'tyk.conf']);
  });

  it('two backups in a row: restore takes the newest', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    const dir = join(d, 'backups');
    const V2 = Buffer.from('{ "v": 2 }\n');
    writeFileSync(f, OLD);
    const first = backup(f, OLD, { dir, now: NOW });
    writeAtomic(f, OLD, V2);
    const second = backup(f, V2, { dir, now: LATER });
    writeAtomic(f, V2, NEW);
    assert.notEqual(first, second);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))[f], [relative(dir, first), relative(dir, second)]);
    assert.equal(latestBackup(f, dir), second);
    assert.deepEqual(restore(f, dir), { from: second });
    assert.deepEqual(readFileSync(f), V2);
  });

  it('keeps other files apart in one index, and finds backups by name when the index is gone', () => {
    const d = fresh();
    const a = join(d, 'a.conf');
    const b = join(d, 'b.conf');
    const dir = join(d, 'backups');
    writeFileSync(a, 'A');
    writeFileSync(b, 'B');
    const ba = backup(a, Buffer.from('A'), { dir, now: NOW });
    const bb = backup(b, Buffer.from('B'), { dir, now: LATER });
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))).sort(), [a, b]);
    assert.equal(latestBackup(a, dir), ba);
    assert.equal(latestBackup(b, dir), bb);
    unlinkSync(join(dir, 'index.json'));
    assert.equal(latestBackup(a, dir), ba);
    assert.equal(latestBackup(b, dir), bb);
  });

  it('a broken index is an InputError, not a guess', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    mkdirSync(join(d, 'backups'));
    writeFileSync(join(d, 'backups', 'index.json'), '{ "x": ["../../etc/passwd"] }');
    assert.match(thrown(() => latestBackup(f, join(d, 'backups'))).message, /index\.json: not a valid backup index/);
    assert.match(thrown(() => backup(f, OLD, { dir: join(d, 'backups'), now: NOW })).message, /not a valid backup index/);
  });

  it('restore with no backup: InputError, nothing written, no directory created', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    writeFileSync(f, OLD);
    const dir = join(d, 'backups');
    assert.equal(latestBackup(f, dir), null);
    assert.equal(thrown(() => restore(f, dir)).message, `no backup of ${f} in ${dir}; backups are made by "extsvc migrate --write"`);
    assert.deepEqual(readFileSync(f), OLD);
    assert.deepEqual(ls(d), ['tyk.conf']);
  });

  it('restore recreates a file that was deleted', () => {
    const d = fresh();
    const f = join(d, 'tyk.conf');
    const dir = join(d, 'backups');
    writeFileSync(f, OLD);
    backup(f, OLD, { dir, now: NOW });
    unlinkSync(f);
    restore(f, dir);
    assert.deepEqual(readFileSync(f), OLD);
    assert.deepEqual(ls(d), ['backups', 'tyk.conf']);
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
