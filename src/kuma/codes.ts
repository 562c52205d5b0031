import type { Code } from '../types.js';

/** Findings about Kuma resources on their own: `extsvc lint` of a YAML file, and `kuma check`. */
export const KUMA_RESOURCE_CODES = [
  'KUMA_YAML_SYNTAX', 'KUMA_DECODE_ERROR', 'KUMA_INVALID', 'KUMA_UNKNOWN_FIELD', 'KUMA_DATA_SOURCE_MEMBERS',
  'KUMA_PROTOCOL_UNLISTED', 'KUMA_YAML11_VALUE', 'KUMA_TLS_NO_CA', 'KUMA_EXTERNAL_SERVICE_DEPRECATED',
] as const satisfies readonly Code[];

/** Findings that need the gateway's routes too: `kuma check` only. */
export const KUMA_ROUTE_CODES = [
  'KUMA_DESTINATION_UNDECLARED', 'KUMA_PROTOCOL_MISMATCH', 'KUMA_TLS_MISMATCH', 'KUMA_HOSTNAME_MISMATCH',
] as const satisfies readonly Code[];

export const KUMA_CODES = [...KUMA_RESOURCE_CODES, ...KUMA_ROUTE_CODES] as const;
export type KumaCode = (typeof KUMA_CODES)[number];

