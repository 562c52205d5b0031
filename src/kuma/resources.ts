/**
 * Kuma resources in a YAML stream: which documents are ExternalService / MeshExternalService, in
 * which form (Universal: `type`, `name`, `mesh` at the top; Kubernetes: `apiVersion`, `kind`,
 * `metadata`, `spec`), their metadata, and the spec decoded and validated as Kuma does it.
 */
import { Decoder, type Decoded, type FieldType } from './decode.js';
import { entry, parseYamlStream, scalarText, type YamlProblem, type YNode } from './yaml.js';
import {
  displayName, ES_SPEC, MES_SPEC, validateExternalService, validateMeshExternalService, validateMeta, type Violation,
} from './validate.js';
import type { Span } from '../types.js';

export const KUMA_KINDS = ['ExternalService', 'MeshExternalService'] as const;
export type KumaKind = (typeof KUMA_KINDS)[number];
export type KumaForm = 'universal' | 'kubernetes';

export interface KumaResource {
  kind: KumaKind;
  form: KumaForm;
  /** 0-based document index in the file. */
  index: number;
  name: string;
  mesh: string;
  labels: Map<string, string>;
  /** Where the resource is named (its name, or the kind when it has none). */
  nameSpan: Span;
  docSpan: Span;
  /** The document (or List item) itself. */
  root: YNode;
  /** The node decoded as the spec (the whole document for a Universal ExternalService). */
  spec: YNode | null;
  /** Kuma's path of the spec's fields start with this ("spec." for MeshExternalService). */
  decoded: Decoded;
  /** Kuma's violations, in Kuma's order: metadata (Universal, as kumactl apply checks it), then Validate(). */
  violations: Violation[];
  /** Top-level keys that belong to neither the metadata nor the spec. */
  unknownTop: { key: string; keySpan: Span; known: string[] }[];
}

export interface OtherDocument {
  kind: string;
  index: number;
  node: YNode;
}

export interface KumaFile {
  resources: KumaResource[];
  others: OtherDocument[];
  syntax: YamlProblem[];
}

const UNIVERSAL_META = ['type', 'name', 'mesh', 'labels', 'creationTime', 'modificationTime'];
const K8S_TOP: Record<KumaKind, string[]> = {
  ExternalService: ['apiVersion', 'kind', 'metadata', 'mesh', 'spec'],
  MeshExternalService: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
};

function isKumaKind(k: string | undefined): k is KumaKind {
  return k !== undefined && (KUMA_KINDS as readonly string[]).includes(k);
}

function labelsOf(node: YNode | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (node?.kind !== 'map') return out;
  for (const e of node.entries) if (e.value.kind === 'scalar' && e.value.value !== null) out.set(e.key, String(e.value.value));
  return out;
}

function emptyDecoded(): Decoded {
  return { value: { fields: new Map() }, error: null, unknown: [], extraMembers: [], yaml11: [], nodes: new Map() };
}

/** Decodes a spec node; `path` is '' (ExternalService) or 'spec' (MeshExternalService). */
export function decodeSpec(kind: KumaKind, node: YNode | null, path: string, skipKeys: readonly string[] = []): Decoded {
  const type: Extract<FieldType, { t: 'message' }> = kind === 'ExternalService' ? ES_SPEC : MES_SPEC;
  if (node === null) return emptyDecoded();
  const d = new Decoder(kind === 'ExternalService' ? 'jsonpb' : 'encoding/json');
  return d.run(() => d.message(node, type, path, '', skipKeys));
}

export function validateDecoded(kind: KumaKind, decoded: Decoded, name: string, labels: ReadonlyMap<string, string>): Violation[] {
  if (decoded.error !== null) return [];
  return kind === 'ExternalService' ? validateExternalService(decoded.value) : validateMeshExternalService(decoded.value, displayName(name, labels));
}

function readDocument(root: YNode, index: number, docSpan: Span): KumaResource | OtherDocument | null {
  if (root.kind !== 'map') return null;
  const universalType = scalarText(root, 'type');
  const k8sKind = scalarText(root, 'kind');
  const isK8s = entry(root, 'apiVersion') !== undefined || (k8sKind !== undefined && universalType === undefined);
  const kindName = isK8s ? k8sKind : universalType;
  if (!isKumaKind(kindName)) return kindName === undefined ? null : { kind: kindName, index, node: root };
  const kind = kindName;
  const kindEntry = entry(root, isK8s ? 'kind' : 'type')!;
  if (isK8s) {
    const metadata = entry(root, 'metadata')?.value;
    const nameEntry = entry(metadata, 'name');
    const labels = labelsOf(entry(metadata, 'labels')?.value);
    const name = scalarText(metadata, 'name') ?? '';
    const mesh = kind === 'ExternalService' ? scalarText(root, 'mesh') ?? 'default' : labels.get('kuma.io/mesh') ?? 'default';
    const spec = entry(root, 'spec')?.value ?? null;
    const decoded = decodeSpec(kind, spec, kind === 'ExternalService' ? '' : 'spec');
    const known = K8S_TOP[kind];
    return {
      kind, form: 'kubernetes', index, name, mesh, labels,
      nameSpan: nameEntry?.value.span ?? kindEntry.value.span, docSpan, root, spec, decoded,
      violations: validateDecoded(kind, decoded, name, labels),
      unknownTop: root.entries.filter((e) => !known.includes(e.key)).map((e) => ({ key: e.key, keySpan: e.keySpan, known })),
    };
  }
  const name = scalarText(root, 'name') ?? '';
  const mesh = scalarText(root, 'mesh') ?? '';
  const labels = labelsOf(entry(root, 'labels')?.value);
  const nameEntry = entry(root, 'name');
  let spec: YNode | null;
  let decoded: Decoded;
  let unknownTop: KumaResource['unknownTop'] = [];
  if (kind === 'ExternalService') {
    // The spec's fields sit beside the metadata: jsonpb reads them from the same object.
    spec = root;
    decoded = decodeSpec(kind, root, '', UNIVERSAL_META);
  } else {
    spec = entry(root, 'spec')?.value ?? null;
    decoded = decodeSpec(kind, spec, 'spec');
    const known = [...UNIVERSAL_META, 'spec', 'status'];
    unknownTop = root.entries.filter((e) => !known.includes(e.key)).map((e) => ({ key: e.key, keySpan: e.keySpan, known }));
  }
  const meta = validateMeta(name, mesh);
  return {
    kind, form: 'universal', index, name, mesh, labels,
    nameSpan: nameEntry?.value.span ?? kindEntry.value.span, docSpan, root, spec, decoded,
    violations: [...meta, ...(meta.length > 0 ? [] : validateDecoded(kind, decoded, name, labels))],
    unknownTop,
  };
}

export function isKumaResource(d: KumaResource | OtherDocument): d is KumaResource {
  return 'decoded' in d;
}

/** Every document of a YAML stream (a `kind: List` of items is read as its items). */
export function readKumaFile(text: string): KumaFile {
  const stream = parseYamlStream(text);
  const resources: KumaResource[] = [];
  const others: OtherDocument[] = [];
  if (stream.errors.length > 0) return { resources, others, syntax: stream.errors };
  for (const doc of stream.documents) {
    if (doc.root === null) continue;
    const items = doc.root.kind === 'map' && scalarText(doc.root, 'kind') === 'List' && entry(doc.root, 'items')?.value.kind === 'seq'
      ? (entry(doc.root, 'items')!.value as Extract<YNode, { kind: 'seq' }>).items
      : [doc.root];
    for (const item of items) {
      const r = readDocument(item, doc.index, item === doc.root ? doc.span : item.span);
      if (r === null) continue;
      if (isKumaResource(r)) resources.push(r);
      else others.push(r);
    }
  }
  return { resources, others, syntax: [] };
}
