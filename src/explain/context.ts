/**
 * What every part of `explain` reads: the inputs, the one gateway model (src/resolve/model.ts),
 * and small helpers that turn its sourced values into the explanation's values.
 */
import type { LoadedConfig } from '../config/load.js';
import { envValues, type EnvInput } from '../env/input.js';
import { readsExternalServices } from '../config/versions.js';
import { resolveEnvVersion } from '../env/namespace.js';
import type { EffectiveConfig } from '../resolve/resolve.js';
import type { GatewayModel, Reading } from '../resolve/model.js';
import { advicePlan, type MigrateResult } from '../migrate/migrate.js';
import { DEFAULT, rootSource, type Sourced } from '../resolve/sources.js';
import { maskSecrets, maskUrl } from '../mask.js';
import { VALUE_NOTES } from './reasons.js';
import type { ExplainSource, Value } from './model.js';

export interface Ctx {
  loaded: LoadedConfig | null;
  env: EnvInput;
  envRecord: Record<string, string>;
  model: GatewayModel;
  /** The gateway's reading of the model. */
  reading: Reading;
  eff: EffectiveConfig;
  configPath: string | null;
  urls: readonly string[];
  /** The modelled gateway version has external_services (5.10.0 on): before, every caller uses its own client. */
  readsBlock: boolean;
  /** What `extsvc migrate` would do with the file (made on first use, once for all services); null when it cannot plan it. */
  plan(): MigrateResult | null;
}

export function makeCtx(loaded: LoadedConfig | null, env: EnvInput, model: GatewayModel, urls: readonly string[], configPath: string | null): Ctx {
  const readsBlock = readsExternalServices(resolveEnvVersion(model.version));
  let plan: MigrateResult | null | undefined;
  return {
    loaded, env, envRecord: envValues(env), model, reading: model.gateway, eff: model.gateway.effective, configPath, urls, readsBlock,
    plan() {
      // null: no file, or text migrate refuses too (it does not parse, or has a wrong type).
      if (plan === undefined) plan = loaded === null ? null : advicePlan(loaded, env, model.version);
      return plan;
    },
  };
}

export function sourceAt(ctx: Ctx, path: string): ExplainSource {
  return ctx.eff.sources.get(path) ?? DEFAULT;
}

export function isSet(ctx: Ctx, path: string): boolean {
  return rootSource(sourceAt(ctx, path)).kind !== 'default';
}

/** A standard proxy variable, keeping the env-file line it came from. */
export function environmentSource(ctx: Ctx, name: string): ExplainSource {
  const e = ctx.env.get(name);
  if (e !== undefined && e.origin.kind === 'file') return { kind: 'environment', name, file: e.origin.file, span: e.origin.span };
  return { kind: 'environment', name };
}

export function val<T>(s: Sourced<T>, note?: string): Value<T> {
  return note === undefined ? { value: s.value, source: s.source } : { value: s.value, source: s.source, note };
}

export function builtin<T>(value: T, note?: string): Value<T> {
  return note === undefined ? { value, source: DEFAULT } : { value, source: DEFAULT, note };
}

/** A string setting, or null when it is empty and nobody set it. */
export function setting(s: Sourced<string>, isUrl: boolean): Value<string> | null {
  if (s.value === '' && rootSource(s.source).kind === 'default') return null;
  if (!isUrl) return { value: s.value, source: s.source };
  const value = maskUrl(s.value);
  return /^https:\/\//i.test(s.value) ? { value, source: s.source, note: VALUE_NOTES.tlsToProxy } : { value, source: s.source };
}

/** A proxy URL setting's value as shown: masked. */
export function shown(key: string, v: string): string {
  return key === 'http_proxy' || key === 'https_proxy' ? maskUrl(v) : v;
}

/** Masks every string of a plain-data value: the second net after maskUrl at each URL. */
export function maskDeep<T>(v: T): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return maskSecrets(x);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object') {
      // Spans are positions, not text: leave them.
      return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, k === 'span' ? y : walk(y)]));
    }
    return x;
  };
  return walk(v) as T;
}
