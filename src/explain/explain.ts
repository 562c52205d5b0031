/**
 * `explain`: what the gateway really does for one service's outbound requests, and where each
 * value comes from (SEMANTICS.md §2–§6). Pure: config and environment in, an Explanation out.
 *
 * It reads the inputs as the gateway does (buildEffective 'gateway'): a discarded, skipped or
 * missing file counts for nothing, and the explanation says so first. Every proxy URL is masked.
 */
import { SERVICES, type ServiceName } from '../types.js';
import type { LoadedConfig } from '../config/load.js';
import { DEFAULT_TYK_VERSION } from '../config/schema.js';
import type { EnvInput } from '../env/input.js';
import { failureCode } from '../env/envconfig.js';
import { envSource } from '../resolve/resolve.js';
import { LEGACY_FALLBACK } from '../resolve/fallback.js';
import { decodeFailure, fatalMessage, gatewayModel, serviceModel, type CallerModel, type FatalError } from '../resolve/model.js';
import type { ClientResult } from '../gateway/factory.js';
import { SERVICE_BUILTINS } from '../gateway/model.js';
import type {
  CallerExplanation, ClientExplanation, Explanation, FatalExplanation, FileExplanation, PoolExplanation,
  Trigger, Value,
} from './model.js';
import {
  CALLER_NAMES, CLIENT_NOTES, TIMEOUT_NOTES, certLoadNote, VALUE_NOTES, builtReason, failedReason, fatalReason, fileEnvErrorReason,
  fileMissingReason, fileOmittedReason, fileRejectedReason, fileUsedReason, noExternalServicesReason, notConfiguredReason,
  storageBeforeBlockReason, storageClientReason,
} from './reasons.js';
import { FACTORY_SINCE } from '../gateway/callers.js';
import { builtin, makeCtx, maskDeep, sourceAt, type Ctx } from './context.js';
import { noEffects } from './no-effect.js';
import { mtlsSection } from './mtls.js';
import { proxySection, requestThrough, routeGroups, type RouteGroup } from './routes.js';

export type { Explanation } from './model.js';

export interface ExplainOptions {
  /** The config file as named on the command line; used to name a missing file. */
  configPath?: string;
  /** The gateway version to model (callers differ between versions); the newest recorded by default. */
  tykVersion?: string;
}

function context(loaded: LoadedConfig | null, env: EnvInput, urls: readonly string[], options: ExplainOptions): Ctx {
  return makeCtx(loaded, env, gatewayModel(loaded, env, options.tykVersion ?? DEFAULT_TYK_VERSION), urls, options.configPath ?? null);
}

/** One service, as the gateway runs it; `urls` are simulated requests. */
export function explain(loaded: LoadedConfig | null, env: EnvInput, service: ServiceName, urls: readonly string[], options: ExplainOptions = {}): Explanation {
  return explainService(context(loaded, env, urls, options), service);
}

/** The five services, in the gateway's order. */
export function explainAll(loaded: LoadedConfig | null, env: EnvInput, urls: readonly string[], options: ExplainOptions = {}): Explanation[] {
  const ctx = context(loaded, env, urls, options);
  return SERVICES.map((s) => explainService(ctx, s));
}

// ---------------------------------------------------------------------------------------------
// The file, and a fatal environment

function rejectSite(l: LoadedConfig): FileExplanation['at'] {
  const at = decodeFailure(l);
  return at === null ? null : { line: at.span.line, column: at.span.column, code: at.code };
}

function fileSection(ctx: Ctx): FileExplanation {
  const path = ctx.loaded?.file ?? ctx.configPath;
  const ignored = ctx.eff.fileIgnored;
  const none = { error: null, at: null, source: null };
  if (ignored === null) return { path, used: true, status: 'used', reason: fileUsedReason(path ?? 'the config file'), ...none };
  switch (ignored.reason) {
    case 'rejected': {
      const at = ctx.loaded === null ? null : rejectSite(ctx.loaded);
      return {
        path, used: false, status: 'rejected',
        reason: fileRejectedReason(path ?? 'the config file', at?.code ?? null, at?.line ?? null, at?.column ?? null, ignored.detail,
          ctx.model.fatal.some((f) => f.kind === 'decode') ? ctx.model.version : null),
        error: ignored.detail, at, source: null,
      };
    }
    case 'omitted':
      return {
        path, used: false, status: 'omitted', reason: fileOmittedReason(path, ignored.entry.name, ignored.entry.value),
        error: null, at: null, source: envSource(ignored.entry),
      };
    case 'missing':
      return { path, used: false, status: 'missing', reason: fileMissingReason(path), ...none };
    case 'env-error':
      return {
        path, used: false, status: 'rejected', reason: fileEnvErrorReason(path ?? 'the config file', ignored.entry.name, ignored.detail),
        error: ignored.detail, at: null, source: envSource(ignored.entry),
      };
    default: {
      const never: never = ignored;
      return never;
    }
  }
}

/** The first fatal start-up error, under the code lint reports it with. */
function fatalSection(ctx: Ctx): FatalExplanation | null {
  const f: FatalError | undefined = ctx.model.fatal[0];
  if (f === undefined) return null;
  const error = fatalReason(fatalMessage(f));
  if (f.kind === 'storage-type') return { error, source: f.source, code: 'STORAGE_TYPE_NOT_REDIS' };
  if (f.kind === 'decode') return { error, source: f.source, code: f.code };
  return { error, source: envSource(f.failure.entry), code: failureCode(f.failure) };
}

// ---------------------------------------------------------------------------------------------
// The client

function triggers(ctx: Ctx, svc: ServiceName): Trigger[] {
  const cfg = ctx.eff.config;
  const out: Trigger[] = [];
  const add = (path: string): void => {
    out.push({ setting: path, source: sourceAt(ctx, path) });
  };
  if (cfg.global.enabled) add('external_services.global.enabled');
  const s = cfg[svc];
  if (s.proxy.enabled) add(`external_services.${svc}.proxy.enabled`);
  if (s.proxy.http_proxy !== '') add(`external_services.${svc}.proxy.http_proxy`);
  if (s.proxy.https_proxy !== '') add(`external_services.${svc}.proxy.https_proxy`);
  if (s.mtls.enabled) add(`external_services.${svc}.mtls.enabled`);
  return out;
}

function clientSection(ctx: Ctx, svc: ServiceName, client: ClientResult | null): ClientExplanation {
  if (!ctx.readsBlock) {
    // No factory and no block: nothing configures a client and there is nothing to fall back from.
    const reason = svc === 'storage' ? storageBeforeBlockReason(ctx.model.version, FACTORY_SINCE) : noExternalServicesReason(ctx.model.version, FACTORY_SINCE);
    return { kind: svc === 'storage' ? 'none' : 'legacy', reason, configured_by: [], fallback: null, notes: [] };
  }
  if (client === null) {
    return { kind: 'none', reason: storageClientReason(), configured_by: [], fallback: null, notes: [] };
  }
  const configuredBy = triggers(ctx, svc);
  const mtlsOn = ctx.eff.config[svc].mtls.enabled;
  if (client.built) {
    const notes: string[] = [];
    if (svc === 'oauth') notes.push(CLIENT_NOTES.oauthJwkRetry);
    if (mtlsOn && svc !== 'storage') notes.push(certLoadNote(svc));
    return { kind: 'external_services', reason: builtReason(), configured_by: configuredBy, fallback: null, notes };
  }
  const notes: string[] = [];
  if (svc === 'webhooks' && mtlsOn && client.failure.kind === 'mtls') notes.push(CLIENT_NOTES.webhooksMtlsValidation);
  return {
    kind: 'legacy',
    reason: client.failure.kind === 'not-configured' ? notConfiguredReason(svc, client.error) : failedReason(client.error),
    configured_by: configuredBy,
    fallback: LEGACY_FALLBACK[svc],
    notes,
  };
}

function timeoutSection(svc: ServiceName, first: CallerModel | undefined): { timeout: Value<number> | null; pool: PoolExplanation | null } {
  if (first === undefined || first.timeoutSeconds === null) return { timeout: null, pool: null };
  const note = first.timeoutFrom === null ? undefined : TIMEOUT_NOTES[first.timeoutFrom];
  const legacy = first.client !== 'external-services';
  const timeout = builtin(first.timeoutSeconds, legacy ? `${CALLER_NAMES[first.id]}, legacy client${note === undefined ? '' : `; ${note}`}` : note);
  if (legacy) return { timeout, pool: null };
  const b = SERVICE_BUILTINS[svc].pool;
  const n = VALUE_NOTES.poolPerCall;
  return { timeout, pool: { max_idle: builtin(b.maxIdle, n), max_idle_per_host: builtin(b.maxIdlePerHost), idle_timeout_seconds: builtin(b.idleTimeoutSeconds) } };
}

// ---------------------------------------------------------------------------------------------
// The callers

function callerSection(c: CallerModel, group: RouteGroup): CallerExplanation {
  const route = group.explanation;
  return {
    id: c.id,
    name: CALLER_NAMES[c.id],
    client: c.client,
    gate_open: c.gateOpen,
    error: c.factoryError,
    proxy: {
      ...route,
      mode: c.route,
      inherited_from_global: c.inheritsGlobal,
      other_routes: [],
    },
    verify: { on: c.verify.on, via: c.verify.key, source: c.verify.source },
    certificate: c.certificate,
    ca: c.ca,
    timeout_seconds: c.timeoutSeconds,
    timeout_note: c.timeoutFrom === null ? null : TIMEOUT_NOTES[c.timeoutFrom],
    fallback: c.fallback === null ? null : {
      client: c.fallback.client, route: c.fallback.route, verify: { on: c.fallback.verify.on, via: c.fallback.verify.key },
      when: c.fallbackWhen, on_cert_load_error: c.onCertLoadError,
    },
    edition: c.edition,
    since: c.since,
    factory_since: c.factorySince,
  };
}

// ---------------------------------------------------------------------------------------------

function explainService(ctx: Ctx, svc: ServiceName): Explanation {
  const s = serviceModel(ctx.reading, svc);
  const groups = routeGroups(ctx, s);
  const { timeout, pool } = timeoutSection(svc, s.callers[0]);
  return maskDeep<Explanation>({
    service: svc,
    file: fileSection(ctx),
    fatal: fatalSection(ctx),
    client: clientSection(ctx, svc, s.factory),
    proxy: proxySection(groups, s),
    callers: groups.flatMap((g) => g.callers.map((c) => callerSection(c, g))),
    mtls: mtlsSection(ctx, svc, s.view, s.factory),
    timeout_seconds: timeout,
    pool,
    no_effect: noEffects(ctx, svc, s.factory, groups),
    gateway_note: ctx.readsBlock ? null : noExternalServicesReason(ctx.model.version, FACTORY_SINCE),
    requests: ctx.urls.map((url) => requestThrough(groups, url)),
  });
}
