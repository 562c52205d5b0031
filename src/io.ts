/**
 * Reading what the user points at: files (with one clear line when they cannot be read), the
 * environment, the project's .extsvcrc.json. Shared by the commands; the core never touches I/O.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from './errors.js';
import { stdoutIsTerminal, writeOut } from './stdio.js';
import { envFromRecord, type EnvEntry, type EnvInput } from './env/input.js';
import { isReadFailure, MAX_INPUT_BYTES, readRegularFile, readStdinBounded, type ReadFailure } from './files/read.js';

export interface EnvOptions {
  envFile?: string[];
  processEnv?: boolean;
}

const MIB = 1024 * 1024;

function describeFsError(path: string, e: ReadFailure, limit: number): string {
  switch (e.error) {
    case 'ENOENT':
      return `${path}: no such file. Check the path (extsvc looks for ./tyk.conf when no file is given).`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied. Run with a user that can read it, or copy the file.`;
    case 'EISDIR':
      return `${path}: is a directory. Name the tyk.conf file inside it.`;
    case 'ENOTREG':
      return `${path}: is a ${e.kind ?? 'special file'}, not a regular file; extsvc reads only regular files (use - to read standard input).`;
    case 'EFBIG':
      return `${path}: larger than ${limit / MIB} MiB; extsvc stopped reading there (no real tyk.conf or env file comes near it). Check that this is the right file.`;
    default:
      return `${path}: cannot read (${e.error}).`;
  }
}

/**
 * The bytes of a config or env file: a regular file, at most `limit` (MAX_INPUT_BYTES, README
 * "Limits") bytes. Anything else is one clear line (InputError, exit 2). `-` is a file named "-"
 * here: standard input is read only where a command asks for it, with readStdin.
 */
export function readInput(path: string, limit: number = MAX_INPUT_BYTES): Uint8Array {
  const r = readRegularFile(path, limit);
  if (isReadFailure(r)) throw new InputError(describeFsError(path, r, limit));
  return r;
}

/** Standard input, for a command given `-`: the same bound as a file, the same one-line errors. */
export function readStdin(limit: number = MAX_INPUT_BYTES, fd = 0): Uint8Array {
  const r = readStdinBounded(limit, fd);
  if (isReadFailure(r)) throw new InputError(describeFsError('standard input', r, limit));
  return r;
}

/**
 * The environment the gateway would see: the process's (unless --no-process-env), then each env
 * file in order. The env-file parser loads only when there are env files.
 */
export async function loadEnv(opts: EnvOptions, processEnv: NodeJS.ProcessEnv = process.env): Promise<EnvInput> {
  const base = opts.processEnv === false ? new Map<string, EnvEntry>() : envFromRecord(processEnv);
  if ((opts.envFile ?? []).length === 0) return base;
  const { overlayEnvFiles } = await import('./env/envfile.js');
  return overlayEnvFiles(base, (opts.envFile ?? []).map((path) => ({ path, text: new TextDecoder('utf-8').decode(readInput(path)) })));
}

/** .extsvcrc.json holds a few rule settings. */
const MAX_RC_BYTES = 1024 * 1024;

export interface RcFile {
  rules?: Record<string, string>;
  maxWarnings?: number;
}

/** .extsvcrc.json, looked up from the current directory upward. */
export function findRc(cwd: string): { path: string; rc: RcFile } | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const p = join(dir, '.extsvcrc.json');
    // A repository can hold .extsvcrc.json as a symbolic link to /dev/zero: bounded, regular
    // files only, like every input. Absent (or unreadable) is "not here", as before.
    const r = readRegularFile(p, MAX_RC_BYTES);
    if (isReadFailure(r) && (r.error === 'ENOTREG' || r.error === 'EFBIG' || r.error === 'EISDIR')) throw new InputError(describeFsError(p, r, MAX_RC_BYTES));
    const text = isReadFailure(r) ? undefined : new TextDecoder('utf-8').decode(r);
    if (text !== undefined) {
      let rc: unknown;
      try {
        rc = JSON.parse(text);
      } catch (e) {
        throw new InputError(`${p}: not valid JSON (${(e as Error).message}). Fix the file or remove it.`);
      }
      if (rc === null || typeof rc !== 'object' || Array.isArray(rc)) throw new InputError(`${p}: expected an object like {"rules": {"CODE": "off"}}.`);
      return { path: p, rc: rc as RcFile };
    }
    if (dirname(dir) === dir) return null;
  }
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function useColor(): boolean {
  return process.env.NO_COLOR === undefined && stdoutIsTerminal();
}

export function write(output: string | undefined, text: string): void {
  if (output === undefined) {
    writeOut(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (e as Error).message);
    throw new InputError(`-o ${output}: cannot write the report (${why}). Name a file in an existing, writable directory.`);
  }
}
