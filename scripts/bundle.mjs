// Bundles the compiled CLI (dist/src/cli.js and its dependencies) into one file,
// dist/extsvc.mjs. Resolving and loading ~60 ES modules and three CommonJS packages cost more
// than linting a typical tyk.conf (npm run bench). One file, not split chunks: measured, each
// extra module file costs more at start than parsing the code it would leave out; what loads
// on demand (explain, migrate, --check-files, most reporters) stays uninitialised until used.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'dist', 'src', 'cli.js')],
  outfile: join(root, 'dist', 'extsvc.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __extsvcRequire } from 'node:module'; const require = __extsvcRequire(import.meta.url);" },
  logLevel: 'warning',
});
