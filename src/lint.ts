import type { Code, Diagnostic, FileResult, JsonPath, LintResult, Location, SeveritySetting, Summary } from './types.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { DEFAULT_TYK_VERSION, type FileSchema } from './config/schema.js';
import type { EnvInput } from './env/input.js';
import { kvFileBasePath } from './rules/kv-reference.js';
import type { EffectiveConfig, ServiceView } from './resolve/resolve.js';
import { gatewayModel } from './resolve/model.js';
import { RULES } from './rules/index.js';
import { isDerived } from './catalog.js';
import { makeDiagnostic, type RuleContext } from './rules/context.js';
import { locate } from './rules/helpers.js';
import { advicePlan, type MigrateResult } from './migrate/migrate.js';
import type { FileFinding, FileIO } from './files/check.js';

export interface LintOptions {
  /** Which gateway version's key set to check the file against (default: the newest recorded). */
  fileSchema?: FileSchema;
  /** --placeholders: read a template's placeholders as values and check the rest of it. */
  placeholders?: boolean;
  /** lint --upgrade-from: the gateway version being upgraded from (a recorded version). */
  upgradeFrom?: string;
  /** Per-code severity overrides (from --rule and .extsvcrc.json). */
  rules?: Partial<Record<Code, SeveritySetting>>;
  /** --check-files: read cert_file / key_file / ca_file through `io` (one per config file). */
  checkFiles?: {
    /** The checker itself, injected so that a lint without --check-files never loads it. */
    check(eff: EffectiveConfig, services: ServiceView[], io: FileIO, now: Date, expiryDays: number, tykVersion: string, kvFileBasePath: string): FileFinding[];
    io(configFile: string): FileIO;
    now: Date;
    expiryDays: number;
  };
}

export interface LintFileInput {
  file: string;
  bytes: Uint8Array;
}

function locKey(l: Location): [string, number, number, string] {
  if (l.kind === 'file') return [l.file, l.span.line, l.span.column, ''];
  return l.file !== undefined && l.span !== undefined ? [l.file, l.span.line, l.span.column, l.name] : ['\uffff', 0, 0, l.name];
}

/** file, line, column, code, then the rest: stable byte for byte. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const ka = locKey(a.location);
  const kb = locKey(b.location);
  return (ka[0] < kb[0] ? -1 : ka[0] > kb[0] ? 1 : 0)
    || ka[1] - kb[1] || ka[2] - kb[2]
    || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
    || (ka[3] < kb[3] ? -1 : ka[3] > kb[3] ? 1 : 0)
    || lastKey(a, b);
}

/** The last tie-breaker, path and arguments as JSON: serialised once per comparison, not four times. */
function lastKey(a: Diagnostic, b: Diagnostic): number {
  const ja = JSON.stringify([a.path, a.args]);
  const jb = JSON.stringify([b.path, b.args]);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/** The block's section a path is in: external_services.global, or external_services.<service>.proxy|mtls. */
function section(path: JsonPath): string {
  const p = path.map(String);
  return (p[1] === 'global' ? p.slice(0, 2) : p.slice(0, 3)).join('.');
}

/**
 * Sections holding a value the gateway cannot take (a wrong type in the file, a bad env value).
 * Those are reported once, as such; semantic findings built on the value the tool had to assume
 * instead would only mislead.
 */
function unreliableSections(loaded: LoadedConfig, effective: EffectiveConfig): string[] {
  return [...loaded.typeErrors.map((t) => t.path), ...loaded.incomplete, ...effective.overlay.bad.map((b) => b.field.path)].map(section);
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`) || a === '' || b === '';
}


export function lintLoaded(loaded: LoadedConfig, env: EnvInput, options: LintOptions = {}): FileResult {
  const tykVersion = options.fileSchema?.version ?? DEFAULT_TYK_VERSION;
  // Variables this version does not read (the block's before 5.10.0) do not reach the model (gatewayModel drops them).
  const model = gatewayModel(loaded, env, tykVersion);
  const reading = model.intended;
  const effective = reading.effective;
  const unreliable = unreliableSections(loaded, effective);
  const diagnostics: Diagnostic[] = [];
  let plan: MigrateResult | null | undefined;
  const ctx: RuleContext = {
    tykVersion,
    ...(options.upgradeFrom !== undefined ? { upgradeFrom: options.upgradeFrom } : {}),
    file: loaded.file,
    loaded,
    env,
    effective,
    services: reading.services.map((s) => s.view),
    model,
    reading,
    plan() {
      // null: text migrate refuses too (it does not parse, or has a wrong type).
      if (plan === undefined) plan = advicePlan(loaded, env, tykVersion);
      return plan;
    },
    report(code, args, path, location, severity) {
      const setting = options.rules?.[code];
      if (setting === 'off') return;
      if (isDerived(code) && path.length > 0 && unreliable.some((u) => overlaps(section(path), u))) return;
      const d = makeDiagnostic(code, args, path, location);
      if (severity !== undefined) d.severity = severity;
      if (setting !== undefined) d.severity = setting;
      diagnostics.push(d);
    },
  };
  for (const rule of RULES) rule.check(ctx);
  if (options.checkFiles !== undefined) {
    const { check, io, now, expiryDays } = options.checkFiles;
    for (const f of check(effective, ctx.services, io(loaded.file), now, expiryDays, ctx.tykVersion, kvFileBasePath(ctx))) ctx.report(f.code, f.args, f.path, locate(ctx, f.path));
  }
  diagnostics.sort(compareDiagnostics);
  return { file: loaded.file, diagnostics };
}

export function lintFile(input: LintFileInput, env: EnvInput, options: LintOptions = {}): FileResult {
  return lintLoaded(loadConfig(input.file, input.bytes, options.fileSchema, { placeholders: options.placeholders === true }), env, options);
}

export function summarize(files: FileResult[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0 };
  for (const f of files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'error') s.errors++;
      else if (d.severity === 'warning') s.warnings++;
      else s.infos++;
    }
  }
  return s;
}

/** The label of the result entry that holds findings about the process environment. */
export const PROCESS_ENV_ENTRY = '(process environment)';

/**
 * Every config file is linted against the same environment, so a finding about a variable comes
 * out of each file's run alike: it is reported once, under the env file it points into, or under
 * the process environment's entry. Config files keep their own findings, in input order.
 */
export function gatherEnvironment(perFile: FileResult[]): FileResult[] {
  const seen = new Set<string>();
  const envFindings: Diagnostic[] = [];
  const files: FileResult[] = perFile.map((f) => {
    const own: Diagnostic[] = [];
    for (const d of f.diagnostics) {
      if (d.location.kind === 'file') {
        own.push(d);
        continue;
      }
      const key = JSON.stringify([d.code, d.severity, d.args, d.path, d.location]);
      if (!seen.has(key)) {
        seen.add(key);
        envFindings.push(d);
      }
    }
    return { ...f, diagnostics: own };
  });
  envFindings.sort(compareDiagnostics);
  const byEnvFile = new Map<string, Diagnostic[]>();
  const processEnv: Diagnostic[] = [];
  for (const d of envFindings) {
    const file = d.location.kind === 'env' ? d.location.file : undefined;
    if (file === undefined) processEnv.push(d);
    else byEnvFile.set(file, [...(byEnvFile.get(file) ?? []), d]);
  }
  for (const [file, diagnostics] of byEnvFile) files.push({ file, source: 'env-file', diagnostics });
  if (processEnv.length > 0) files.push({ file: PROCESS_ENV_ENTRY, source: 'process-env', diagnostics: processEnv });
  return files;
}

export function lint(inputs: LintFileInput[], env: EnvInput, options: LintOptions = {}): LintResult {
  const files = gatherEnvironment(inputs.map((i) => lintFile(i, env, options)));
  return { files, summary: summarize(files) };
}

/** The exit code rule, pure: 1 on errors or too many warnings. */
export function exitCodeFor(result: LintResult, maxWarnings: number | undefined): 0 | 1 {
  if (result.summary.errors > 0) return 1;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) return 1;
  return 0;
}
