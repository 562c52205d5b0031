/**
 * `extsvc migrate`: dry run by default (unified diff on stdout, summary on stderr), `--check`
 * for CI, `--write` to apply atomically after proving the outbound behaviour is unchanged.
 */
import { createTwoFilesPatch } from 'diff';
import { InputError } from '../errors.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { overlayEnvFiles } from '../env/envfile.js';
import { envFromRecord, type EnvEntry, type EnvInput } from '../env/input.js';
import { migrateConfigText, type ReportItem } from './migrate.js';
import { migrateEnvText } from './envfile.js';
import { compareViews, documentedViews, realViews, type Difference } from './verify.js';
import { backup, defaultBackupDir, restore } from './backup.js';
import { notRegular, replaceRefusal, resolveTarget, statRegular, writeFiles } from './atomic.js';
import { withSignalsHeld } from './signals.js';
import { statSync } from 'node:fs';
import { readInput } from '../io.js';
import { writeErr, writeOut } from '../stdio.js';
import { maskSecrets } from '../mask.js';
import { maskConfigText, maskEnvText } from '../mask-files.js';
import { terminalSafe } from '../terminal.js';

interface MigrateFlags {
  envFile?: string[];
  processEnv?: boolean;
  write?: boolean;
  check?: boolean;
  keepLegacy?: boolean;
  acceptChanges?: boolean;
  backupDir?: string;
  restore?: boolean;
  force?: boolean;
}

interface FileChange {
  path: string;
  before: Uint8Array;
  beforeText: string;
  afterText: string;
}

const BOM = '\ufeff';

function decodeStrict(path: string, bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  const round = new TextEncoder().encode(text);
  if (round.length !== bytes.length || round.some((b, i) => b !== bytes[i])) {
    throw new InputError(`${path}: not valid UTF-8 text; migrate edits text and would change bytes it was not asked to. Convert the file to UTF-8 first.`);
  }
  return text;
}

/** Config text with its BOM set aside (the edit layer parses JSON; the BOM goes back unchanged). */
function migrateConfig(path: string, bytes: Uint8Array, keepLegacy: boolean, env: EnvInput): { before: string; loaded: LoadedConfig; text: string; items: ReportItem[] } {
  const text = decodeStrict(path, bytes);
  const loaded = loadConfig(path, bytes);
  // A template is not JSON until it is rendered: its placeholders are as fatal to an edit as a syntax error.
  const broken = loaded.syntax.find((s) => s.code === 'JSON_SYNTAX' || s.code === 'TEMPLATE_PLACEHOLDER');
  if (broken !== undefined || loaded.tree === undefined) {
    const where = broken === undefined ? '' : `${broken.span.line}:${broken.span.column}: `;
    throw new InputError(`${path}:${where}cannot parse${broken?.detail !== undefined ? ` (${broken.detail})` : ''}; fix it first (extsvc lint shows where). Nothing was written.`);
  }
  const wrongType = loaded.typeErrors[0];
  if (wrongType !== undefined) {
    throw new InputError(`${path}:${wrongType.span.line}:${wrongType.span.column}: ${wrongType.goMessage}; the gateway discards this file today, so there is no behaviour to keep. Fix the type first (extsvc lint shows every problem). Nothing was written.`);
  }
  const hasBom = text.startsWith(BOM);
  const r = migrateConfigText(hasBom ? text.slice(1) : text, { keepLegacy, env });
  return { before: text, loaded, text: hasBom ? BOM + r.text : r.text, items: r.items };
}

function describeDifference(d: Difference): string {
  return `${d.service}: ${d.field} ${d.before === '' ? '(none)' : d.before} → ${d.after === '' ? '(none)' : d.after}`;
}

export async function runMigrate(file: string | undefined, flags: MigrateFlags): Promise<number> {
  const target = file ?? 'tyk.conf';
  const backupDir = flags.backupDir ?? defaultBackupDir();
  const err = (s: string): void => {
    writeErr(`${terminalSafe(s)}\n`);
  };
  if (flags.restore === true) {
    const r = withSignalsHeld(() => restore(target, backupDir, { force: flags.force === true, now: new Date() }), (sig) => err(`extsvc: ${sig} received; the restore was completed first`));
    for (const n of r.notes) err(`note    ${n}`);
    if (r.saved === null && r.notes.length > 0) return 0;
    const undo = r.saved === null ? '' : ` (it was saved first as ${r.saved}; undo with: ${undoCommand(flags.backupDir, target)})`;
    err(`extsvc: restored ${target} from ${r.from}${undo}`);
    return 0;
  }
  // A pipe or device (<(…), /dev/stdin) cannot be replaced: refuse before reading or backing up.
  if (flags.write === true) for (const p of [target, ...(flags.envFile ?? [])]) refuseNonRegular(p);

  const configBytes = readInput(target);
  const envBefore: { path: string; text: string }[] = [];
  const envAfter: { path: string; text: string }[] = [];
  const envChanges: FileChange[] = [];
  const envItems: ReportItem[] = [];
  for (const path of flags.envFile ?? []) {
    const bytes = readInput(path);
    const text = decodeStrict(path, bytes);
    const r = migrateEnvText(path, text);
    envBefore.push({ path, text });
    envAfter.push({ path, text: r.text });
    envItems.push(...r.items);
    envChanges.push({ path, before: bytes, beforeText: text, afterText: r.text });
  }
  const base = flags.processEnv === false ? new Map<string, EnvEntry>() : envFromRecord(process.env);
  // Each input is decoded, loaded and overlaid once: the migration and its check share them.
  const envAfterInput = overlayEnvFiles(base, envAfter);
  const config = migrateConfig(target, configBytes, flags.keepLegacy === true, envAfterInput);
  const changes: FileChange[] = [{ path: target, before: configBytes, beforeText: config.before, afterText: config.text }, ...envChanges];
  const items = [...config.items, ...envItems];
  const enc = new TextEncoder();
  const before = documentedViews(config.loaded, overlayEnvFiles(base, envBefore));
  const after = realViews(loadConfig(target, enc.encode(config.text)), envAfterInput);
  const changed = changes.filter((c) => c.afterText !== c.beforeText);
  // Nothing written, nothing to prove: the docs' reading of a key left in place is not a change.
  const differences = changed.length === 0 ? [] : compareViews(before, after);

  for (const item of items) err(`${item.kind.padEnd(7)} ${item.message}`);
  for (const d of differences) err(`CHANGED ${describeDifference(d)}`);
  if (changed.length === 0) {
    err(items.some((i) => i.kind === 'human') ? 'extsvc: nothing migrated; the items above need a human.' : 'extsvc: nothing to migrate.');
    return 0;
  }
  if (flags.check === true) {
    err(`extsvc: ${changed.map((c) => c.path).join(', ')} need${changed.length === 1 ? 's' : ''} migrating (run "extsvc migrate --write").`);
    return 1;
  }
  if (flags.write !== true) {
    // Passwords in proxy URLs are masked in the diff as everywhere else.
    // Masked by structure (mask-files.ts: each value as the gateway or compose reads it), then
    // maskSecrets as the second net.
    const shell = (n: string): string | undefined => base.get(n)?.value;
    const masked = (c: FileChange, text: string): string => maskSecrets(c === changes[0] ? maskConfigText(text) : maskEnvText(text, shell));
    for (const c of changed) writeOut(terminalSafe(createTwoFilesPatch(`a/${c.path}`, `b/${c.path}`, masked(c, c.beforeText), masked(c, c.afterText), '', '', { context: 3 }), true));
    err('extsvc: dry run; nothing written. Add --write to apply.');
    return 0;
  }
  if (differences.length > 0 && flags.acceptChanges !== true) {
    err('extsvc: not written: the outbound behaviour would change (lines marked CHANGED). Review them, then add --accept-changes to write anyway.');
    return 1;
  }
  for (const c of changed) {
    const why = replaceRefusal(statRegular(c.path, resolveTarget(c.path)));
    if (why !== null && flags.force !== true) {
      err(`extsvc: not written: ${c.path}: ${why}. Add --force to replace it anyway; nothing was changed.`);
      return 1;
    }
  }
  const now = new Date();
  const planned = changed.map((c) => ({ path: c.path, expected: c.before, content: enc.encode(c.afterText) }));
  const done = withSignalsHeld(
    () => {
      const saved = planned.map((p) => backup(p.path, p.expected, { dir: backupDir, now, written: p.content }));
      return { saved, ...writeFiles(planned) };
    },
    (sig) => err(`extsvc: ${sig} received; the write was completed first`),
  );
  for (const n of done.notes) err(`note    ${n}`);
  changed.forEach((c, i) => {
    err(`extsvc: wrote ${c.path} (backup: ${done.saved[i]}; undo with: ${undoCommand(flags.backupDir, c.path)})`);
  });
  return 0;
}

/** POSIX shell quoting, so the printed undo command can be pasted as is. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

function undoCommand(backupDir: string | undefined, path: string): string {
  return `extsvc migrate --restore${backupDir === undefined ? '' : ` --backup-dir ${shellQuote(backupDir)}`} ${shellQuote(path)}`;
}

function refuseNonRegular(path: string): void {
  let regular: boolean;
  try {
    regular = statSync(path).isFile();
  } catch {
    return; // missing or unreadable: reading it says so in the usual words
  }
  if (!regular) throw notRegular(path, path);
}
