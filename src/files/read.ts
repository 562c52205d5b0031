/**
 * Bounded reading of what the user (or a tyk.conf from a pull request) points at. A device
 * (/dev/zero), a FIFO or a socket never ends or never answers, and its st_size says nothing: only
 * regular files are read, through a loop that stops one byte past the limit, whatever st_size
 * claims. Opened non-blocking, so that opening a FIFO with no writer does not hang before fstat
 * can refuse it. Standard input is read only when asked for, with the same bound.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** tyk.conf and env files: far above any real one (a full gateway config is a few KB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export type ReadFailure =
  /** errno of open/read (ENOENT, EACCES, …), EISDIR, ENOTREG (a device, FIFO or socket), EFBIG (over the limit). */
  { error: string; kind?: string };

export type ReadResult = Uint8Array | ReadFailure;

export function isReadFailure(r: ReadResult): r is ReadFailure {
  return !(r instanceof Uint8Array);
}

/** What a non-regular file is, in words for a message. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'directory';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

const CHUNK = 1024 * 1024;

/** Reads `fd` until EOF or until more than `limit` bytes came: never trusts a size hint. */
function readAllBounded(fd: number, limit: number, hint: number): ReadResult {
  let buf = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(hint + 1, 4096)));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (total > limit) return { error: 'EFBIG' };
      const next = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(buf.length * 2, total + CHUNK)));
      buf.copy(next, 0, 0, total);
      buf = next;
    }
    let n: number;
    try {
      n = readSync(fd, buf, total, buf.length - total, null);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'EIO';
      if (code === 'EAGAIN') {
        // A non-blocking descriptor (a terminal or pipe set so by another process): wait a little.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      return { error: code };
    }
    if (n === 0) break;
    total += n;
    if (total > limit) return { error: 'EFBIG' };
  }
  return buf.subarray(0, total);
}

/**
 * The bytes of the regular file at `path`, at most `limit` of them; or why not: the errno,
 * EISDIR, ENOTREG (with its kind) or EFBIG.
 */
export function readRegularFile(path: string, limit: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { error: (e as { code?: string }).code ?? 'EIO' };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { error: 'EISDIR' };
    if (!st.isFile()) return { error: 'ENOTREG', kind: fileKind(st) };
    return readAllBounded(fd, limit, st.size);
  } catch (e) {
    return { error: (e as { code?: string }).code ?? 'EIO' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Standard input (`-`), at most `limit` bytes: for the CLI's `lint -`. A pipe, a file or a
 * device redirected to it are all read the same way, with the bound.
 */
export function readStdinBounded(limit: number, fd = 0): ReadResult {
  try {
    return readAllBounded(fd, limit, 64 * 1024);
  } catch (e) {
    return { error: (e as { code?: string }).code ?? 'EIO' };
  }
}
