/**
 * lint and migrate read one plan (src/migrate/migrate.ts): over every fixture, lint tells the
 * user to run "extsvc migrate" only for a file migrate would change, and `migrate --check`
 * (needsAction) fails exactly when there are edits or items for a human.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { parseEnvFile } from '../src/env/envfile.js';
import type { EnvEntry } from '../src/env/input.js';
import { lintFile } from '../src/lint.js';
import { messageFor } from '../src/messages.js';
import { planMigration } from '../src/migrate/outcome.js';
import { InputError } from '../src/errors.js';
import { explainAll } from '../src/explain/explain.js';
import { loadConfig } from '../src/config/load.js';
import { fileSchema } from '../src/config/schema.js';

function fixtureEnv(dir: string): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  const p = join(dir, 'tyk.env');
  if (existsSync(p)) for (const e of parseEnvFile('tyk.env', readFileSync(p, 'utf8')).entries) env.set(e.name, e);
  return env;
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'tyk.conf')))
  .map((d) => d.name)
  .sort();

const RUN = /Run "extsvc migrate"|then run "extsvc migrate"/;

for (const name of cases) {
  test(`lint and migrate agree: ${name}`, () => {
    const dir = join(FIXTURES, name);
    const bytes = readFileSync(join(dir, 'tyk.conf'));
    const env = fixtureEnv(dir);
    const advice = lintFile({ file: 'tyk.conf', bytes }, env).diagnostics
      // INSECURE_SKIP_VERIFY gives LEGACY_JWT_SKIP_VERIFY's advice when it carries the legacy key.
      .filter((d) => (d.code.startsWith('LEGACY_') && d.code !== 'LEGACY_INTERIM_SHAPE') || (d.code === 'INSECURE_SKIP_VERIFY' && d.args.legacyKey === true))
      .map((d) => ({ code: d.code, message: messageFor(d) }));
    let outcome;
    try {
      // The fixture's env as the environment the gateway runs with (no env file to rename).
      outcome = planMigration({ config: { path: 'tyk.conf', text: new TextDecoder().decode(bytes), bytes }, envFiles: [], baseEnv: env, keepLegacy: false });
    } catch (e) {
      assert.ok(e instanceof InputError);
      for (const a of advice) assert.doesNotMatch(a.message, /^Run "extsvc migrate"|\. Run "extsvc migrate"/, `${a.code}: migrate refuses this file`);
      return;
    }
    const edits = outcome.files.some((f) => f.after !== f.before);
    for (const a of advice) {
      if (RUN.test(a.message) && !/Fix the file/.test(a.message)) assert.ok(edits, `${a.code} says run migrate, but migrate has no edit`);
    }
    const human = outcome.items.some((i) => i.kind === 'human');
    assert.equal(outcome.needsAction, edits || human);
    if (existsSync(join(dir, 'expected-report.json'))) {
      // The fixture's own report agrees with what lint sees here.
      const report = JSON.parse(readFileSync(join(dir, 'expected-report.json'), 'utf8')) as { check: { needsAction: boolean } };
      if (!existsSync(join(dir, 'tyk.env'))) assert.equal(report.check.needsAction, outcome.needsAction);
    }
  });
}

// explain's "no effect" advice on a top-level proxy key follows the same plan: it says to run
// migrate exactly where lint's LEGACY_PROXY_KEY does.
const advised = { run: 0, other: 0, upgrade: 0 };
for (const name of cases) {
  const dir = join(FIXTURES, name);
  const text = readFileSync(join(dir, 'tyk.conf'), 'utf8');
  if (!/"https?_proxy"\s*:/i.test(text)) continue;
  // The newest release, and two targets without external_services (the advice is then about after the upgrade).
  for (const version of ['5.14.0', '5.9.2', '4.0.16'] as const) {
    test(`explain and lint agree on the legacy proxy keys: ${name} (Tyk ${version})`, () => {
      const bytes = readFileSync(join(dir, 'tyk.conf'));
      const env = fixtureEnv(dir);
      const schema = fileSchema(version);
      const lintSays = new Map(lintFile({ file: 'tyk.conf', bytes }, env, { fileSchema: schema }).diagnostics
        .filter((d) => d.code === 'LEGACY_PROXY_KEY')
        .map((d) => [String(d.args.key), /Run "extsvc migrate"|then run "extsvc migrate"|"extsvc migrate --tyk-version <that version>" (moves|removes) it/.test(messageFor(d)) && !/Fix the file/.test(messageFor(d))]));
      const loaded = loadConfig('tyk.conf', bytes, schema);
      const [oauth] = explainAll(loaded, env, [], { tykVersion: version }).filter((e) => e.service === 'oauth');
      const listed = oauth.no_effect.filter((x) => x.code === 'LEGACY_PROXY_KEY');
      // explain (the gateway's reading) lists every key lint reports, for every version, in a file the gateway reads.
      if (loaded.rejectReason === null) assert.deepEqual(listed.map((n) => n.setting).sort(), [...lintSays.keys()].sort());
      for (const n of listed) {
        const run = /\(run "extsvc migrate"\)$|migrate it once the gateway is on 5\.10 or later\)$/.test(n.reason);
        assert.equal(run, lintSays.get(n.setting), `${n.setting}: ${n.reason}`);
        advised[run ? 'run' : 'other']++;
        if (version !== '5.14.0') advised.upgrade++;
      }
    });
  }
}
test('the explain/lint agreement saw keys migrate moves, keys it leaves for a human, and pre-5.10 targets', () => {
  assert.ok(advised.run >= 3 && advised.other >= 1 && advised.upgrade >= 4, JSON.stringify(advised));
});
