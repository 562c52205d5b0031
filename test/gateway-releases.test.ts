/**
 * The recorded versions against real files of their time, read from ../shared when it is there
 * (data, never copied into the repository; the tests skip without it):
 * - gateway-examples/<tag>/tyk.conf.example, the gateway's own example of each release, linted
 *   with that release's --tyk-version, has one true finding: dns_cache.check_interval, a
 *   `json:"-"` field in every version;
 * - realworld 81 and 82, env files of deployments that run tykio/tyk-gateway:v4.0.0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/paths.js';
import { lintFile } from '../src/lint.js';
import { fileSchema } from '../src/config/schema.js';
import { TYK_VERSIONS, lineOf, resolveTykVersion } from '../src/config/versions.js';
import { parseEnvFile } from '../src/env/envfile.js';
import type { EnvEntry } from '../src/env/input.js';

const SHARED = join(ROOT, '..', 'shared');
const EXAMPLES = join(SHARED, 'gateway-examples');
const REALWORLD = join(SHARED, 'realworld');

const tags = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((t) => existsSync(join(EXAMPLES, t, 'tyk.conf.example'))).sort() : [];

test('every recorded release line has its example in ../shared/gateway-examples', { skip: tags.length === 0 ? 'no ../shared/gateway-examples' : false }, () => {
  const lines = new Set(tags.map((t) => lineOf(resolveTykVersion(t)!)));
  for (const v of TYK_VERSIONS) if (!v.includes('-')) assert.ok(lines.has(lineOf(v)), `no example of the ${lineOf(v)} line`);
});

for (const tag of tags) {
  test(`the gateway's own tyk.conf.example of ${tag}, linted as ${tag}: only dns_cache.check_interval`, () => {
    const version = resolveTykVersion(tag);
    assert.ok(version !== undefined, `${tag} is not a recorded line`);
    const bytes = readFileSync(join(EXAMPLES, tag, 'tyk.conf.example'));
    const result = lintFile({ file: 'tyk.conf.example', bytes }, new Map(), { fileSchema: fileSchema(version) });
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.path.join('.')]), [['UNKNOWN_KEY', 'dns_cache.check_interval']]);
    // json:"-" in every recorded version: nothing to say about other versions.
    assert.equal(result.diagnostics[0].args.readBy, undefined);
  });
}

function envOf(file: string): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  for (const e of parseEnvFile(file, readFileSync(file, 'utf8')).entries) env.set(e.name, e);
  return env;
}

const V4_ENV = ['81-env-prodemo-2022', '82-env-integrations'].map((d) => join(REALWORLD, d));
const haveV4 = V4_ENV.every((d) => existsSync(join(d, 'tyk.env')) && existsSync(join(d, 'tyk.conf')));

const NAMES = ['TYK_GW_HTTPSERVEROPTIONS_USELE_SSL', 'TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES'];

function reported(dir: string, version: string): string[] {
  const v = resolveTykVersion(version)!;
  const result = lintFile({ file: 'tyk.conf', bytes: readFileSync(join(dir, 'tyk.conf')) }, envOf(join(dir, 'tyk.env')), { fileSchema: fileSchema(v) });
  return result.diagnostics
    .map((d) => (d.location.kind === 'env' ? `${d.code} ${d.location.name}` : ''))
    .filter((x) => NAMES.some((n) => x.endsWith(` ${n}`)))
    .sort();
}

test('realworld 81 and 82 (tykio/tyk-gateway:v4.0.0): neither variable is reported for 4.0.0; both are for 5.x', { skip: haveV4 ? false : 'no ../shared/realworld' }, () => {
  const [d81, d82] = V4_ENV;
  for (const d of V4_ENV) assert.deepEqual(reported(d, '4.0.0'), [], d);
  // 81 sets both (TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES empty), 82 only USELE_SSL.
  for (const v of ['5.0', '5.3', '5.14', 'master']) {
    assert.deepEqual(reported(d81, v), ['ENV_UNKNOWN_NAME TYK_GW_HTTPSERVEROPTIONS_USELE_SSL', 'ENV_BAD_VALUE TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES'].sort(), `81 as ${v}`);
    assert.deepEqual(reported(d82, v), ['ENV_UNKNOWN_NAME TYK_GW_HTTPSERVEROPTIONS_USELE_SSL'], `82 as ${v}`);
  }
  // The 4.0 line's newest patch, 4.0.16, reads USELE_SSL but, from 4.0.5 on, parses
  // TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES as JSON (CertsData.Decode): an empty value stops it.
  assert.deepEqual(reported(d81, '4.0'), ['ENV_BAD_VALUE TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES']);
  assert.deepEqual(reported(d82, '4.0'), []);
});
