/**
 * A whole CLI run (several config files, several env files, the process environment) written as
 * SARIF, checked by the SARIF 2.1.0 schema and by Microsoft's SARIF Multitool `validate`, with
 * its SARIF rules and its GitHub code scanning ingestion rules (GH*).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { run } from './support/run.js';
import sarifSchema from './schemas/sarif-2.1.0.json' with { type: 'json' };

interface Region { startLine: number; startColumn?: number; endLine?: number; endColumn?: number }
interface Result {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: Region }; logicalLocations?: { name: string }[] }[];
  partialFingerprints: Record<string, string>;
}
interface Log { runs: { results: Result[]; tool: { driver: { rules: { id: string; help?: { text: string } }[] } } }[] }

let dir = '';
let sarifPath = '';
let log: Log = { runs: [] };

const A = `{
  "external_services": {
    "global": {
      "enabled": true,
      "http_proxy": "http://user:s3cret@proxy.corp.example:3128",
      "bypass_proxy": "localhost,.corp.example,10.0.0.0/8"
    },
    "oauth": { "mtls": { "enabled": true, "insecure_skip_verify": true } }
  }
}
`;
const B = `{
  "external_services": {
    "global": { "enabled": true, "https_proxy": "https://proxy.corp.example:3128" }
  }
}
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-sarif-'));
  writeFileSync(join(dir, 'a.conf'), A);
  writeFileSync(join(dir, 'b.conf'), B);
  writeFileSync(join(dir, 'one.env'), 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\n');
  writeFileSync(join(dir, 'two.env'), '# second\nTYK_GW_EXTERNALSERVICES_WEBHOOKS_PROXY_ENABLED=yes\n');
  sarifPath = join(dir, 'out.sarif');
  const r = run(['lint', '-f', 'sarif', '-o', sarifPath, '--env-file', 'one.env', '--env-file', 'two.env', 'a.conf', 'b.conf'], {
    cwd: dir,
    env: { TYK_GW_EXTERNALSERVICES_HEALTH_PROXY_ENABLED: 'maybe' },
  });
  assert.equal(r.status, 1, r.stderr);
  log = JSON.parse(readFileSync(sarifPath, 'utf8')) as Log;
});

describe('SARIF of a multi-file, multi-env run', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(sarifSchema);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  });

  it('has every finding once, each with a file and a line code scanning can show', () => {
    const results = log.runs[0].results;
    const uris = results.map((x) => x.locations[0].physicalLocation?.artifactLocation.uri);
    assert.deepEqual([...new Set(uris)].sort(), ['a.conf', 'b.conf', 'one.env', 'two.env']);
    for (const x of results) assert.equal(typeof x.locations[0].physicalLocation?.region?.startLine, 'number', x.ruleId);
    const env = results.filter((x) => x.locations[0].logicalLocations !== undefined).map((x) => [x.ruleId, x.locations[0].logicalLocations?.[0].name, x.locations[0].physicalLocation?.artifactLocation.uri]);
    assert.deepEqual(env, [
      ['ENV_NAME_NOT_READ', 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED', 'one.env'],
      ['ENV_BAD_BOOL', 'TYK_GW_EXTERNALSERVICES_WEBHOOKS_PROXY_ENABLED', 'two.env'],
      ['ENV_BAD_BOOL', 'TYK_GW_EXTERNALSERVICES_HEALTH_PROXY_ENABLED', 'a.conf'],
    ]);
    const keys = results.map((x) => JSON.stringify([x.locations[0].physicalLocation?.artifactLocation.uri, x.partialFingerprints]));
    assert.equal(new Set(keys).size, keys.length, 'no two results of one file share a fingerprint');
    assert.doesNotMatch(readFileSync(sarifPath, 'utf8'), /s3cret/);
  });
});

/** The Multitool of this platform, from the @microsoft/sarif-multitool dev dependency. */
function multitool(): string | null {
  try {
    const path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as unknown;
    if (typeof path !== 'string') return null;
    // Its postinstall only sets the execute bit, which the package's tarball already has.
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

/**
 * Every rule on as by default, except SARIF2006 (a note: "URIs should be reachable"), which
 * fetches each helpUri: there is no network here or in CI, and each fetch waits for its timeout.
 */
const CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`;

/** Results of `validate` at error or warning level, as "RULE: message arguments". */
function validateWith(tool: string, file: string): string[] {
  const out = join(dir, `${Math.random().toString(36).slice(2)}.validation.sarif`);
  const config = join(dir, 'multitool-config.xml');
  writeFileSync(config, CONFIG);
  const r = spawnSync(tool, ['validate', file, '--output', out, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning', '--config', config], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  assert.ok(existsSync(out), `the Multitool wrote no output (status ${r.status}): ${r.stdout}${r.stderr}`);
  const v = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { arguments?: string[] } }[] }[] };
  return (v.runs[0].results ?? [])
    .filter((x) => x.level === undefined || x.level === 'error' || x.level === 'warning')
    .map((x) => `${x.ruleId}: ${(x.message.arguments ?? []).join(', ')}`);
}

describe('SARIF Multitool validate', () => {
  const tool = multitool();
  const skip = tool === null ? `no runnable SARIF Multitool for ${process.platform}-${process.arch} (dev dependency @microsoft/sarif-multitool)` : false;

  it('finds no error or warning in the multi-file, multi-env run', { skip }, () => {
    assert.deepEqual(validateWith(tool ?? '', sarifPath), []);
  });

  it('is not vacuous: a rule without help and a result without a location are reported', { skip }, () => {
    const broken = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: Partial<Result>[]; tool: { driver: { rules: { help?: unknown }[] } } }[] };
    delete broken.runs[0].tool.driver.rules[0].help;
    delete broken.runs[0].results[0].locations;
    const file = join(dir, 'broken.sarif');
    writeFileSync(file, JSON.stringify(broken));
    const found = validateWith(tool ?? '', file);
    assert.ok(found.some((f) => f.startsWith('GH')), found.join('\n'));
  });
});
