/**
 * The README's commands, verbatim, on a fresh `git clone` of this repository (its committed
 * state): the quick start, the install from a packed tarball, the CI snippet through action.yml,
 * the pre-commit hook, the API example, and every `$ npx extsvc …` example. npm reads packages
 * from its cache first (npm_config_prefer_offline), and global installs go to a temporary prefix.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './support/paths.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const isClone = spawnSync('git', ['-C', ROOT, 'rev-parse', '--git-dir'], { encoding: 'utf8' }).status === 0;

let base = '';
let clone = '';
let prefix = '';
let env: NodeJS.ProcessEnv = {};

function bash(script: string, cwd: string, extra: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The fenced blocks of one README section, as [language, text]. */
function blocks(heading: string): [string, string][] {
  const start = README.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, heading);
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]);
}

/** A workspace like a user's repository: deploy/tyk.conf and deploy/tyk.env. */
function workspace(): string {
  const w = mkdtempSync(join(base, 'ws-'));
  mkdirSync(join(w, 'deploy'));
  copyFileSync(join(clone, 'fixtures', 'docs-production-enterprise', 'tyk.conf'), join(w, 'deploy', 'tyk.conf'));
  copyFileSync(join(clone, 'fixtures', 'docs-basic-proxy', 'tyk.conf'), join(w, 'deploy', 'tyk-staging.conf'));
  writeFileSync(join(w, 'deploy', 'tyk.env'), 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\n');
  writeFileSync(join(w, 'README.md'), 'not a config\n');
  return w;
}

describe('README on a fresh clone', { skip: isClone ? false : 'not a git checkout' }, () => {
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'extsvc-clone-'));
    clone = join(base, 'extsvc');
    prefix = join(base, 'prefix');
    const r = spawnSync('git', ['clone', '--quiet', ROOT, clone], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // npm needs the machine's own settings (CA certificates, proxies): the environment as given, plus these.
    env = {
      ...process.env,
      PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      NO_COLOR: '1',
      npm_config_prefer_offline: 'true',
      npm_config_prefix: prefix,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
  });

  it('quick start: npm ci && npx extsvc lint …, built once', () => {
    const [[lang, cmd]] = blocks('## Quick start');
    assert.equal(lang, 'sh');
    assert.match(cmd, /^npm ci && npx extsvc lint \S+\n$/);
    const r = bash(cmd, clone);
    assert.equal(r.status, 0, r.stderr); // that fixture has warnings only
    assert.match(r.stdout, /TLS_VERSION_IGNORED[\s\S]*✖ \d+ problems? \(0 errors/);
    // npm test's pretest after that npm ci: nothing to rebuild.
    const pre = bash('npm run pretest', clone);
    assert.equal(pre.status, 0, pre.stderr);
    assert.match(pre.stdout, /dist\/ is up to date with the sources; not rebuilt/);
  });

  it('install: npm pack, npm install --global of the tarball, extsvc on PATH', () => {
    const [[, script]] = blocks('## Install');
    const r = bash(script, clone);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: extsvc lint/);
    assert.ok(existsSync(join(clone, 'extsvc-0.1.0.tgz')));
    assert.doesNotMatch(r.stdout + r.stderr, /error TS|Build tools/);
  });

  it('pre-commit hook: its entry on the staged files its pattern selects', () => {
    const [hook] = parse(readFileSync(join(clone, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string; pass_filenames: boolean }[];
    assert.equal(hook.id, 'extsvc-lint');
    assert.equal(hook.language, 'node');
    assert.ok(blocks('## Install').some(([, t]) => t.includes(`id: ${hook.id}`)), 'the README names the hook');
    const w = workspace();
    const staged = ['README.md', 'deploy/tyk.conf', 'deploy/tyk-staging.conf', 'deploy/tyk.env'].filter((f) => new RegExp(hook.files).test(f));
    assert.deepEqual(staged, ['deploy/tyk.conf', 'deploy/tyk-staging.conf']);
    // pre-commit installs a node hook as npm pack + npm install -g of the tarball: the install test's result.
    const r = bash(`${hook.entry} ${staged.join(' ')}`, w);
    assert.equal(r.status, 0, r.stderr); // warnings only
    assert.match(r.stdout, /deploy\/tyk\.conf\n/);
    assert.match(r.stdout, /deploy\/tyk-staging\.conf\n/);
  });

  it('CI snippet: the action\'s steps with the snippet\'s args write a SARIF log', () => {
    const [[lang, yml]] = blocks('## CI');
    assert.equal(lang, 'yaml');
    assert.doesNotMatch(yml, /npx --yes|npx extsvc/);
    const workflow = parse(yml) as { jobs: { extsvc: { steps: { uses?: string; with?: { args?: string } }[] } } };
    const step = workflow.jobs.extsvc.steps.find((s) => s.uses?.startsWith('extsvc/extsvc@'));
    assert.ok(step?.with?.args !== undefined, 'the snippet uses the action');
    const action = parse(readFileSync(join(clone, 'action.yml'), 'utf8')) as { runs: { using: string; steps: { run: string; shell: string; 'working-directory': string; env?: Record<string, string> }[] }; inputs: Record<string, { default?: string }> };
    assert.equal(action.runs.using, 'composite');
    const w = workspace();
    const inputs: Record<string, string> = { args: step.with.args, 'working-directory': action.inputs['working-directory'].default ?? '.' };
    const expr = (v: string) => v.replace(/\$\{\{\s*github\.action_path\s*\}\}/g, clone).replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, k: string) => inputs[k]);
    for (const s of action.runs.steps) {
      assert.equal(s.shell, 'bash');
      const stepEnv = Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expr(v)]));
      const dir = expr(s['working-directory']);
      const r = bash(s.run, dir === '.' ? w : dir, { ...stepEnv, GITHUB_ACTION_PATH: clone, GITHUB_WORKSPACE: w });
      assert.ok(r.status === 0 || r.status === 1, `${s.run}: ${r.status} ${r.stderr}`);
    }
    const log = JSON.parse(readFileSync(join(w, 'extsvc.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.some((x) => x.ruleId === 'ENV_NAME_NOT_READ'));
  });

  it('API example: runs against the installed package', () => {
    const [[lang, code]] = blocks('## API');
    assert.equal(lang, 'js');
    const app = mkdtempSync(join(base, 'app-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    writeFileSync(join(app, 'example.mjs'), `${code}\nconsole.log(JSON.stringify({ codes: result.files[0].diagnostics.map((d) => d.code), proxy: oauth.requests[0].proxy, migrated: m.text.includes('external_services'), items: m.items.length, intended: m.differences.filter((d) => d.label === 'intended').length, consent: m.needsConsent.length }));\n`);
    const r = bash(`npm install --no-save ${join(clone, 'extsvc-0.1.0.tgz')} && node example.mjs`, app);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { codes: string[]; proxy: string | null; migrated: boolean; items: number; intended: number; consent: number };
    assert.equal(out.migrated, true);
    assert.ok(out.items > 0);
    assert.ok(out.intended > 0);
    assert.equal(out.consent, 0);
    assert.equal(typeof out.proxy, 'string');
  });

  it('every `$ npx extsvc …` example runs as written', () => {
    const examples = [...README.matchAll(/^\$ (npx extsvc .*)$/gm)].map((m) => m[1]);
    assert.ok(examples.length >= 4, examples.join('\n'));
    for (const cmd of examples) {
      const r = bash(cmd, clone);
      assert.ok(r.status === 0 || r.status === 1, `${cmd}: exit ${r.status}: ${r.stderr}`);
      assert.ok(r.stdout.length > 0, cmd);
      assert.doesNotMatch(r.stderr, /internal error/, cmd);
    }
  });
});
