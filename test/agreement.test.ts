/**
 * lint and explain read one gateway model: over every fixture they must agree on the file's fate,
 * the fatal start-up error, each service's client kind and the routes lint's findings imply.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { loadConfig } from '../src/config/load.js';
import { lintLoaded } from '../src/lint.js';
import { explainAll } from '../src/explain/explain.js';
import { gatewayModel } from '../src/resolve/model.js';
import { parseEnvFile } from '../src/env/envfile.js';
import type { EnvEntry } from '../src/env/input.js';
import { SERVICES, type Diagnostic, type ServiceName } from '../src/types.js';
import type { Explanation } from '../src/explain/model.js';

const REJECTING = new Set(['JSON_SYNTAX', 'JSON_COMMENT', 'JSON_TRAILING_COMMA', 'JSON_BOM', 'TEMPLATE_PLACEHOLDER', 'TYPE_MISMATCH']);
const MTLS_INVALID = new Set(['MTLS_CERT_ID_AND_FILES', 'MTLS_NO_CERTIFICATE', 'MTLS_PARTIAL_KEYPAIR']);

function cases(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'tyk.conf')))
    .map((d) => d.name)
    .sort();
}

function envOf(dir: string): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  const path = join(dir, 'tyk.env');
  if (existsSync(path)) for (const e of parseEnvFile('tyk.env', readFileSync(path, 'utf8')).entries) env.set(e.name, e);
  return env;
}

/** The variable (or setting) lint names as the reason the gateway exits at start, if any. */
function lintFatal(ds: Diagnostic[]): { code: string; name: string } | null {
  for (const d of ds) {
    if ((d.code === 'ENV_BAD_BOOL' || d.code === 'ENV_BAD_VALUE') && d.args.first === true && d.args.consequence !== 'defaults' && d.location.kind === 'env') {
      return { code: d.code, name: d.location.name };
    }
  }
  const storage = ds.find((d) => d.code === 'STORAGE_TYPE_NOT_REDIS');
  return storage === undefined ? null : { code: storage.code, name: 'storage.type' };
}

function explainFatal(e: Explanation): { code: string; name: string } | null {
  if (e.fatal === null) return null;
  const s = e.fatal.source;
  return { code: e.fatal.code, name: s.kind === 'env' || s.kind === 'env-file' ? s.name : s.kind === 'legacy' ? s.key : s.kind };
}

function of(ds: Diagnostic[], code: string, svc: ServiceName): Diagnostic[] {
  return ds.filter((d) => d.code === code && d.args.service === svc);
}

for (const name of cases()) {
  test(`lint and explain agree: ${name}`, () => {
    const dir = join(FIXTURES, name);
    const loaded = loadConfig('tyk.conf', readFileSync(join(dir, 'tyk.conf')));
    const env = envOf(dir);
    const ds = lintLoaded(loaded, env).diagnostics;
    const all = explainAll(loaded, env, [], { configPath: 'tyk.conf' });
    const by = Object.fromEntries(all.map((e) => [e.service, e])) as Record<ServiceName, Explanation>;
    const codes = new Set(ds.map((d) => d.code));
    const first = all[0];

    // The file's fate.
    const omitted = codes.has('ENV_OMIT_CONFIG_FILE');
    const envDiscard = ds.some((d) => d.code === 'ENV_BAD_VALUE' && d.args.consequence === 'defaults') && lintFatal(ds) === null;
    const rejected = !omitted && (ds.some((d) => REJECTING.has(d.code)) || envDiscard);
    assert.equal(first.file.status, omitted ? 'omitted' : rejected ? 'rejected' : 'used', `file fate: lint says ${[...codes].join(', ')}`);
    for (const e of all) assert.equal(e.file.status, first.file.status);

    // The fatal start-up error: the same one, under the same code.
    assert.deepEqual(explainFatal(first), lintFatal(ds));
    for (const e of all) assert.deepEqual(e.fatal, first.fatal);

    // Each caller's client and route: explain shows the model lint reports from, caller by caller.
    const model = gatewayModel(loaded, env);
    for (const s of model.gateway.services) {
      assert.deepEqual(by[s.service].callers.map((c) => [c.id, c.client, c.proxy.mode]), s.callers.map((c) => [c.id, c.client, c.route]), `${s.service}: callers`);
    }

    // Client kinds.
    assert.equal(by.storage.client.kind, 'none');
    assert.ok(by.storage.callers.every((c) => c.client === 'none' && c.proxy.mode === 'none'));
    for (const e of all) {
      if (e.service === 'storage') continue;
      const factoryCallers = e.callers.filter((c) => c.fallback !== null && !c.fallback.when.includes('gate-closed'));
      const built = e.client.kind === 'external_services';
      assert.ok(factoryCallers.every((c) => (c.client === 'external-services') === built), `${e.service}: callers and client disagree`);
    }
    if (first.file.status !== 'used') return; // lint's other findings are about the file as written
    for (const svc of SERVICES) {
      if (svc === 'storage') continue;
      const e = by[svc];
      const invalid = ds.some((d) => MTLS_INVALID.has(d.code) && d.args.service === svc)
        || ds.some((d) => d.code === 'PROXY_URL_INVALID' && d.args.stage === 'parse' && String(d.args.field).startsWith(`${svc}.proxy.`));
      if (invalid) assert.equal(e.client.kind, 'legacy', `${svc}: lint reports a configuration the factory rejects`);
      if (first.fatal === null && e.client.kind === 'legacy' && e.mtls.error !== null) {
        assert.ok(ds.some((d) => MTLS_INVALID.has(d.code) && d.args.service === svc), `${svc}: explain shows an mTLS error lint does not report`);
      }
      for (const d of of(ds, 'INSECURE_SKIP_VERIFY', svc)) {
        assert.equal(e.client.kind, d.args.legacyReason !== undefined ? 'legacy' : 'external_services', `${svc}: INSECURE_SKIP_VERIFY's client`);
        assert.ok(e.callers.some((c) => !c.verify.on && c.verify.via === d.args.via), `${svc}: no caller skips verification via ${String(d.args.via)}`);
      }
      // Routes lint's findings imply.
      if (of(ds, 'PROXY_DISABLED_BUT_USED', svc).length > 0) assert.equal(e.callers[0].proxy.mode, 'custom', `${svc}: URLs under enabled:false are used`);
      if (of(ds, 'SERVICE_ENABLED_USES_ENV', svc).length > 0) assert.equal(e.proxy.mode, 'environment', `${svc}: enabled without URLs uses the environment`);
      for (const d of of(ds, 'BYPASS_WITHOUT_PROXY', svc)) {
        if (e.client.kind !== 'external_services') continue;
        if (d.args.fate === 'replaced') assert.equal(e.proxy.inherited_from_global, true, `${svc}: bypass replaced by global's`);
        if (d.args.fate === 'environment') assert.equal(e.proxy.mode, 'environment', `${svc}: bypass left to NO_PROXY`);
        if (d.args.fate === 'unused') assert.equal(e.proxy.mode, 'direct', `${svc}: no proxy at all`);
      }
      // And the other way: every caller lint would call "not verifying" is reported.
      if (first.fatal === null) {
        for (const c of e.callers) {
          if (c.verify.on || c.verify.via === null) continue;
          assert.ok(of(ds, 'INSECURE_SKIP_VERIFY', svc).some((d) => d.args.via === c.verify.via), `${svc}/${c.id}: explain says verification is off via ${c.verify.via}, lint does not`);
        }
      }
    }
  });
}
