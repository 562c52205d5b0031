// Bundles the compiled CLI (dist/src/cli.js and its dependencies) into one file,
// dist/extsvc.cjs. Resolving and loading ~60 ES modules and three CommonJS packages cost more
// than linting a typical tyk.conf (npm run bench). One file, not split chunks: measured, each
// extra module file costs more at start than parsing the code it would leave out; what loads
// on demand (explain, migrate, --check-files, most reporters) stays uninitialised until used.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// commander requires child_process (and with it net, dgram, streams) at load, only to run
// executable subcommands, which extsvc has none of: hand it a stand-in that loads the real
// module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.importer.includes('commander') ? { path: 'lazy-child-process', namespace: 'extsvc' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'extsvc' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get(_, key) { real ??= require('node:child_process'); return real[key]; } });",
      loader: 'js',
    }));
  },
};
// jsonc-parser's index imports its formatter, whose module builds 1,200 indentation strings
// (280 KB) when it loads. extsvc uses the scanner only: declaring those modules free of side
// effects lets esbuild drop them with the unused exports that need them.
const jsoncFormatterPure = {
  name: 'jsonc-formatter-pure',
  setup(b) {
    b.onResolve({ filter: /^\.\/(impl\/)?(format|edit|string-intern)$/ }, (args) => (args.importer.includes(`${join('node_modules', 'jsonc-parser')}`)
      ? { path: join(args.resolveDir, `${args.path}.js`), sideEffects: false }
      : undefined));
  },
};

rmSync(join(root, 'dist', 'extsvc.cache'), { force: true });
await build({
  entryPoints: [join(root, 'dist', 'src', 'cli.js')],
  outfile: join(root, 'dist', 'extsvc.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  // CommonJS output: a builtin needed only by code that loads on demand (tty for colour, crypto
  // for SARIF fingerprints and backups) is then required when that code runs, not at start.
  format: 'cjs',
  // src/assets.ts finds schemas/ relative to its own module's directory, dist/src: give the
  // bundle's import.meta.dirname that place (CommonJS output has no import.meta of its own).
  define: { 'import.meta.dirname': 'extsvcAssetsDir' },
  banner: { js: "const extsvcAssetsDir = require('node:path').join(__dirname, 'src');" },
  // Whitespace only: names stay readable in an EXTSVC_DEBUG stack trace; a smaller file is read
  // and handed to V8 faster at every start.
  minifyWhitespace: process.env.EXTSVC_BUNDLE_READABLE !== "1",
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: [lazyChildProcess, jsoncFormatterPure],
});

// V8's code cache for the bundle, taken after a representative run so that it holds the
// functions a lint compiles too; bin/extsvc.js hands it to V8 (a stale one is simply rejected).
const r = spawnSync(process.execPath, [join(root, 'bin', 'extsvc.js'), 'lint', '--no-process-env', join(root, 'fixtures', 'docs-oauth-mtls-files', 'tyk.conf')], {
  env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', EXTSVC_WRITE_CODE_CACHE: '1' },
  encoding: 'utf8',
});
if (r.status !== 0 && r.status !== 1) {
  console.warn(`extsvc: code cache not made (${r.stderr.trim().split('\n')[0]}); the CLI works without it`);
}
