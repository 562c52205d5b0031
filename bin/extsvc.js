#!/usr/bin/env sh
':' //; exec node -- "$0" "$@"
// The two lines above are read by sh, then skipped by Node (a string and a comment): the shell
// starts Node with "--" before this file. Node 20 reads every --env-file on its command line up
// to the first "--", even after the script name, and exits with code 9 when the file is missing
// or loads it into the environment when it exists; "--" keeps extsvc's own --env-file extsvc's.
// (`#!/usr/bin/env -S node --` would do the same, but BusyBox's env, as on Alpine, has no -S.)
'use strict';
// Loads the bundled CLI with V8's code cache made at build time (scripts/bundle.mjs): compiling
// the bundle on every start cost more than the lint itself.
// - dist/extsvc.cjs (+ extsvc.cache): the CLI and everything a lint needs;
// - dist/extsvc-more.cjs (+ extsvc-more.cache): explain, migrate and the rest, loaded the first
//   time the CLI asks for it.
// A missing or stale cache (another Node version, a rebuilt bundle) is rejected by V8 and the
// bundle compiles as usual. CommonJS (bin/package.json) so that Node does not start its ES module
// loader for this one file.
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const loaded = [];
let more;

function load(name) {
  const file = join(dist, `${name}.cjs`);
  const cacheFile = join(dist, `${name}.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Each bundle is already a CommonJS module wrapper function, and ASCII (esbuild escapes the
  // rest; scripts/bundle.mjs checks both): read as latin1, no UTF-8 decoding and no copy.
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  loaded.push({ name, script, cacheFile });
  const nodeRequire = Module.createRequire(file);
  const bundleRequire = (id) => (id === './extsvc-more.cjs' ? (more ??= load('extsvc-more')) : nodeRequire(id));
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, bundleRequire, mod, file, dist);
  return mod.exports;
}

load('extsvc').main(process.argv).then(() => {
  // Build time only: which bundles' caches to write, after a representative run.
  const write = (process.env.EXTSVC_WRITE_CODE_CACHE ?? '').split(',');
  for (const l of loaded) if (write.includes(l.name)) writeFileSync(l.cacheFile, l.script.createCachedData());
});
