/**
 * One migration from start to verdict, pure: the config text and env files in; the edits, the
 * items for a human, the proof (outbound behaviour before and after, every difference labelled)
 * and whether `--write` may proceed out. command.ts only reads, renders and writes.
 */
import { InputError } from '../errors.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { DEFAULT_TYK_VERSION, fileSchema, type FileSchema } from '../config/schema.js';
import { overlayEnvFiles } from '../env/envfile.js';
import type { EnvInput } from '../env/input.js';
import { migrateConfigText, unplannable, type ReportItem } from './migrate.js';
import { migrateEnvText } from './envfile.js';
import { prove, type Difference, type Proof } from './verify.js';
import type { FileIgnored } from '../resolve/resolve.js';
import { decodeFailure } from '../resolve/model.js';
import { fixSyntax, syntaxFixable } from './syntax.js';

export interface TextFile {
  path: string;
  text: string;
}

export interface MigrateInput {
  config: TextFile & { bytes: Uint8Array };
  envFiles: TextFile[];
  /** The process environment (empty with --no-process-env); env files are overlaid on it. */
  baseEnv: EnvInput;
  keepLegacy: boolean;
  /** --fix-syntax: remove a BOM, comments and trailing commas, which make the gateway discard the file. */
  fixSyntax?: boolean;
  schema?: FileSchema;
  /** The gateway version to model before and after (resolved: a recorded one); the newest release by default. */
  tykVersion?: string;
}

export interface FileEdit {
  path: string;
  before: string;
  after: string;
}

export interface MigrateOutcome {
  /** Every input file, changed or not. */
  files: FileEdit[];
  items: ReportItem[];
  proof: Proof;
  /** The file the gateway discards or skips, in its words, before and after alike; null when it reads it. */
  discarded: string | null;
  /** Something to edit, or an item for a human: what --check exits 1 on. */
  needsAction: boolean;
  /** Differences that need --accept-changes: the unexpected ones and every one that weakens TLS. */
  needsConsent: Difference[];
  /** The gateway starts today and exits at start after the migration, in its words (needs --accept-changes too); else null. */
  exitsAfter: string | null;
}

const BOM = '\ufeff';

function loadFor(path: string, text: string, schema: FileSchema): LoadedConfig {
  return loadConfig(path, new TextEncoder().encode(text), schema);
}

function refuseUnreadable(path: string, loaded: LoadedConfig): void {
  const u = unplannable(loaded);
  if (u === null) return;
  if (u.kind === 'syntax') {
    const where = u.line === null ? '' : `${u.line}:${u.column ?? 1}: `;
    throw new InputError(`${path}:${where}cannot parse${u.detail !== undefined ? ` (${u.detail})` : ''}; fix it first (extsvc lint shows where). Nothing was written.`);
  }
  throw new InputError(`${path}:${u.line}:${u.column}: ${u.goMessage}; the gateway discards this file today, so there is no behaviour to keep. Fix the type first (extsvc lint shows every problem). Nothing was written.`);
}

export function planMigration(input: MigrateInput): MigrateOutcome {
  const schema = input.schema ?? fileSchema();
  const { path, text, bytes } = input.config;
  const loaded = loadConfig(path, bytes, schema);
  refuseUnreadable(path, loaded);

  const envAfterFiles: TextFile[] = [];
  const items: ReportItem[] = [];
  const files: FileEdit[] = [];
  const envEdits: FileEdit[] = [];
  const envItems: ReportItem[] = [];
  for (const f of input.envFiles) {
    const r = migrateEnvText(f.path, f.text);
    envAfterFiles.push({ path: f.path, text: r.text });
    envEdits.push({ path: f.path, before: f.text, after: r.text });
    envItems.push(...r.items);
  }
  const envBefore = overlayEnvFiles(input.baseEnv, input.envFiles);
  const envAfter = overlayEnvFiles(input.baseEnv, envAfterFiles);

  // Asked to, the bytes that make the gateway discard the file go first; otherwise the BOM is set
  // aside for the edit layer and put back unchanged.
  const fixed = input.fixSyntax === true && syntaxFixable(loaded) ? fixSyntax(text, loaded) : null;
  const source = fixed?.text ?? text;
  const hasBom = source.startsWith(BOM);
  const version = input.tykVersion ?? DEFAULT_TYK_VERSION;
  const r = migrateConfigText(hasBom ? source.slice(1) : source, { keepLegacy: input.keepLegacy, env: envAfter, envBefore, version });
  const after = hasBom ? BOM + r.text : r.text;
  files.push({ path, before: text, after }, ...envEdits);
  items.push(...(fixed?.items ?? []), ...r.items, ...envItems);

  const changed = files.some((f) => f.after !== f.before);
  const next = after === text ? loaded : loadFor(path, after, schema);
  const moved = new Set(r.items.filter((i) => i.kind === 'moved' || i.kind === 'removed' || i.kind === 'dropped').flatMap((i) => i.settings ?? []));
  const proof = prove({ loaded, env: envBefore }, { loaded: next, env: envAfter }, { moved, keepLegacy: input.keepLegacy, fixedSyntax: fixed !== null }, version);
  const ignored = proof.reading === 'as-written' ? proof.fileIgnored : null;
  const discarded = ignored === null ? null : ignoredReason(ignored);
  if (changed && ignored !== null) items.push({ kind: 'human', message: discardedWords(path, loaded, ignored) });
  const needsConsent = changed ? proof.differences.filter((d) => d.label === 'unexpected' || d.weakensTls) : [];
  const exitsAfter = changed && proof.exits.before === null ? proof.exits.after : null;
  return {
    files,
    items,
    proof: changed ? proof : { ...proof, differences: [], meanings: [] },
    discarded,
    needsAction: changed || items.some((i) => i.kind === 'human'),
    needsConsent,
    exitsAfter,
  };
}

/** The gateway's reason for not reading the file, in its words (or the variable that skips it). */
function ignoredReason(f: FileIgnored): string {
  switch (f.reason) {
    case 'rejected':
    case 'env-error':
      return f.detail;
    case 'omitted':
      return `skipped (${f.entry.name}=${f.entry.value})`;
    case 'missing':
      return 'no such file';
    default: {
      const never: never = f;
      return never;
    }
  }
}

function discardedWords(path: string, loaded: LoadedConfig, f: FileIgnored): string {
  switch (f.reason) {
    case 'omitted':
      return `${path} is skipped by the gateway (${f.entry.name}) before and after this migration: none of it, the edits included, takes effect. The comparison reads the file as written.`;
    case 'env-error':
      return `${path} is discarded by the gateway: envconfig fails on ${f.entry.name} while reading it with the file ("${f.detail}"), before and after this migration, so none of it, the edits included, takes effect until that variable is fixed (extsvc lint shows it). The comparison reads the file as written.`;
    default: {
      const at = decodeFailure(loaded);
      const where = at === null ? '' : ` (${at.code} at ${at.span.line}:${at.span.column})`;
      return `${path} is discarded by the gateway${where}: "${ignoredReason(f)}". The migration keeps those bytes, so the result is still discarded and none of it, the edits included, takes effect until they are fixed (extsvc lint shows where${syntaxFixable(loaded) ? '; --fix-syntax removes them' : ''}). The comparison reads the file as written.`;
    }
  }
}
