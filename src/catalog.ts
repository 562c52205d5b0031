import type { ArgValue, Severity } from './types.js';

export type RuleGroup = 'file' | 'env' | 'proxy' | 'mtls' | 'legacy' | 'disk' | 'kuma';

export interface RuleDoc {
  /** One line: when the rule fires. */
  title: string;
  severity: Severity;
  group: RuleGroup;
  /**
   * Follows from how several settings of a section combine (enabled or not, URLs or not). Where
   * the section holds a value the gateway cannot take, such a finding would be built on a value
   * the tool had to assume, so lint holds it back until that value is fixed. Findings about one
   * value on its own (a bad URL, a password, a bypass entry) are reported whatever its neighbours hold.
   */
  derived?: true;
}


/** A catalog entry; `args` exists as a type only: what a finding of the code carries. */
export type TypedRuleDoc<A> = RuleDoc & { readonly args?: A };

function doc<A>(d: RuleDoc): TypedRuleDoc<A> {
  return d;
}

/** Before 5.3.0 a file Go cannot decode stops the gateway (src/rules/version-args.ts). */
type DecodeArgs = { onDecodeError?: 'exit'; version?: string };
/** What migrate's plan does with a legacy key (src/rules/legacy-keys.ts), and why when it does not move it. */
/** What migrate's plan does with a legacy setting (src/rules/legacy-keys.ts planFor). */
export type LegacyPlanArgs = {
  /** remove: it only deletes the key (it holds no URL to move). */
  plan: 'move' | 'remove' | 'human' | 'keep' | 'blocked' | 'upgrade';
  detail?: string;
  /** upgrade: what the plan does once the gateway reads external_services (planned for the newest release). */
  thenPlan?: 'move' | 'remove' | 'human' | 'keep' | 'blocked';
  thenDetail?: string;
};
type MtlsInvalidArgs = { service: string; gatewayMessage: string; onlyInsecure: boolean; builtWithoutMtls: boolean };
/** The certificate checks build their arguments per finding (src/files/check.ts) on a common base. */
/** Every Kuma finding names its resource (src/kuma). */
type KumaRes = { kind: string; name: string };
type FileArgs = { service: string; field: string; file: string; kvLiteral?: boolean; resolved?: string; [key: string]: ArgValue | undefined };

export const DOCS_BASE = 'https://github.com/extsvc/extsvc/blob/main/docs/rules.md';

/**
 * Every code: its default severity, group, one-line title, and whether it is derived. `Code` is
 * derived from this table. Wording of findings lives in messages.ts.
 */
export const RULE_DOCS = {
  JSON_SYNTAX: doc<{ detail?: string } & DecodeArgs>({ severity: 'error', group: 'file', title: 'not JSON at all; the gateway discards the whole file and starts on defaults' }),
  JSON_COMMENT: doc<{ detail?: string } & DecodeArgs>({ severity: 'error', group: 'file', title: 'a // or /* */ comment (the gateway\'s decoder rejects it: whole file discarded)' }),
  JSON_TRAILING_COMMA: doc<{ detail?: string } & DecodeArgs>({ severity: 'error', group: 'file', title: 'a trailing comma (same consequence)' }),
  JSON_BOM: doc<{ detail?: string } & DecodeArgs>({ severity: 'error', group: 'file', title: 'a UTF-8 byte-order mark (same consequence)' }),
  JSON_TRAILING_CONTENT: doc<{ detail?: string }>({ severity: 'warning', group: 'file', title: 'text after the first JSON value: the gateway never reads it' }),
  TEMPLATE_PLACEHOLDER: doc<{ placeholder?: string; key?: string; detail?: string; readAsValue?: boolean } & DecodeArgs>({ severity: 'error', group: 'file', title: 'a template placeholder where a value belongs (listen_port: LISTEN_PORT): the file must be rendered before the gateway can read it' }),
  STRING_PLACEHOLDER: doc<{ key: string; value: string; references: string; kv: boolean; variable?: string }>({ severity: 'warning', group: 'file', title: 'a ${VAR} reference inside a string: the gateway does not expand it and uses the text as written' }),
  TYPE_MISMATCH: doc<{ expected: string; actual: string; goMessage: string } & DecodeArgs>({ severity: 'error', group: 'file', title: 'a known key with the wrong JSON type: the whole file is discarded, not just that key' }),
  DUPLICATE_KEY: doc<{ key: string; firstLine: number; merged: boolean; laterNull: boolean }>({ severity: 'warning', group: 'file', title: 'the same key twice in one object: the last wins' }),
  KEY_CASE: doc<{ key: string; canonical: string }>({ severity: 'warning', group: 'file', title: 'a known key spelled in another case: the gateway binds it, most other tools do not' }),
  UNKNOWN_KEY: doc<{ key: string; known: string[]; suggestion?: string; elsewhere?: string[]; scope: 'block' | 'config'; readBy?: string[]; version?: string }>({ severity: 'warning', group: 'file', title: 'an unknown key inside external_services (with a did-you-mean: no_proxy → bypass_proxy)' }),
  NULL_VALUE: doc<{ key: string; afterEarlier: boolean; keys?: string[]; count?: number }>({ severity: 'info', group: 'file', title: 'null leaves the setting at its zero value' }),
  ENV_NAME_NOT_READ: doc<{ name: string; realName?: string; reason?: 'case' | 'docs' | 'spelling'; suggestion?: string }>({ severity: 'error', group: 'env', title: 'a TYK_GW_EXTERNAL_SERVICES_* name (as printed in the docs) that the gateway never reads; the message names the real variable' }),
  ENV_UNKNOWN_NAME: doc<{ name: string; suggestion?: string; scope?: 'config'; version?: string; readBy?: string[] }>({ severity: 'warning', group: 'env', title: 'a TYK_GW_* name the gateway reads nowhere (typo, or a variable of another version), with a did-you-mean' }),
  ENV_BAD_BOOL: doc<{ name: string; value: string; goMessage: string; first: boolean }>({ severity: 'error', group: 'env', title: 'a boolean the gateway cannot parse: it exits at start' }),
  ENV_BAD_VALUE: doc<{ name: string; value: string; goMessage: string; kind: string; goType: string; first: boolean; consequence: 'exit' | 'defaults'; version: string; elemKind?: string; accepts?: string; loader?: string; approximate?: true; masked?: true }>({ severity: 'error', group: 'env', title: 'a TYK_GW_* value outside external_services that envconfig cannot convert (integer, number, duration, list, map, JSON): the gateway exits at start' }),
  ENV_LIST_SPACES: doc<{ name: string; value: string; ids: string[] }>({ severity: 'warning', group: 'env', title: 'a list value with spaces after commas: they become part of the ids' }),
  ENV_EMPTY_OVERRIDE: doc<{ name: string; fileValue: string; cleared: boolean }>({ severity: 'warning', group: 'env', title: 'set but empty: it clears the file\'s value' }),
  ENV_OVERRIDES_FILE: doc<{ name: string; fileValue: string; envValue: string; fileLine: number }>({ severity: 'info', group: 'env', title: 'an env value replaces a different value from the file' }),
  ENV_OMIT_CONFIG_FILE: doc<{ name: string; value: string }>({ severity: 'warning', group: 'env', title: 'TYK_GW_OMITCONFIGFILE is true: the file is not read at all' }),
  ENV_PROXY_INVALID: doc<{ name: string; value: string; target: string; callers: string[]; enterprise: string[]; problem: 'ignored' | 'misread' | 'undialable'; detail: string; addr?: string }>({ severity: 'error', group: 'env', title: 'the gateway\'s HTTP_PROXY / HTTPS_PROXY read as another host or not diallable (warning when ignored): requests on Go\'s environment path fail' }),
  PROXY_URL_INVALID: doc<{ field: string; url: string; detail: string; stage: 'parse' | 'dial' }>({ severity: 'error', group: 'proxy', title: 'a proxy URL that Go\'s url.Parse rejects (bad port, bad escape): the client cannot be built' }),
  PROXY_URL_NO_SCHEME: doc<{ field: string; url: string; scheme: string; unsupported: boolean; suggestion: string }>({ severity: 'error', group: 'proxy', title: 'a proxy URL without http:// or https:// (the file path does not add one)' }),
  PROXY_TLS_TO_PROXY: doc<{ field: string; url: string }>({ severity: 'warning', group: 'proxy', title: 'an https:// proxy URL: the gateway will speak TLS to the proxy itself' }),
  PROXY_URL_CREDENTIALS: doc<{ field: string; url: string }>({ severity: 'warning', group: 'proxy', title: 'a password inside a proxy URL in the file; it is masked in all output' }),
  BYPASS_NEVER_MATCHES: doc<{ entry: string; problem: string; field: string }>({ severity: 'warning', group: 'proxy', title: 'a bypass entry with a leading dot, a *, or a CIDR: the gateway matches exact hosts only' }),
  BYPASS_WITHOUT_PROXY: doc<{ service: string; fate: 'replaced' | 'environment' | 'unused'; globalBypass: string }>({ severity: 'warning', group: 'proxy', derived: true, title: 'a service bypass_proxy with no proxy URLs: replaced by global\'s or unused' }),
  SERVICE_HIDES_GLOBAL: doc<{ service: string; lost: string[] }>({ severity: 'warning', group: 'proxy', derived: true, title: 'a service proxy block that is "set", so it inherits nothing from global (names what is lost)' }),
  SERVICE_ENABLED_USES_ENV: doc<{ service: string }>({ severity: 'warning', group: 'proxy', derived: true, title: 'service proxy.enabled with no URLs while global has URLs: it uses HTTP(S)_PROXY, not global' }),
  PROXY_DISABLED_BUT_USED: doc<{ service: string; notUsing: string[] }>({ severity: 'warning', group: 'proxy', derived: true, title: 'service proxy URLs with enabled: false: they are used anyway' }),
  GLOBAL_DISABLED_URLS_IGNORED: doc<{ fields: string[]; enabledSet: boolean }>({ severity: 'warning', group: 'proxy', derived: true, title: 'global URLs with global.enabled false: ignored' }),
  HTTP_TARGET_DIRECT: doc<{ section: string; url: string }>({ severity: 'info', group: 'proxy', derived: true, title: 'only https_proxy set: plain-http targets go direct' }),
  STORAGE_PROXY_UNUSED: doc<{ fields: string[] }>({ severity: 'warning', group: 'proxy', derived: true, title: 'storage.proxy settings: no storage HTTP client exists' }),
  MTLS_CERT_ID_AND_FILES: doc<MtlsInvalidArgs>({ severity: 'error', group: 'mtls', derived: true, title: 'cert_id together with cert_file/key_file: rejected, falls back to the legacy client' }),
  MTLS_NO_CERTIFICATE: doc<MtlsInvalidArgs>({ severity: 'error', group: 'mtls', derived: true, title: 'enabled with no certificate or CA configured' }),
  MTLS_PARTIAL_KEYPAIR: doc<MtlsInvalidArgs>({ severity: 'error', group: 'mtls', derived: true, title: 'only one of cert_file / key_file' }),
  MTLS_SETTINGS_WHILE_DISABLED: doc<{ service: string; fields: string[] }>({ severity: 'warning', group: 'mtls', derived: true, title: 'certificate settings under enabled: false (they do nothing)' }),
  INSECURE_SKIP_VERIFY: doc<{ service: string; via: string; mtlsEnabled?: boolean; legacyReason?: string; legacyKey?: boolean; ownClientIn?: string } & Partial<LegacyPlanArgs>>({ severity: 'warning', group: 'mtls', derived: true, title: 'server certificates are not verified for this service (from mtls or a legacy key); says which' }),
  TLS_VERSION_IGNORED: doc<{ service: string; key: string; value: string }>({ severity: 'warning', group: 'mtls', title: 'tls_min_version/tls_max_version on a service that ignores them (all but storage)' }),
  TLS_VERSION_INVALID: doc<{ service: string; key: string; value: string }>({ severity: 'error', group: 'mtls', title: 'not one of 1.0 1.1 1.2 1.3' }),
  TLS_VERSION_RANGE: doc<{ service: string; min: string; max: string }>({ severity: 'error', group: 'mtls', title: 'min above max' }),
  CA_FILE_IGNORED: doc<{ service: string }>({ severity: 'warning', group: 'mtls', title: 'ca_file alongside non-empty ca_cert_ids: the file is ignored' }),
  CA_CERT_ID_EMPTY: doc<{ service: string; count: number; empty: number }>({ severity: 'warning', group: 'mtls', title: 'an empty id in ca_cert_ids: it passes validation and finds no certificate' }),
  STORAGE_MTLS_INACTIVE: doc<{ reasons: string[] }>({ severity: 'warning', group: 'mtls', derived: true, title: 'storage mTLS without storage.use_ssl, or with cert_id/ca_cert_ids (file certs only)' }),
  KV_REFERENCE_UNRESOLVED: doc<{ field: string; reference: string; scheme: string; key: string; version: string; problem: 'no-secrets' | 'no-key' | 'no-base-path' | 'relative-base-path' | 'empty-key' | 'absolute-key' | 'traversal'; basePath?: string }>({ severity: 'error', group: 'mtls', title: 'an oauth mTLS KV reference the gateway resolves at start and cannot: it does not start' }),
  STORAGE_TYPE_NOT_REDIS: doc<{ value: string; gatewayMessage: string }>({ severity: 'error', group: 'mtls', title: 'storage.type set to something other than "redis": the gateway exits at start' }),
  LEGACY_PROXY_KEY: doc<{ key: string; value: string } & LegacyPlanArgs>({ severity: 'warning', group: 'legacy', title: 'top-level http_proxy / https_proxy: not read by the gateway; extsvc migrate moves it' }),
  LEGACY_JWT_SKIP_VERIFY: doc<LegacyPlanArgs>({ severity: 'warning', group: 'legacy', title: 'top-level jwt_ssl_insecure_skip_verify still in use' }),
  LEGACY_INTERIM_SHAPE: doc<{ key: string; kind: string } & LegacyPlanArgs>({ severity: 'error', group: 'legacy', title: 'the 5.10.0-alpha1 block (external_services.proxy, use_environment, no_proxy, analytics): ignored by 5.10.0 and later' }),
  LEGACY_CONFLICT: doc<{ key: string; legacyValue: string; replacement: string; replacementValue: string; winner: 'legacy' | 'replacement' }>({ severity: 'warning', group: 'legacy', title: 'a legacy key and its external_services replacement disagree' }),
  UPGRADE_NOT_READ: doc<{ key?: string; name?: string; from: string; to: string; readBy: string[]; change: 'removed' | 'type'; fromType?: string; toType?: string }>({ severity: 'warning', group: 'legacy', title: 'lint --upgrade-from: a setting the old version reads and the target does not (or reads as another type)' }),
  FILE_NOT_FOUND: doc<FileArgs>({ severity: 'error', group: 'disk', derived: true, title: 'a cert_file / key_file / ca_file that does not exist or cannot be read' }),
  CERT_INVALID: doc<FileArgs>({ severity: 'error', group: 'disk', derived: true, title: 'not a PEM certificate (or key) that Node\'s crypto can parse' }),
  CERT_EXPIRED: doc<FileArgs>({ severity: 'error', group: 'disk', derived: true, title: 'the certificate\'s validity has ended (or not begun)' }),
  CERT_EXPIRES_SOON: doc<FileArgs>({ severity: 'warning', group: 'disk', derived: true, title: 'fewer than 30 days left (--expiry-days N)' }),
  KEY_MISMATCH: doc<FileArgs>({ severity: 'error', group: 'disk', derived: true, title: 'the private key does not belong to the certificate' }),
  KEY_PERMISSIONS: doc<FileArgs>({ severity: 'warning', group: 'disk', derived: true, title: 'a private key readable by group or others' }),
  KUMA_YAML_SYNTAX: doc<{ detail: string }>({ severity: 'error', group: 'kuma', title: 'a Kuma resource file that is not YAML: kumactl apply rejects all of it' }),
  KUMA_DECODE_ERROR: doc<KumaRes & { field: string; detail: string }>({ severity: 'error', group: 'kuma', title: 'a value Kuma cannot decode into the resource (a number or boolean for a text field, a list for an object): the resource does not parse' }),
  KUMA_INVALID: doc<KumaRes & { field: string; message: string; hint?: 'https' }>({ severity: 'error', group: 'kuma', title: 'a violation of Kuma\'s own validation (ExternalService, MeshExternalService, metadata), with Kuma\'s message, in Kuma\'s order' }),
  KUMA_UNKNOWN_FIELD: doc<KumaRes & { key: string; parent: string; known: string[]; suggestion?: string; oldDocs?: boolean }>({ severity: 'warning', group: 'kuma', title: 'a field Kuma does not have (sni, misspellings): dropped without a word' }),
  KUMA_DATA_SOURCE_MEMBERS: doc<KumaRes & { field: string; members: string[]; kept: string }>({ severity: 'warning', group: 'kuma', title: 'several of inline / inlineString / secret / file in one data source: Kuma keeps one' }),
  KUMA_PROTOCOL_UNLISTED: doc<KumaRes & { value: string; parsed: string }>({ severity: 'warning', group: 'kuma', title: 'a kuma.io/protocol Kuma accepts but does not list (tls, mysql, upper case)' }),
  KUMA_YAML11_VALUE: doc<KumaRes & { field: string; text: string; kuma: string; yaml12: string; became: string; asText: boolean }>({ severity: 'warning', group: 'kuma', title: 'a plain value Kuma\'s YAML 1.1 parser reads otherwise than YAML 1.2 (yes, on, 0777)' }),
  KUMA_TLS_NO_CA: doc<KumaRes & { field: string; skip?: boolean; mode?: string }>({ severity: 'warning', group: 'kuma', title: 'TLS originated by Envoy without a CA (or with SkipCA / SkipAll): nothing is verified' }),
  KUMA_EXTERNAL_SERVICE_DEPRECATED: doc<KumaRes>({ severity: 'info', group: 'kuma', title: 'ExternalService: removed in Kuma 3.0 in favour of MeshExternalService' }),
  KUMA_DESTINATION_UNDECLARED: doc<{ destination: string; callers: string[]; needProtocol: string; proxy?: string }>({ severity: 'error', group: 'kuma', title: 'kuma check: a host:port the gateway dials that no resource declares (connection reset inside the mesh)' }),
  KUMA_PROTOCOL_MISMATCH: doc<KumaRes & { destination: string; have: string; reason: 'connect' | 'tyk-tls' | 'redis'; why?: string }>({ severity: 'error', group: 'kuma', title: 'kuma check: a resource that is not tcp where Tyk tunnels through a proxy (CONNECT), speaks TLS itself, or speaks Redis' }),
  KUMA_TLS_MISMATCH: doc<KumaRes & { destination: string; reason: 'connect' | 'tyk-tls'; why: string }>({ severity: 'error', group: 'kuma', title: 'kuma check: tls.enabled where Tyk tunnels through a proxy or speaks TLS itself (TLS inside TLS)' }),
  KUMA_HOSTNAME_MISMATCH: doc<KumaRes & { hostname: string; host: string; destination: string }>({ severity: 'warning', group: 'kuma', title: 'kuma check: a MeshExternalService reached under another hostname than the one Tyk dials' }),
} as const satisfies Record<string, TypedRuleDoc<unknown>>;

export type Code = keyof typeof RULE_DOCS;

/** Every code, in the catalog's order (SARIF's rule index). */
export const CODES = Object.keys(RULE_DOCS) as Code[];

/** The arguments a finding of `C` carries: `report(code, args)` checks them. */
export type ArgsOf<C extends Code> = NonNullable<(typeof RULE_DOCS)[C]['args']>;

export function isDerived(code: Code): boolean {
  const d: RuleDoc = RULE_DOCS[code];
  return d.derived === true;
}

export function helpUri(code: Code): string {
  return `${DOCS_BASE}#${code.toLowerCase()}`;
}
