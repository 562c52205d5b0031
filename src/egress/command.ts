/**
 * `extsvc egress`, loaded on demand by cli.ts; `kuma generate` and `kuma check` read the same
 * inventory through loadInventory. Reads tyk.conf, the environment and API definitions; the
 * inventory itself is pure.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { loadEnv, readInput, type EnvOptions } from '../io.js';
import { writeErr, writeOut } from '../stdio.js';
import { SERVICES, type ServiceName } from '../types.js';
import { CALLER_IDS, CALLERS, type CallerId } from '../gateway/callers.js';
import { apiUrls, type ApiFile, type ApiProblem } from './apis.js';
import type { EnvInput } from '../env/input.js';
import { buildInventory, type Inventory } from './inventory.js';
import { EgressModel } from './model.js';
import { egressCsv, egressJson, egressText, EGRESS_FORMATS, type EgressFormat, type RenderContext } from './render.js';
import { storageSections, uptimeDisabled } from './storage.js';
import { DEFAULT_TYK_VERSION, type TykVersion } from '../config/versions.js';
import { fileSchema } from '../config/schema.js';
import { CALLER_NAMES } from '../explain/reasons.js';

export interface InventoryFlags extends EnvOptions {
  config: string;
  apis?: string[];
  url?: string[];
  /** The gateway version to model, resolved (cli.ts: --tyk-version or .extsvcrc.json's tykVersion). */
  tykVersion?: TykVersion;
}

/** Every .json file under the paths (directories walked, sorted), for --apis. */
export function collectApiFiles(paths: readonly string[]): ApiFile[] {
  const out: ApiFile[] = [];
  const decoder = new TextDecoder('utf-8');
  const walk = (p: string, named: boolean): void => {
    if (!existsSync(p)) throw new InputError(`--apis ${p}: no such file or directory. Name a directory of API definitions (JSON) or one definition file.`);
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e), false);
      return;
    }
    if (named || p.toLowerCase().endsWith('.json')) out.push({ file: p, text: decoder.decode(readInput(p)) });
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** --url [service=|caller=]URL */
export function parseUrlFlag(v: string): { service: ServiceName | null; caller: CallerId | null; url: string } {
  const m = /^([a-z-]+)=(.*)$/.exec(v);
  if (m !== null && (CALLER_IDS as readonly string[]).includes(m[1]) && m[1] !== 'redis') return { service: null, caller: m[1] as CallerId, url: m[2] };
  if (m !== null && m[1] === 'storage') throw new UsageError(`--url ${v}: storage makes no HTTP requests (its Redis addresses come from tyk.conf's storage section); name oauth, webhooks, health or discovery`);
  if (m !== null && (SERVICES as readonly string[]).includes(m[1])) return { service: m[1] as ServiceName, caller: null, url: m[2] };
  if (m !== null && !/^[a-z]+:/i.test(v)) throw new UsageError(`--url ${v}: "${m[1]}" is neither a service nor a caller; expected [${SERVICES.filter((x) => x !== 'storage').join('|')}|${CALLER_IDS.filter((x) => x !== 'redis').join('|')}=]URL`);
  return { service: null, caller: null, url: v };
}

export interface LoadedInventory {
  inventory: Inventory;
  context: RenderContext;
  model: EgressModel;
  /** The config file's text as read (null: no file), for callers that point at places in it. */
  configText?: string | null;
}

/** Pure: the inventory of a loaded config (null: none), an environment, API definitions and --url values, for one gateway version. */
export function inventoryFrom(loaded: LoadedConfig | null, env: EnvInput, configPath: string, apiFiles: readonly ApiFile[], urlFlags: readonly string[], version: TykVersion = DEFAULT_TYK_VERSION): LoadedInventory & { problems: ApiProblem[] } {
  const urls = urlFlags.map(parseUrlFlag);
  const apis = apiUrls(apiFiles);
  const model = new EgressModel(loaded, env, version);
  for (const u of urls) {
    if (u.caller !== null && model.caller(u.caller) === undefined) {
      const since = CALLERS.find((c) => c.id === u.caller)?.since ?? '';
      throw new UsageError(`--url ${u.caller}=${u.url}: Tyk ${version} has no ${CALLER_NAMES[u.caller]} (it exists from ${since} on); name another caller or check --tyk-version`);
    }
  }
  const inventory = buildInventory({ model, storage: storageSections(loaded, model.usesFile(), env), apiUrls: apis.urls, urls, uptimeDisabled: uptimeDisabled(loaded, model.usesFile(), env) });
  const fileNote = model.usesFile() ? null : `Note: the gateway does not use ${configPath} (${model.eff.fileIgnored?.reason ?? 'missing'}): built-in defaults plus environment.`;
  return { inventory, model, context: { config: configPath, fileUsed: model.usesFile(), fileNote }, problems: apis.problems };
}

/** `apiFiles`: the --apis files when the caller has read them already. */
export async function loadInventory(flags: InventoryFlags, apiFiles: readonly ApiFile[] = collectApiFiles(flags.apis ?? [])): Promise<LoadedInventory> {
  const env = await loadEnv(flags);
  const path = flags.config;
  let loaded: LoadedConfig | null = null;
  if (existsSync(path)) loaded = loadConfig(path, readInput(path), fileSchema(flags.tykVersion ?? DEFAULT_TYK_VERSION));
  else writeErr(`extsvc: ${path}: no such file; listing what a gateway without a config file connects to (built-in defaults plus environment)\n`);
  const r = inventoryFrom(loaded, env, path, apiFiles, flags.url ?? [], flags.tykVersion);
  for (const p of r.problems) writeErr(`extsvc: ${p.file}: ${p.message}; skipped\n`);
  return { ...r, configText: loaded?.text ?? null };
}

interface EgressFlags extends InventoryFlags {
  format: string;
}

export function renderEgress(l: LoadedInventory, format: EgressFormat): string {
  switch (format) {
    case 'text':
      return egressText(l.inventory, l.context);
    case 'json':
      return egressJson(l.inventory, l.context);
    case 'csv':
      return egressCsv(l.inventory);
    default: {
      const never: never = format;
      throw new Error(`unknown egress format: ${String(never)}`);
    }
  }
}

export async function runEgress(flags: EgressFlags): Promise<number> {
  if (!(EGRESS_FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format ${flags.format}: expected one of ${EGRESS_FORMATS.join(', ')}`);
  const l = await loadInventory(flags);
  writeOut(renderEgress(l, flags.format as EgressFormat));
  return 0;
}
