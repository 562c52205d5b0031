/**
 * `kuma generate`: the ExternalService or MeshExternalService resources the inventory needs,
 * one per address the gateway dials, each with the protocol and TLS its connections need and a
 * comment naming the services and callers behind it. Pure: destinations in, YAML text out.
 *
 * Every connection Tyk makes through a proxy, or with TLS of its own, must pass the mesh as
 * opaque bytes: kuma.io/protocol tcp and tls.enabled false (Envoy answers CONNECT with 403, and
 * TLS on top of Tyk's TLS is TLS inside TLS). Plain HTTP straight to a target may be http.
 * MeshExternalServices get a HostnameGenerator that gives each one the host Tyk dials.
 */
import type { Destination, EgressRow, NeedReason } from '../egress/inventory.js';
import { TLS_WORDS } from '../egress/render.js';
import { resolvePlain } from './yaml.js';

export const GENERATE_KINDS = ['ExternalService', 'MeshExternalService'] as const;
export type GenerateKind = (typeof GENERATE_KINDS)[number];
export const GENERATE_FORMATS = ['universal', 'kubernetes'] as const;
export type GenerateFormat = (typeof GENERATE_FORMATS)[number];

export interface GenerateOptions {
  kind: GenerateKind;
  format: GenerateFormat;
  mesh: string;
  /** Kubernetes namespace of MeshExternalService and HostnameGenerator (Kuma's system namespace). */
  namespace: string;
}

/** Labels that tie a generated MeshExternalService to the HostnameGenerator giving it Tyk's host. */
export const HOSTNAME_LABEL = 'extsvc.io/hostname';
export const HOSTNAME_SELECT_LABEL = 'extsvc.io/real-hostname';
export const HOSTNAME_GENERATOR = 'extsvc-real-hostnames';

/** A YAML scalar that every reader (YAML 1.1 and 1.2) takes as the same text. */
export function yamlString(v: string): string {
  const plainSafe = /^[A-Za-z0-9_/][A-Za-z0-9._/-]*$/.test(v) && typeof resolvePlain(v) === 'string' && !/^(y|n)$/i.test(v);
  return plainSafe ? v : JSON.stringify(v);
}

/**
 * A name for a destination's resource: host and port as one DNS label (RFC 1035: a letter
 * first, letters, digits and dashes, at most 63), which MeshExternalService names should be
 * (Kuma warns otherwise, deprecated.go) and which kuma.io/service can use too.
 */
export function resourceName(d: Pick<Destination, 'host' | 'port'>): string {
  let label = `${d.host.toLowerCase()}-${d.port}`.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(label)) label = `${/^[0-9a-f:.]+$/.test(d.host) ? 'ip' : 'host'}-${label}`;
  return label.slice(0, 63).replace(/-+$/, '');
}

const WHY: Record<NeedReason, string> = {
  connect: 'Tyk opens CONNECT tunnels to this proxy',
  proxy: 'Tyk sends its requests to this proxy',
  'tyk-tls': 'Tyk speaks TLS itself',
  redis: 'Redis protocol',
  'plain-http': 'plain HTTP from Tyk',
};

function comments(d: Destination): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const line = (r: EgressRow): string => `# ${r.service} (${r.caller}): ${r.target}${r.proxy !== null ? ` via ${r.proxy}` : ''}; TLS: ${TLS_WORDS[r.tls]}`;
  for (const r of d.rows) {
    const l = line(r);
    if (!seen.has(l)) out.push(l);
    seen.add(l);
  }
  out.push(`# needs kuma.io/protocol ${d.protocol}, tls.enabled false: ${WHY[d.reason]}`);
  return out;
}

function externalService(d: Destination, o: GenerateOptions): string[] {
  const name = resourceName(d);
  const spec = [
    'tags:',
    `  kuma.io/service: ${yamlString(name)}`,
    `  kuma.io/protocol: ${d.protocol}`,
    'networking:',
    `  address: ${yamlString(d.address)}`,
    '  tls:',
    '    enabled: false',
  ];
  if (o.format === 'universal') return ['type: ExternalService', `mesh: ${yamlString(o.mesh)}`, `name: ${yamlString(name)}`, ...spec];
  return ['apiVersion: kuma.io/v1alpha1', 'kind: ExternalService', `mesh: ${yamlString(o.mesh)}`, 'metadata:', `  name: ${yamlString(name)}`, 'spec:', ...spec.map((l) => `  ${l}`)];
}

function meshExternalService(d: Destination, o: GenerateOptions): string[] {
  const name = resourceName(d);
  const labels = [`${HOSTNAME_SELECT_LABEL}: "true"`, `${HOSTNAME_LABEL}: ${yamlString(d.host)}`];
  const spec = [
    'match:',
    '  type: HostnameGenerator',
    `  port: ${d.port}`,
    `  protocol: ${d.protocol}`,
    'endpoints:',
    `  - address: ${yamlString(d.host)}`,
    `    port: ${d.port}`,
  ];
  if (o.format === 'universal') {
    return ['type: MeshExternalService', `mesh: ${yamlString(o.mesh)}`, `name: ${yamlString(name)}`, 'labels:', ...labels.map((l) => `  ${l}`), 'spec:', ...spec.map((l) => `  ${l}`)];
  }
  return [
    'apiVersion: kuma.io/v1alpha1', 'kind: MeshExternalService', 'metadata:', `  name: ${yamlString(name)}`, `  namespace: ${yamlString(o.namespace)}`,
    '  labels:', `    kuma.io/mesh: ${yamlString(o.mesh)}`, ...labels.map((l) => `    ${l}`), 'spec:', ...spec.map((l) => `  ${l}`),
  ];
}

function hostnameGenerator(o: GenerateOptions): string[] {
  const spec = ['selector:', '  meshExternalService:', '    matchLabels:', `      ${HOSTNAME_SELECT_LABEL}: "true"`, `template: '{{ label "${HOSTNAME_LABEL}" }}'`];
  const head = ['# Gives each MeshExternalService above the host Tyk dials (its extsvc.io/hostname label), so that Tyk', '# needs no new URLs and the certificates it checks still name that host.'];
  if (o.format === 'universal') return [...head, 'type: HostnameGenerator', `name: ${HOSTNAME_GENERATOR}`, 'spec:', ...spec.map((l) => `  ${l}`)];
  return [...head, 'apiVersion: kuma.io/v1alpha1', 'kind: HostnameGenerator', 'metadata:', `  name: ${HOSTNAME_GENERATOR}`, `  namespace: ${yamlString(o.namespace)}`, 'spec:', ...spec.map((l) => `  ${l}`)];
}

export function generateResources(dests: readonly Destination[], skipped: readonly string[], o: GenerateOptions): string {
  const docs: string[] = [];
  const head = [`# Generated by extsvc kuma generate: ${dests.length} destination${dests.length === 1 ? '' : 's'} of the gateway, as ${o.kind} (${o.format}).`];
  for (const s of skipped) head.push(`# not generated: ${s}`);
  for (const d of dests) {
    const body = o.kind === 'ExternalService' ? externalService(d, o) : meshExternalService(d, o);
    docs.push([...comments(d), ...body].join('\n'));
  }
  if (o.kind === 'MeshExternalService' && dests.length > 0) docs.push(hostnameGenerator(o).join('\n'));
  return `${head.join('\n')}\n${docs.map((d) => `---\n${d}\n`).join('')}`;
}
