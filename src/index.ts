/**
 * extsvc's public API: data in, data out, typed. No file system, no process environment, no
 * output: the caller hands in file texts and variables, and gets findings, explanations or the
 * migrated text back. The CLI (src/cli.ts) is one caller.
 *
 *   import { lint, explain, migrate } from 'extsvc';
 *   const result = lint({ files: [{ file: 'tyk.conf', text }], variables: { TYK_GW_OMITCONFIGFILE: 'false' } });
 */
import { lint as lintInputs, type LintOptions } from './lint.js';
import { loadConfig } from './config/load.js';
import { fileSchema, TYK_VERSIONS, DEFAULT_TYK_VERSION, type TykVersion } from './config/schema.js';
import { requireTykVersion } from './config/versions.js';
import { envFromRecord, type EnvEntry, type EnvInput } from './env/input.js';
import { overlayEnvFiles } from './env/envfile.js';
import { explain as explainOne, explainAll } from './explain/explain.js';
import { planMigration } from './migrate/outcome.js';
import { requireMigratable } from './migrate/report.js';
import type { Difference } from './migrate/verify.js';
import { UsageError } from './errors.js';
import { SERVICES, type Code, type LintResult, type ServiceName, type SeveritySetting } from './types.js';
import type { Explanation } from './explain/model.js';
import type { MigrateResult } from './migrate/migrate.js';

export { CODES, SERVICES } from './types.js';
export type { Code, Diagnostic, FileResult, JsonPath, LintResult, Location, ServiceName, Severity, SeveritySetting, Span, Summary } from './types.js';
export { RULE_DOCS, helpUri } from './catalog.js';
export type { RuleDoc, RuleGroup } from './catalog.js';
export { InputError, UsageError } from './errors.js';
export { TYK_VERSIONS, DEFAULT_TYK_VERSION };
export type { TykVersion };
export type { Explanation } from './explain/model.js';
export type { MigrateResult, ReportItem, ReportKind } from './migrate/migrate.js';
export type { Difference } from './migrate/verify.js';
export type { CallerOutbound } from './migrate/outbound.js';

/** A tyk.conf as text (or its bytes, read as the gateway reads them: a BOM is reported, not dropped). */
export interface ConfigInput {
  /** The name findings are reported under, e.g. "deploy/tyk.conf". */
  file: string;
  text: string | Uint8Array;
}

/** A docker-compose style env file: its name (for findings' locations) and its text. */
export interface EnvFileInput {
  path: string;
  text: string;
}

/** The environment the gateway runs with: variables (as process.env), then env files in order, later ones winning. */
export interface EnvironmentInput {
  variables?: Readonly<Record<string, string | undefined>>;
  envFiles?: readonly EnvFileInput[];
}

export interface LintInput extends EnvironmentInput {
  files: readonly ConfigInput[];
  /** Severity per code, as in .extsvcrc.json's "rules" ("off" drops the finding). */
  rules?: Partial<Record<Code, SeveritySetting>>;
  /** The gateway version whose keys and variables to check against (default: the newest recorded). */
  tykVersion?: string;
}

export interface ExplainInput extends EnvironmentInput {
  /** The tyk.conf; null or absent: the gateway has no config file (defaults plus environment). */
  file?: ConfigInput | null;
  /** One service, or all five when absent. */
  service?: ServiceName;
  /** Requests to simulate: which proxy each one takes, and why. */
  urls?: readonly string[];
  /** The gateway version to model, as --tyk-version takes it ("5.9", "5.3.4", "latest"; default: the newest release). */
  tykVersion?: string;
}

export interface MigrateInput extends EnvironmentInput {
  /** The tyk.conf text; the result keeps every byte it was not asked to change. */
  text: string;
  /** Add the new settings but leave the legacy keys in place. */
  keepLegacy?: boolean;
  /** The gateway version whose behaviour the plan keeps (default: the newest release); 5.10 or later. */
  tykVersion?: string;
}

const bytesOf = (t: string | Uint8Array): Uint8Array => (typeof t === 'string' ? new TextEncoder().encode(t) : t);

function environment(input: EnvironmentInput): EnvInput {
  const base: Map<string, EnvEntry> = envFromRecord({ ...(input.variables ?? {}) });
  return (input.envFiles ?? []).length === 0 ? base : overlayEnvFiles(base, input.envFiles ?? []);
}

function version(v: string | undefined): TykVersion {
  if (v === undefined) return DEFAULT_TYK_VERSION;
  return requireTykVersion(v, 'tykVersion');
}

/** Findings for each file and the environment, sorted (file, line, column, code); passwords masked. Throws InputError for an env file line that is not NAME=VALUE. */
export function lint(input: LintInput): LintResult {
  const options: LintOptions = { fileSchema: fileSchema(version(input.tykVersion)) };
  if (input.rules !== undefined) options.rules = input.rules;
  return lintInputs(input.files.map((f) => ({ file: f.file, bytes: bytesOf(f.text) })), environment(input), options);
}

/** What the gateway really does for one service or all five: client, proxy route, every value's source, what has no effect, and each URL's route. */
export function explain(input: ExplainInput): Explanation[] {
  const env = environment(input);
  const tykVersion = version(input.tykVersion);
  const loaded = input.file == null ? null : loadConfig(input.file.file, bytesOf(input.file.text), fileSchema(tykVersion));
  const urls = input.urls ?? [];
  const options = input.file == null ? { tykVersion } : { configPath: input.file.file, tykVersion };
  if (input.service === undefined) return explainAll(loaded, env, urls, options);
  if (!(SERVICES as readonly string[]).includes(input.service)) throw new UsageError(`unknown service "${String(input.service)}": expected one of ${SERVICES.join(', ')}`);
  return [explainOne(loaded, env, input.service, urls, options)];
}

/** The legacy proxy and TLS settings moved into external_services, as text edits, with a report of each move. */
export interface MigrateOutput extends MigrateResult {
  /** The env files with the docs' variable names renamed (each file's text; unchanged ones as given). */
  envFiles: EnvFileInput[];
  /** The proof: every difference in what a caller of the gateway does, before and after, labelled. */
  differences: Difference[];
  /** Differences a writer must not apply without the user's consent: unexpected ones, and every one that weakens TLS. */
  needsConsent: Difference[];
  /** Edits to make, or items for a human: what `migrate --check` exits 1 on. */
  needsAction: boolean;
  /** The gateway starts today and exits at start after the migration, in its words (a writer needs consent); else null. */
  exitsAfter: string | null;
  /** The gateway version both readings were modelled for. */
  tykVersion: string;
}

export function migrate(input: MigrateInput): MigrateOutput {
  const v = version(input.tykVersion);
  requireMigratable(v, input.tykVersion, 'tykVersion');
  const envFiles = input.envFiles ?? [];
  const o = planMigration({
    config: { path: 'tyk.conf', text: input.text, bytes: new TextEncoder().encode(input.text) },
    envFiles: envFiles.map((f) => ({ path: f.path, text: f.text })),
    baseEnv: envFromRecord({ ...(input.variables ?? {}) }),
    keepLegacy: input.keepLegacy === true,
    schema: fileSchema(v),
    tykVersion: v,
  });
  return {
    text: o.files[0].after,
    items: o.items,
    envFiles: o.files.slice(1).map((f) => ({ path: f.path, text: f.after })),
    differences: o.proof.differences,
    needsConsent: o.needsConsent,
    needsAction: o.needsAction,
    exitsAfter: o.exitsAfter,
    tykVersion: o.proof.version,
  };
}
