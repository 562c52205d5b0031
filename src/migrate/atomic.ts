/**
 * Atomic replacement of the files `extsvc migrate --write` / `--restore` change: a temp file in the
 * same directory (exclusive create), owner and mode set on it, fsync, a last check, rename,
 * directory fsync. Several files are written all or none: every temp file is made and synced
 * before the first rename, and a failed rename puts back the files already renamed.
 *
 * Synchronous node:fs only. Every failure is an InputError of one line that names the file, what
 * failed and what to do, and says truthfully what was changed (nothing, in every case but a
 * failed roll-back).
 */
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** What a replaced file keeps: permission bits and, where allowed, its owner and group. */
export interface Keep {
  mode: number;
  uid?: number;
  gid?: number;
}

export function codeOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return e instanceof Error ? e.message : String(e);
}

/** What the user can do about a failed write, by errno. */
export function writeFix(code: string): string {
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

export function readFix(code: string): string {
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

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
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
export function resolveLoose(path: string, depth = 0): string {
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

export function notRegular(path: string, target: string): InputError {
  return new InputError(`${path}: ${target === path ? 'this' : target} is not a regular file; nothing was changed. Name the tyk.conf file itself (migrate cannot replace a pipe, device or directory).`);
}

export function statRegular(path: string, target: string): Stats {
  let st: Stats;
  try {
    st = statSync(target);
  } catch (e) {
    const code = codeOf(e);
    throw new InputError(`${path}: cannot stat ${target} (${code}); nothing was changed. ${readFix(code)}`);
  }
  if (!st.isFile()) throw notRegular(path, target);
  return st;
}

export function readTarget(path: string, target: string): Buffer {
  try {
    return readFileSync(target);
  } catch (e) {
    const code = codeOf(e);
    throw new InputError(`${path}: cannot read ${target} (${code}); nothing was changed. ${readFix(code)}`);
  }
}

/** The uid/gid this process acts as, or null where the platform has none. */
function identity(): { uid: number; groups: number[] } | null {
  if (typeof process.geteuid !== 'function' || typeof process.getegid !== 'function') return null;
  const groups = typeof process.getgroups === 'function' ? process.getgroups() : [];
  return { uid: process.geteuid(), groups: [process.getegid(), ...groups] };
}

/**
 * Why replacing this file would do something its permissions say not to, or null. A rename only
 * needs the directory to be writable, so a read-only file (0444) or someone else's file would be
 * replaced silently, and as a non-root user the new file would be ours, not its owner's.
 */
export function replaceRefusal(st: Stats): string | null {
  const me = identity();
  if (me === null) return null;
  if ((st.mode & 0o222) === 0) return `it is read-only (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`;
  if (me.uid === 0) return null; // root keeps owner and group below
  if (st.uid !== me.uid) return `it belongs to user ${st.uid}, and a non-root rewrite would make it yours`;
  if ((st.mode & 0o200) === 0) return `its owner may not write it (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return null;
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

/** Temp files not yet renamed or removed: what a signal handler must clean up. */
const live = new Set<string>();

/** Removes every temp file still on disk (for a signal handler); returns how many it removed. */
export function removeLiveTemps(): number {
  let n = 0;
  for (const tmp of live) {
    try {
      unlinkSync(tmp);
      n++;
    } catch {
      // gone already
    }
    live.delete(tmp);
  }
  return n;
}

function removeTemp(tmp: string): void {
  try {
    unlinkSync(tmp);
  } catch {
    // gone already, or cannot be removed: nothing more we can do
  }
  live.delete(tmp);
}

function createTemp(path: string, target: string, mode: number): { fd: number; tmp: string } {
  const dir = dirname(target);
  const base = basename(target).slice(0, 180);
  for (let attempt = 0; ; attempt++) {
    const tmp = join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.extsvc-tmp`);
    try {
      const fd = openSync(tmp, 'wx', mode);
      live.add(tmp);
      return { fd, tmp };
    } catch (e) {
      const code = codeOf(e);
      if (code === 'EEXIST' && attempt < 8) continue;
      throw new InputError(`${path}: cannot write in ${dir} (${code}); nothing was changed. ${writeFix(code)}`);
    }
  }
}

/**
 * Owner and group onto an open file: both (root), else the group alone (a member of the file's
 * group may keep it), else a note saying what the new file lost.
 */
function keepOwner(fd: number, path: string, keep: Keep): string | null {
  if (keep.uid === undefined || keep.gid === undefined) return null;
  try {
    fchownSync(fd, keep.uid, keep.gid); // before fchmod: a chown may clear set-id bits
    return null;
  } catch {
    // only root may give the file away; a member of the group may still keep the group
  }
  try {
    fchownSync(fd, -1, keep.gid);
  } catch {
    return `${path}: could not keep group ${keep.gid} (this user is not in it); the file now has this user's group, so a gateway that reads it through its group may no longer be able to. Fix with: chgrp ${keep.gid} ${path}`;
  }
  const me = identity();
  if (me !== null && me.uid !== keep.uid) return `${path}: owner changed from user ${keep.uid} to ${me.uid} (only root can keep it); the group was kept`;
  return null;
}

/** One file ready to be renamed into place. */
export interface Staged {
  path: string;
  target: string;
  tmp: string;
  notes: string[];
}

/**
 * Writes `content` to a synced temp file beside `target`, with `keep`'s mode and owner (null: a
 * new file with the default mode, 0666 less the umask). InputError, with the temp file removed,
 * on any failure.
 */
export function stage(path: string, target: string, content: Uint8Array, keep: Keep | null): Staged {
  const dir = dirname(target);
  const { fd, tmp } = createTemp(path, target, keep?.mode ?? 0o666);
  let open = true;
  let step = 'write';
  const notes: string[] = [];
  try {
    writeAll(fd, content);
    if (keep !== null) {
      const note = keepOwner(fd, path, keep);
      if (note !== null) notes.push(note);
      step = 'chmod';
      fchmodSync(fd, keep.mode); // openSync's mode went through the umask
    }
    step = 'fsync';
    fsyncSync(fd);
    step = 'close';
    open = false;
    closeSync(fd);
  } catch (e) {
    if (open) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the unlink below is what matters
      }
    }
    removeTemp(tmp);
    throw new InputError(`${path}: cannot ${step} a temporary copy in ${dir} (${codeOf(e)}); nothing was changed. ${writeFix(codeOf(e))}`);
  }
  return { path, target, tmp, notes };
}

export function discard(s: Staged): void {
  removeTemp(s.tmp);
}

/** Renames a staged file into place; a thrown error is Node's, for the caller to word. */
function renameInto(s: Staged): void {
  renameSync(s.tmp, s.target);
  live.delete(s.tmp);
  syncDir(dirname(s.target));
}

/** A file to write: its bytes now (`expected`, null for a file that must not exist yet) and after. */
export interface PlannedWrite {
  path: string;
  expected: Uint8Array | null;
  content: Uint8Array;
  /** Mode and owner for the result; default: the current file's. */
  keep?: Keep;
}

/**
 * Writes every planned file, or none. Each target (symlinks followed) must still hold `expected`,
 * checked before staging and again just before the renames; every temp file is written and synced
 * before the first rename; a failed rename puts back the files already renamed (from `expected`).
 * Returns notes (owner or group that could not be kept, hard links split).
 */
export function writeFiles(files: readonly PlannedWrite[]): { notes: string[] } {
  const plans = files.map((f) => {
    const target = f.expected === null ? resolveLoose(f.path) : resolveTarget(f.path);
    const st = f.expected === null ? null : statRegular(f.path, target);
    const keep: Keep | null = f.keep ?? (st === null ? null : { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid });
    return { ...f, target, st, keep };
  });
  const unchanged = (): void => {
    for (const p of plans) {
      if (p.expected === null) continue;
      if (!sameBytes(readTarget(p.path, p.target), p.expected)) {
        throw new InputError(`${p.path}: changed since it was read; run migrate again`);
      }
    }
  };
  unchanged();
  const staged: Staged[] = [];
  try {
    for (const p of plans) staged.push(stage(p.path, p.target, p.content, p.keep));
    unchanged();
  } catch (e) {
    for (const s of staged) discard(s);
    throw e;
  }
  const notes = staged.flatMap((s) => s.notes);
  for (const p of plans) {
    if (p.st !== null && p.st.nlink > 1) {
      notes.push(`${p.path}: had ${p.st.nlink} hard links; the others still show the old content (the rename gives this name a new file)`);
    }
  }
  for (let i = 0; i < staged.length; i++) {
    try {
      renameInto(staged[i]);
    } catch (e) {
      for (const s of staged.slice(i)) discard(s);
      const code = codeOf(e);
      const why = `cannot replace ${staged[i].target} (${code})`;
      const undone = rollBack(plans.slice(0, i));
      const what = undone.length === 0 ? 'nothing was changed' : `these were changed and could not be put back: ${undone.join(', ')} (restore them with extsvc migrate --restore)`;
      throw new InputError(`${staged[i].path}: ${why}; ${what}. ${writeFix(code)}`);
    }
  }
  return { notes };
}

/** Puts each already-replaced file back to its `expected` bytes; returns the paths it could not. */
function rollBack(done: readonly { path: string; expected: Uint8Array | null; target: string; keep: Keep | null }[]): string[] {
  const failed: string[] = [];
  for (const p of done) {
    try {
      if (p.expected === null) {
        unlinkSync(p.target);
        continue;
      }
      const s = stage(p.path, p.target, p.expected, p.keep);
      try {
        renameInto(s);
      } catch {
        discard(s);
        failed.push(p.path);
      }
    } catch {
      failed.push(p.path);
    }
  }
  return failed;
}

/**
 * Writes `content` over the real target of `path`, atomically, if the target still holds exactly
 * `expected`. Keeps the mode, and owner and group where the process may.
 */
export function writeAtomic(path: string, expected: Uint8Array, content: Uint8Array): { notes: string[] } {
  return writeFiles([{ path, expected, content }]);
}
