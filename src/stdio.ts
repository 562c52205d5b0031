/**
 * Writing to stdout and stderr without process.stdout / process.stderr.
 *
 * The first touch of process.stdout makes Node load its stream machinery (streams, net for a
 * pipe, tty for a terminal): measured 9 ms on a 55 ms `node -e 0` (npm run bench), more than a
 * whole lint of a typical tyk.conf. A CLI that writes one report and exits needs none of it, so
 * these write the file descriptor directly, as Node's own SyncWriteStream does for files.
 *
 * A descriptor the parent left non-blocking can refuse a write (EAGAIN) when the reader is slow;
 * the rest then goes through Node's stream, which waits for the reader. A reader that went away
 * (EPIPE, `extsvc lint | head -1`) ends the output quietly, like any Unix filter. Any other
 * failure of stdout (ENOSPC on a full disk) is an input-output error: one line, exit 2.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { InputError } from './errors.js';

type Fd = 1 | 2;

interface State {
  closed: Set<Fd>;
  deferred: Set<Fd>;
}

// One state per process, shared by the copies of this module in both bundles (scripts/bundle.mjs):
// once a descriptor's writes go through the stream, every later write must follow them.
const KEY = Symbol.for('extsvc.stdio');
const state: State = ((globalThis as Record<symbol, unknown>)[KEY] as State | undefined) ?? { closed: new Set(), deferred: new Set() };
(globalThis as Record<symbol, unknown>)[KEY] = state;
const { closed, deferred } = state;

function stream(fd: Fd): NodeJS.WriteStream {
  return fd === 1 ? process.stdout : process.stderr;
}

function writeFd(fd: Fd, text: string): void {
  if (text === '' || closed.has(fd)) return;
  // Once a write has gone through the stream, later ones follow it, to keep the order.
  if (deferred.has(fd)) {
    stream(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN') {
        deferred.add(fd);
        const s = stream(fd);
        s.on('error', () => closed.add(fd));
        s.write(bytes.subarray(off));
        return;
      }
      if (code === 'EPIPE') {
        closed.add(fd);
        return;
      }
      // Nowhere to say more when stderr itself fails; a failing stdout is one line there.
      closed.add(fd);
      if (fd === 2) return;
      throw new InputError(`cannot write the report to stdout (${code ?? (e as Error).message}). Check the disk or pipe it goes to, or write it to a file with -o.`);
    }
  }
}

export function writeOut(text: string): void {
  writeFd(1, text);
}

export function writeErr(text: string): void {
  writeFd(2, text);
}

/**
 * Whether stdout is a terminal. Pipes, files and /dev/null (every CI run, `> /dev/null`) are told
 * apart with fstat; only another character device needs node:tty, which loads the stream
 * machinery too (8 ms).
 */
export function stdoutIsTerminal(): boolean {
  let rdev: number;
  try {
    const out = fstatSync(1);
    if (!out.isCharacterDevice()) return false;
    rdev = out.rdev;
  } catch {
    return false; // no stdout at all
  }
  try {
    if (statSync('/dev/null').rdev === rdev) return false;
  } catch {
    // No /dev/null to compare with: Node decides.
  }
  return process.stdout.isTTY === true;
}
