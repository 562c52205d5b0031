/**
 * migrate's outputs, (outcome, options) => string: the text report (stderr), the JSON report
 * (stdout with --format json) and the unified diff (stdout on a dry run). All wording of the
 * proof lives here; every string passes maskSecrets on its way out.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { structuredPatch } from 'diff';
import { maskSecrets } from '../mask.js';
import type { ServiceName } from '../types.js';
import type { MigrateOutcome } from './outcome.js';
import type { Difference, Meaning } from './verify.js';
import type { ServiceOutbound } from './outbound.js';

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

/** "top-level http_proxy: the gateway ignores it today; after the migration oauth, … requests go through http://proxy:3128". */
export function meaningSummary(m: Meaning, diffs: Difference[]): string {
  const mine = diffs.filter((d) => d.setting === m.setting);
  const clauses: string[] = [];
  const byTarget = new Map<string, ServiceName[]>();
  const routed = new Set<ServiceName>();
  for (const f of ['route.https', 'route.http'] as const) {
    for (const d of mine.filter((x) => x.field === f)) {
      if (routed.has(d.service)) continue;
      routed.add(d.service);
      byTarget.set(d.after, [...(byTarget.get(d.after) ?? []), d.service]);
    }
  }
  for (const [target, svcs] of byTarget) clauses.push(`${joinAnd(svcs)} requests ${goes(target)}`);
  for (const d of mine.filter((x) => x.field === 'verify')) clauses.push(`${d.service} certificate checks turn ${d.after}`);
  for (const d of mine.filter((x) => x.field === 'fallback_verify' && x.after !== '-')) {
    clauses.push(d.before === '-'
      ? `a failed ${d.service} JWK fetch is retried by the legacy fetch, which checks certificates ${d.after === 'on' ? 'as the gateway does by default' : 'not at all'}`
      : `the legacy JWK fetch that retries a failed ${d.service} fetch turns certificate checks ${d.after}`);
  }
  for (const d of mine.filter((x) => x.field === 'client_cert' || x.field === 'ca')) clauses.push(`${d.service} ${d.field === 'ca' ? 'CA' : 'client certificate'}: ${d.after}`);
  if (clauses.length === 0) {
    const svcs = [...new Set(mine.map((d) => d.service))];
    clauses.push(`${joinAnd(svcs)} change (${[...new Set(mine.map((d) => d.field))].join(', ')})`);
  }
  return `${m.setting}: ${TODAY[m.today]}; after the migration ${clauses.join('; ')}`;
}

const shown = (v: string): string => (v === '' ? '(none)' : v);

function describeDiff(d: Difference): string {
  return `${d.service} ${d.field}: ${shown(d.before)} → ${shown(d.after)}`;
}

/** One line per service: "oauth      client legacy → external_services; timeout none → 15s". */
function diffLines(diffs: Difference[]): string[] {
  const services = [...new Set(diffs.map((d) => d.service))];
  const width = Math.max(...services.map((s) => s.length));
  return services.map((svc) => {
    const mine = diffs.filter((d) => d.service === svc);
    // The three target schemes alike: one "route" entry.
    const routes = mine.filter((d) => d.field.startsWith('route.'));
    const same = routes.length === 3 && routes.every((d) => d.before === routes[0].before && d.after === routes[0].after);
    const parts = mine
      .filter((d) => !same || d.field === 'route.http' || !d.field.startsWith('route.'))
      .map((d) => `${d.weakensTls ? '! ' : ''}${same && d.field === 'route.http' ? 'route' : d.field} ${shown(d.before)} → ${shown(d.after)}`);
    return `  ${svc.padEnd(width)}  ${parts.join('; ')}`;
  });
}

/** Would `--write` go ahead with these options? */
export function writeProceeds(o: MigrateOutcome, acceptChanges: boolean): boolean {
  return o.files.some((f) => f.after !== f.before) && (o.needsConsent.length === 0 || acceptChanges);
}

const HEADER = ['SERVICE', '', 'CLIENT', 'HTTP', 'HTTPS', 'BYPASS', 'VERIFY', 'CERT', 'CA', 'TIMEOUT'];

function cells(v: ServiceOutbound): string[] {
  return [v.client, v.route.http, v.route.https, v.bypass === '' ? '-' : v.bypass, v.verify, v.client_cert, v.ca, v.timeout];
}

/** Before and after, one pair of rows per service, in the layout of explain's overview. */
export function tableText(before: ServiceOutbound[], after: ServiceOutbound[]): string {
  const rows: string[][] = [HEADER];
  before.forEach((b, i) => {
    rows.push([b.service, 'before', ...cells(b)]);
    rows.push(['', 'after', ...cells(after[i])]);
  });
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

export function migrateText(o: MigrateOutcome, opts: ReportOptions): string {
  const out: string[] = [];
  const diffs = o.proof.differences;
  const weak = diffs.filter((d) => d.weakensTls);
  if (weak.length > 0) {
    out.push(`TLS WEAKENED: ${weak.map(describeDiff).join('; ')}. --write needs --accept-changes for this, intended or not.`);
  }
  for (const item of o.items) out.push(`${item.kind.padEnd(7)} ${item.message}`);
  for (const m of o.proof.meanings) {
    out.push(`intended   ${meaningSummary(m, diffs)}`);
    out.push(...diffLines(diffs.filter((x) => x.setting === m.setting)));
  }
  const unexpected = diffs.filter((d) => d.label === 'unexpected');
  if (unexpected.length > 0) {
    out.push('unexpected (no legacy setting means this; --write needs --accept-changes):');
    out.push(...diffLines(unexpected));
  }
  const changed = o.files.some((f) => f.after !== f.before);
  if (changed) {
    out.push(diffs.length === 0
      ? `outbound behaviour: unchanged (${o.proof.reading === 'gateway' ? 'as the gateway reads both files' : 'the files as written'})`
      : `outbound behaviour (${o.proof.reading === 'gateway' ? 'as the gateway reads each file' : 'the files as written'}):`);
    if (diffs.length > 0) out.push(tableText(o.proof.before, o.proof.after));
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
  const blocked = o.needsConsent.length > 0 && !opts.acceptChanges;
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
    differences: o.proof.differences.map((d) => ({ service: d.service, field: d.field, before: d.before, after: d.after, label: d.label, setting: d.setting, weakensTls: d.weakensTls })),
    intended: o.proof.meanings.map((m) => ({ setting: m.setting, summary: meaningSummary(m, o.proof.differences) })),
    tlsWeakened: o.proof.differences.some((d) => d.weakensTls),
    before: o.proof.before,
    after: o.proof.after,
    check: { needsAction: o.needsAction },
    write: { wouldProceed: writeProceeds(o, opts.acceptChanges), needsAcceptChanges: o.needsConsent.length > 0 },
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
