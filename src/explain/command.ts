/**
 * `extsvc explain [service]`, loaded on demand by cli.ts. Reads the config file and the environment
 * through io.ts, calls the pure core, picks a reporter, writes to stdout.
 *
 * A config file that does not exist is not an error here: a gateway that finds none runs on
 * built-in defaults plus environment, and that is exactly what explain then shows (with a note
 * on stderr, in case the path was a typo). A file that exists but cannot be read still exits 2.
 */
import { existsSync } from 'node:fs';
import { SERVICES, type ServiceName } from '../types.js';
import { UsageError } from '../errors.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { EnvInput } from '../env/input.js';
import { loadEnv, readInput, useColor, type EnvOptions } from '../io.js';
import { suggest } from '../suggest.js';
import { parseRequestURL } from '../gateway/httpproxy.js';
import { writeErr, writeOut } from '../stdio.js';
import { explain, explainAll } from './explain.js';
import { explanationText, tableText } from './text.js';
import { explanationsJson } from './json.js';
import { explanationsMermaid } from './mermaid.js';

import { EXPLAIN_FORMATS, type ExplainFormat } from './formats.js';
import { DEFAULT_TYK_VERSION, type TykVersion } from '../config/versions.js';
import { fileSchema } from '../config/schema.js';

export { EXPLAIN_FORMATS, type ExplainFormat };

interface ExplainFlags extends EnvOptions {
  config: string;
  url?: string[];
  format: string;
  /** Resolved by cli.ts (--tyk-version or .extsvcrc.json); the newest release when absent. */
  tykVersion?: TykVersion;
}

function isService(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}

function isFormat(name: string): name is ExplainFormat {
  return (EXPLAIN_FORMATS as readonly string[]).includes(name);
}

export function parseService(name: string | undefined): ServiceName | null {
  if (name === undefined) return null;
  if (isService(name)) return name;
  const guess = suggest(name, SERVICES);
  throw new UsageError(`unknown service "${name}": expected one of ${SERVICES.join(', ')}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}`);
}

/** Renders what the core explains; pure, so tests can call it without a process. */
export function renderExplain(loaded: LoadedConfig | null, env: EnvInput, service: ServiceName | null, urls: string[], format: ExplainFormat, opts: { color: boolean; configPath: string; tykVersion?: TykVersion }): string {
  const options = { configPath: opts.configPath, tykVersion: opts.tykVersion ?? DEFAULT_TYK_VERSION };
  switch (format) {
    case 'text':
      return service === null ? tableText(explainAll(loaded, env, urls, options), opts) : explanationText(explain(loaded, env, service, urls, options), opts);
    case 'json':
      return explanationsJson(service === null ? explainAll(loaded, env, urls, options) : explain(loaded, env, service, urls, options));
    case 'mermaid':
      return explanationsMermaid(service === null ? explainAll(loaded, env, urls, options) : [explain(loaded, env, service, urls, options)]);
    default: {
      const never: never = format;
      throw new Error(`unknown explain format: ${String(never)}`);
    }
  }
}

/**
 * Why Go's HTTP client would refuse a request to `url` before any proxy is chosen, in its own
 * words (net/http Transport.roundTrip: only http and https, and a host), or undefined.
 */
export function requestURLProblem(url: string): string | undefined {
  const parsed = parseRequestURL(url);
  if (!parsed.ok) return parsed.error;
  const { scheme, host } = parsed.url;
  if (scheme !== 'http' && scheme !== 'https') return `unsupported protocol scheme "${scheme}"`;
  if (host === '') return 'http: no Host in request URL';
  return undefined;
}

export async function runExplain(serviceArg: string | undefined, flags: ExplainFlags): Promise<number> {
  const service = parseService(serviceArg);
  for (const url of flags.url ?? []) {
    const problem = requestURLProblem(url);
    if (problem !== undefined) throw new UsageError(`--url ${url}: Go's HTTP client rejects it (${problem}), so no request is made. Give a whole URL such as https://idp.example.com/.well-known/jwks.json`);
  }
  if (!isFormat(flags.format)) throw new UsageError(`--format ${flags.format}: expected one of ${EXPLAIN_FORMATS.join(', ')}`);
  const env = await loadEnv(flags);
  const path = flags.config;
  let loaded: LoadedConfig | null = null;
  if (existsSync(path)) {
    loaded = loadConfig(path, readInput(path), fileSchema(flags.tykVersion ?? DEFAULT_TYK_VERSION));
  } else {
    // config.Load: when no config path exists, the gateway writes a default config to the first one and loads that.
    writeErr(`extsvc: ${path}: no such file; a gateway pointed at it writes a default config there and runs on built-in defaults plus environment, which is what follows\n`);
  }
  writeOut(renderExplain(loaded, env, service, flags.url ?? [], flags.format, { color: useColor(), configPath: path, tykVersion: flags.tykVersion ?? DEFAULT_TYK_VERSION }));
  return 0;
}
