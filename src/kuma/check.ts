/**
 * `kuma check`: do these Kuma resources let the gateway reach every destination of its
 * inventory the way it dials it? Each resource is first checked on its own (as lint does); then
 * every destination needs a resource that Kuma accepts, matching its address (ExternalService
 * networking.address; MeshExternalService hostname and match.port), with kuma.io/protocol tcp
 * and tls.enabled false wherever Tyk tunnels through a proxy or speaks TLS itself.
 * Pure: inventory and parsed files in, findings out.
 */
import { LineIndex } from '../config/position.js';
import { destinations, type Destination, type EgressRow, type Inventory } from '../egress/inventory.js';
import type { Args, Diagnostic, FileResult, Span } from '../types.js';
import { bool, isMessage, list, msg, num, str, stringMap } from './decode.js';
import { diagnostic, resourceFindings, spanOf } from './lint.js';
import type { KumaFile, KumaResource, OtherDocument } from './resources.js';
import { displayName, parseProtocol, PROTOCOL_TAG } from './validate.js';
import { splitHostPort } from '../go/net.js';
import { entry, scalarText } from './yaml.js';

/** The destinations a mesh sees: loopback connections never reach the sidecar. */
export function meshDestinations(inv: Inventory): Destination[] {
  return destinations(inv).filter((d) => !d.loopback);
}

export interface ResourceFile {
  file: string;
  parsed: KumaFile;
}

export interface CheckInput {
  configFile: string;
  configText: string | null;
  /** The API definitions' texts by file, to point at the URL a destination comes from. */
  apiTexts?: ReadonlyMap<string, string>;
  destinations: readonly Destination[];
  files: readonly ResourceFile[];
}

interface Declared {
  file: string;
  r: KumaResource;
  protocol: string;
  protocolField: string;
  tlsEnabled: boolean;
  tlsField: string;
  /** ExternalService: its address; MeshExternalService: its endpoints. */
  addresses: { host: string; port: number }[];
  /** MeshExternalService: the hostnames it is reached under, and its match.port. */
  hostnames: string[];
  matchPort: number | null;
}

interface Generator {
  template: string;
  matchLabels: Map<string, string> | null;
}

function generators(others: readonly OtherDocument[]): Generator[] {
  const out: Generator[] = [];
  for (const o of others) {
    if (o.kind !== 'HostnameGenerator') continue;
    const spec = entry(o.node, 'spec')?.value;
    const template = scalarText(spec, 'template');
    if (template === undefined) continue;
    const sel = entry(entry(spec, 'selector')?.value, 'meshExternalService')?.value;
    if (sel === undefined) continue;
    const ml = entry(sel, 'matchLabels')?.value;
    const labels = new Map<string, string>();
    if (ml?.kind === 'map') for (const e of ml.entries) if (e.value.kind === 'scalar' && e.value.value !== null) labels.set(e.key, String(e.value.value));
    out.push({ template, matchLabels: labels });
  }
  return out;
}

/** Kuma's HostnameGenerator template for one resource; null when it uses what this tool does not evaluate. */
export function evaluateTemplate(template: string, r: Pick<KumaResource, 'name' | 'mesh' | 'labels'>, namespace: string): string | null {
  let failed = false;
  const display = displayName(r.name, r.labels);
  const out = template.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_, expr: string) => {
    const field = /^\.(\w+)$/.exec(expr);
    if (field !== null) {
      const v = { Name: r.name, DisplayName: display, Mesh: r.mesh, Namespace: namespace, Zone: '' }[field[1]];
      if (v === undefined) failed = true;
      return v ?? '';
    }
    const label = /^label\s+"([^"]*)"$/.exec(expr);
    if (label !== null) {
      const v = r.labels.get(label[1]);
      if (v === undefined) failed = true;
      return v ?? '';
    }
    failed = true;
    return '';
  });
  return failed ? null : out;
}

function declared(file: string, r: KumaResource, gens: readonly Generator[]): Declared | null {
  if (r.decoded.error !== null || r.violations.length > 0) return null;
  const v = r.decoded.value;
  if (r.kind === 'ExternalService') {
    const networking = msg(v, 'networking');
    const address = str(networking, 'address') ?? '';
    // As Kuma's validator splits it (net.SplitHostPort), which the resource has passed.
    const hp = splitHostPort(address);
    const port = hp === null || !/^\d+$/.test(hp.port) ? null : Number(hp.port);
    return {
      file, r,
      protocol: parseProtocol(stringMap(v, 'tags')?.get(PROTOCOL_TAG) ?? 'tcp') ?? 'tcp',
      protocolField: `tags["${PROTOCOL_TAG}"]`,
      tlsEnabled: bool(msg(networking, 'tls'), 'enabled') === true,
      tlsField: 'networking.tls.enabled',
      addresses: hp === null || port === null ? [] : [{ host: hp.host.toLowerCase(), port }],
      hostnames: [], matchPort: null,
    };
  }
  const match = msg(v, 'match');
  const namespace = r.form === 'kubernetes' ? scalarText(entry(r.root, 'metadata')?.value, 'namespace') ?? '' : '';
  const hostnames = gens
    .filter((g) => g.matchLabels === null || [...g.matchLabels].every(([k, val]) => r.labels.get(k) === val))
    .map((g) => evaluateTemplate(g.template, r, namespace))
    .filter((h): h is string => h !== null);
  // The zone's default generator (pkg/defaults/hostname_generator.go) for resources made on a zone.
  hostnames.push(`${displayName(r.name, r.labels)}.extsvc.mesh.local`);
  return {
    file, r,
    protocol: str(match, 'protocol') ?? '',
    protocolField: 'spec.match.protocol',
    tlsEnabled: bool(msg(v, 'tls'), 'enabled') === true,
    tlsField: 'spec.tls.enabled',
    addresses: (list(v, 'endpoints') ?? []).filter(isMessage).map((e) => ({ host: (str(e, 'address') ?? '').toLowerCase(), port: num(e, 'port') ?? 0 })),
    hostnames: hostnames.map((h) => h.toLowerCase()),
    matchPort: num(match, 'port') ?? null,
  };
}

function tlsWhy(rows: readonly EgressRow[]): string {
  if (rows.some((r) => r.kind === 'redis' && r.tls !== 'none')) return 'storage.use_ssl';
  if (rows.some((r) => r.tls === 'proxy' || r.tls === 'proxy-and-target-via-connect')) return 'an https:// proxy URL';
  return 'an https:// target';
}

/** Where tyk.conf (or an API definition) names a destination: the first place its text appears. */
function configSpan(index: LineIndex | null, d: Destination): Span {
  if (index === null) return { offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
  for (const needle of [d.address, d.host]) {
    const at = index.text.indexOf(needle);
    if (at >= 0) return index.span(at, needle.length);
  }
  return index.span(0, 0);
}

/** "webhooks (external-services client)", one per service and caller, sorted. */
function describeCallers(d: Destination): { callers: string[] } {
  return { callers: [...new Set(d.rows.map((r) => `${r.service} (${r.caller})`))].sort() };
}

/** Resource by resource: Kuma's own violations first, in Kuma's order, then the rest by position. */
function inResourceOrder(ds: Diagnostic[]): Diagnostic[] {
  const own = (d: Diagnostic): boolean => d.code === 'KUMA_INVALID' || d.code === 'KUMA_DECODE_ERROR';
  const doc = (d: Diagnostic): number => (typeof d.path[1] === 'number' ? d.path[1] : -1);
  const offset = (d: Diagnostic): number => (d.location.kind === 'file' ? d.location.span.offset : 0);
  return ds.map((d, i) => ({ d, i })).sort((a, b) => doc(a.d) - doc(b.d)
    || Number(own(b.d)) - Number(own(a.d))
    || (own(a.d) ? a.i - b.i : offset(a.d) - offset(b.d) || a.i - b.i)).map((x) => x.d);
}

export function kumaCheck(input: CheckInput): FileResult[] {
  const gens = generators(input.files.flatMap((f) => f.parsed.others));
  const results: FileResult[] = input.files.map((f) => ({
    file: f.file,
    diagnostics: f.parsed.syntax.length > 0
      ? [diagnostic('KUMA_YAML_SYNTAX', { detail: f.parsed.syntax[0].message }, [], f.file, f.parsed.syntax[0].span)]
      : f.parsed.resources.flatMap((r) => resourceFindings(f.file, r)),
  }));
  const byFile = new Map(results.map((r) => [r.file, r]));
  const all = input.files.flatMap((f) => f.parsed.resources.map((r) => declared(f.file, r, gens))).filter((x): x is Declared => x !== null);
  const configFindings: Diagnostic[] = [];
  const apiFindings = new Map<string, Diagnostic[]>();
  const index = input.configText === null ? null : new LineIndex(input.configText);
  for (const d of input.destinations) {
    const host = d.host.toLowerCase();
    const exact = all.filter((x) => (x.r.kind === 'ExternalService'
      ? x.addresses.some((a) => a.host === host && a.port === d.port)
      : x.hostnames.includes(host) && x.matchPort === d.port));
    const who = describeCallers(d);
    if (exact.length === 0) {
      const meant = all.filter((x) => x.r.kind === 'MeshExternalService' && x.addresses.some((a) => a.host === host && a.port === d.port));
      for (const m of meant) {
        byFile.get(m.file)!.diagnostics.push(diagnostic('KUMA_HOSTNAME_MISMATCH', {
          kind: m.r.kind, name: m.r.name, hostname: m.hostnames[m.hostnames.length - 1], host: d.host, destination: d.address,
        }, ['documents', m.r.index, m.r.kind, m.r.name, ''], m.file, m.r.nameSpan));
      }
      if (meant.length === 0) {
        const proxyRow = d.rows.find((r) => r.kind === 'proxy');
        const args: Args = { destination: d.address, ...who, needProtocol: d.protocol };
        if (proxyRow?.proxy) args.proxy = proxyRow.proxy;
        // Where the destination comes from: the proxy setting, the API definition naming it, else tyk.conf.
        const setAt = d.rows.find((r) => r.setAt !== null)?.setAt ?? null;
        const fromApi = d.rows.find((r) => r.sourceFile !== null && input.apiTexts?.has(r.sourceFile) === true);
        if (setAt !== null) {
          const at = setAt.file === input.configFile ? configFindings : (apiFindings.get(setAt.file) ?? []);
          at.push(diagnostic('KUMA_DESTINATION_UNDECLARED', args, ['destinations', d.address], setAt.file, setAt.span));
          if (setAt.file !== input.configFile) apiFindings.set(setAt.file, at);
        } else if (fromApi !== undefined && fromApi.sourceFile !== null) {
          const f = fromApi.sourceFile;
          apiFindings.set(f, [...(apiFindings.get(f) ?? []), diagnostic('KUMA_DESTINATION_UNDECLARED', args, ['destinations', d.address], f, configSpan(new LineIndex(input.apiTexts!.get(f)!), d))]);
        } else {
          configFindings.push(diagnostic('KUMA_DESTINATION_UNDECLARED', args, ['destinations', d.address], input.configFile, configSpan(index, d)));
        }
      }
      continue;
    }
    for (const x of exact) {
      const out = byFile.get(x.file)!.diagnostics;
      const base = { kind: x.r.kind, name: x.r.name, destination: d.address };
      const path = (f: string) => ['documents', x.r.index, x.r.kind, x.r.name, f];
      const reason = d.reason === 'connect' || d.reason === 'proxy' ? 'connect' : 'tyk-tls';
      if (d.protocol === 'tcp' && x.protocol !== 'tcp' && d.reason !== 'redis') {
        out.push(diagnostic('KUMA_PROTOCOL_MISMATCH', { ...base, have: x.protocol, reason, why: tlsWhy(d.rows) }, path(x.protocolField), x.file, spanOf(x.r, x.protocolField)));
      } else if (d.reason === 'redis' && x.protocol !== 'tcp') {
        out.push(diagnostic('KUMA_PROTOCOL_MISMATCH', { ...base, have: x.protocol, reason: 'redis' }, path(x.protocolField), x.file, spanOf(x.r, x.protocolField)));
      }
      if (x.tlsEnabled && d.reason !== 'plain-http' && d.reason !== 'redis') {
        out.push(diagnostic('KUMA_TLS_MISMATCH', { ...base, reason, why: tlsWhy(d.rows) }, path(x.tlsField), x.file, spanOf(x.r, x.tlsField)));
      }
    }
  }
  for (const r of results) r.diagnostics = inResourceOrder(r.diagnostics);
  return [{ file: input.configFile, diagnostics: configFindings }, ...[...apiFindings].map(([file, diagnostics]) => ({ file, diagnostics })), ...results];
}
