// The build: a clean dist/ from tsc, scripts/gen-validators.mjs and scripts/bundle.mjs.
// With --if-stale (npm's prepare and pretest) it does nothing when dist/ was built from exactly the current
// inputs: `npm ci && npm test` (prepare, then pretest) or `npm ci && npm pack` need one build, not two.
// The inputs are hashed, not compared by time: a fresh clone gives every file a new mtime.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-inputs');
const INPUTS = ['src', 'test', 'scripts', 'schemas', 'bin', 'fixtures/docs-oauth-mtls-files', 'fixtures/full-gateway', 'tsconfig.json', 'package.json', 'package-lock.json'];

function walk(p, out) {
  if (!existsSync(p)) return;
  if (statSync(p).isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n), out);
  else out.push(p);
}

function inputsHash() {
  const files = [];
  for (const i of INPUTS) walk(join(root, i), files);
  const h = createHash('sha256').update(process.version);
  for (const f of files) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

const hash = inputsHash();
if (process.argv.includes('--if-stale') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
  console.log('extsvc: dist/ is up to date with the sources; not rebuilt');
  process.exit(0);
}
rmSync(dist, { recursive: true, force: true });
const node = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
node([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
node([join(root, 'scripts', 'gen-validators.mjs')]);
node([join(root, 'scripts', 'bundle.mjs')]);
writeFileSync(stampFile, hash);
