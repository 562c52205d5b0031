#!/usr/bin/env node
// Loads the bundled CLI (dist/extsvc.cjs) with V8's code cache made at build time
// (dist/extsvc.cache, scripts/bundle.mjs): compiling the bundle on every start cost more than
// the lint itself. A missing or stale cache (another Node version, a rebuilt bundle) is
// rejected by V8 and the bundle compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const file = join(dist, 'extsvc.cjs');
const cacheFile = join(dist, 'extsvc.cache');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dist);
await module.exports.main(process.argv);
if (process.env.EXTSVC_WRITE_CODE_CACHE === '1') writeFileSync(cacheFile, script.createCachedData());
