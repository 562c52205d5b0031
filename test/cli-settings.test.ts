/** .extsvcrc.json (schema, did-you-mean, every lint setting), --config / --no-config, --print-config, --rule. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { FIXTURES, ROOT } from './support/paths.js';
import { run } from './support/run.js';
import { CODES } from '../src/types.js';
import { FORMATS } from '../src/report/index.js';
import { RC_KEYS } from '../src/settings/rc.js';

const WARN = '{\n  "external_services": {"global": {"enabled": true, "https_proxy": "https://p.corp:3128"}}\n}\n';
const BAD = '{\n  "external_services": {"global": {"enabled": "true"}}\n}\n';
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas', 'extsvcrc.schema.json'), 'utf8')) as {
  properties: Record<string, { enum?: string[]; properties?: Record<string, unknown> }>;
};

let dir = '';
function project(rc: unknown, files: Record<string, string> = {}): string {
  const p = mkdtempSync(join(dir, 'p-'));
  if (rc !== undefined) writeFileSync(join(p, '.extsvcrc.json'), typeof rc === 'string' ? rc : JSON.stringify(rc, null, 2));
  writeFileSync(join(p, 'warn.conf'), WARN);
  writeFileSync(join(p, 'bad.conf'), BAD);
  for (const [k, v] of Object.entries(files)) {
    mkdirSync(join(p, k, '..'), { recursive: true });
    writeFileSync(join(p, k), v);
  }
  return p;
}
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-settings-'));
});

describe('.extsvcrc.json schema', () => {
  it('is what scripts/gen-rc-schema.mjs writes from the code (run it after adding a code or format)', async () => {
    const gen = (await import(join(ROOT, 'scripts', 'gen-rc-schema.mjs'))) as { rcSchema(): Promise<unknown>; rcSchemaText(s: unknown): string };
    assert.equal(readFileSync(join(ROOT, 'schemas', 'extsvcrc.schema.json'), 'utf8'), gen.rcSchemaText(await gen.rcSchema()), 'schemas/extsvcrc.schema.json is stale: npm run build && node scripts/gen-rc-schema.mjs');
  });
  it('lists exactly the keys, rule codes and formats the code knows', () => {
    assert.deepEqual(Object.keys(SCHEMA.properties).sort(), [...RC_KEYS].sort());
    assert.deepEqual(Object.keys(SCHEMA.properties.rules.properties ?? {}).sort(), [...CODES].sort());
    assert.deepEqual(SCHEMA.properties.format.enum, [...FORMATS]);
  });
  it('is a valid JSON Schema that ajv compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true });
    const validate = ajv.compile(SCHEMA);
    assert.equal(validate({ $schema: './node_modules/extsvc/schemas/extsvcrc.schema.json', rules: { NULL_VALUE: 'warn' }, maxWarnings: 3 }), true);
    assert.equal(validate({ rule: {} }), false);
  });
  it('rejects what it does not allow: one line with file:line:col, exit 2', () => {
    const cases: [unknown, RegExp][] = [
      [{ rule: { NULL_VALUE: 'off' } }, /\.extsvcrc\.json:2:3: unknown key "rule"; did you mean "rules"\?/],
      [{ maxWarnings: 'abc' }, /\.extsvcrc\.json:2:18: maxWarnings must be a whole number, not "abc"/],
      [{ maxWarnings: -1 }, /maxWarnings must be 0 or more/],
      [{ rules: ['x'] }, /\.extsvcrc\.json:2:12: rules must be an object, not \["x"\]/],
      [{ rules: { NULL_VALU: 'off' } }, /rules: unknown rule code "NULL_VALU"; did you mean NULL_VALUE\?/],
      [{ rules: { NULL_VALUE: 'loud' } }, /rules\.NULL_VALUE must be one of off, info, warn, warning, error, not "loud"/],
      [{ format: 'xml' }, /format must be one of stylish, json, sarif, github/],
      [{ checkFiles: 'yes' }, /checkFiles must be true or false/],
      [[], /expected an object/],
      ['{"rules": {', /not valid JSON/],
    ];
    for (const [rc, re] of cases) {
      const p = project(rc);
      const r = run(['lint', 'warn.conf'], { cwd: p });
      assert.equal(r.status, 2, `${JSON.stringify(rc)}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
  });
});

describe('.extsvcrc.json settings', () => {
  it('format, output, maxWarnings, quiet, rules ("warn") apply; paths are relative to the rc file', () => {
    const p = project({ format: 'json', output: 'out/report.json', maxWarnings: 0, rules: { TYPE_MISMATCH: 'warn' } }, { 'out/.keep': '' });
    mkdirSync(join(p, 'sub'));
    const r = run(['lint', '../warn.conf', '../bad.conf'], { cwd: join(p, 'sub') });
    assert.equal(r.stdout, '');
    assert.equal(r.status, 1, r.stderr); // two warnings > maxWarnings 0
    const out = JSON.parse(readFileSync(join(p, 'out', 'report.json'), 'utf8')) as { files: { diagnostics: { code: string; severity: string }[] }[] };
    assert.deepEqual(out.files.flatMap((f) => f.diagnostics.map((d) => `${d.code}:${d.severity}`)), ['HTTP_TARGET_DIRECT:info', 'PROXY_TLS_TO_PROXY:warning', 'TYPE_MISMATCH:warning']);
    const q = project({ quiet: true, format: 'json' });
    const rq = run(['lint', 'warn.conf'], { cwd: q });
    assert.equal(rq.status, 0);
    assert.deepEqual((JSON.parse(rq.stdout) as { files: { diagnostics: unknown[] }[] }).files[0].diagnostics, []);
  });
  it('envFiles and processEnv: false', () => {
    const p = project({ envFiles: ['env/tyk.env'], processEnv: false, format: 'json' }, { 'env/tyk.env': 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\n' });
    const r = run(['lint', 'warn.conf'], { cwd: p, env: { TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED: 'yes' } });
    assert.equal(r.status, 1, r.stderr);
    // Env-file findings are filed under the env file's own entry.
    const codes = (JSON.parse(r.stdout) as { files: { diagnostics: { code: string; env?: string }[] }[] }).files.flatMap((f) => f.diagnostics).map((d) => `${d.code}:${d.env ?? ''}`);
    assert.deepEqual(codes.filter((c) => c.startsWith('ENV_')), ['ENV_NAME_NOT_READ:TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED']);
  });
  it('tykVersion is checked like --tyk-version', () => {
    const r = run(['lint', 'warn.conf'], { cwd: project({ tykVersion: '3.2' }) });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /tykVersion 3\.2: no recorded gateway version; expected one of /);
    const line = run(['lint', 'warn.conf'], { cwd: project({ tykVersion: '5.3.4' }) });
    assert.match(line.stderr, /tykVersion 5\.3\.4: checking against Tyk 5\.3\.13/);
  });
  it('flags override the rc file', () => {
    const p = project({ format: 'json', rules: { PROXY_TLS_TO_PROXY: 'error' } });
    const r = run(['lint', '--format', 'stylish', '--rule', 'PROXY_TLS_TO_PROXY=info', 'warn.conf'], { cwd: p });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /info +PROXY_TLS_TO_PROXY/);
  });
});

describe('--config, --no-config, --print-config', () => {
  it('--config PATH reads that file instead of the nearest one; --no-config reads none', () => {
    const p = project({ rules: { PROXY_TLS_TO_PROXY: 'error' } }, { 'ci/strict.json': JSON.stringify({ rules: { PROXY_TLS_TO_PROXY: 'off' } }) });
    assert.equal(run(['lint', 'warn.conf'], { cwd: p }).status, 1);
    const other = run(['lint', '--config', 'ci/strict.json', 'warn.conf'], { cwd: p });
    assert.equal(other.status, 0);
    assert.doesNotMatch(other.stdout, /PROXY_TLS_TO_PROXY/);
    const none = run(['lint', '--no-config', 'warn.conf'], { cwd: p });
    assert.equal(none.status, 0);
    assert.match(none.stdout, /warning +PROXY_TLS_TO_PROXY/);
    const missing = run(['lint', '--config', 'nope.json', 'warn.conf'], { cwd: p });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^extsvc: --config nope\.json: no such file/);
  });
  it('--print-config: the rc file, every setting with its source, every code\'s severity', () => {
    const p = project({ maxWarnings: 3, rules: { NULL_VALUE: 'warn' } });
    const r = run(['lint', '--print-config', '--format', 'sarif'], { cwd: p });
    assert.equal(r.status, 0, r.stderr);
    const c = JSON.parse(r.stdout) as { rcFile: string; settings: Record<string, { value: unknown; source: string }>; rules: { source: string; severities: Record<string, string> } };
    assert.equal(c.rcFile, join(p, '.extsvcrc.json'));
    assert.deepEqual(c.settings.maxWarnings, { value: 3, source: 'rc' });
    assert.deepEqual(c.settings.format, { value: 'sarif', source: 'flag' });
    assert.deepEqual(c.settings.processEnv, { value: true, source: 'default' });
    assert.equal(c.rules.severities.NULL_VALUE, 'warning');
    assert.equal(c.rules.severities.JSON_SYNTAX, 'error');
    assert.deepEqual(Object.keys(c.rules.severities).sort(), [...CODES].sort());
    const none = JSON.parse(run(['lint', '--print-config', '--no-config', '--no-process-env'], { cwd: p }).stdout) as typeof c;
    assert.equal(none.rcFile, null);
    assert.deepEqual(none.settings.processEnv, { value: false, source: 'flag' });
  });
});

describe('--rule', () => {
  const conf = join(FIXTURES, 'docs-basic-proxy', 'tyk.conf');
  it('accepts warn (ESLint and Spectral spell it so)', () => {
    const r = run(['lint', '--no-config', '--rule', 'PROXY_TLS_TO_PROXY=warn', '--rule', 'BYPASS_NEVER_MATCHES=error', conf]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /warning +PROXY_TLS_TO_PROXY/);
    assert.match(r.stdout, /error +BYPASS_NEVER_MATCHES/);
  });
  it('an unknown code gets a did-you-mean', () => {
    const r = run(['lint', '--no-config', '--rule', 'BYPAS_NEVER_MATCHES=off', conf]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^extsvc: --rule BYPAS_NEVER_MATCHES=off: unknown rule code "BYPAS_NEVER_MATCHES"; did you mean BYPASS_NEVER_MATCHES\?/);
  });
});
