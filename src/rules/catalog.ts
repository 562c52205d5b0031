import type { Code, Severity } from '../types.js';

export type RuleGroup = 'file' | 'env' | 'proxy' | 'mtls' | 'legacy' | 'disk' | 'kuma';

export interface RuleDoc {
  /** One line: when the rule fires. */
  title: string;
  severity: Severity;
  group: RuleGroup;
}

export const DOCS_BASE = 'https://github.com/extsvc/extsvc/blob/main/docs/rules.md';

/** Every code, its default severity and one-line title. Wording of findings lives in messages.ts. */
export const RULE_DOCS = {
  JSON_SYNTAX: { severity: 'error', group: 'file', title: 'not JSON at all; the gateway discards the whole file and starts on defaults' },
  JSON_COMMENT: { severity: 'error', group: 'file', title: 'a // or /* */ comment (the gateway\'s decoder rejects it: whole file discarded)' },
  JSON_TRAILING_COMMA: { severity: 'error', group: 'file', title: 'a trailing comma (same consequence)' },
  JSON_BOM: { severity: 'error', group: 'file', title: 'a UTF-8 byte-order mark (same consequence)' },
  JSON_TRAILING_CONTENT: { severity: 'warning', group: 'file', title: 'text after the first JSON value: the gateway never reads it' },
  TYPE_MISMATCH: { severity: 'error', group: 'file', title: 'a known key with the wrong JSON type: the whole file is discarded, not just that key' },
  DUPLICATE_KEY: { severity: 'warning', group: 'file', title: 'the same key twice in one object: the last wins' },
  KEY_CASE: { severity: 'warning', group: 'file', title: 'a known key spelled in another case: the gateway binds it, most other tools do not' },
  UNKNOWN_KEY: { severity: 'warning', group: 'file', title: 'an unknown key inside external_services (with a did-you-mean: no_proxy → bypass_proxy)' },
  NULL_VALUE: { severity: 'info', group: 'file', title: 'null leaves the setting at its zero value' },
  ENV_NAME_NOT_READ: { severity: 'error', group: 'env', title: 'a TYK_GW_EXTERNAL_SERVICES_* name (as printed in the docs) that the gateway never reads; the message names the real variable' },
  ENV_UNKNOWN_NAME: { severity: 'warning', group: 'env', title: 'a TYK_GW_* name the gateway reads nowhere (typo, or a variable of another version), with a did-you-mean' },
  ENV_BAD_BOOL: { severity: 'error', group: 'env', title: 'a boolean the gateway cannot parse: it exits at start' },
  ENV_BAD_VALUE: { severity: 'error', group: 'env', title: 'a TYK_GW_* value outside external_services that envconfig cannot convert (integer, number, duration, list, map, JSON): the gateway exits at start' },
  ENV_LIST_SPACES: { severity: 'warning', group: 'env', title: 'a list value with spaces after commas: they become part of the ids' },
  ENV_EMPTY_OVERRIDE: { severity: 'warning', group: 'env', title: 'set but empty: it clears the file\'s value' },
  ENV_OVERRIDES_FILE: { severity: 'info', group: 'env', title: 'an env value replaces a different value from the file' },
  ENV_OMIT_CONFIG_FILE: { severity: 'warning', group: 'env', title: 'TYK_GW_OMITCONFIGFILE is true: the file is not read at all' },
  ENV_PROXY_INVALID: { severity: 'error', group: 'env', title: 'the gateway\'s HTTP_PROXY / HTTPS_PROXY read as another host or not diallable (warning when ignored): requests on Go\'s environment path fail' },
  PROXY_URL_INVALID: { severity: 'error', group: 'proxy', title: 'a proxy URL that Go\'s url.Parse rejects (bad port, bad escape): the client cannot be built' },
  PROXY_URL_NO_SCHEME: { severity: 'error', group: 'proxy', title: 'a proxy URL without http:// or https:// (the file path does not add one)' },
  PROXY_TLS_TO_PROXY: { severity: 'warning', group: 'proxy', title: 'an https:// proxy URL: the gateway will speak TLS to the proxy itself' },
  PROXY_URL_CREDENTIALS: { severity: 'warning', group: 'proxy', title: 'a password inside a proxy URL in the file; it is masked in all output' },
  BYPASS_NEVER_MATCHES: { severity: 'warning', group: 'proxy', title: 'a bypass entry with a leading dot, a *, or a CIDR: the gateway matches exact hosts only' },
  BYPASS_WITHOUT_PROXY: { severity: 'warning', group: 'proxy', title: 'a service bypass_proxy with no proxy URLs: replaced by global\'s or unused' },
  SERVICE_HIDES_GLOBAL: { severity: 'warning', group: 'proxy', title: 'a service proxy block that is "set", so it inherits nothing from global (names what is lost)' },
  SERVICE_ENABLED_USES_ENV: { severity: 'warning', group: 'proxy', title: 'service proxy.enabled with no URLs while global has URLs: it uses HTTP(S)_PROXY, not global' },
  PROXY_DISABLED_BUT_USED: { severity: 'warning', group: 'proxy', title: 'service proxy URLs with enabled: false: they are used anyway' },
  GLOBAL_DISABLED_URLS_IGNORED: { severity: 'warning', group: 'proxy', title: 'global URLs with global.enabled false: ignored' },
  HTTP_TARGET_DIRECT: { severity: 'info', group: 'proxy', title: 'only https_proxy set: plain-http targets go direct' },
  STORAGE_PROXY_UNUSED: { severity: 'warning', group: 'proxy', title: 'storage.proxy settings: no storage HTTP client exists' },
  MTLS_CERT_ID_AND_FILES: { severity: 'error', group: 'mtls', title: 'cert_id together with cert_file/key_file: rejected, falls back to the legacy client' },
  MTLS_NO_CERTIFICATE: { severity: 'error', group: 'mtls', title: 'enabled with no certificate or CA configured' },
  MTLS_PARTIAL_KEYPAIR: { severity: 'error', group: 'mtls', title: 'only one of cert_file / key_file' },
  MTLS_SETTINGS_WHILE_DISABLED: { severity: 'warning', group: 'mtls', title: 'certificate settings under enabled: false (they do nothing)' },
  INSECURE_SKIP_VERIFY: { severity: 'warning', group: 'mtls', title: 'server certificates are not verified for this service (from mtls or a legacy key); says which' },
  TLS_VERSION_IGNORED: { severity: 'warning', group: 'mtls', title: 'tls_min_version/tls_max_version on a service that ignores them (all but storage)' },
  TLS_VERSION_INVALID: { severity: 'error', group: 'mtls', title: 'not one of 1.0 1.1 1.2 1.3' },
  TLS_VERSION_RANGE: { severity: 'error', group: 'mtls', title: 'min above max' },
  CA_FILE_IGNORED: { severity: 'warning', group: 'mtls', title: 'ca_file alongside non-empty ca_cert_ids: the file is ignored' },
  CA_CERT_ID_EMPTY: { severity: 'warning', group: 'mtls', title: 'an empty id in ca_cert_ids: it passes validation and finds no certificate' },
  STORAGE_MTLS_INACTIVE: { severity: 'warning', group: 'mtls', title: 'storage mTLS without storage.use_ssl, or with cert_id/ca_cert_ids (file certs only)' },
  LEGACY_PROXY_KEY: { severity: 'warning', group: 'legacy', title: 'top-level http_proxy / https_proxy: not read by the gateway; extsvc migrate moves it' },
  LEGACY_JWT_SKIP_VERIFY: { severity: 'warning', group: 'legacy', title: 'top-level jwt_ssl_insecure_skip_verify still in use' },
  LEGACY_INTERIM_SHAPE: { severity: 'error', group: 'legacy', title: 'the 5.10.0-alpha1 block (external_services.proxy, use_environment, no_proxy, analytics): ignored by 5.10.0 and later' },
  LEGACY_CONFLICT: { severity: 'warning', group: 'legacy', title: 'a legacy key and its external_services replacement disagree' },
  FILE_NOT_FOUND: { severity: 'error', group: 'disk', title: 'a cert_file / key_file / ca_file that does not exist or cannot be read' },
  CERT_INVALID: { severity: 'error', group: 'disk', title: 'not a PEM certificate (or key) that Node\'s crypto can parse' },
  CERT_EXPIRED: { severity: 'error', group: 'disk', title: 'the certificate\'s validity has ended (or not begun)' },
  CERT_EXPIRES_SOON: { severity: 'warning', group: 'disk', title: 'fewer than 30 days left (--expiry-days N)' },
  KEY_MISMATCH: { severity: 'error', group: 'disk', title: 'the private key does not belong to the certificate' },
  KEY_PERMISSIONS: { severity: 'warning', group: 'disk', title: 'a private key readable by group or others' },
  KUMA_YAML_SYNTAX: { severity: 'error', group: 'kuma', title: 'a Kuma resource file that is not YAML: kumactl apply rejects all of it' },
  KUMA_DECODE_ERROR: { severity: 'error', group: 'kuma', title: 'a value Kuma cannot decode into the resource (a number or boolean for a text field, a list for an object): the resource does not parse' },
  KUMA_INVALID: { severity: 'error', group: 'kuma', title: 'a violation of Kuma\'s own validation (ExternalService, MeshExternalService, metadata), with Kuma\'s message, in Kuma\'s order' },
  KUMA_UNKNOWN_FIELD: { severity: 'warning', group: 'kuma', title: 'a field Kuma does not have (sni, misspellings): dropped without a word' },
  KUMA_DATA_SOURCE_MEMBERS: { severity: 'warning', group: 'kuma', title: 'several of inline / inlineString / secret / file in one data source: Kuma keeps one' },
  KUMA_PROTOCOL_UNLISTED: { severity: 'warning', group: 'kuma', title: 'a kuma.io/protocol Kuma accepts but does not list (tls, mysql, upper case)' },
  KUMA_YAML11_VALUE: { severity: 'warning', group: 'kuma', title: 'a plain value Kuma\'s YAML 1.1 parser reads otherwise than YAML 1.2 (yes, on, 0777)' },
  KUMA_TLS_NO_CA: { severity: 'warning', group: 'kuma', title: 'TLS originated by Envoy without a CA (or with SkipCA / SkipAll): nothing is verified' },
  KUMA_EXTERNAL_SERVICE_DEPRECATED: { severity: 'info', group: 'kuma', title: 'ExternalService: removed in Kuma 3.0 in favour of MeshExternalService' },
  KUMA_DESTINATION_UNDECLARED: { severity: 'error', group: 'kuma', title: 'kuma check: a host:port the gateway dials that no resource declares (connection reset inside the mesh)' },
  KUMA_PROTOCOL_MISMATCH: { severity: 'error', group: 'kuma', title: 'kuma check: a resource that is not tcp where Tyk tunnels through a proxy (CONNECT) or speaks TLS itself' },
  KUMA_TLS_MISMATCH: { severity: 'error', group: 'kuma', title: 'kuma check: tls.enabled where Tyk tunnels through a proxy or speaks TLS itself (TLS inside TLS)' },
  KUMA_HOSTNAME_MISMATCH: { severity: 'warning', group: 'kuma', title: 'kuma check: a MeshExternalService reached under another hostname than the one Tyk dials' },
} as const satisfies Record<Code, RuleDoc>;

export function helpUri(code: Code): string {
  return `${DOCS_BASE}#${code.toLowerCase()}`;
}
