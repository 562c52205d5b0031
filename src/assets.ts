/**
 * Data files shipped in the package's schemas/ directory, read when a run needs them.
 *
 * Read at run time rather than bundled: the bundle's start-up cost grows with its size (reading
 * it, V8's code cache, the object literals' creation), and a run needs one gateway version's
 * schema out of three and, most often, none of the TYK_GW_* variable lists. JSON.parse of a
 * 75 KB file is cheaper than building the same object from JavaScript source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// This module is dist/src/assets.js; the bundle (scripts/bundle.mjs) gives import.meta.dirname the
// same place, so both find <package>/schemas/.
const SCHEMAS = join(import.meta.dirname, '..', '..', 'schemas');

// Made by the build from schemas/ (scripts/gen-validators.mjs): <package>/dist/data/.
const DATA = join(import.meta.dirname, '..', 'data');

const cache = new Map<string, unknown>();

function readJson(dir: string, name: string): unknown {
  const file = join(dir, name);
  let v = cache.get(file);
  if (v === undefined) {
    v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    cache.set(file, v);
  }
  return v;
}

/** A JSON file of schemas/, parsed once per run. */
export function schemaAsset(name: string): unknown {
  return readJson(SCHEMAS, name);
}

/** A JSON file the build derived from schemas/ (dist/data/), parsed once per run. */
export function builtAsset(name: string): unknown {
  return readJson(DATA, name);
}
