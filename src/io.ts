/**
 * Reading what the user points at: files (with one clear line when they cannot be read), the
 * environment (.extsvcrc.json: src/settings/rc.ts). Shared by the commands; the core never touches I/O.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { InputError } from './errors.js';
import { stdoutIsTerminal, writeOut } from './stdio.js';
import { envFromRecord, type EnvEntry, type EnvInput } from './env/input.js';
import { isReadFailure, MAX_INPUT_BYTES, readRegularFile, readStdinBounded, type ReadFailure } from './files/read.js';

export interface EnvOptions {
  envFile?: string[];
  processEnv?: boolean;
}

const MIB = 1024 * 1024;

export function describeFsError(path: string, e: ReadFailure, limit: number): string {
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

/** An --env-file: as readInput, but a missing one is named as the env file it is. */
export function readEnvFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new InputError(`${path}: no such file (--env-file). Check the path.`);
  return readInput(path);
}

/**
 * The environment the gateway would see: the process's (unless --no-process-env), then each env
 * file in order. The env-file parser loads only when there are env files.
 */
export async function loadEnv(opts: EnvOptions, processEnv: NodeJS.ProcessEnv = process.env): Promise<EnvInput> {
  const base = opts.processEnv === false ? new Map<string, EnvEntry>() : envFromRecord(processEnv);
  if ((opts.envFile ?? []).length === 0) return base;
  const { overlayEnvFiles } = await import('./env/envfile.js');
  return overlayEnvFiles(base, (opts.envFile ?? []).map((path) => ({ path, text: new TextDecoder('utf-8').decode(readEnvFile(path)) })));
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Colour as chalk's users expect: FORCE_COLOR decides when set (0 or false: never; anything
 * else: always; --color / --no-color set it), then NO_COLOR (set and not empty: never), then
 * whether stdout is a terminal.
 */
export function useColor(env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stdoutIsTerminal();
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
