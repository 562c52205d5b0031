/**
 * lint's effective settings: built-in defaults, then .extsvcrc.json, then the command line.
 * Pure: the rc file comes in parsed, the flags as commander gave them. --print-config shows the
 * result and where each value came from.
 */
import { dirname, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { CODES, type Code, type Severity, type SeveritySetting } from '../types.js';
import { RULE_DOCS } from '../catalog.js';
import { FORMATS, isFormat, type Format } from '../report/index.js';
import { DEFAULT_TYK_VERSION, requireTykVersion, tykVersionNote, type TykVersion } from '../config/versions.js';
import { SEVERITY_WORDS, severitySetting, unknownCode } from './severity.js';
import type { Rc } from './rc.js';

export const DEFAULT_EXPIRY_DAYS = 30;

/** lint's flags as commander parses them; undefined means not given. */
export interface LintFlagValues {
  format?: string;
  output?: string;
  envFile?: string[];
  /** Only when --no-process-env was given (commander's default true is dropped by the caller). */
  processEnv?: boolean;
  tykVersion?: string;
  rule?: string[];
  maxWarnings?: string;
  quiet?: boolean;
  checkFiles?: boolean;
  expiryDays?: string;
  upgradeFrom?: string;
  placeholders?: boolean;
}

export interface LintSettings {
  format: Format;
  output: string | undefined;
  envFiles: string[];
  processEnv: boolean;
  tykVersion: TykVersion;
  rules: Partial<Record<Code, SeveritySetting>>;
  maxWarnings: number | undefined;
  quiet: boolean;
  checkFiles: boolean;
  expiryDays: number;
  placeholders: boolean;
  /** lint --upgrade-from: the version being upgraded from. */
  upgradeFrom: TykVersion | undefined;
}

export type SettingKey = keyof LintSettings;
export type SettingSource = 'default' | 'rc' | 'flag';

export interface ResolvedSettings {
  settings: LintSettings;
  sources: Record<SettingKey, SettingSource>;
  rcFile: string | null;
  /** Which recorded version a given one resolved to, where they differ (for stderr). */
  notes: string[];
}

function parseRuleFlag(flag: string): [Code, SeveritySetting] {
  const m = /^([^=]+)=(.*)$/.exec(flag);
  if (m === null) throw new UsageError(`--rule ${flag}: expected CODE=${SEVERITY_WORDS.join('|')}, e.g. --rule NULL_VALUE=off`);
  const [, code, word] = m;
  const bad = unknownCode(code);
  if (bad !== undefined) throw new UsageError(`--rule ${flag}: ${bad}`);
  const sev = severitySetting(word);
  if (sev === undefined) throw new UsageError(`--rule ${flag}: severity for ${code} must be one of ${SEVERITY_WORDS.join(', ')}, not "${word}".`);
  return [code as Code, sev];
}

function wholeNumber(flag: string, value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} ${value}: expected ${what}`);
  return Number(value);
}

function tykVersion(value: string, where: string, notes: string[]): TykVersion {
  const v = requireTykVersion(value, where);
  const note = tykVersionNote(value, v, where);
  if (note !== undefined) notes.push(note);
  return v;
}

/** The name an rc file's settings are reported under. */
function rcWhere(rc: Rc | null): string {
  return rc?.path ?? '.extsvcrc.json';
}

/**
 * The gateway version in force: --tyk-version, else the rc file's tykVersion, else the newest
 * release; each given value checked (a UsageError that lists the known ones) and, where it
 * resolves to another recorded version, a note for stderr. lint and every command that models
 * the gateway (explain, egress, kuma) read it here.
 */
export interface TykVersionSetting {
  version: TykVersion;
  source: SettingSource;
  /** As written, and where (for messages about it); absent for the default. */
  given?: string;
  where?: string;
}

export function resolveTykVersionSetting(rc: Rc | null, flag: string | undefined, notes: string[]): TykVersionSetting {
  const r = rc?.settings ?? {};
  const rcAt = `${rcWhere(rc)}: tykVersion`;
  const fromFlag = flag === undefined ? undefined : tykVersion(flag, '--tyk-version', notes);
  const fromRc = r.tykVersion === undefined ? undefined : tykVersion(r.tykVersion, rcAt, notes);
  if (fromFlag !== undefined && flag !== undefined) return { version: fromFlag, source: 'flag', given: flag, where: '--tyk-version' };
  if (fromRc !== undefined && r.tykVersion !== undefined) return { version: fromRc, source: 'rc', given: r.tykVersion, where: rcAt };
  return { version: DEFAULT_TYK_VERSION, source: 'default' };
}

export function resolveLintSettings(rc: Rc | null, flags: LintFlagValues, cwd: string): ResolvedSettings {
  const r = rc?.settings ?? {};
  const rcDir = rc === null ? cwd : dirname(resolve(cwd, rc.path));
  // Paths in the rc file are relative to its directory; shown relative to the working directory.
  const fromRc = (p: string): string => relative(cwd, resolve(rcDir, p)) || '.';
  const sources = {} as Record<SettingKey, SettingSource>;
  function pick<T>(key: SettingKey, flag: T | undefined, rcValue: T | undefined, fallback: T): T {
    if (flag !== undefined) {
      sources[key] = 'flag';
      return flag;
    }
    if (rcValue !== undefined) {
      sources[key] = 'rc';
      return rcValue;
    }
    sources[key] = 'default';
    return fallback;
  }
  const where = rcWhere(rc);
  const notes: string[] = [];
  if (r.format !== undefined && !isFormat(r.format)) throw new UsageError(`${where}: format must be one of ${FORMATS.join(', ')}, not "${r.format}".`);
  if (flags.format !== undefined && !isFormat(flags.format)) throw new UsageError(`--format ${flags.format}: expected one of ${FORMATS.join(', ')}`);
  const rules: Partial<Record<Code, SeveritySetting>> = { ...(r.rules ?? {}) };
  for (const f of flags.rule ?? []) {
    const [c, s] = parseRuleFlag(f);
    rules[c] = s;
  }
  sources.rules = (flags.rule ?? []).length > 0 ? 'flag' : r.rules !== undefined ? 'rc' : 'default';
  const checkFiles = pick('checkFiles', flags.checkFiles, r.checkFiles, false);
  const version = resolveTykVersionSetting(rc, flags.tykVersion, notes);
  const settings: LintSettings = {
    format: pick<Format>('format', flags.format as Format | undefined, r.format as Format | undefined, 'stylish'),
    output: pick<string | undefined>('output', flags.output, r.output === undefined ? undefined : fromRc(r.output), undefined),
    envFiles: pick('envFiles', flags.envFile, r.envFiles?.map(fromRc), []),
    processEnv: pick('processEnv', flags.processEnv, r.processEnv, true),
    tykVersion: pick('tykVersion', undefined, undefined, version.version),
    rules,
    maxWarnings: pick('maxWarnings', flags.maxWarnings === undefined ? undefined : wholeNumber('--max-warnings', flags.maxWarnings, 'a whole number'), r.maxWarnings, undefined),
    quiet: pick('quiet', flags.quiet, r.quiet, false),
    checkFiles,
    expiryDays: pick('expiryDays', flags.expiryDays === undefined ? undefined : wholeNumber('--expiry-days', flags.expiryDays, 'a whole number of days'), r.expiryDays, DEFAULT_EXPIRY_DAYS),
    placeholders: pick('placeholders', flags.placeholders, r.placeholders, false),
    upgradeFrom: pick<TykVersion | undefined>('upgradeFrom', flags.upgradeFrom === undefined ? undefined : tykVersion(flags.upgradeFrom, '--upgrade-from', notes), undefined, undefined),
  };
  sources.tykVersion = version.source;
  if (flags.expiryDays !== undefined && !checkFiles) throw new UsageError('--expiry-days works only with --check-files');
  return { settings, sources, rcFile: rc?.path ?? null, notes };
}

/** Every code's severity in force: the catalog's default unless a setting changes it. */
export function effectiveSeverities(rules: Partial<Record<Code, SeveritySetting>>): Record<Code, SeveritySetting> {
  return Object.fromEntries(CODES.map((c) => [c, rules[c] ?? (RULE_DOCS[c].severity satisfies Severity)])) as Record<Code, SeveritySetting>;
}

/** --print-config's JSON: which rc file, each setting with its source, every code's severity. */
export function printConfig(r: ResolvedSettings): string {
  const { rules, ...rest } = r.settings;
  const settings = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, { value: v ?? null, source: r.sources[k as SettingKey] }]));
  return `${JSON.stringify({ rcFile: r.rcFile, settings, rules: { source: r.sources.rules, severities: effectiveSeverities(rules) } }, null, 2)}\n`;
}
