/**
 * Which recorded gateway versions read a tyk.conf key or a TYK_GW_* name, and how to say it
 * ("read up to 4.0, removed in 5.0", "read from 5.10.0 on").
 *
 * The build derives dist/data/tyk-history.json from every version's generated schema and
 * variable list (scripts/gen-validators.mjs): one small file, read the first time a run meets a
 * key or name its own version does not read (or for lint --upgrade-from), instead of every
 * version's schema.
 */
import type { JsonPath } from '../types.js';
import { builtAsset } from '../assets.js';
import { bindKey } from '../go/fold.js';
import { TYK_VERSIONS, lineOf, type TykVersion } from './versions.js';

/** [mask, children, types by version (only where versions differ)]; bit i is TYK_VERSIONS[i]. */
type KeyNode = [number, Record<string, KeyNode>?, Record<string, string>?];
type EnvEntry = number | [number, Record<string, string>];

interface History {
  versions: string[];
  keys: Record<string, KeyNode>;
  env: Record<string, EnvEntry>;
}

let loaded: History | undefined;
function history(): History {
  loaded ??= builtAsset('tyk-history.json') as History;
  return loaded;
}

function versionsOf(mask: number): TykVersion[] {
  return TYK_VERSIONS.filter((_, i) => (mask & (2 ** i)) !== 0);
}

// Each trie level's own key names, made once: bindKey caches its folding per list, so a fresh
// list per lookup refolded the level's every key for every unknown key of a file.
const levelKeys = new WeakMap<Record<string, KeyNode>, string[]>();
function keysOf(level: Record<string, KeyNode>): string[] {
  let keys = levelKeys.get(level);
  if (keys === undefined) {
    keys = Object.keys(level).filter((k) => k !== '[]' && k !== '*');
    levelKeys.set(level, keys);
  }
  return keys;
}

/** The trie node of a key path: array indexes go through "[]", map entries through "*". */
function keyNode(path: JsonPath): KeyNode | undefined {
  let level: Record<string, KeyNode> | undefined = history().keys;
  let node: KeyNode | undefined;
  for (const seg of path) {
    if (level === undefined) return undefined;
    if (typeof seg === 'number') node = level['[]'];
    else {
      const bound: string | undefined = Object.hasOwn(level, seg) ? seg : bindKey(seg, keysOf(level));
      node = bound !== undefined ? level[bound] : level['*'];
    }
    if (node === undefined) return undefined;
    level = node[1];
  }
  return node;
}

/** The recorded versions that read the key at `path` (Go's case-insensitive binding), oldest first. */
export function keyReadBy(path: JsonPath): TykVersion[] {
  const n = keyNode(path);
  return n === undefined ? [] : versionsOf(n[0]);
}

/**
 * The JSON type Go decodes the key's value into in `version` ("integer", "string|object", …), when
 * it differs between recorded versions; undefined when it is the same wherever the key is read.
 */
export function keyTypeIn(path: JsonPath, version: TykVersion): string | undefined {
  return keyNode(path)?.[2]?.[version];
}

/** The recorded versions that read the variable `name` (exact: names are case-sensitive). */
export function envReadBy(name: string): TykVersion[] {
  const e = Object.hasOwn(history().env, name) ? history().env[name] : undefined;
  return e === undefined ? [] : versionsOf(typeof e === 'number' ? e : e[0]);
}

/**
 * How envconfig converts the variable in `version`, when that differs between versions:
 * `conversion` is the rule ("int64", "custom:Decode/json", "slice<string>"), `goType` the Go type.
 */
export function envTypeIn(name: string, version: TykVersion): { conversion: string; goType: string } | undefined {
  const e = Object.hasOwn(history().env, name) ? history().env[name] : undefined;
  const t = e === undefined || typeof e === 'number' ? undefined : e[1][version];
  if (t === undefined) return undefined;
  const sp = t.indexOf(' ');
  return { conversion: t.slice(0, sp), goType: t.slice(sp + 1) };
}

// ---------------------------------------------------------------------------------------------
// Wording (pure: used by src/messages.ts on a finding's readBy argument)

/**
 * How a sentence names the recorded version at index i: by its line ("5.12") where only the
 * line's newest patch is recorded (the setting may be older within the line), exactly where that
 * is known (an x.y.0 release where a run starts, a prerelease), and as "a 5.10 patch after
 * 5.10.0" where the change falls between two records of one line.
 */
function named(i: number, neighbour: number): string {
  const all = TYK_VERSIONS;
  const v = all[i];
  if (v.includes('-')) return v;
  const near = all[neighbour];
  // Two records of one line (4.0.0 and 4.0.16): the change came in a patch between them.
  if (near !== undefined && lineOf(near) === lineOf(v)) return neighbour < i ? `a ${lineOf(v)} patch after ${near}` : v;
  return neighbour < i && v.endsWith('.0') ? v : lineOf(v);
}

/**
 * When the recorded versions `readBy` (a subset of TYK_VERSIONS) read a setting, in words:
 * "read from 5.10.0 on", "read up to 4.0, removed in 5.0", "read in 5.8 to 5.9, removed in 5.10",
 * "read only by 5.15.0-alpha14". Runs of consecutive recorded versions are named by their ends.
 */
export function describeReadBy(readBy: readonly string[]): string {
  const all = TYK_VERSIONS as readonly string[];
  const idx = [...new Set(readBy)].map((v) => all.indexOf(v)).filter((i) => i >= 0).sort((a, b) => a - b);
  if (idx.length === 0) return 'read by no recorded version';
  const runs: [number, number][] = [];
  for (const i of idx) {
    const last = runs.at(-1);
    if (last !== undefined && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  const end = all.length - 1;
  const parts = runs.map(([a, b]) => {
    if (b === end && a === 0) return 'read by every recorded version';
    if (b === end) return a === b ? `read only by ${all[a]}` : `read from ${named(a, a - 1)} on`;
    const upTo = named(b, b + 1);
    const removed = named(b + 1, b);
    const from = named(a, a - 1);
    const span = a === 0 ? `read up to ${upTo}` : from === upTo ? `read in ${upTo}` : `read in ${from} to ${upTo}`;
    return `${span}, removed in ${removed}`;
  });
  // "removed in 5.15.0-alpha14" would mislead: master is not a release.
  return parts.join('; ').replace(/, removed in (\d+\.\d+\.\d+-[^;]+)/g, ', not in $1');
}

