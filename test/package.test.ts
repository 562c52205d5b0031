/**
 * The package as npm ships it: `npm pack` of the built tree, checked with publint and
 * arethetypeswrong, installed into an empty directory from npm's cache (as on a machine with no
 * registry release of extsvc), then run through its bin and imported through its exports.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, FIXTURES } from './support/paths.js';
import { DOCS_BASE } from '../src/catalog.js';

// npm as npm test started it, or the one installed beside this node.
const NPM_CLI = process.env.npm_execpath ?? join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function sh(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const npm = (args: string[], cwd: string) => sh(process.execPath, [NPM_CLI, ...args], cwd);

let tarball = '';
let work = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'extsvc-pack-'));
  // dist/ is built (npm test's pretest): pack it as it is, without running prepare again.
  const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  assert.equal(r.status, 0, r.stderr);
  const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info.filename);
  writeFileSync(join(work, 'files.json'), JSON.stringify(info.files.map((f) => f.path)));
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    main: string; types: string; exports: Record<string, unknown>; repository: { url: string }; homepage: string; bugs: { url: string }; bin: Record<string, string>; files: string[];
  };
  it('repository, homepage and bugs are the repository SARIF\'s helpUris point into', () => {
    const repo = /^https:\/\/github\.com\/([^/]+\/[^/]+)\/blob\//.exec(DOCS_BASE)?.[1];
    assert.ok(repo !== undefined, DOCS_BASE);
    assert.equal(pkg.repository.url, `git+https://github.com/${repo}.git`);
    assert.equal(pkg.homepage, `https://github.com/${repo}#readme`);
    assert.equal(pkg.bugs.url, `https://github.com/${repo}/issues`);
  });
  it('main, types, exports and bin name files that exist after the build', () => {
    for (const f of [pkg.main, pkg.types, pkg.bin.extsvc]) assert.ok(existsSync(join(ROOT, f)), f);
    assert.deepEqual(pkg.exports['.'], { types: pkg.types, default: pkg.main });
  });
});

describe('npm pack', () => {
  it('ships the CLI, the API, schemas and docs, and no tests', () => {
    const files = JSON.parse(readFileSync(join(work, 'files.json'), 'utf8')) as string[];
    for (const f of ['bin/extsvc.js', 'dist/extsvc.cjs', 'dist/extsvc-more.cjs', 'dist/src/index.js', 'dist/src/index.d.ts', 'schemas/extsvcrc.schema.json', 'docs/rules.md', 'package.json']) {
      assert.ok(files.includes(f), `${f} in the tarball`);
    }
    assert.deepEqual(files.filter((f) => f.startsWith('dist/test/') || f.startsWith('test/') || f.startsWith('fixtures/')), []);
  });
  it('publint finds nothing, even with --strict', () => {
    const r = sh(process.execPath, [join(ROOT, 'node_modules', 'publint', 'src', 'cli.js'), '--strict', tarball], work);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /Errors:|Warnings:|Suggestions:/, r.stdout);
  });
  it('arethetypeswrong: the types resolve for ESM importers (an ES-module-only package)', () => {
    const r = sh(process.execPath, [join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'), '--profile', 'esm-only', '--no-emoji', '--no-color', tarball], work);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // Only CommonJS resolution is ignored (the package is ES modules, for Node 20.11+ importers).
    assert.match(r.stdout, /ignoring resolutions: 'node10', 'node16-cjs'/);
    assert.match(r.stdout, /node16 \(from ESM\) │ OK \(ESM\)/);
    assert.match(r.stdout, /bundler +│ OK /);
  });
  it('installs into an empty directory from npm\'s cache, and runs', () => {
    const app = mkdtempSync(join(tmpdir(), 'extsvc-app-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const i = sh(process.execPath, [NPM_CLI, 'install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
    assert.equal(i.status, 0, i.stderr);
    const bin = join(app, 'node_modules', '.bin', 'extsvc');
    const lint = sh(bin, ['lint', '--no-process-env', '--env-file=missing.env', join(FIXTURES, 'docs-basic-proxy', 'tyk.conf')], app);
    assert.equal(lint.status, 2, lint.stderr);
    assert.match(lint.stderr, /^extsvc: missing\.env: no such file/);
    const ok = sh(bin, ['lint', '--no-process-env', '-f', 'json', join(FIXTURES, 'docs-basic-proxy', 'tyk.conf')], app);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual((JSON.parse(ok.stdout) as { summary: unknown }).summary, { errors: 0, warnings: 2, infos: 0 });
    const rules = sh(bin, ['rules', 'JSON_BOM'], app);
    assert.match(rules.stdout, /^### JSON_BOM\n/);
    // The public API, through the package's exports.
    writeFileSync(join(app, 'use.mjs'), [
      "import { lint, explain, migrate, CODES } from 'extsvc';",
      "const r = lint({ files: [{ file: 'tyk.conf', text: '{\"external_services\":{\"global\":{\"enabled\":\"true\"}}}' }], variables: { TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED: 'true' } });",
      "const e = explain({ service: 'oauth', file: { file: 'tyk.conf', text: '{\"external_services\":{\"global\":{\"enabled\":true,\"http_proxy\":\"http://p:3128\"}}}' }, urls: ['https://idp.example/jwks'] });",
      "const m = migrate({ text: '{\\n  \"http_proxy\": \"http://localhost:3128\"\\n}\\n' });",
      "if (!m.differences.some((d) => d.caller === 'webhooks' && d.field === 'route.https' && d.label === 'intended') || m.needsConsent.length !== 0 || !m.needsAction) throw new Error('proof: ' + JSON.stringify(m.differences));",
      "console.log(JSON.stringify({ codes: r.files.flatMap((f) => f.diagnostics).map((d) => d.code), n: CODES.length, route: e[0].requests?.[0]?.proxy ?? null, migrated: m.text.includes('external_services') }));",
    ].join('\n'));
    const use = sh(process.execPath, ['use.mjs'], app);
    assert.equal(use.status, 0, use.stderr);
    const out = JSON.parse(use.stdout) as { codes: string[]; n: number; route: string | null; migrated: boolean };
    assert.deepEqual(out.codes, ['TYPE_MISMATCH', 'ENV_NAME_NOT_READ']);
    assert.equal(out.route, 'http://p:3128');
    assert.ok(out.n > 40);
    assert.equal(out.migrated, true);
  });
});
