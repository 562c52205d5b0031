/**
 * What `extsvc lint` is pointed at, expanded into files: `-` (standard input, named by
 * --stdin-filename), a directory (every *.conf directly inside it, sorted), a glob pattern that
 * the shell did not expand (cmd.exe, PowerShell, a quoted pattern in CI), or a plain path.
 *
 * Globs use tinyglobby: Node 20 has no fs.glob (it came in Node 22), and tinyglobby is the small,
 * widely used matcher (two dependencies) that keeps shell-like semantics (no dot files, `**`).
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { InputError } from './errors.js';

/** A YAML file (by name) is linted as Kuma resources, not as tyk.conf. */
export function isKumaFileName(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export type Target = { kind: 'file'; path: string } | { kind: 'stdin'; name: string } | { kind: 'error'; message: string };

const GLOB_CHARS = /[*?[\]{}]/;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The files each argument stands for, in order; an argument that stands for none is an error line. */
export async function expandTargets(args: string[], stdinName: string | undefined, cwd: string): Promise<Target[]> {
  const out: Target[] = [];
  let stdinSeen = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdinSeen) throw new InputError('"-" (standard input) given twice: it can be read once.');
      stdinSeen = true;
      out.push({ kind: 'stdin', name: stdinName ?? '<stdin>' });
    } else if (isDirectory(arg)) {
      let names: string[];
      try {
        names = readdirSync(arg).filter((n) => n.endsWith('.conf') && !isDirectory(join(arg, n))).sort();
      } catch (e) {
        out.push({ kind: 'error', message: `${arg}: cannot list the directory (${(e as { code?: string }).code ?? (e as Error).message}).` });
        continue;
      }
      if (names.length === 0) out.push({ kind: 'error', message: `${arg}: is a directory with no *.conf file in it. Name the tyk.conf file, or a directory that holds one.` });
      for (const n of names) out.push({ kind: 'file', path: join(arg, n) });
    } else if (GLOB_CHARS.test(arg) && !exists(arg)) {
      const { glob } = await import('tinyglobby');
      const matches = (await glob(arg, { cwd, onlyFiles: true, expandDirectories: false, absolute: isAbsolute(arg) })).sort();
      if (matches.length === 0) out.push({ kind: 'error', message: `${arg}: no file matches this pattern.` });
      for (const m of matches) out.push({ kind: 'file', path: m });
    } else {
      out.push({ kind: 'file', path: arg });
    }
  }
  if (stdinName !== undefined && !stdinSeen) throw new InputError('--stdin-filename works only with "-" among the files (extsvc lint - --stdin-filename tyk.conf).');
  return out;
}
