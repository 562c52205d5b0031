import type { Args, Code, Diagnostic, JsonPath, Location, Severity, Span } from '../types.js';
import { RULE_DOCS, type ArgsOf } from '../catalog.js';
import { pathKey, type LoadedConfig } from '../config/load.js';
import type { EnvInput, EnvEntry } from '../env/input.js';
import type { EffectiveConfig, ServiceView } from '../resolve/resolve.js';
import type { GatewayModel, Reading } from '../resolve/model.js';
import { rootSource, type Source } from '../resolve/sources.js';

export interface RuleContext {
  /** The gateway version whose keys and variables the file is checked against. */
  tykVersion: string;
  /** lint --upgrade-from: the version the gateway is upgraded from (UPGRADE_NOT_READ). */
  upgradeFrom?: string;
  file: string;
  loaded: LoadedConfig;
  env: EnvInput;
  /** The intended reading: the file as written (even if the gateway drops it) plus env. */
  effective: EffectiveConfig;
  services: ServiceView[];
  /** The one gateway model explain and migrate read too. */
  model: GatewayModel;
  /** The model's intended reading (`effective` and `services` are its parts). */
  reading: Reading;
  /** severity: only where one code has a different default by case (UNKNOWN_KEY outside the block, ENV_PROXY_INVALID ignored by Go). */
  report<C extends Code>(code: C, args: ArgsOf<C>, path: JsonPath, location: Location, severity?: Severity): void;
}

export interface Rule {
  /** Short name of the check, for tests and docs. */
  id: string;
  codes: readonly Code[];
  check(ctx: RuleContext): void;
}

export function fileLocation(file: string, span: Span): Location {
  return { kind: 'file', file, span };
}

export function envLocation(e: EnvEntry): Location {
  return e.origin.kind === 'file' ? { kind: 'env', name: e.name, file: e.origin.file, span: e.origin.span } : { kind: 'env', name: e.name };
}

/** The location of a source, or of the whole file when the value is a built-in default. */
export function sourceLocation(ctx: RuleContext, source: Source): Location {
  const s = rootSource(source);
  switch (s.kind) {
    case 'file':
      return fileLocation(s.file, s.span);
    case 'env':
      return { kind: 'env', name: s.name };
    case 'env-file':
      return { kind: 'env', name: s.name, file: s.file, span: s.span };
    case 'legacy':
      return s.span === null ? fileLocation(ctx.file, ctx.loaded.index.span(0, 0)) : fileLocation(s.file, s.span);
    default:
      return fileLocation(ctx.file, blockSpan(ctx));
  }
}

/** Where the block starts (its key), or the file's start. */
export function blockSpan(ctx: RuleContext, path: JsonPath = ['external_services']): Span {
  for (let p = path; p.length > 0; p = p.slice(0, -1)) {
    const site = ctx.loaded.fields.get(pathKey(p));
    if (site !== undefined) return site.keySpan;
  }
  return ctx.loaded.index.span(0, 0);
}

/** Where the key of a field stands in the file (for "this setting" findings). */
export function keyLocation(ctx: RuleContext, path: JsonPath): Location {
  return fileLocation(ctx.file, blockSpan(ctx, path));
}

export function makeDiagnostic(code: Code, args: Args, path: JsonPath, location: Location): Diagnostic {
  return { code, severity: RULE_DOCS[code].severity, args, path, location };
}
