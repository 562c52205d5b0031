/** Shared data shapes. Data flows one way: bytes → tree → decoded config + env → resolution → diagnostics. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const CODES = [
  // how the gateway reads the file
  'JSON_SYNTAX', 'JSON_COMMENT', 'JSON_TRAILING_COMMA', 'JSON_BOM', 'JSON_TRAILING_CONTENT',
  'TYPE_MISMATCH', 'DUPLICATE_KEY', 'KEY_CASE', 'UNKNOWN_KEY', 'NULL_VALUE',
  // environment
  'ENV_NAME_NOT_READ', 'ENV_UNKNOWN_NAME', 'ENV_BAD_BOOL', 'ENV_BAD_VALUE', 'ENV_LIST_SPACES', 'ENV_EMPTY_OVERRIDE',
  'ENV_OVERRIDES_FILE', 'ENV_OMIT_CONFIG_FILE', 'ENV_PROXY_INVALID',
  // proxy
  'PROXY_URL_INVALID', 'PROXY_URL_NO_SCHEME', 'PROXY_TLS_TO_PROXY', 'PROXY_URL_CREDENTIALS',
  'BYPASS_NEVER_MATCHES', 'BYPASS_WITHOUT_PROXY', 'SERVICE_HIDES_GLOBAL', 'SERVICE_ENABLED_USES_ENV',
  'PROXY_DISABLED_BUT_USED', 'GLOBAL_DISABLED_URLS_IGNORED', 'HTTP_TARGET_DIRECT', 'STORAGE_PROXY_UNUSED',
  // mTLS
  'MTLS_CERT_ID_AND_FILES', 'MTLS_NO_CERTIFICATE', 'MTLS_PARTIAL_KEYPAIR', 'MTLS_SETTINGS_WHILE_DISABLED',
  'INSECURE_SKIP_VERIFY', 'TLS_VERSION_IGNORED', 'TLS_VERSION_INVALID', 'TLS_VERSION_RANGE',
  'CA_FILE_IGNORED', 'CA_CERT_ID_EMPTY', 'STORAGE_MTLS_INACTIVE',
  // legacy
  'LEGACY_PROXY_KEY', 'LEGACY_JWT_SKIP_VERIFY', 'LEGACY_INTERIM_SHAPE', 'LEGACY_CONFLICT',
  // files on disk (only with --check-files; src/files/check.ts)
  'FILE_NOT_FOUND', 'CERT_INVALID', 'CERT_EXPIRED', 'CERT_EXPIRES_SOON', 'KEY_MISMATCH', 'KEY_PERMISSIONS',
  // Kuma resources (lint of a YAML file, and kuma check; src/kuma/codes.ts)
  'KUMA_YAML_SYNTAX', 'KUMA_DECODE_ERROR', 'KUMA_INVALID', 'KUMA_UNKNOWN_FIELD', 'KUMA_DATA_SOURCE_MEMBERS',
  'KUMA_PROTOCOL_UNLISTED', 'KUMA_YAML11_VALUE', 'KUMA_TLS_NO_CA', 'KUMA_EXTERNAL_SERVICE_DEPRECATED',
  'KUMA_DESTINATION_UNDECLARED', 'KUMA_PROTOCOL_MISMATCH', 'KUMA_TLS_MISMATCH', 'KUMA_HOSTNAME_MISMATCH',
] as const;

export type Code = (typeof CODES)[number];

export type JsonPath = (string | number)[];

/** A place in a file: 1-based line and column, end exclusive; offsets are UTF-16 code units into the text. */
export interface Span {
  offset: number;
  length: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Location =
  | { kind: 'file'; file: string; span: Span }
  /** An environment variable; `file`/`span` when it came from an --env-file line. */
  | { kind: 'env'; name: string; file?: string; span?: Span };

export type ArgValue = string | number | boolean | string[];
export type Args = Record<string, ArgValue | undefined>;

export interface Diagnostic {
  code: Code;
  severity: Severity;
  args: Args;
  path: JsonPath;
  location: Location;
}

export interface FileResult {
  /** The config file as named on the command line. */
  file: string;
  diagnostics: Diagnostic[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintResult {
  files: FileResult[];
  summary: Summary;
}

export const SERVICES = ['oauth', 'storage', 'webhooks', 'health', 'discovery'] as const;
export type ServiceName = (typeof SERVICES)[number];
