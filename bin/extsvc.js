#!/usr/bin/env node
'use strict';
// Loads the bundled CLI (dist/extsvc.cjs) with V8's code cache made at build time
// (dist/extsvc.cache, scripts/bundle.mjs): compiling the bundle on every start cost more than
// the lint itself. A missing or stale cache (another Node version, a rebuilt bundle) is
// rejected by V8 and the bundle compiles as usual. CommonJS (bin/package.json) so that Node does
// not start its ES module loader for this one file.
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const file = join(dist, 'extsvc.cjs');
const cacheFile = join(dist, 'extsvc.cache');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, dist);
bundle.exports.main(process.argv).then(() => {
  if (process.env.EXTSVC_WRITE_CODE_CACHE === '1') writeFileSync(cacheFile, script.createCachedData());
});
