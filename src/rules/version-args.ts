import type { Args } from '../types.js';
import { decodeErrorStopsGateway, resolveTykVersion } from '../config/versions.js';

/**
 * What a file Go's decoder rejects does to the gateway of this version (config/versions.ts):
 * before 5.3.0 it exits at start; from 5.3.0 it runs on defaults. An argument of the JSON_* and
 * TYPE_MISMATCH findings, so that their wording says the right one.
 */
export function decodeArgs(tykVersion: string): Args {
  const v = resolveTykVersion(tykVersion);
  return v !== undefined && decodeErrorStopsGateway(v) ? { onDecodeError: 'exit', version: v } : {};
}
