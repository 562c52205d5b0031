/**
 * `extsvc migrate`: dry run by default (unified diff on stdout, report on stderr; `--format json`:
 * the report on stdout), `--check` for CI, `--write` to apply atomically once the proof
 * (outcome.ts) has no difference that needs `--accept-changes`.
 */
import { statSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { DEFAULT_TYK_VERSION, fileSchema, type FileSchema } from '../config/schema.js';
import type { TykVersionSetting } from '../settings/lint-settings.js';
import { envFromRecord, type EnvEntry } from '../env/input.js';
import { planMigration } from './outcome.js';
import { diffMasksSecrets, migrateJson, migrateText, requireMigratable, unifiedDiff, writeProceeds } from './report.js';

export { requireMigratable };
import { backup, defaultBackupDir, restore } from './backup.js';
import { notRegular, replaceRefusal, resolveTarget, statRegular, writeFiles } from './atomic.js';
import { withSignalsHeld } from './signals.js';
import { readEnvFile, readInput } from '../io.js';
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
  format?: string;
  /** Resolved by the CLI (--tyk-version, else the rc file's tykVersion, else the newest release); its notes already printed. */
  tykVersion?: TykVersionSetting;
  fixSyntax?: boolean;
}

function decodeStrict(path: string, bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  const round = new TextEncoder().encode(text);
  if (round.length !== bytes.length || round.some((b, i) => b !== bytes[i])) {
    throw new InputError(`${path}: not valid UTF-8 text; migrate edits text and would change bytes it was not asked to. Convert the file to UTF-8 first.`);
  }
  return text;
}

export async function runMigrate(file: string | undefined, flags: MigrateFlags): Promise<number> {
  const target = file ?? 'tyk.conf';
  const backupDir = flags.backupDir ?? defaultBackupDir();
  const err = (s: string): void => {
    writeErr(`${terminalSafe(s, true)}\n`);
  };
  if (flags.restore === true) {
    const r = withSignalsHeld(() => restore(target, backupDir, { force: flags.force === true, now: new Date() }), (sig) => err(`extsvc: ${sig} received; the restore was completed first`));
    for (const n of r.notes) err(`note    ${n}`);
    if (r.saved === null && r.notes.length > 0) return 0;
    const undo = r.saved === null ? '' : ` (it was saved first as ${r.saved}; undo with: ${undoCommand(flags.backupDir, target)})`;
    err(`extsvc: restored ${target} from ${r.from}${undo}`);
    return 0;
  }
  if (flags.format !== undefined && flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format ${flags.format}: expected text or json`);
  const json = flags.format === 'json';
  const tykVersion = flags.tykVersion?.version ?? DEFAULT_TYK_VERSION;
  requireMigratable(tykVersion, flags.tykVersion?.given, flags.tykVersion?.where);
  const schema: FileSchema = fileSchema(tykVersion);
  // A pipe or device (<(…), /dev/stdin) cannot be replaced: refuse before reading or backing up.
  if (flags.write === true) for (const p of [target, ...(flags.envFile ?? [])]) refuseNonRegular(p);

  const configBytes = readInput(target);
  const envFiles = (flags.envFile ?? []).map((path) => ({ path, bytes: readEnvFile(path) }));
  const baseEnv = flags.processEnv === false ? new Map<string, EnvEntry>() : envFromRecord(process.env);
  const outcome = planMigration({
    config: { path: target, text: decodeStrict(target, configBytes), bytes: configBytes },
    envFiles: envFiles.map((f) => ({ path: f.path, text: decodeStrict(f.path, f.bytes) })),
    baseEnv,
    keepLegacy: flags.keepLegacy === true,
    fixSyntax: flags.fixSyntax === true,
    schema,
    tykVersion,
  });
  const opts = { acceptChanges: flags.acceptChanges === true, check: flags.check === true, write: flags.write === true };
  const changed = outcome.files.filter((c) => c.after !== c.before);
  if (json) writeOut(migrateJson(outcome, opts));
  else err(migrateText(outcome, opts).trimEnd());
  if (flags.check === true) return outcome.needsAction ? 1 : 0;
  if (changed.length === 0) return 0;
  if (flags.write !== true) {
    if (!json) {
      // Masked by structure (mask-files.ts: each value as the gateway or compose reads it), then
      // maskSecrets as the second net.
      const shell = (n: string): string | undefined => baseEnv.get(n)?.value;
      const mask = (path: string, text: string): string => maskSecrets(path === target ? maskConfigText(text) : maskEnvText(text, shell));
      const cwd = process.cwd();
      for (const c of changed) writeOut(terminalSafe(unifiedDiff(c.path, c.before, c.after, cwd, (t) => mask(c.path, t)), true));
      if (diffMasksSecrets(changed, mask)) err('extsvc: the diff masks proxy passwords, so patch cannot apply its lines that hold one; --write applies the real values.');
    }
    return 0;
  }
  if (!writeProceeds(outcome, opts.acceptChanges)) return 1;
  for (const c of changed) {
    const why = replaceRefusal(statRegular(c.path, resolveTarget(c.path)));
    if (why !== null && flags.force !== true) {
      err(`extsvc: not written: ${c.path}: ${why}. Add --force to replace it anyway; nothing was changed.`);
      return 1;
    }
  }
  const enc = new TextEncoder();
  const bytesOf = new Map<string, Uint8Array>([[target, configBytes], ...envFiles.map((f): [string, Uint8Array] => [f.path, f.bytes])]);
  const now = new Date();
  const planned = changed.map((c) => ({ path: c.path, expected: bytesOf.get(c.path)!, content: enc.encode(c.after) }));
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
