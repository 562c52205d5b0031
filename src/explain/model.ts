/**
 * The data `explain` hands to its reporters (text, json, mermaid). Plain data: every string is
 * already masked, every value carries where it came from. Field names follow the JSON contract of
 * issue 3 (snake_case), so the JSON reporter only has to fix the key order.
 */
import type { Code, ServiceName, Span } from '../types.js';
import type { SyntaxCode } from '../config/load.js';
import type { Source } from '../resolve/sources.js';
import type { ProxyMode } from '../resolve/resolve.js';
import type { CallerId, CertLoadFailure, ClientKind, Edition, FallbackWhen, RouteMode } from '../gateway/callers.js';
import type { CaSource, ClientCertificate } from '../gateway/tls.js';

/**
 * Where a value came from. The resolver's Source, except that a standard proxy variable
 * (HTTP_PROXY, NO_PROXY, ...) keeps the env-file line it was read from, when it was.
 */
export type ExplainSource =
  | Exclude<Source, { kind: 'environment' }>
  | { kind: 'environment'; name: string; file?: string; span?: Span };

export interface Value<T> {
  value: T;
  source: ExplainSource;
  /** A short qualification ("Go default", "read as http://…"). */
  note?: string;
}

/** What makes Go's decoder reject the file. */
export type RejectCode = SyntaxCode | 'TYPE_MISMATCH';

export type FileStatusKind = 'used' | 'rejected' | 'omitted' | 'missing';

export interface FileExplanation {
  /** The config file as named (null when none was named and none was read). */
  path: string | null;
  /** Whether the gateway's settings come from this file at all. */
  used: boolean;
  status: FileStatusKind;
  /** One sentence, said first. */
  reason: string;
  /** rejected: what the gateway logs, in Go's words. */
  error: string | null;
  /** rejected: where the first fatal problem is. */
  at: { line: number; column: number; code: RejectCode } | null;
  /** omitted: the variable that makes the gateway skip the file. */
  source: ExplainSource | null;
}

/** Why the gateway does not start: the first fatal start-up error, as lint reports it (SEMANTICS.md §3). */
export interface FatalExplanation {
  error: string;
  source: ExplainSource;
  /** The lint code that reports it. */
  code: Code;
}

export interface Trigger {
  /** Dotted setting path ("external_services.global.enabled"). */
  setting: string;
  source: ExplainSource;
}

export interface ClientExplanation {
  /** none: storage, for which no caller asks the factory for a client. */
  kind: 'external_services' | 'legacy' | 'none';
  /** Why: what configured the factory client, or the gateway's error when it is not built. */
  reason: string;
  /** The settings that make the service "configured" (SEMANTICS.md §4). */
  configured_by: Trigger[];
  /** What the caller does instead (SEMANTICS.md §6 table); null when the client is built. */
  fallback: string | null;
  /** Behaviour around the client that is easy to miss (retries, skipped deliveries). */
  notes: string[];
}

/** How one caller of a service routes its requests. */
export interface RouteExplanation {
  /** Who makes the requests: the factory client or a legacy one. */
  caller: string;
  /** ee: every caller on this route exists in the enterprise build only. */
  edition: Edition;
  mode: ProxyMode;
  /** custom: the merged settings; environment: HTTP_PROXY / HTTPS_PROXY / NO_PROXY in force; direct: null. */
  http_proxy: Value<string> | null;
  https_proxy: Value<string> | null;
  bypass_proxy: Value<string> | null;
}

export interface ProxyExplanation extends RouteExplanation {
  /** The service took global's proxy block as a whole. */
  inherited_from_global: boolean;
  /** Further callers with a different route (oauth's legacy introspection). */
  other_routes: RouteExplanation[];
}

export type ClientCertificateKind = 'store' | 'files';
export type CaKind = 'store' | 'file' | 'system';

export interface MtlsExplanation {
  enabled: Value<boolean>;
  /** The gateway's validation message (only checked when enabled). */
  error: string | null;
  /** The certificates below are really used. */
  in_force: boolean;
  /** What the settings apply to, in words. */
  applies_to: string;
  client_certificate: ClientCertificateKind | null;
  cert_id: Value<string> | null;
  cert_file: Value<string> | null;
  key_file: Value<string> | null;
  ca: CaKind;
  ca_cert_ids: Value<string[]> | null;
  ca_file: Value<string> | null;
  insecure_skip_verify: Value<boolean> | null;
  tls_min_version: Value<string> | null;
  tls_max_version: Value<string> | null;
}

export interface PoolExplanation {
  max_idle: Value<number>;
  max_idle_per_host: Value<number>;
  idle_timeout_seconds: Value<number>;
}

export type NoEffectValue = string | boolean | string[];

/** A value that is set but changes nothing, and why. */
export interface NoEffect {
  /** Dotted setting path, or a variable name. */
  setting: string;
  value: NoEffectValue;
  source: ExplainSource;
  reason: string;
  /** The lint rule that reports the same thing, when there is one. */
  code: Code | null;
}

/** What one request to a URL does. */
export type RequestRule =
  | 'bypass'
  | 'bypass-localhost-alias'
  | 'proxy'
  | 'no-proxy-for-scheme'
  | 'invalid-proxy-url'
  | 'direct-mode'
  | 'env-proxy'
  | 'env-invalid'
  | 'cgi-refused'
  | 'loopback'
  | 'no-proxy-env'
  | 'unsplittable-address'
  | 'bad-target-url'
  | 'legacy-no-proxy'
  | 'no-http-client';

/** What one request to a URL does through one route. */
export interface RouteAnswer {
  /** The route's name (as in RouteExplanation.caller). */
  via: string;
  /** The proxy used, masked; null for a direct connection or no request. */
  proxy: string | null;
  rule: RequestRule;
  /** The bypass_proxy or NO_PROXY entry that matched. */
  matched: string | null;
  reason: string;
  /** The request fails with this error. */
  error: string | null;
}

/** One caller's answer for a URL. */
export interface CallerRoute extends RouteAnswer {
  caller: CallerId;
}

/** One URL: the first caller's answer, and every caller's in `routes`. */
export interface RequestExplanation extends RouteAnswer {
  url: string;
  routes: CallerRoute[];
}

/** One caller's route: the service-level proxy's shape, with `none` for a caller without HTTP. */
export type CallerProxy = Omit<ProxyExplanation, 'mode'> & { mode: RouteMode };

/** One caller of a service, from the gateway model (src/gateway/callers.ts). */
export interface CallerExplanation {
  id: CallerId;
  /** In words ("JWT JWK fetch"). */
  name: string;
  client: ClientKind;
  /** The caller's gate (the factory's "configured", or upstream OAuth's own) is open. */
  gate_open: boolean;
  /** The factory's error, in the gateway's words, when it failed for this caller. */
  error: string | null;
  proxy: CallerProxy;
  verify: { on: boolean; via: string | null; source: ExplainSource };
  certificate: ClientCertificate;
  ca: CaSource;
  /** null: no timeout at all. */
  timeout_seconds: number | null;
  timeout_note: string | null;
  /** What the caller uses when it leaves the factory's client, and when it does; null when it never uses the factory (or the version has none). */
  fallback: { client: ClientKind; route: RouteMode; verify: { on: boolean; via: string | null }; when: FallbackWhen[]; on_cert_load_error: CertLoadFailure } | null;
  edition: Edition;
  /** The first gateway version that has this caller. */
  since: string;
  /** The first version in which it asks the external-services factory; null: it never does. */
  factory_since: string | null;
}

export interface Explanation {
  service: ServiceName;
  file: FileExplanation;
  fatal: FatalExplanation | null;
  client: ClientExplanation;
  proxy: ProxyExplanation;
  callers: CallerExplanation[];
  mtls: MtlsExplanation;
  timeout_seconds: Value<number> | null;
  pool: PoolExplanation | null;
  no_effect: NoEffect[];
  requests: RequestExplanation[];
  /**
   * What holds for the whole gateway version, in one line: before 5.10.0, that it has no
   * external_services (the JSON carries it in each HTTP service's client.reason).
   */
  gateway_note: string | null;
}
