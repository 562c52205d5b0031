/**
 * The backup store of `extsvc migrate`: one `<basename>.<ISO time>.<8 hex of sha256(real path)>.bak`
 * (0600) per write, in a 0700 directory, beside a `….bak.json` record of what it needs to come
 * back faithfully: the real path, the mode, owner and group the file had, and the hash of what
 * migrate wrote in its place (so a restore can tell whether the file was edited since).
 *
 * There is no shared index: each backup is its own pair of files, so concurrent writes sharing
 * a directory cannot lose one another's entries, and restore only ever opens names of this form.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { InputError } from '../errors.js';
import {
  codeOf, readFix, resolveLoose, resolveTarget, sameBytes, stage, writeFiles, writeFix, discard, type Keep,
} from './atomic.js';

const BACKUP_NAME = /^(.+)\.(\d{4,}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z)\.([0-9a-f]{8})\.bak$/;
const RECORD = 1;

/** What a backup's record holds. */
export interface BackupRecord {
  record: typeof RECORD;
  /** The real path of the file backed up. */
  path: string;
  mode: number;
  uid: number;
  gid: number;
  /** sha256 (hex) of the backup's bytes. */
  sha256: string;
  /** sha256 (hex) of the bytes written in its place; null when nothing was written (yet). */
  written: string | null;
}

export interface FoundBackup {
  file: string;
  /** Null for a backup made by an extsvc that kept no record. */
  record: BackupRecord | null;
}

function sha256(b: Uint8Array | string): string {
  return createHash('sha256').update(b).digest('hex');
}

function sha8(realPath: string): string {
  return sha256(Buffer.from(realPath, 'utf8')).slice(0, 8);
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

function readMaybe(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** Stores one file of the pair, or checks that an identical one is there already. */
function put(file: string, bytes: Uint8Array): void {
  const existing = readMaybe(file);
  if (existing !== null) {
    if (sameBytes(existing, bytes)) return;
    throw new InputError(`${file}: a different backup with this name already exists; nothing was changed. Run again in a moment.`);
  }
  const s = stage(file, file, bytes, { mode: 0o600 });
  try {
    renameSync(s.tmp, file);
  } catch (e) {
    discard(s);
    const code = codeOf(e);
    throw new InputError(`${file}: cannot store the backup (${code}); nothing was changed. ${writeFix(code)} Or choose another directory with --backup-dir.`);
  }
}

export interface BackupOptions {
  dir: string;
  now: Date;
  /** The bytes that will replace the file (recorded by hash, for restore's check). */
  written: Uint8Array | null;
  /** The mode and owner to record; default: the file's own now. */
  keep?: Required<Keep>;
}

/**
 * Stores `content` (the bytes of `path` now) and its record under `opts.dir` and returns the
 * backup's full path. Deterministic given `opts.now`: the same call twice yields the same files.
 */
export function backup(path: string, content: Uint8Array, opts: BackupOptions): string {
  const real = resolveLoose(path);
  let keep = opts.keep;
  if (keep === undefined) {
    const st = statSync(resolveTarget(path));
    keep = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  }
  const dir = resolve(opts.dir);
  const name = backupName(real, opts.now);
  const file = join(dir, name);
  ensureBackupDir(dir);
  const record: BackupRecord = {
    record: RECORD,
    path: real,
    mode: keep.mode,
    uid: keep.uid,
    gid: keep.gid,
    sha256: sha256(content),
    written: opts.written === null ? null : sha256(opts.written),
  };
  // The record first: a backup without one is treated as an old extsvc's and needs --force.
  put(`${file}.json`, Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8'));
  put(file, content);
  return file;
}

function parseRecord(text: string, real: string): BackupRecord | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object') return null;
  const r = data as Record<string, unknown>;
  const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const hex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
  if (r.record !== RECORD || r.path !== real || !int(r.mode) || r.mode > 0o7777 || !int(r.uid) || !int(r.gid)) return null;
  if (!hex(r.sha256) || !(r.written === null || hex(r.written))) return null;
  return { record: RECORD, path: real, mode: r.mode, uid: r.uid, gid: r.gid, sha256: r.sha256, written: r.written };
}

/** Backups of `path` in `dir`, newest first: only names of the store's own form for this real path. */
export function listBackups(path: string, dir: string): FoundBackup[] {
  const real = resolveLoose(path);
  const d = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(d);
  } catch {
    return [];
  }
  const base = basename(real);
  const hash = sha8(real);
  const out: { file: string; time: string; record: BackupRecord | null }[] = [];
  for (const n of names) {
    const m = BACKUP_NAME.exec(n);
    if (m === null || m[1] !== base || m[3] !== hash) continue;
    const file = join(d, n);
    try {
      if (!statSync(file).isFile()) continue;
    } catch {
      continue;
    }
    const text = readMaybe(`${file}.json`);
    out.push({ file, time: m[2], record: text === null ? null : parseRecord(text.toString('utf8'), real) });
  }
  out.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  return out.map(({ file, record }) => ({ file, record }));
}

/** Full path of the newest backup of `path` in `dir`, or null. */
export function latestBackup(path: string, dir: string): string | null {
  return listBackups(path, dir)[0]?.file ?? null;
}

export interface RestoreResult {
  from: string;
  /** The backup made of the file as it was before the restore (null: there was no file). */
  saved: string | null;
  notes: string[];
}

/**
 * Puts the newest backup of `path` back, atomically, with the mode, owner and group recorded when
 * it was made (also when the file is missing). Refuses, unless `force`, when the file no longer
 * holds what migrate wrote (edits since then would be lost) or the backup has no record; backs
 * up the current file first.
 */
export function restore(path: string, dir: string, opts: { force?: boolean; now: Date }): RestoreResult {
  const found = listBackups(path, dir)[0];
  if (found === undefined) throw new InputError(`no backup of ${path} in ${dir}; backups are made by "extsvc migrate --write"`);
  const bytes = readMaybe(found.file);
  if (bytes === null) throw new InputError(`${found.file}: cannot read the backup; nothing was changed. ${readFix('EACCES')}`);
  const rec = found.record;
  if (rec !== null && sha256(bytes) !== rec.sha256) {
    throw new InputError(`${found.file}: does not match its record (it was changed after it was made); nothing was changed. Restore it by hand if you trust it.`);
  }
  const target = resolveLoose(path);
  let current: Buffer | null = null;
  let currentKeep: Required<Keep> | null = null;
  try {
    const st = statSync(target);
    if (!st.isFile()) throw new InputError(`${path}: ${target} is not a regular file; nothing was changed. Name the tyk.conf file itself.`);
    current = readFileSync(target);
    currentKeep = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = codeOf(e);
    if (code !== 'ENOENT') throw new InputError(`${path}: cannot read ${target} (${code}); nothing was changed. ${readFix(code)}`);
  }
  if (opts.force !== true) {
    if (rec === null) {
      throw new InputError(`${found.file}: made by an older extsvc that kept no record of what it wrote, so later edits to ${path} cannot be detected; nothing was changed. Add --force to restore it anyway (the current file is backed up first).`);
    }
    if (current !== null && rec.written !== null && sha256(current) !== rec.written) {
      throw new InputError(`${path}: changed since extsvc migrate wrote it; restoring ${basename(found.file)} would lose those edits, so nothing was changed. Add --force to restore anyway (the current file is backed up first).`);
    }
  }
  if (current !== null && sameBytes(current, bytes)) return { from: found.file, saved: null, notes: [`${path} already holds this backup's bytes; nothing to do`] };
  const saved = current === null || currentKeep === null ? null : backup(path, current, { dir, now: opts.now, written: bytes, keep: currentKeep });
  const keep: Keep = rec === null ? (currentKeep ?? { mode: 0o600 }) : { mode: rec.mode, uid: rec.uid, gid: rec.gid };
  const { notes } = writeFiles([{ path, expected: current, content: bytes, keep }]);
  return { from: found.file, saved, notes };
}

/** `<user data dir>/backups`, e.g. ~/.local/share/extsvc/backups (env-paths, no suffix). Creates nothing. */
export function defaultBackupDir(): string {
  return join(envPaths('extsvc', { suffix: '' }).data, 'backups');
}
