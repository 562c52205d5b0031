/**
 * Reading what the user points at: files (with one clear line when they cannot be read), the
 * environment, the project's .extsvcrc.json. Shared by the commands; the core never touches I/O.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { InputError } from './errors.js';
import { stdoutIsTerminal, writeOut } from './stdio.js';
import { envFromRecord, type EnvEntry, type EnvInput } from './env/input.js';

export interface EnvOptions {
  envFile?: string[];
  processEnv?: boolean;
}

function describeFsError(path: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file. Check the path (extsvc looks for ./tyk.conf when no file is given).`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied. Run with a user that can read it, or copy the file.`;
    case 'EISDIR':
      return `${path}: is a directory. Name the tyk.conf file inside it.`;
    default:
      return `${path}: cannot read (${code ?? (e as Error).message}).`;
  }
}

export function readInput(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw new InputError(describeFsError(path, { code: 'EISDIR' }));
    return readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(describeFsError(path, e));
  }
}

/** An --env-file: as readInput, but a missing one is named as the env file it is. */
export function readEnvFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new InputError(`${path}: no such file (--env-file). Check the path.`);
  return readInput(path);
}

/**
 * The environment the gateway would see: the process's (unless --no-process-env), then each env
 * file in order. The env-file parser (and dotenv) load only when there are env files.
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
