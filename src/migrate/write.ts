/**
 * The file-safety layer of `extsvc migrate --write` / `--restore`: atomic replace (temp file in
 * the same directory, fsync, rename, directory fsync), symlinks followed to their target, mode and
 * (best effort) owner kept, refusal when the file changed since it was read, and timestamped
 * backups with an index. Synchronous node:fs only. Every failure is an InputError of one line that
 * names the file, what failed and what to do; whenever one is thrown, the file being written is
 * exactly as it was.
 */
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { InputError } from '../errors.js';

/** What a replaced file keeps: permission bits and, where allowed, its owner. */
interface Keep {
  mode: number;
  uid?: number;
  gid?: number;
}

const INDEX = 'index.json';
const BACKUP_NAME = /^(.+)\.(\d{4,}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z)\.([0-9a-f]{8})\.bak$/;

function codeOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return e instanceof Error ? e.message : String(e);
}

/** What the user can do about a failed write, by errno. */
function writeFix(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'Run with a user that can write there.';
    case 'EROFS':
      return 'The file system is read-only; change the file where it comes from (image, ConfigMap, volume) or migrate a copy.';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'Free some disk space there and run again.';
    case 'EFBIG':
      return 'The file size limit (ulimit -f) is too small; raise it and run again.';
    default:
      return 'Fix that and run again.';
  }
}

function readFix(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'Check the path.';
    case 'EACCES':
    case 'EPERM':
      return 'Run with a user that can read and write it.';
    case 'ELOOP':
      return 'Fix the symbolic link.';
    default:
      return 'Fix that and run again.';
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

function changedSinceRead(path: string): InputError {
  return new InputError(`${path}: changed since it was read; run migrate again`);
}

/**
 * The real file behind `path` (relative to process.cwd()), with every symbolic link followed, so a
 * symlinked tyk.conf is rewritten at its target and the link stays a link.
 */
export function resolveTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch (e) {
    const code = codeOf(e);
    const what = code === 'ENOENT' ? 'no such file' : code === 'ELOOP' ? 'too many symbolic links' : 'cannot resolve it';
    throw new InputError(`${path}: ${what} (${code}); nothing was changed. ${readFix(code)}`);
  }
}

/** Like resolveTarget, but a missing file (or a dangling link) still names where it would be: restore may recreate it. */
function resolveLoose(path: string, depth = 0): string {
  try {
    return realpathSync(path);
  } catch (e) {
    if (codeOf(e) !== 'ENOENT' || depth > 40) return resolveTarget(path);
  }
  const abs = resolve(path);
  let link: string | null = null;
  try {
    link = readlinkSync(abs);
  } catch {
    link = null; // not a link, or not there at all
  }
  if (link !== null) return resolveLoose(resolve(dirname(abs), link), depth + 1);
  return join(resolveLoose(dirname(abs), depth + 1), basename(abs));
}

function statRegular(path: string, target: string): Stats {
  let st: Stats;
  try {
    st = statSync(target);
  } catch (e) {
    const code = codeOf(e);
    throw new InputError(`${path}: cannot stat ${target} (${code}); nothing was changed. ${readFix(code)}`);
  }
  if (!st.isFile()) throw new InputError(`${path}: ${target} is not a regular file; nothing was changed. Name the tyk.conf file itself.`);
  return st;
}

function readTarget(path: string, target: string): Buffer {
  try {
    return readFileSync(target);
  } catch (e) {
    const code = codeOf(e);
    throw new InputError(`${path}: cannot read ${target} (${code}); nothing was changed. ${readFix(code)}`);
  }
}

function writeAll(fd: number, content: Uint8Array): void {
  let off = 0;
  while (off < content.byteLength) off += writeSync(fd, content, off, content.byteLength - off);
}

/** Best effort: some file systems cannot fsync a directory; the rename has happened by then either way. */
function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // durability of the rename only; the file is already replaced, so this is not a failure to report
  } finally {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // nothing to do
      }
    }
  }
}

function createTemp(path: string, target: string, mode: number): { fd: number; tmp: string } {
  const dir = dirname(target);
  const base = basename(target).slice(0, 180);
  for (let attempt = 0; ; attempt++) {
    const tmp = join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.extsvc-tmp`);
    try {
      return { fd: openSync(tmp, 'wx', mode), tmp };
    } catch (e) {
      const code = codeOf(e);
      if (code === 'EEXIST' && attempt < 8) continue;
      throw new InputError(`${path}: cannot write in ${dir} (${code}); nothing was changed. ${writeFix(code)}`);
    }
  }
}

/**
 * Replaces `target` by `content`: temp file in the same directory (exclusive create), owner and
 * mode set on it, fsync, `beforeRename` (a last check), rename, directory fsync. On any failure
 * before the rename the temp file is removed and `target` is untouched. `keep` null: a new file
 * with the default mode (0666 less the umask).
 */
function replace(path: string, target: string, content: Uint8Array, keep: Keep | null, beforeRename?: () => void): void {
  const dir = dirname(target);
  const { fd, tmp } = createTemp(path, target, keep?.mode ?? 0o666);
  let open = true;
  let step = 'write';
  try {
    writeAll(fd, content);
    if (keep !== null) {
      if (keep.uid !== undefined && keep.gid !== undefined) {
        try {
          fchownSync(fd, keep.uid, keep.gid); // before fchmod: a chown may clear set-id bits
        } catch {
          // best effort: only root (or a member of the group) may give the file away
        }
      }
      step = 'chmod';
      fchmodSync(fd, keep.mode); // openSync's mode went through the umask
    }
    step = 'fsync';
    fsyncSync(fd);
    step = 'close';
    open = false;
    closeSync(fd);
    beforeRename?.();
    step = 'rename';
    renameSync(tmp, target);
  } catch (e) {
    if (open) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the unlink below is what matters
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // gone already, or cannot be removed: nothing more we can do
    }
    if (e instanceof InputError) throw e;
    const code = codeOf(e);
    const what = step === 'rename' ? `cannot replace ${target}` : `cannot ${step} a temporary copy in ${dir}`;
    throw new InputError(`${path}: ${what} (${code}); nothing was changed. ${writeFix(code)}`);
  }
  syncDir(dir);
}

/**
 * Writes `content` over the real target of `path`, atomically, if the target still holds exactly
 * `expected` (checked before starting and again just before the rename). Keeps the mode, and the
 * owner where the process may (root). InputError, with the target untouched, on any failure.
 */
export function writeAtomic(path: string, expected: Uint8Array, content: Uint8Array): void {
  const target = resolveTarget(path);
  const st = statRegular(path, target);
  const unchanged = (): void => {
    if (!sameBytes(readTarget(path, target), expected)) throw changedSinceRead(path);
  };
  unchanged();
  replace(path, target, content, { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid }, unchanged);
}

function sha8(realPath: string): string {
  return createHash('sha256').update(realPath, 'utf8').digest('hex').slice(0, 8);
}

/** `<basename>.<ISO time, ':' → '-'>.<8 hex of sha256(real path)>.bak` */
function backupName(realPath: string, now: Date): string {
  return `${basename(realPath)}.${now.toISOString().replace(/:/g, '-')}.${sha8(realPath)}.bak`;
}

function ensureBackupDir(dir: string): void {
  try {
    const made = mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (made !== undefined) chmodSync(dir, 0o700); // the umask may have taken bits we did not mean to give
  } catch (e) {
    const code = codeOf(e);
    throw new InputError(`${dir}: cannot create the backup directory (${code}); nothing was changed. ${writeFix(code)} Or choose another with --backup-dir.`);
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A name the index may point at: a plain file name inside the backup directory, nothing else. */
function plainName(n: string): boolean {
  return n !== '' && n !== '.' && n !== '..' && !n.includes('/') && !n.includes('\\') && !n.includes('\0');
}

function readIndex(dir: string): Map<string, string[]> {
  const file = join(dir, INDEX);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = codeOf(e);
    if (code === 'ENOENT') return new Map();
    throw new InputError(`${file}: cannot read the backup index (${code}). ${readFix(code)}`);
  }
  const bad = (why: string): InputError =>
    new InputError(`${file}: not a valid backup index (${why}); move it away and run again (the .bak files next to it are kept).`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw bad((e as Error).message);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw bad('expected an object of file → backup names');
  const out = new Map<string, string[]>();
  for (const [key, names] of Object.entries(data)) {
    if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string' && plainName(n))) {
      throw bad(`the entry for ${JSON.stringify(key)} is not a list of file names`);
    }
    out.set(key, names);
  }
  return out;
}

function writeIndex(dir: string, index: Map<string, string[]>): void {
  const file = join(dir, INDEX);
  const text = `${JSON.stringify(Object.fromEntries(index), null, 2)}\n`;
  replace(file, file, Buffer.from(text, 'utf8'), { mode: 0o600 });
}

/**
 * Stores `content` (the original bytes of `path`) under `opts.dir` (created 0700) as
 * `<basename>.<timestamp>.<hash>.bak` (0600), appends it to `dir/index.json` (newest last, written
 * atomically) and returns the backup's full path. Deterministic given `opts.now`: the same call
 * twice yields the same file and one index entry.
 */
export function backup(path: string, content: Uint8Array, opts: { dir: string; now: Date }): string {
  const real = resolveTarget(path);
  const dir = resolve(opts.dir);
  const name = backupName(real, opts.now);
  const file = join(dir, name);
  ensureBackupDir(dir);
  let existing: Buffer | null = null;
  try {
    existing = readFileSync(file);
  } catch {
    existing = null;
  }
  if (existing === null) {
    replace(file, file, content, { mode: 0o600 });
  } else if (!sameBytes(existing, content)) {
    throw new InputError(`${file}: a different backup with this name already exists; nothing was changed. Run again in a moment.`);
  }
  const index = readIndex(dir);
  const names = index.get(real) ?? [];
  if (names[names.length - 1] !== name) {
    index.set(real, [...names.filter((n) => n !== name), name]);
    writeIndex(dir, index);
  }
  return file;
}

/** Backups of `real` found by name alone (when the index has none), oldest first. */
function scanBackups(dir: string, real: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const base = basename(real);
  const hash = sha8(real);
  return names
    .filter((n) => {
      const m = BACKUP_NAME.exec(n);
      return m !== null && m[1] === base && m[3] === hash;
    })
    .sort();
}

/** Full path of the newest backup of `path` in `dir` (per the index, else by name), or null. */
export function latestBackup(path: string, dir: string): string | null {
  const real = resolveLoose(path);
  const d = resolve(dir);
  const listed = readIndex(d).get(real) ?? [];
  for (const names of [listed, scanBackups(d, real)]) {
    for (let i = names.length - 1; i >= 0; i--) {
      const f = join(d, names[i]);
      if (isFile(f)) return f;
    }
  }
  return null;
}

/**
 * Puts the newest backup of `path` back, atomically, keeping the current file's mode and owner
 * (a missing file is recreated). No changed-since-read check: restoring is explicit.
 */
export function restore(path: string, dir: string): { from: string } {
  const from = latestBackup(path, dir);
  if (from === null) throw new InputError(`no backup of ${path} in ${dir}; backups are made by "extsvc migrate --write"`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(from);
  } catch (e) {
    const code = codeOf(e);
    throw new InputError(`${from}: cannot read the backup (${code}); nothing was changed. ${readFix(code)}`);
  }
  const target = resolveLoose(path);
  let keep: Keep | null = null;
  try {
    const st = statSync(target);
    if (!st.isFile()) throw new InputError(`${path}: ${target} is not a regular file; nothing was changed. Name the tyk.conf file itself.`);
    keep = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = codeOf(e);
    if (code !== 'ENOENT') throw new InputError(`${path}: cannot stat ${target} (${code}); nothing was changed. ${readFix(code)}`);
  }
  replace(path, target, bytes, keep);
  return { from };
}

/** `<user data dir>/backups`, e.g. ~/.local/share/extsvc/backups (env-paths, no suffix). Creates nothing. */
export function defaultBackupDir(): string {
  return join(envPaths('extsvc', { suffix: '' }).data, 'backups');
}
