/**
 * The proof of a migration: the gateway model run twice, on the old file with the environment
 * as the gateway reads it today, and on the new file with the renamed environment, compared
 * caller by caller over the fields of outbound.ts. Every difference is labelled: intended when
 * it realises a legacy setting's documented meaning (SEMANTICS.md §7), naming that setting, or
 * unexpected. A difference that weakens TLS is marked as such, intended or not.
 *
 * The documented meanings are applied one at a time to the old reading; a difference is intended
 * when the new reading agrees with the old one read with all of them, and it is put down to the
 * last meaning that changed that value.
 */
import { getNodeValue, type Node } from 'jsonc-parser';
import { SERVICES, type ServiceName } from '../types.js';
import { pathKey, type LoadedConfig } from '../config/load.js';
import { buildEffective, type EffectiveConfig, type FileIgnored, type ReadingMode } from '../resolve/resolve.js';
import { fatalMessage, gatewayModel } from '../resolve/model.js';
import type { EnvEntry, EnvInput } from '../env/input.js';
import { nodeAt } from './edit.js';
import { realNameFor } from './envfile.js';
import type { CallerId } from '../gateway/callers.js';
import { DEFAULT_TYK_VERSION } from '../config/schema.js';
import { FIELDS, fieldValue, outboundViews, weakensTls, type CallerOutbound, type Field } from './outbound.js';

export interface Reading {
  loaded: LoadedConfig;
  env: EnvInput;
}

/** A legacy setting whose documented meaning the migration realises. */
export interface Meaning {
  /** How the report names it: "top-level http_proxy", "TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY". */
  setting: string;
  /** What the gateway does with it today. */
  today: 'ignored' | 'name-not-read' | 'alpha1-ignored' | 'legacy-path-only' | 'file-discarded';
}

export type Label = 'intended' | 'unexpected';

export interface Difference {
  service: ServiceName;
  caller: CallerId;
  field: Field;
  before: string;
  after: string;
  label: Label;
  /** The setting whose documented meaning this realises (intended only). */
  setting: string | null;
  weakensTls: boolean;
}

export interface Proof {
  /**
   * gateway: both files as the gateway reads them. as-written: the gateway discards (or skips) the
   * file before and after alike, so the files are compared as written, as if it read them.
   */
  reading: 'gateway' | 'as-written';
  /** The gateway version both readings are modelled for. */
  version: string;
  /** Why the gateway does not read the old file (the model's file fate), or null when it reads it. */
  fileIgnored: FileIgnored | null;
  /** The first fatal start-up error of each reading, in the gateway's words; null: it starts. */
  exits: { before: string | null; after: string | null };
  /** One row per caller of that version, in the model's order. */
  before: CallerOutbound[];
  after: CallerOutbound[];
  differences: Difference[];
  /** The meanings that produced at least one intended difference, in the order applied. */
  meanings: Meaning[];
}

/** The gateway skips or discards the file (its content counts for nothing). */
function ignored(eff: EffectiveConfig): boolean {
  return eff.fileIgnored !== null;
}

interface Step {
  meaning: Meaning;
  /** The planner's name for the setting (ReportItem.settings), for the file meanings. */
  planned?: string;
  /** Environment renames are applied before the file is read; file meanings after. */
  env?: { from: string; to: string };
  /** --fix-syntax: from this step on, the gateway reads the file it discarded. */
  readsFile?: true;
  apply?: (eff: EffectiveConfig, loaded: LoadedConfig) => void;
}

function field(node: Node, key: string): unknown {
  // Keys bound as Go binds them (nodeAt folds case), as the migration itself reads them.
  const n = nodeAt(node, [key]);
  return n === undefined ? undefined : getNodeValue(n);
}

function unset(eff: EffectiveConfig, path: string[]): boolean {
  return eff.sources.get(pathKey(path))?.kind === 'default';
}

/**
 * Sets a global value the file and the environment leave unset (and no earlier meaning has set).
 * True when global then holds this value: set here, or already the same.
 */
function setGlobal(eff: EffectiveConfig, key: 'http_proxy' | 'https_proxy' | 'bypass_proxy', v: unknown): boolean {
  if (typeof v !== 'string' || v === '') return false;
  if (eff.config.global[key] === v) return true;
  if (!unset(eff, ['external_services', 'global', key]) || eff.config.global[key] !== '') return false;
  eff.config.global[key] = v;
  return true;
}

function enableGlobal(eff: EffectiveConfig): void {
  if (unset(eff, ['external_services', 'global', 'enabled'])) eff.config.global.enabled = true;
}

/**
 * What the migration set out to do: the legacy settings it moved (the planner's items), the
 * variables it renamed, and whether it keeps the legacy keys. A meaning it did not realise (a key
 * kept for a human, a variable outside the env files) is not one the new reading should show.
 */
export interface PlanSummary {
  /** The planner's setting names that were moved, removed or dropped. */
  moved: ReadonlySet<string>;
  keepLegacy: boolean;
  /** The bytes that made the gateway discard the file were removed (--fix-syntax). */
  fixedSyntax?: boolean;
}

/** The documented meaning of every legacy setting the migration realises, in the order they are applied. */
function steps(old: Reading, next: Reading, plan: PlanSummary | undefined): Step[] {
  const out: Step[] = [];
  for (const e of [...old.env.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const real = realNameFor(e.name);
    // Renamed: gone from the new environment, its real name there instead.
    // The new environment holds the value under the real name (over any process variable of that name, as env files are overlaid on it).
    const renamed = real !== undefined && !next.env.has(e.name) && next.env.get(real)?.value === e.value;
    if (renamed) out.push({ meaning: { setting: e.name, today: 'name-not-read' }, env: { from: e.name, to: real } });
  }
  // The environment is read whatever happens to the file; then the file, once it is read at all.
  if (plan?.fixedSyntax === true) out.push({ meaning: { setting: 'the file\'s syntax (--fix-syntax)', today: 'file-discarded' }, readsFile: true });
  const tree = old.loaded.tree;
  const interim = nodeAt(tree, ['external_services', 'proxy']);
  if (interim?.type === 'object') {
    out.push({
      meaning: { setting: 'external_services.proxy', today: 'alpha1-ignored' },
      planned: 'external_services.proxy',
      apply(eff) {
        const a = setGlobal(eff, 'http_proxy', field(interim, 'http_proxy'));
        const b = setGlobal(eff, 'https_proxy', field(interim, 'https_proxy'));
        setGlobal(eff, 'bypass_proxy', field(interim, 'no_proxy'));
        if (a || b || field(interim, 'use_environment') === true) enableGlobal(eff);
      },
    });
  }
  for (const svc of SERVICES) {
    const p = nodeAt(tree, ['external_services', svc, 'proxy']);
    if (p?.type !== 'object') continue;
    if (field(p, 'use_environment') === true) {
      out.push({
        meaning: { setting: `external_services.${svc}.proxy.use_environment`, today: 'alpha1-ignored' },
        planned: `external_services.${svc}.proxy.use_environment`,
        apply(eff) {
          if (unset(eff, ['external_services', svc, 'proxy', 'enabled'])) eff.config[svc].proxy.enabled = true;
        },
      });
    }
    const noProxy = field(p, 'no_proxy');
    if (typeof noProxy === 'string' && noProxy !== '') {
      out.push({
        meaning: { setting: `external_services.${svc}.proxy.no_proxy`, today: 'alpha1-ignored' },
        planned: `external_services.${svc}.proxy.no_proxy`,
        apply(eff) {
          if (unset(eff, ['external_services', svc, 'proxy', 'bypass_proxy'])) eff.config[svc].proxy.bypass_proxy = noProxy;
        },
      });
    }
  }
  for (const key of ['http_proxy', 'https_proxy'] as const) {
    const site = old.loaded.legacyProxy[key];
    if (site === undefined) continue;
    out.push({
      meaning: { setting: `top-level ${key}`, today: 'ignored' },
      planned: key,
      apply(eff) {
        if (setGlobal(eff, key, site.value)) enableGlobal(eff);
      },
    });
  }
  if (old.loaded.fields.has('jwt_ssl_insecure_skip_verify')) {
    out.push({
      meaning: { setting: 'jwt_ssl_insecure_skip_verify', today: 'legacy-path-only' },
      planned: 'jwt_ssl_insecure_skip_verify',
      apply(eff) {
        // The replacement takes the legacy value unless it is set; the legacy key then goes
        // (unless --keep-legacy keeps it).
        if (eff.legacy.jwtSslInsecureSkipVerify.source.kind !== 'legacy') return;
        if (unset(eff, ['external_services', 'oauth', 'mtls', 'insecure_skip_verify'])) {
          eff.config.oauth.mtls.insecure_skip_verify = eff.legacy.jwtSslInsecureSkipVerify.value;
        }
        if (plan?.keepLegacy !== true) eff.legacy.jwtSslInsecureSkipVerify = { value: false, source: { kind: 'default' } };
      },
    });
  }
  return plan === undefined ? out : out.filter((s) => s.planned === undefined || plan.moved.has(s.planned));
}

function renamed(env: EnvInput, renames: { from: string; to: string }[]): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>(env);
  for (const r of renames) {
    const e = env.get(r.from);
    if (e === undefined) continue;
    out.delete(r.from);
    out.set(r.to, { ...e, name: r.to });
  }
  return out;
}

/** The old reading with the first `n` documented meanings applied. */
function documented(old: Reading, all: Step[], n: number, mode: ReadingMode, fileRead: boolean, version: string): CallerOutbound[] {
  const applied = all.slice(0, n);
  const env = renamed(old.env, applied.flatMap((s) => (s.env === undefined ? [] : [s.env])));
  const readsFile = applied.some((s) => s.readsFile === true);
  const eff = buildEffective(old.loaded, env, readsFile ? 'intended' : mode, version);
  if (fileRead || readsFile) for (const s of applied) s.apply?.(eff, old.loaded);
  return outboundViews(eff, env, version);
}

/** The first fatal start-up error of one reading (the model's), in the gateway's words. */
function firstFatal(r: Reading, version: string): string | null {
  const f = gatewayModel(r.loaded, r.env, version).fatal[0];
  return f === undefined ? null : fatalMessage(f);
}

/**
 * `plan` absent: every legacy setting counts as realised (two readings compared outside a
 * migration). `version`: the gateway version both readings are modelled for.
 */
export function prove(old: Reading, next: Reading, plan?: PlanSummary, version: string = DEFAULT_TYK_VERSION): Proof {
  const gwOld = buildEffective(old.loaded, old.env, 'gateway', version);
  const gwNew = buildEffective(next.loaded, next.env, 'gateway', version);
  // Whether the gateway starts at all, before and after (the model's fatal start-up errors).
  const exits = { before: firstFatal(old, version), after: firstFatal(next, version) };
  const asWritten = ignored(gwOld) && ignored(gwNew);
  const mode: ReadingMode = asWritten ? 'intended' : 'gateway';
  const fileRead = asWritten || !ignored(gwOld);
  const all = steps(old, next, plan);
  const stages = all.map((_, i) => documented(old, all, i + 1, mode, fileRead, version));
  const before = documented(old, all, 0, mode, fileRead, version);
  const after = outboundViews(asWritten ? buildEffective(next.loaded, next.env, 'intended', version) : gwNew, next.env, version);
  const final = stages.at(-1) ?? before;
  const differences: Difference[] = [];
  const used = new Set<number>();
  for (const [i, b] of before.entries()) {
    const a = after[i];
    for (const f of FIELDS) {
      const bv = fieldValue(b, f);
      const av = fieldValue(a, f);
      if (bv === av) continue;
      let setting: string | null = null;
      if (fieldValue(final[i], f) === av) {
        // The last meaning that changed this value produced it.
        let by = -1;
        let prev = bv;
        stages.forEach((st, k) => {
          const v = fieldValue(st[i], f);
          if (v !== prev) by = k;
          prev = v;
        });
        if (by >= 0) {
          used.add(by);
          setting = all[by].meaning.setting;
        }
      }
      differences.push({ service: b.service, caller: b.caller, field: f, before: bv, after: av, label: setting === null ? 'unexpected' : 'intended', setting, weakensTls: weakensTls(f, bv, av, b) });
    }
  }
  return {
    reading: asWritten ? 'as-written' : 'gateway',
    version, fileIgnored: gwOld.fileIgnored, exits, before, after, differences,
    meanings: all.filter((_, k) => used.has(k)).map((s) => s.meaning),
  };
}
