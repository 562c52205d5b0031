/**
 * KV_REFERENCE_UNRESOLVED: a KV reference in external_services.oauth.mtls's cert_file, key_file or
 * ca_file that the gateway resolves at start and cannot resolve, from what the file and the
 * environment say alone. afterConfSetup (gateway/server.go) resolves the three, when
 * oauth.mtls.enabled, through gw.kvStore, and an error there is log.Fatal("Could not complete
 * configuration setup."): the gateway does not start. Which schemes a version resolves is
 * decided in src/config/versions.ts (OAUTH_KV_SINCE); elsewhere the value is a literal path that
 * --check-files opens.
 *
 * Checked here, where the store is in the same file or environment:
 * - secrets://<key>: looked up in the config's `secrets` map (tyk.conf, or TYK_GW_SECRETS, which
 *   replaces it); v5.13.1 / v5.14.0: "secrets does not exist in config.. <key> not found". On
 *   master the "secrets" store exists only when the map is not empty (config/kv.go buildKVConfig).
 * - file://<key> (5.14 on): gateway/kv_file.go resolveKeyPath refuses a key when kv.file.base_path
 *   is empty or relative, and an empty, absolute or escaping ("..") key. Whether the file exists
 *   is a question for the disk.
 * Not checked: env:// (a missing TYK_SECRET_<KEY> gives "", not an error), consul:// and vault://
 * (remote stores), kv://<store>/… (an unknown store leaves the value as it is).
 */
import { posix } from 'node:path';
import type { Node } from 'jsonc-parser';
import type { JsonPath } from '../types.js';
import { goFold } from '../go/fold.js';
import { isOmitted } from '../env/fields.js';
import { modelEnvFor, resolveEnvVersion } from '../env/namespace.js';
import { kvSchemeOf, oauthResolvesKv, resolveTykVersion } from '../config/versions.js';
import { locate } from './helpers.js';
import type { Rule, RuleContext } from './context.js';

const FIELDS = ['cert_file', 'key_file', 'ca_file'] as const;

/** The members of every top-level object under `key` (Go binds keys case-insensitively). */
function topLevelMembers(ctx: RuleContext, folded: string[]): Node[] {
  if (isOmitted(modelEnvFor(ctx.env, resolveEnvVersion(ctx.tykVersion))) !== undefined || ctx.loaded.rejectReason !== null) return [];
  let level: Node[] = ctx.loaded.tree?.type === 'object' ? [ctx.loaded.tree] : [];
  for (const k of folded) {
    const next: Node[] = [];
    for (const obj of level) {
      for (const prop of obj.children ?? []) {
        const [kn, v] = prop.children ?? [];
        if (kn !== undefined && v !== undefined && goFold(String(kn.value)) === k) next.push(v);
      }
    }
    level = next;
  }
  return level;
}

/** The secrets map the gateway ends up with: tyk.conf's, or TYK_GW_SECRETS's (envconfig makes a new map). */
function secrets(ctx: RuleContext): Map<string, string> {
  const env = ctx.env.get('TYK_GW_SECRETS');
  const out = new Map<string, string>();
  if (env !== undefined) {
    // envconfig v1.4.0: blank is an empty map; else split on "," then each pair on ":" (exactly two parts).
    if (env.value.trim() === '') return out;
    for (const pair of env.value.split(',')) {
      const kv = pair.split(':');
      if (kv.length === 2) out.set(kv[0], kv[1]);
    }
    return out;
  }
  for (const obj of topLevelMembers(ctx, ['SECRETS'])) {
    if (obj.type !== 'object') continue;
    // Go decodes a later duplicate object into the same map: entries add up, later keys win.
    for (const prop of obj.children ?? []) {
      const [kn, v] = prop.children ?? [];
      if (kn !== undefined && v?.type === 'string') out.set(String(kn.value), String(v.value));
    }
  }
  return out;
}

/** kv.file.base_path: TYK_GW_KV_FILE_BASEPATH when set, else the file's (last) value (also for --check-files). */
export function kvFileBasePath(ctx: RuleContext): string {
  const env = ctx.env.get('TYK_GW_KV_FILE_BASEPATH');
  if (env !== undefined) return env.value;
  let found = '';
  for (const v of topLevelMembers(ctx, ['KV', 'FILE', 'BASE_PATH'])) if (v.type === 'string') found = String(v.value);
  return found;
}

type FileProblem = 'no-base-path' | 'relative-base-path' | 'empty-key' | 'absolute-key' | 'traversal';

/** Why gateway/kv_file.go resolveKeyPath refuses the key, or null. */
function fileKeyProblem(basePath: string, key: string): FileProblem | null {
  if (basePath === '') return 'no-base-path';
  if (!posix.isAbsolute(basePath)) return 'relative-base-path';
  if (key === '') return 'empty-key';
  if (posix.isAbsolute(key)) return 'absolute-key';
  const rel = posix.relative(basePath, posix.join(basePath, key));
  if (rel === '' || rel === '..' || rel.startsWith('../')) return 'traversal';
  return null;
}

export const kvReference: Rule = {
  id: 'kv-reference',
  codes: ['KV_REFERENCE_UNRESOLVED'],
  check(ctx) {
    const version = resolveTykVersion(ctx.tykVersion);
    if (version === undefined) return;
    const oauth = ctx.services.find((v) => v.service === 'oauth');
    if (oauth === undefined || !oauth.mtls.enabled.value) return;
    let store: Map<string, string> | undefined;
    for (const field of FIELDS) {
      const value = oauth.mtls[field].value;
      const scheme = typeof value === 'string' ? kvSchemeOf(value) : null;
      if (scheme === null || !oauthResolvesKv(version, scheme)) continue;
      const key = value.slice(scheme.length + 3);
      const path: JsonPath = ['external_services', 'oauth', 'mtls', field];
      const base = { field, reference: value, scheme, key, version };
      if (scheme === 'secrets') {
        store ??= secrets(ctx);
        if (!store.has(key)) ctx.report('KV_REFERENCE_UNRESOLVED', { ...base, problem: store.size === 0 ? 'no-secrets' : 'no-key' }, path, locate(ctx, path));
      } else if (scheme === 'file') {
        const basePath = kvFileBasePath(ctx);
        const problem = fileKeyProblem(basePath, key);
        if (problem !== null) ctx.report('KV_REFERENCE_UNRESOLVED', { ...base, problem, basePath }, path, locate(ctx, path));
      }
    }
  },
};
