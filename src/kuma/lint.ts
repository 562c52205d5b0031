/**
 * `extsvc lint` of a YAML file of Kuma resources: Kuma's own violations, word for word and in
 * Kuma's order (per document), then what Kuma accepts without a word: unknown fields, several
 * data-source members, protocols it accepts but does not list, YAML 1.1 readings, TLS that
 * verifies nothing, and the kind that Kuma 3.0 removes. Pure: text in, diagnostics out.
 */
import { RULE_DOCS } from '../catalog.js';
import { suggest } from '../suggest.js';
import type { Args, Code, Diagnostic, FileResult, Span } from '../types.js';
import { bool, msg, str, stringMap } from './decode.js';
import { readKumaFile, type KumaFile, type KumaResource } from './resources.js';
import { parseProtocol, PROTOCOL_TAG } from './validate.js';
import { entry } from './yaml.js';

/** Field names that older docs (the seed document among them) print and Kuma never had. */
const OLD_NAMES: Record<string, string> = { sni: 'serverName' };

export function diagnostic(code: Code, args: Args, path: (string | number)[], file: string, span: Span): Diagnostic {
  return { code, severity: RULE_DOCS[code].severity, args, path, location: { kind: 'file', file, span } };
}

function parentPath(f: string): string {
  const m = /^(.*?)(\[[^\]]*\]|\.[^.[\]]+)$/.exec(f);
  return m === null ? '' : m[1];
}

/** Where a Kuma field path points in the YAML: the value there, or the key of the nearest parent that is written. */
export function spanOf(r: KumaResource, field: string): Span {
  if (r.form === 'universal' && (field === 'name' || field === 'mesh')) {
    return entry(r.root, field)?.value.span ?? r.nameSpan;
  }
  if (field === 'name') return r.nameSpan;
  for (let f = field; f !== ''; f = parentPath(f)) {
    const n = r.decoded.nodes.get(f);
    if (n !== undefined) return f === field ? n.value : n.key ?? n.value;
  }
  return r.nameSpan;
}

function resourceArgs(r: KumaResource): Args {
  return { kind: r.kind, name: r.name };
}

const pathOf = (r: KumaResource, field: string): (string | number)[] => ['documents', r.index, r.kind, r.name, field];

function protocolHint(value: string): string | undefined {
  return value.toLowerCase() === 'https' ? 'https' : undefined;
}

/** Findings about one resource, Kuma's first. */
export function resourceFindings(file: string, r: KumaResource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const base = resourceArgs(r);
  const d = r.decoded;
  if (d.error !== null) {
    out.push(diagnostic('KUMA_DECODE_ERROR', { ...base, field: d.error.path, detail: d.error.message }, pathOf(r, d.error.path), file, d.error.span));
  }
  const tags = stringMap(d.value, 'tags');
  for (const v of r.violations) {
    const hint = v.field === `tags["${PROTOCOL_TAG}"]` && v.message.startsWith('tag ') ? protocolHint(tags?.get(PROTOCOL_TAG) ?? '') : undefined;
    out.push(diagnostic('KUMA_INVALID', { ...base, field: v.field, message: v.message, ...(hint !== undefined ? { hint } : {}) }, pathOf(r, v.field), file, spanOf(r, v.field)));
  }
  const extra: Diagnostic[] = [];
  for (const u of [...r.unknownTop.map((t) => ({ parent: '', ...t })), ...d.unknown]) {
    const old = OLD_NAMES[u.key];
    const suggestion = old !== undefined && u.known.includes(old) ? old : suggest(u.key, u.known);
    const field = u.parent === '' ? u.key : `${u.parent}.${u.key}`;
    extra.push(diagnostic('KUMA_UNKNOWN_FIELD', {
      ...base, key: u.key, parent: u.parent, known: u.known,
      ...(suggestion !== undefined ? { suggestion } : {}), ...(old !== undefined ? { oldDocs: true } : {}),
    }, pathOf(r, field), file, u.keySpan));
  }
  for (const m of d.extraMembers) {
    extra.push(diagnostic('KUMA_DATA_SOURCE_MEMBERS', { ...base, field: m.path, members: m.members, kept: m.kept }, pathOf(r, m.path), file, m.span));
  }
  for (const y of d.yaml11) {
    extra.push(diagnostic('KUMA_YAML11_VALUE', {
      ...base, field: y.path, text: y.reading.text, kuma: String(y.reading.kuma), yaml12: String(y.reading.yaml12), became: y.became, asText: y.asText,
    }, pathOf(r, y.path), file, y.span));
  }
  const protocol = tags?.get(PROTOCOL_TAG);
  if (r.kind === 'ExternalService' && protocol !== undefined) {
    const parsed = parseProtocol(protocol);
    if (parsed !== null && (parsed !== protocol || ['tls', 'mysql'].includes(parsed))) {
      const field = `tags["${PROTOCOL_TAG}"]`;
      extra.push(diagnostic('KUMA_PROTOCOL_UNLISTED', { ...base, value: protocol, parsed }, pathOf(r, field), file, spanOf(r, field)));
    }
  }
  if (d.error === null) {
    if (r.kind === 'ExternalService') {
      const tls = msg(msg(d.value, 'networking'), 'tls');
      if (bool(tls, 'enabled') === true && msg(tls, 'caCert') === undefined) {
        const field = 'networking.tls.enabled';
        extra.push(diagnostic('KUMA_TLS_NO_CA', { ...base, field, skip: bool(tls, 'skipHostnameVerification') === true }, pathOf(r, field), file, spanOf(r, field)));
      }
    } else {
      const v = msg(msg(d.value, 'tls'), 'verification');
      const mode = str(v, 'mode');
      if (bool(msg(d.value, 'tls'), 'enabled') === true && (mode === 'SkipCA' || mode === 'SkipAll')) {
        const field = 'spec.tls.verification.mode';
        extra.push(diagnostic('KUMA_TLS_NO_CA', { ...base, field, mode }, pathOf(r, field), file, spanOf(r, field)));
      }
    }
  }
  if (r.kind === 'ExternalService') {
    extra.push(diagnostic('KUMA_EXTERNAL_SERVICE_DEPRECATED', base, pathOf(r, ''), file, r.nameSpan));
  }
  extra.sort((a, b) => (a.location.kind === 'file' && b.location.kind === 'file' ? a.location.span.offset - b.location.span.offset : 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return [...out, ...extra];
}

/** The findings of a parsed Kuma file: syntax errors, or each resource's findings in document order. */
export function kumaFileFindings(file: string, parsed: KumaFile): Diagnostic[] {
  if (parsed.syntax.length > 0) {
    return parsed.syntax.slice(0, 1).map((e) => diagnostic('KUMA_YAML_SYNTAX', { detail: e.message }, [], file, e.span));
  }
  return parsed.resources.flatMap((r) => resourceFindings(file, r));
}

export function lintKumaText(file: string, text: string): FileResult {
  return { file, diagnostics: kumaFileFindings(file, readKumaFile(text)) };
}

