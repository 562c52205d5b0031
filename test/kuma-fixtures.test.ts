/**
 * One walk over the Kuma cases: fixtures/<case>/ with a kuma.yaml. Without a tyk.conf, each YAML
 * file is linted as Kuma resources; with one, it is checked with `kuma check` against the
 * gateway's destinations (tyk.conf, optional tyk.env, API definitions in apis/, one --url per
 * line in urls). kuma.yaml is compared with expected.json, any other X.yaml (a resource set with
 * a mistake) with expected-X.json: code, file and line. UPDATE=1 rewrites them.
 * Then the round trip: what `kuma generate` makes for each meshed gateway, `kuma check` accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { loadConfig } from '../src/config/load.js';
import { parseEnvFile } from '../src/env/envfile.js';
import type { EnvEntry } from '../src/env/input.js';
import { collectApiFiles, inventoryFrom } from '../src/egress/command.js';
import { kumaCheck, meshDestinations } from '../src/kuma/check.js';
import { generateResources, GENERATE_FORMATS, GENERATE_KINDS } from '../src/kuma/generate.js';
import { lintKumaText } from '../src/kuma/lint.js';
import { readKumaFile } from '../src/kuma/resources.js';
import type { FileResult } from '../src/types.js';

interface Expected {
  code: string;
  file: string;
  line: number;
}

function envOf(dir: string): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  const p = join(dir, 'tyk.env');
  if (existsSync(p)) for (const e of parseEnvFile('tyk.env', readFileSync(p, 'utf8')).entries) env.set(e.name, e);
  return env;
}

function inventoryOf(dir: string) {
  const conf = readFileSync(join(dir, 'tyk.conf'), 'utf8');
  const apis = existsSync(join(dir, 'apis')) ? collectApiFiles([join(dir, 'apis')]).map((f) => ({ ...f, file: `apis/${basename(f.file)}` })) : [];
  const urls = existsSync(join(dir, 'urls')) ? readFileSync(join(dir, 'urls'), 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
  return { conf, apiTexts: new Map(apis.map((f) => [f.file, f.text])), inv: inventoryFrom(loadConfig('tyk.conf', new TextEncoder().encode(conf)), envOf(dir), 'tyk.conf', apis, urls) };
}

function run(dir: string, yaml: string): FileResult[] {
  const text = readFileSync(join(dir, yaml), 'utf8');
  if (!existsSync(join(dir, 'tyk.conf'))) return [lintKumaText(yaml, text)];
  const { conf, inv, apiTexts } = inventoryOf(dir);
  return kumaCheck({ configFile: 'tyk.conf', configText: conf, apiTexts, destinations: meshDestinations(inv.inventory), files: [{ file: yaml, parsed: readKumaFile(text) }] });
}

const summarize = (files: FileResult[]): Expected[] => files.flatMap((f) => f.diagnostics.map((d) => ({
  code: d.code, file: f.file, line: d.location.kind === 'file' ? d.location.span.line : 0,
})));

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'kuma.yaml')))
  .map((d) => d.name)
  .sort();

for (const name of cases) {
  const dir = join(FIXTURES, name);
  for (const yaml of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    test(`kuma fixture ${name}/${yaml}`, () => {
      const expectedPath = join(dir, yaml === 'kuma.yaml' ? 'expected.json' : `expected-${yaml.replace(/\.ya?ml$/, '')}.json`);
      const actual = summarize(run(dir, yaml));
      if (process.env.UPDATE === '1') {
        writeFileSync(expectedPath, `${JSON.stringify(actual, null, 1).replace(/\n {2,}/g, ' ').replace(/\{\n /g, '{ ').replace(/\n \}/g, ' }')}\n`);
        return;
      }
      assert.ok(existsSync(expectedPath), `${name}: no ${basename(expectedPath)} (run with UPDATE=1 and review it)`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')) as Expected[]);
    });
  }
}

for (const name of cases.filter((n) => n.startsWith('kuma-mesh-'))) {
  test(`kuma generate → kuma check round trip: ${name}`, () => {
    const dir = join(FIXTURES, name);
    const { conf, inv } = inventoryOf(dir);
    const dests = meshDestinations(inv.inventory);
    assert.ok(dests.length > 0);
    for (const kind of GENERATE_KINDS) {
      for (const format of GENERATE_FORMATS) {
        const yaml = generateResources(dests, [], { kind, format, mesh: 'default', namespace: 'kuma-system' });
        const parsed = readKumaFile(yaml);
        assert.equal(parsed.resources.length, dests.length, `${kind} ${format}: one resource per destination`);
        const codes = kumaCheck({ configFile: 'tyk.conf', configText: conf, destinations: dests, files: [{ file: 'gen.yaml', parsed }] })
          .flatMap((f) => f.diagnostics.map((d) => d.code));
        // ExternalService carries the note that Kuma 3.0 removes it, and nothing else.
        assert.deepEqual(codes, kind === 'ExternalService' ? dests.map(() => 'KUMA_EXTERNAL_SERVICE_DEPRECATED') : [], `${kind} ${format}`);
      }
    }
  });
}
