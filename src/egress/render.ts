/** The inventory as text (a table), JSON or CSV. Every string is masked already; maskSecrets is the second net. */
import { maskSecrets } from '../mask.js';
import type { EgressRow, Inventory, TlsPath } from './inventory.js';

export const EGRESS_FORMATS = ['text', 'json', 'csv'] as const;
export type EgressFormat = (typeof EGRESS_FORMATS)[number];

export const TLS_WORDS: Record<TlsPath, string> = {
  none: 'plain',
  target: 'gateway to target',
  'target-via-connect': 'gateway to target, in a CONNECT tunnel',
  proxy: 'gateway to proxy',
  'proxy-and-target-via-connect': 'gateway to proxy, and to target in a CONNECT tunnel inside',
  'target-via-socks': 'gateway to target, through SOCKS5',
};

const COLUMNS = ['address', 'kind', 'service', 'caller', 'target', 'via', 'tls', 'client_certificate', 'verification', 'source'] as const;
type Column = (typeof COLUMNS)[number];

function cells(r: EgressRow): Record<Column, string> {
  return {
    address: r.port === null ? `${r.host}:?` : r.address,
    kind: r.kind,
    service: r.service,
    caller: r.caller,
    target: r.target,
    via: r.proxy ?? 'direct',
    tls: TLS_WORDS[r.tls],
    client_certificate: r.clientCertificate ?? '-',
    verification: r.verification,
    source: r.source,
  };
}

export interface RenderContext {
  config: string;
  fileUsed: boolean;
  fileNote: string | null;
}

function table(rows: Record<Column, string>[], cols: readonly Column[]): string {
  const head = Object.fromEntries(cols.map((c) => [c, c.toUpperCase().replace('_', ' ')])) as Record<Column, string>;
  const all = [head, ...rows];
  const widths = cols.map((c) => Math.max(...all.map((r) => r[c].length)));
  return all.map((r) => cols.map((c, i) => (i === cols.length - 1 ? r[c] : r[c].padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

export function egressText(inv: Inventory, ctx: RenderContext): string {
  const addresses = new Set(inv.rows.map((r) => r.address));
  let out = `Egress of ${ctx.config}: ${addresses.size} address${addresses.size === 1 ? '' : 'es'}, ${inv.rows.length} connection${inv.rows.length === 1 ? '' : 's'}\n`;
  if (ctx.fileNote !== null) out += `${ctx.fileNote}\n`;
  out += '\n';
  if (inv.rows.length > 0) out += `${table(inv.rows.map(cells), COLUMNS)}\n`;
  const notes = [...new Set(inv.rows.flatMap((r) => r.notes.map((n) => `${r.address}: ${n}`)))];
  const direct = new Map<string, string[]>();
  for (const d of inv.direct) {
    const k = `${d.service} (${d.caller})`;
    direct.set(k, [...(direct.get(k) ?? []), d.scheme]);
  }
  for (const b of inv.bypassed) {
    const how = b.via === 'bypass_proxy' ? "a URL's host:port must equal an entry" : 'NO_PROXY matches domains and their subdomains, IPs and CIDRs';
    notes.push(`${b.service}: ${b.via} sends ${b.entries.join(', ')} direct (${how}); name those URLs with --apis or --url to list them`);
  }
  for (const [k, schemes] of direct) notes.push(`${k}: every ${schemes.join(' and ')} target goes direct, each one a destination of its own (name them with --apis or --url)`);
  if (notes.length > 0) out += `\nNotes:\n${notes.map((n) => `  ${n}\n`).join('')}`;
  if (inv.failures.length > 0) {
    out += `\nRequests that cannot be made:\n${inv.failures.map((f) => `  ${f.service} ${f.caller} ${f.target}: ${f.error}\n`).join('')}`;
  }
  return maskSecrets(out);
}

export function egressJson(inv: Inventory, ctx: RenderContext): string {
  const data = {
    config: ctx.config,
    file_used: ctx.fileUsed,
    destinations: inv.rows.map((r) => ({
      address: r.port === null ? null : r.address, host: r.host, port: r.port, kind: r.kind, service: r.service, caller: r.caller,
      target: r.target, proxy: r.proxy, tls: r.tls, client_certificate: r.clientCertificate, verification: r.verification,
      source: r.source, notes: r.notes, fallback: r.fallback, mesh: { protocol: r.need.protocol, tls_enabled: false, reason: r.need.reason },
    })),
    failures: inv.failures,
    direct: inv.direct,
    bypassed: inv.bypassed,
  };
  return maskSecrets(`${JSON.stringify(data, null, 2)}\n`);
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function egressCsv(inv: Inventory): string {
  const lines = [COLUMNS.join(','), ...inv.rows.map((r) => COLUMNS.map((c) => csvCell(cells(r)[c])).join(','))];
  return maskSecrets(`${lines.join('\r\n')}\r\n`);
}
