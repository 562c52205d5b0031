// Bundles the compiled CLI into two CommonJS files:
// - dist/extsvc.cjs: dist/src/cli.js and everything a lint needs, started with V8's code cache
//   (dist/extsvc.cache, made here) by bin/extsvc.js;
// - dist/extsvc-more.cjs: what the CLI imports on demand (explain, migrate, --check-files,
//   --env-file, the json/sarif/github/junit/gitlab reporters, chalk), required on first use.
// Resolving and loading ~60 ES modules cost more than linting a typical tyk.conf, so each side is
// one file. The split is measured (npm run bench): V8's start-up work grows with the functions
// the bundle holds, run or not, and lint never runs explain's or migrate's. Modules both sides
// use are in both files; src/errors.ts makes its error classes work across the two copies.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// Every dynamic import() of the CLI, and the names the code takes from it. Each is served by
// extsvc-more.cjs, which exports exactly these names.
const src = join(root, 'dist', 'src');
const LAZY = new Map([
  [join(src, 'explain', 'command.js'), ['runExplain']],
  [join(src, 'migrate', 'command.js'), ['runMigrate', 'requireMigratable']],
  [join(src, 'files', 'check.js'), ['checkFiles', 'nodeFileIO']],
  [join(src, 'env', 'envfile.js'), ['overlayEnvFiles']],
  [join(src, 'report', 'json.js'), ['json']],
  [join(src, 'report', 'sarif.js'), ['sarif']],
  [join(src, 'report', 'github.js'), ['github']],
  [join(src, 'report', 'junit.js'), ['junit']],
  [join(src, 'report', 'gitlab.js'), ['gitlab']],
  [join(src, 'kuma', 'command.js'), ['lintKumaInputs', 'runKumaCheck', 'runKumaGenerate']],
  [join(src, 'egress', 'command.js'), ['runEgress']],
  ['chalk', ['Chalk']],
  [join(src, 'settings', 'rc.js'), ['readRc']],
  [join(src, 'rules-command.js'), ['runRules']],
  ['tinyglobby', ['glob']],
]);
const MORE = 'extsvc-more.cjs';
// Loaded on demand but used by a plain lint (the default reporter): stays in extsvc.cjs.
const STAY = new Set([join(src, 'report', 'stylish.js')]);

const lazyToMore = {
  name: 'lazy-to-more',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = args.path.startsWith('.') ? join(args.resolveDir, args.path) : args.path;
      if (STAY.has(target)) return undefined;
      if (!LAZY.has(target)) return { errors: [{ text: `dynamic import of ${target}: add it to LAZY in scripts/bundle.mjs` }] };
      return { path: MORE, namespace: 'extsvc-more' };
    });
    // import() of an external file would stay an ES import, which a vm.Script cannot run: a
    // stand-in module requires it instead.
    b.onLoad({ filter: /.*/, namespace: 'extsvc-more' }, () => ({ contents: `module.exports = require('./${MORE}');`, loader: 'js', resolveDir: join(root, 'dist') }));
    b.onResolve({ filter: new RegExp(`^\\./${MORE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // CommonJS output: a builtin needed only by code that loads on demand (tty for colour, crypto
  // for SARIF fingerprints and backups) is then required when that code runs, not at start.
  format: 'cjs',
  // src/assets.ts finds schemas/ relative to its own module's directory, dist/src: give the
  // bundle's import.meta.dirname that place (CommonJS output has no import.meta of its own).
  // fdir (under tinyglobby) makes a require() from import.meta.url: give it the bundle's own URL.
  define: { 'import.meta.dirname': 'extsvcAssetsDir', 'import.meta.url': 'extsvcModuleUrl' },
  // Each bundle is already the function Module.wrap would make of it: bin/extsvc.js hands the
  // file to V8 as read, without a concatenated copy of a few hundred KB at every start.
  banner: { js: "(function (exports, require, module, __filename, __dirname) {const extsvcAssetsDir = require('node:path').join(__dirname, 'src'); const extsvcModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '\n})' },
  // Whitespace only: names stay readable in an EXTSVC_DEBUG stack trace; a smaller file is read
  // and handed to V8 faster at every start.
  minifyWhitespace: process.env.EXTSVC_BUNDLE_READABLE !== "1",
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

for (const f of ['extsvc.cache', 'extsvc-more.cache']) rmSync(join(root, 'dist', f), { force: true });
await build({
  ...common,
  entryPoints: [join(src, 'cli.js')],
  outfile: join(root, 'dist', 'extsvc.cjs'),
  plugins: [lazyChildProcess, jsoncFormatterPure, lazyToMore],
});
await build({
  ...common,
  stdin: {
    contents: [...LAZY].map(([from, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(from)};`).join('\n'),
    resolveDir: root,
    sourcefile: 'extsvc-more-entry.js',
  },
  outfile: join(root, 'dist', MORE),
  plugins: [jsoncFormatterPure],
});

// bin/extsvc.js reads the bundles as latin1, which is exact for ASCII only.
for (const f of ['extsvc.cjs', MORE]) {
  const bytes = readFileSync(join(root, 'dist', f));
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) throw new Error(`dist/${f}: byte ${at} is not ASCII; bin/extsvc.js reads the bundles as latin1`);
}

// V8's code caches, each taken after a representative run so that it holds the functions that
// run compiles too; bin/extsvc.js hands them to V8 (a stale one is simply rejected). lint makes
// extsvc.cache; explain, the other command people run by hand, makes extsvc-more.cache.
const fixture = join(root, 'fixtures', 'docs-oauth-mtls-files', 'tyk.conf');
// explain's run also meets a legacy proxy key, so that the planner its advice reads is compiled too.
const legacyDir = mkdtempSync(join(tmpdir(), 'extsvc-cache-'));
const withLegacy = join(legacyDir, 'tyk.conf');
writeFileSync(withLegacy, readFileSync(fixture, 'utf8').replace('{', '{\n  "http_proxy": "http://localhost:3128",'));
const runs = [
  // The docs' example (findings, the stylish reporter) and a whole gateway config (every kind
  // of value the decoder walk checks), so that what a real tyk.conf runs is compiled already.
  { cache: 'extsvc', args: ['lint', '--no-process-env', fixture, join(root, 'fixtures', 'full-gateway', 'tyk.conf')] },
  { cache: 'extsvc-more', args: ['explain', 'oauth', '--no-process-env', '-c', withLegacy, '--url', 'https://auth.example.com/token'] },
];
for (const { cache, args } of runs) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'extsvc.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', EXTSVC_WRITE_CODE_CACHE: cache },
    encoding: 'utf8',
  });
  if (r.status !== 0 && r.status !== 1) {
    console.warn(`extsvc: code cache ${cache} not made (${r.stderr.trim().split('\n')[0]}); the CLI works without it`);
  }
}
rmSync(legacyDir, { recursive: true, force: true });
