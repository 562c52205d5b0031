/**
 * migrate's outputs, (outcome, options) => string: the text report (stderr), the JSON report
 * (stdout with --format json) and the unified diff (stdout on a dry run). All wording of the
 * proof lives here; every string passes maskSecrets on its way out.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { structuredPatch } from 'diff';
import { maskSecrets } from '../mask.js';
import { UsageError } from '../errors.js';
import { readsExternalServices, type TykVersion } from '../config/versions.js';
import type { ServiceName } from '../types.js';
import type { MigrateOutcome } from './outcome.js';
import type { Difference, Meaning } from './verify.js';
import { rowName, type CallerOutbound } from './outbound.js';
import type { CallerId } from '../gateway/callers.js';

export interface ReportOptions {
  acceptChanges: boolean;
  /** --check: the verdict is about whether there is anything to do, not about writing. */
  check: boolean;
  write: boolean;
}

const TODAY: Record<Meaning['today'], string> = {
  ignored: 'the gateway ignores it today',
  'name-not-read': 'the gateway never reads this name today',
  'alpha1-ignored': '5.10.0 and later ignore it today',
  'legacy-path-only': 'today it decides only the legacy JWK fetch',
  'file-discarded': 'the gateway discards the whole file today, running on defaults plus environment',
};

const joinAnd = (xs: string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

function goes(target: string): string {
  if (target === 'direct') return 'go direct';
  if (target.startsWith('environment (')) return `use the environment proxy, ${target.slice('environment ('.length, -1)}`;
  if (target.startsWith('fails')) return target;
  return `go through ${target}`;
}

/**
 * The callers named in a summary: a service alone when every one of its callers in the proof is
 * among them ("webhooks"), else the service with the callers ("oauth (jwt-jwk, introspection)").
 */
function callersNamed(rows: readonly CallerOutbound[], chosen: readonly { service: ServiceName; caller: CallerId }[]): string[] {
  const services = [...new Set(chosen.map((c) => c.service))];
  return services.map((svc) => {
    const all = rows.filter((r) => r.service === svc).map((r) => r.caller);
    const mine = all.filter((id) => chosen.some((c) => c.service === svc && c.caller === id));
    return mine.length === all.length ? svc : `${svc} (${mine.join(', ')})`;
  });
}

/** "top-level http_proxy: the gateway ignores it today; after the migration oauth, … requests go through http://proxy:3128". */
export function meaningSummary(m: Meaning, diffs: Difference[], rows: readonly CallerOutbound[]): string {
  const mine = diffs.filter((d) => d.setting === m.setting);
  const clauses: string[] = [];
  const byTarget = new Map<string, Difference[]>();
  const routed = new Set<string>();
  for (const f of ['route.https', 'route.http'] as const) {
    for (const d of mine.filter((x) => x.field === f)) {
      if (routed.has(rowName(d))) continue;
      routed.add(rowName(d));
      byTarget.set(d.after, [...(byTarget.get(d.after) ?? []), d]);
    }
  }
  for (const [target, ds] of byTarget) clauses.push(`${joinAnd(callersNamed(rows, ds))} requests ${goes(target)}`);
  const byVerify = new Map<string, Difference[]>();
  for (const d of mine.filter((x) => x.field === 'verify')) byVerify.set(d.after, [...(byVerify.get(d.after) ?? []), d]);
  for (const [after, ds] of byVerify) {
    // A legacy key that decided one path today, whose replacement decides more callers.
    const beyond = m.today === 'legacy-path-only' && ds.some((d) => rows.find((r) => rowName(r) === rowName(d))?.verify_key !== m.setting);
    clauses.push(`${joinAnd(callersNamed(rows, ds))} certificate checks turn ${after}${beyond ? ` (beyond what ${m.setting} reached: its replacement decides every request of the oauth client)` : ''}`);
  }
  const byFallback = new Map<string, Difference[]>();
  for (const d of mine.filter((x) => x.field === 'fallback_verify' && x.after !== '-')) {
    const k = `${d.before === '-' ? 'new' : 'changed'} ${d.after}`;
    byFallback.set(k, [...(byFallback.get(k) ?? []), d]);
  }
  for (const ds of byFallback.values()) {
    const d = ds[0];
    const who = joinAnd(callersNamed(rows, ds));
    // When the fallback is taken (a failed request, a certificate load error) is in the row's fallback field.
    clauses.push(d.before === '-'
      ? `${who}: a new fallback client, which checks certificates ${d.after === 'on' ? 'as the gateway does by default' : 'not at all'}`
      : `${who}: the fallback client turns certificate checks ${d.after}`);
  }
  for (const d of mine.filter((x) => x.field === 'client_cert' || x.field === 'ca')) clauses.push(`${rowName(d)} ${d.field === 'ca' ? 'CA' : 'client certificate'}: ${d.after}`);
  if (clauses.length === 0) {
    clauses.push(`${joinAnd(callersNamed(rows, mine))} change (${[...new Set(mine.map((d) => d.field))].join(', ')})`);
  }
  return `${m.setting}: ${TODAY[m.today]}; after the migration ${clauses.join('; ')}`;
}

const shown = (v: string): string => (v === '' ? '(none)' : v);

function describeDiff(d: Difference): string {
  return `${rowName(d)} ${d.field}: ${shown(d.before)} → ${shown(d.after)}`;
}

/** One line per caller: "  oauth introspection  client go_default → external_services; timeout none → 15s". */
function diffLines(diffs: Difference[]): string[] {
  const names = [...new Set(diffs.map(rowName))];
  const width = Math.max(...names.map((s) => s.length));
  return names.map((name) => {
    const mine = diffs.filter((d) => rowName(d) === name);
    // The three target schemes alike: one "route" entry.
    const routes = mine.filter((d) => d.field.startsWith('route.'));
    const same = routes.length === 3 && routes.every((d) => d.before === routes[0].before && d.after === routes[0].after);
    const parts = mine
      .filter((d) => !same || d.field === 'route.http' || !d.field.startsWith('route.'))
      .map((d) => `${d.weakensTls ? '! ' : ''}${same && d.field === 'route.http' ? 'route' : d.field} ${shown(d.before)} → ${shown(d.after)}`);
    return `  ${name.padEnd(width)}  ${parts.join('; ')}`;
  });
}

/**
 * migrate models a version that has external_services, or refuses (UsageError): before 5.10 there
 * is nothing to migrate into. `given` and `where`: how and where the version was set.
 */
export function requireMigratable(version: TykVersion, given: string = version, where = '--tyk-version'): void {
  if (readsExternalServices(version)) return;
  throw new UsageError(`${where} ${given}: Tyk ${version} has no external_services (it is read from 5.10.0 on), so there is nothing to migrate into; migrate for the version you are upgrading to (5.10 or later).`);
}

/** Would `--write` go ahead with these options? */
export function writeProceeds(o: MigrateOutcome, acceptChanges: boolean): boolean {
  return o.files.some((f) => f.after !== f.before) && ((o.needsConsent.length === 0 && o.exitsAfter === null) || acceptChanges);
}

const HEADER = ['SERVICE', 'CALLER', '', 'CLIENT', 'HTTP', 'HTTPS', 'BYPASS', 'VERIFY', 'CERT', 'CA', 'TIMEOUT'];

function cells(v: CallerOutbound): string[] {
  return [v.client, v.route.http, v.route.https, v.bypass === '' ? '-' : v.bypass, v.verify, v.client_cert, v.ca, v.timeout];
}

/**
 * Before and after, one pair of rows per caller, in the layout of explain's overview; `only`:
 * the callers to show (those with a difference), the rest being the same before and after.
 */
export function tableText(before: CallerOutbound[], after: CallerOutbound[], only?: ReadonlySet<string>): string {
  const rows: string[][] = [HEADER];
  let last: ServiceName | null = null;
  before.forEach((b, i) => {
    if (only !== undefined && !only.has(rowName(b))) return;
    rows.push([b.service === last ? '' : b.service, b.caller + (b.edition === 'ee' ? ' (ee)' : ''), 'before', ...cells(b)]);
    rows.push(['', '', 'after', ...cells(after[i])]);
    last = b.service;
  });
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

export function migrateText(o: MigrateOutcome, opts: ReportOptions): string {
  const out: string[] = [];
  const diffs = o.proof.differences;
  if (o.exitsAfter !== null) {
    out.push(`GATEWAY EXITS AT START after this migration: "${o.exitsAfter}" (today it starts). --write needs --accept-changes for this.`);
  }
  const weak = diffs.filter((d) => d.weakensTls);
  if (weak.length > 0) {
    out.push(`TLS WEAKENED: ${weak.map(describeDiff).join('; ')}. --write needs --accept-changes for this, intended or not.`);
  }
  for (const item of o.items) out.push(`${item.kind.padEnd(7)} ${item.message}`);
  for (const m of o.proof.meanings) {
    out.push(`intended   ${meaningSummary(m, diffs, o.proof.before)}`);
    out.push(...diffLines(diffs.filter((x) => x.setting === m.setting)));
  }
  const unexpected = diffs.filter((d) => d.label === 'unexpected');
  if (unexpected.length > 0) {
    out.push('unexpected (no legacy setting means this; --write needs --accept-changes):');
    out.push(...diffLines(unexpected));
  }
  const changed = o.files.some((f) => f.after !== f.before);
  if (changed) {
    const how = o.proof.reading === 'gateway'
      ? `as Tyk ${o.proof.version} reads ${diffs.length === 0 ? 'both files' : 'each file'}`
      : `the files as written, as Tyk ${o.proof.version} would read them`;
    if (diffs.length === 0) out.push(`outbound behaviour of all ${o.proof.before.length} callers: unchanged (${how})`);
    else {
      const changedRows = new Set(diffs.map(rowName));
      const same = o.proof.before.length - changedRows.size;
      out.push(`outbound behaviour (${how}), the ${changedRows.size} caller${changedRows.size === 1 ? ' that changes' : 's that change'}${same > 0 ? `; the other ${same} ${same === 1 ? 'is' : 'are'} unchanged` : ''}:`);
      out.push(tableText(o.proof.before, o.proof.after, changedRows));
    }
  }
  const v = verdict(o, opts);
  if (v !== '') out.push(v);
  return maskSecrets(out.join('\n') + '\n');
}

function verdict(o: MigrateOutcome, opts: ReportOptions): string {
  const changed = o.files.filter((f) => f.after !== f.before);
  const human = o.items.some((i) => i.kind === 'human');
  if (changed.length === 0) return human ? 'extsvc: nothing migrated; the items above need a human.' : 'extsvc: nothing to migrate.';
  if (opts.check) return `extsvc: ${changed.map((c) => c.path).join(', ')} need${changed.length === 1 ? 's' : ''} migrating (run "extsvc migrate --write").`;
  const blocked = (o.needsConsent.length > 0 || o.exitsAfter !== null) && !opts.acceptChanges;
  if (!opts.write) {
    return blocked
      ? 'extsvc: dry run; nothing written. --write would refuse: the differences above need --accept-changes.'
      : 'extsvc: dry run; nothing written. Add --write to apply.';
  }
  return blocked
    ? 'extsvc: not written: the outbound behaviour would change in ways marked above (unexpected, or TLS weakened). Review them, then add --accept-changes to write anyway.'
    : '';
}

export function migrateJson(o: MigrateOutcome, opts: ReportOptions): string {
  const value = {
    files: o.files.map((f) => ({ path: f.path, changed: f.after !== f.before })),
    edits: o.items.filter((i) => i.kind !== 'human').map((i) => ({ kind: i.kind, message: i.message, settings: i.settings ?? [] })),
    needsHuman: o.items.filter((i) => i.kind === 'human').map((i) => ({ message: i.message, settings: i.settings ?? [] })),
    discarded: o.discarded,
    reading: o.proof.reading,
    tykVersion: o.proof.version,
    differences: o.proof.differences.map((d) => ({ service: d.service, caller: d.caller, field: d.field, before: d.before, after: d.after, label: d.label, setting: d.setting, weakensTls: d.weakensTls })),
    intended: o.proof.meanings.map((m) => ({ setting: m.setting, summary: meaningSummary(m, o.proof.differences, o.proof.before) })),
    tlsWeakened: o.proof.differences.some((d) => d.weakensTls),
    exitsAfter: o.exitsAfter,
    before: o.proof.before,
    after: o.proof.after,
    check: { needsAction: o.needsAction },
    write: { wouldProceed: writeProceeds(o, opts.acceptChanges), needsAcceptChanges: o.needsConsent.length > 0 || o.exitsAfter !== null },
  };
  return maskSecrets(JSON.stringify(value, null, 2) + '\n');
}

/**
 * The path a patch names: relative to the directory it is applied from, with '/' separators, so
 * that `patch -p1` and `git apply` find the file (an absolute path would read "a//work/…").
 */
export function patchPath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return rel.split(sep).join('/').replace(/^(\.\/)+/, '');
}

/** Does the diff of these files hide a password (so that its lines with one cannot be applied as they stand)? */
export function diffMasksSecrets(files: readonly { path: string; before: string; after: string }[], mask: (path: string, text: string) => string): boolean {
  return files.some((f) => f.before !== f.after && (mask(f.path, f.before) !== f.before || mask(f.path, f.after) !== f.after));
}

/** A standard unified diff: `--- a/…` / `+++ b/…` headers without a timestamp or tab, no `====` line. */
export function unifiedDiff(path: string, before: string, after: string, cwd: string, mask: (text: string) => string = maskSecrets): string {
  const p = patchPath(path, cwd);
  const patch = structuredPatch(`a/${p}`, `b/${p}`, mask(before), mask(after), undefined, undefined, { context: 3 });
  if (patch.hunks.length === 0) return '';
  const out = [`--- a/${p}`, `+++ b/${p}`];
  for (const h of patch.hunks) {
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    out.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`, ...h.lines);
  }
  return out.join('\n') + '\n';
}
