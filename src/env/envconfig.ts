/**
 * envconfig over the whole TYK_GW_* namespace (issue 6): which values it cannot convert, in the
 * gateway's order, and which names it reads nowhere. The gateway runs envconfig twice (config.Load,
 * then config.NewDefaultWithEnv over the defaults when Load failed) and exits on the second
 * failure, so a bad value stops it at start. The tracer loaders (TYK_GW_TRACER_OPTIONS_* for
 * zipkin and jaeger) run only when tracing.name selects them: when only the file selects one, the
 * second pass (defaults plus environment) does not run it, and the gateway starts without tyk.conf
 * instead of exiting. Pure data: the env-namespace rule reports it, src/resolve/model.ts
 * makes it the gateway model's fatal start-up errors.
 */
import type { JsonPath } from '../types.js';
import type { ArgsOf } from '../catalog.js';
import type { EnvEntry, EnvInput } from './input.js';
import { BLOCK_PREFIX, isBlockNamespace, isOmitted, LEGACY_ENV_NAMES, PREFIX } from './fields.js';
import { loadEnvNamespace, type EnvVariable, type EnvVersion } from './namespace.js';
import { envReadBy } from '../config/history.js';
import { decodeErrorStopsGateway, readsExternalServices } from '../config/versions.js';
import { convertEnvValue } from './convert.js';
import { goFold } from '../go/fold.js';
import type { LoadedConfig } from '../config/load.js';
import { SuggestBudget, suggesterFor } from '../suggest.js';

const TRACER_NAME = `${PREFIX}TRACER_NAME`;

// ---------------------------------------------------------------------------------------------
// Which variables are whose



/** Variables whose bad values other rules report: the block's booleans, and the legacy booleans (ENV_BAD_BOOL). */
function reportedElsewhere(name: string): boolean {
  return name.startsWith(BLOCK_PREFIX) || LEGACY_ENV_NAMES.includes(name);
}

/** The lint code a failure is reported under: ENV_BAD_BOOL for the block's and the legacy booleans, ENV_BAD_VALUE for the rest. */
export function failureCode(f: EnvFailure): 'ENV_BAD_BOOL' | 'ENV_BAD_VALUE' {
  return reportedElsewhere(f.variable.name) ? 'ENV_BAD_BOOL' : 'ENV_BAD_VALUE';
}

/** Lists, maps and JSON values of these variables may carry secrets: their values are shown as ****. */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|HEADERS|APIKEY|API_KEY|CREDENTIAL|PRIVATE|STORES|_KEY$/;

export function isSecretVariable(v: EnvVariable): boolean {
  return (v.parse === 'map' || v.parse === 'slice' || v.parse === 'custom') && SECRET_NAME.test(v.name);
}

// ---------------------------------------------------------------------------------------------
// ENV_BAD_VALUE

export type BadValueConsequence = 'exit' | 'defaults';

export interface EnvFailure {
  variable: EnvVariable;
  entry: EnvEntry;
  /** The gateway's error; the value is masked for secret-bearing variables (see `masked`). */
  goMessage: string;
  masked: boolean;
  /** The message is a best guess rather than Go's exact words. */
  approximate: boolean;
  /** null: the main envconfig pass; otherwise the tracer loader ("zipkin", "jaeger"). */
  loader: string | null;
  /** exit: the gateway stops at start; defaults: it drops tyk.conf and starts on defaults plus env. */
  consequence: BadValueConsequence;
}

export interface NamespaceOptions {
  /** tracing.name as the file sets it, when the gateway reads the file; null otherwise. */
  fileTracerName?: string | null;
}

/**
 * What depends on the environment alone, worked out once per environment: a fleet lint shares one
 * EnvInput across every file, and the namespace checks (457 names, a did-you-mean per unknown
 * one) would otherwise run again for each file.
 */
interface EnvMemo {
  /** No TYK_GW_* variable at all: nothing envconfig could fail on (the usual CI run). */
  none: boolean;
  failures: Map<string, EnvFailure[]>;
  unknown: Map<EnvVersion, UnknownNameFinding[]>;
}

const memos = new WeakMap<EnvInput, EnvMemo>();

function memoOf(env: EnvInput): EnvMemo {
  let m = memos.get(env);
  if (m === undefined) {
    m = { none: ![...env.keys()].some((name) => name.toUpperCase().startsWith(PREFIX)), failures: new Map(), unknown: new Map() };
    memos.set(env, m);
  }
  return m;
}

export function noGatewayVariables(env: EnvInput): boolean {
  return memoOf(env).none;
}

/**
 * Every value envconfig cannot convert, in the order the gateway meets them (struct order, then
 * the selected tracer loader's variables); the gateway reports the first one. Includes the
 * external_services block and the legacy booleans, so that the order is the gateway's.
 */
export function envconfigFailures(env: EnvInput, version: EnvVersion, options: NamespaceOptions = {}): EnvFailure[] {
  const m = memoOf(env);
  if (m.none) return [];
  const key = JSON.stringify([version, options.fileTracerName ?? null]);
  let found = m.failures.get(key);
  if (found === undefined) {
    found = computeFailures(env, version, options);
    m.failures.set(key, found);
  }
  return found;
}

function computeFailures(env: EnvInput, version: EnvVersion, options: NamespaceOptions): EnvFailure[] {
  const ns = loadEnvNamespace(version);
  const out: EnvFailure[] = [];
  const check = (v: EnvVariable, loader: string | null, consequence: BadValueConsequence): void => {
    const entry = env.get(v.name);
    if (entry === undefined) return;
    const masked = isSecretVariable(v);
    const r = convertEnvValue(v, entry.value, { mask: masked });
    if (r.ok) return;
    out.push({ variable: v, entry, goMessage: r.goMessage, masked, approximate: r.approximate === true, loader, consequence });
  };
  for (const v of ns.variables) check(v, null, 'exit');
  // Tracer.Name after envconfig: a set TYK_GW_TRACER_NAME (even empty) replaces the file's.
  const fromEnv = env.get(TRACER_NAME);
  const tracer = fromEnv !== undefined ? fromEnv.value : options.fileTracerName ?? '';
  const loader = ns.loaders.find((l) => l.loader === tracer);
  if (loader !== undefined) {
    // The fallback pass starts from config.Default, whose tracer name only the environment can set.
    // Before 5.3.0 there is no fallback pass: a loader error stops the gateway (config/versions.ts).
    const consequence: BadValueConsequence = decodeErrorStopsGateway(version) || (fromEnv !== undefined && fromEnv.value === loader.loader) ? 'exit' : 'defaults';
    for (const v of loader.variables) check(v, loader.loader, consequence);
  }
  return out;
}

/** The failure the gateway reports (the first in its order), if any. */
export function firstEnvFailure(env: EnvInput, version: EnvVersion, options: NamespaceOptions = {}): EnvFailure | undefined {
  return envconfigFailures(env, version, options)[0];
}

export interface BadValueFinding {
  args: ArgsOf<'ENV_BAD_VALUE'>;
  path: JsonPath;
  entry: EnvEntry;
}

/** ENV_BAD_VALUE findings: failures outside the block and the legacy booleans. */
export function findBadEnvValues(env: EnvInput, version: EnvVersion, options: NamespaceOptions = {}): BadValueFinding[] {
  const failures = envconfigFailures(env, version, options);
  const out: BadValueFinding[] = [];
  failures.forEach((f, i) => {
    if (reportedElsewhere(f.variable.name)) return;
    const v = f.variable;
    const args: ArgsOf<'ENV_BAD_VALUE'> = {
      name: v.name,
      value: f.masked ? '****' : f.entry.value,
      goMessage: f.goMessage,
      kind: v.parse,
      goType: v.goType,
      first: i === 0,
      consequence: f.consequence,
      version,
    };
    if (v.parse === 'slice' || v.parse === 'map') args.elemKind = v.elem?.parse;
    if (v.parse === 'custom' && v.accepts !== undefined) args.accepts = v.accepts;
    if (f.loader !== null) args.loader = f.loader;
    if (f.approximate) args.approximate = true;
    if (f.masked) args.masked = true;
    const path = f.loader !== null ? ['tracing', 'options', ...(v.path ?? [])] : v.path ?? [];
    out.push({ args, path, entry: f.entry });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// ENV_UNKNOWN_NAME outside the block

export interface UnknownNameFinding {
  args: ArgsOf<'ENV_UNKNOWN_NAME'>;
  entry: EnvEntry;
}

/**
 * Did-you-mean over the names without their common TYK_GW_ prefix, which would only widen
 * suggest()'s tolerance (it grows with the length of the word).
 */
const stripped = new WeakMap<readonly string[], string[]>();

function suggestName(name: string, names: readonly string[], budget: SuggestBudget): string | undefined {
  let short = stripped.get(names);
  if (short === undefined) {
    short = names.map((n) => n.slice(PREFIX.length));
    stripped.set(names, short);
  }
  const guess = budget.suggest(suggesterFor(short), name.slice(PREFIX.length));
  return guess === undefined ? undefined : PREFIX + guess;
}

/**
 * TYK_GW_* names (in any case) outside the block that the gateway reads nowhere in this version:
 * not an envconfig variable, not a tracer loader's, not read by hand. With a did-you-mean over the
 * version's names, and the other recorded versions that do read the name.
 */
export function findUnknownEnvNames(env: EnvInput, version: EnvVersion): UnknownNameFinding[] {
  const m = memoOf(env);
  if (m.none) return [];
  let found = m.unknown.get(version);
  if (found === undefined) {
    found = computeUnknownNames(env, version);
    m.unknown.set(version, found);
  }
  return found;
}

function computeUnknownNames(env: EnvInput, version: EnvVersion): UnknownNameFinding[] {
  const ns = loadEnvNamespace(version);
  const out: UnknownNameFinding[] = [];
  const budget = new SuggestBudget();
  for (const e of env.values()) {
    if (!e.name.toUpperCase().startsWith(PREFIX) || ns.names.has(e.name) || (isBlockNamespace(e.name) && readsExternalServices(version))) continue;
    const args: ArgsOf<'ENV_UNKNOWN_NAME'> = { name: e.name, scope: 'config', version };
    // The recorded versions that do read it (dist/data/tyk-history.json, not every version's list).
    const readBy = envReadBy(e.name);
    if (readBy.length > 0) args.readBy = readBy;
    else {
      const guess = suggestName(e.name, ns.sortedNames, budget);
      if (guess !== undefined) args.suggestion = guess;
    }
    out.push({ args, entry: e });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The file's tracing.name

type JsonNode = NonNullable<LoadedConfig['tree']>;

function stringMember(obj: JsonNode, foldedKey: string): string | null | undefined {
  let found: string | null | undefined;
  for (const prop of obj.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k === undefined || v === undefined || goFold(String(k.value)) !== foldedKey) continue;
    if (v.type === 'string') found = String(v.value);
    else if (v.type !== 'null') found = null; // not a string: the file is rejected anyway
  }
  return found;
}

/**
 * tracing.name as Go decodes it (keys matched case-insensitively, later keys overriding earlier
 * ones), or null when the gateway does not read the file (TYK_GW_OMITCONFIGFILE, a rejected file).
 */
export function fileTracerName(loaded: LoadedConfig, env: EnvInput): string | null {
  if (isOmitted(env) !== undefined || loaded.rejectReason !== null) return null;
  const root = loaded.tree;
  if (root === undefined || root.type !== 'object') return null;
  let name: string | null = null;
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    // goFold keeps the length of these keys ("TRACING" has no rune that folds from another length).
    if (k === undefined || v === undefined || String(k.value).length !== 7 || goFold(String(k.value)) !== 'TRACING' || v.type !== 'object') continue;
    const n = stringMember(v, 'NAME');
    if (n !== undefined) name = n;
  }
  return name;
}

/**
 * What envconfigFailures needs from the file: the tracer's name, read only when there is a
 * TYK_GW_* variable to check (a walk over the file's top-level keys otherwise wasted).
 */
export function namespaceOptions(loaded: LoadedConfig, env: EnvInput): NamespaceOptions {
  return noGatewayVariables(env) ? {} : { fileTracerName: fileTracerName(loaded, env) };
}
