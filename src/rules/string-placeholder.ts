import type { Node } from 'jsonc-parser';
import type { JsonPath } from '../types.js';
import { fileLocation, type Rule } from './context.js';
import { resolveTykVersion } from '../config/schema.js';
import { loadEnvNamespace, type EnvNamespace } from '../env/namespace.js';

const byPath = new WeakMap<EnvNamespace, Map<string, string>>();

/** The TYK_GW_* variable that sets the field at this (lower-cased, dotted) path, if one does. */
function variableFor(version: string, key: string): string | undefined {
  const v = resolveTykVersion(version);
  if (v === undefined) return undefined;
  const ns = loadEnvNamespace(v);
  let map = byPath.get(ns);
  if (map === undefined) {
    map = new Map();
    for (const x of ns.variables) if (x.path !== null && !map.has(x.path.join('.'))) map.set(x.path.join('.'), x.name);
    byPath.set(ns, map);
  }
  return map.get(key);
}

/** `${NAME}`, `${NAME:-default}` and the like: shell, envsubst and compose interpolation. */
const REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}]*)?\}/g;

/**
 * The settings the gateway passes through its own KV lookup (gateway/server.go, kvStore, v5.10.0):
 * there env://NAME reads TYK_SECRET_NAME. Everywhere else a string is used as written.
 */
const KV_SETTINGS = new Set([
  'secret', 'node_secret', 'storage.password', 'cache_storage.password', 'security.private_certificate_encoding_secret',
  'db_app_conf_options.connection_string', 'policies.policy_connection_string', 'slave_options.api_key',
]);

/**
 * STRING_PLACEHOLDER: config.Load decodes tyk.conf with encoding/json and nothing else (no
 * os.ExpandEnv), so `"host": "${REDIS_HOST}"` connects to a host named "${REDIS_HOST}". A warning,
 * not an error: a deployment that renders the file first (envsubst) is fine, and says so with
 * --rule STRING_PLACEHOLDER=off.
 */
export const stringPlaceholder: Rule = {
  id: 'string-placeholder',
  codes: ['STRING_PLACEHOLDER'],
  check(ctx) {
    const root = ctx.loaded.tree;
    if (root === undefined || !ctx.loaded.text.includes('${')) return;
    const stack: { node: Node; path: JsonPath }[] = [{ node: root, path: [] }];
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      if (node.type === 'string') {
        const value = String(node.value);
        const refs = value.includes('${') ? value.match(REFERENCE) : null;
        if (refs !== null && path.length > 0) {
          const key = path.join('.');
          const variable = variableFor(ctx.tykVersion, key.toLowerCase());
          ctx.report('STRING_PLACEHOLDER', { key, value, references: [...new Set(refs)].join(', '), kv: KV_SETTINGS.has(key.toLowerCase()), ...(variable === undefined ? {} : { variable }) }, path, fileLocation(ctx.file, ctx.loaded.index.span(node.offset, node.length)));
        }
        continue;
      }
      const kids = node.children ?? [];
      for (let i = kids.length - 1; i >= 0; i--) {
        const c = kids[i];
        if (c.type === 'property') {
          const v = c.children?.[1];
          if (v !== undefined) stack.push({ node: v, path: [...path, String(c.children![0].value)] });
        } else {
          stack.push({ node: c, path: node.type === 'array' ? [...path, i] : path });
        }
      }
    }
  },
};
