/**
 * scripts/gen-config-schema.mjs and its recorded input, schemas/facts/tyk-config-<version>.json
 * (the gateway's config structs): the generated schemas/tyk-config-<version>.{schema,env}.json are
 * exactly what the generator writes (so they are regenerated, never hand-edited), the facts say
 * which gateway commit they describe, and the output agrees with what the gateway is known to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { FIXTURES, ROOT } from './support/paths.js';
import { bindKey } from '../src/go/fold.js';
import { fileSchema, schema as blockSchema, TYK_VERSIONS } from '../src/config/schema.js';

const SCHEMAS = join(ROOT, 'schemas');
const FACTS = join(SCHEMAS, 'facts');
const GENERATOR = join(ROOT, 'scripts', 'gen-config-schema.mjs');

/** The gateway commit each recorded version was read from. */
const RECORDED: Record<string, { commit: string; tag: string }> = {
  '4.0.0': { commit: '272b8ba0fcb3148ddcff8ac996ffd402d6e53933', tag: 'v4.0.0' },
  '4.0.16': { commit: '6b05675d0eed42bf3faa256b56356aeb687e2ad3', tag: 'v4.0.16' },
  '5.0.15': { commit: 'd3fded64cabcc0e320c013a0ed21d3670eefe341', tag: 'v5.0.15' },
  '5.1.2': { commit: 'e8a262533ce613547cd8b09307949a86d086b8ec', tag: 'v5.1.2' },
  '5.10.0': { commit: 'f81d3b8a3846b71af92c7b5f3de9e8c8382b527e', tag: 'v5.10.0' },
  '5.10.2': { commit: 'bdb57b87e165bdf82fb7e8b35582c5d2f5d75f04', tag: 'v5.10.2' },
  '5.11.1': { commit: 'df3b28b9db8bce55daf244422d0e924da0c59c03', tag: 'v5.11.1' },
  '5.12.1': { commit: 'd4695f15c4a4875033c785c4f67419682b5cd02e', tag: 'v5.12.1' },
  '5.13.1': { commit: '8a742352382108a7b905983a14c9deb8c97af4ed', tag: 'v5.13.1' },
  '5.14.0': { commit: '2e9450120e2b05f13457f441ee012cc57d6bd604', tag: 'v5.14.0' },
  '5.15.0-alpha14': { commit: '31e219bebd5598ae9cce67c9b494cebba941f4a4', tag: 'v5.15.0-alpha14' },
  '5.2.6': { commit: 'bbdd2620e57e62e7c8ffb05f89b2d2314ae1bd83', tag: 'v5.2.6' },
  '5.3.13': { commit: 'a120e7b4251db02e241d4fd6dbc3691dc072366b', tag: 'v5.3.13' },
  '5.4.0': { commit: '9b62c317f33ab348704455610758324073d15a98', tag: 'v5.4.0' },
  '5.5.2': { commit: '30b222634df700efcacfd2ffe20a479f25d8bb2e', tag: 'v5.5.2' },
  '5.6.1': { commit: '4c71f007d0a7c0588648a026e295e6e47314bdb5', tag: 'v5.6.1' },
  '5.7.3': { commit: '5ac85507860988394ca6c1cfe39611de1cdbcd84', tag: 'v5.7.3' },
  '5.8.15': { commit: '301579e685f8b1023bac81dda9b681326eb98969', tag: 'v5.8.15' },
  '5.9.2': { commit: 'd05609fbd66f4be21c7761cf405eb6446df02496', tag: 'v5.9.2' },
};

interface Schema {
  $ref?: string;
  $comment?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  $defs?: Record<string, Schema>;
}

interface EnvVar {
  name: string;
  goPath: string;
  goType: string;
  path: string[] | null;
  parse: string;
  kind?: string;
  bits?: number;
  method?: string;
  elem?: { parse: string };
  key?: { parse: string };
  pointer?: boolean;
}

interface EnvFile {
  version: string;
  source: { repo: string; commit: string; tag?: string };
  variables: EnvVar[];
  conditional: { loader: string; variables: EnvVar[] }[];
  special: { name: string }[];
  allocates: string[];
}

const versions = readdirSync(FACTS)
  .map((f) => /^tyk-config-(.+)\.json$/.exec(f)?.[1])
  .filter((v): v is string => v !== undefined)
  .sort();

/** external_services exists from 5.10.0. */
const hasBlock = (v: string): boolean => readJson<Schema>(join(SCHEMAS, `tyk-config-${v}.schema.json`)).properties?.external_services !== undefined;
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const schemaOf = (v: string): Schema => readJson<Schema>(join(SCHEMAS, `tyk-config-${v}.schema.json`));
const envOf = (v: string): EnvFile => readJson<EnvFile>(join(SCHEMAS, `tyk-config-${v}.env.json`));

function deref(root: Schema, s: Schema | undefined): Schema | undefined {
  let n = s;
  while (n?.$ref !== undefined) n = root.$defs?.[n.$ref.replace('#/$defs/', '')];
  return n;
}

/** The schema at a JSON key path ("storage.port"). */
function at(root: Schema, dotted: string): Schema {
  let s: Schema | undefined = root;
  for (const k of dotted.split('.')) {
    s = deref(root, s);
    s = s?.properties?.[k];
    assert.ok(s !== undefined, `no ${dotted} (at ${k})`);
  }
  return deref(root, s)!;
}

function types(s: Schema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

test('facts are recorded for every minor release from 4.0 and the newest gateway commit', () => {
  assert.deepEqual(versions, Object.keys(RECORDED).sort());
});

for (const v of versions) {
  test(`gateway ${v}: the facts come from ${RECORDED[v]?.tag} (${RECORDED[v]?.commit.slice(0, 8)})`, () => {
    const facts = readJson<{ source: { repo: string; commit: string; tag: string; retrieved: string; paths: string[] }; root: string }>(join(FACTS, `tyk-config-${v}.json`));
    assert.equal(facts.source.repo, 'TykTechnologies/tyk');
    assert.equal(facts.source.commit, RECORDED[v].commit);
    assert.equal(facts.source.tag, RECORDED[v].tag);
    // Read on the day the version was added (the first three on 2026-11-22).
    assert.match(facts.source.retrieved, /^2026-1[12]-\d\d$/);
    assert.equal(facts.root, 'Config');
    assert.ok(facts.source.paths.includes('config/config.go'));
    const env = envOf(v);
    assert.equal(env.source.commit, RECORDED[v].commit);
  });

  test(`gateway ${v}: regenerating gives the committed bytes (deterministic, not hand-edited)`, () => {
    const runs = [mkdtempSync(join(tmpdir(), 'extsvc-gen-')), mkdtempSync(join(tmpdir(), 'extsvc-gen-'))];
    try {
      for (const out of runs) {
        execFileSync(process.execPath, [GENERATOR, join(FACTS, `tyk-config-${v}.json`), '--out', out], { stdio: 'pipe' });
      }
      for (const kind of ['schema', 'env']) {
        const name = `tyk-config-${v}.${kind}.json`;
        const committed = readFileSync(join(SCHEMAS, name));
        const first = readFileSync(join(runs[0], name));
        const second = readFileSync(join(runs[1], name));
        assert.ok(first.equals(second), `${name}: two runs differ`);
        assert.ok(first.equals(committed), `${name} differs from the generator's output: run node scripts/gen-config-schema.mjs schemas/facts/tyk-config-${v}.json`);
        assert.equal(committed.at(-1), 0x0a, `${name} ends with a newline`);
      }
    } finally {
      for (const out of runs) rmSync(out, { recursive: true, force: true });
    }
  });

  test(`gateway ${v}: the schema compiles with ajv in strict mode`, () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = ajv.compile(schemaOf(v));
    assert.equal(validate({}), true);
    assert.equal(validate(null), true, 'null is a valid (no-op) document for Go');
    assert.equal(validate({ listen_port: 8080, enable_jsvm: true, storage: { port: 6379, hosts: { a: 'b' } }, no_such_key: [1] }), true);
    assert.equal(validate({ listen_port: '8080' }), false);
    assert.equal(validate({ enable_jsvm: 'true' }), false);
    assert.equal(validate({ proxy_ssl_min_version: 65536 }), false);
    assert.equal(validate({ proxy_ssl_min_version: -1 }), false);
    assert.equal(validate({ storage: { port: 6379.5 } }), false);
    if (hasBlock(v)) {
      assert.equal(validate({ external_services: { oauth: { mtls: { ca_cert_ids: 'a' } } } }), false);
      assert.equal(validate({ external_services: { oauth: { mtls: { ca_cert_ids: null } } } }), true);
    } else assert.equal(validate({ external_services: { oauth: { mtls: { ca_cert_ids: 'a' } } } }), true, 'no external_services before 5.10.0: an unknown key');
    assert.equal(validate({ liveness_check: { check_duration: '10s' } }), false, 'time.Duration is a JSON number');
    assert.equal(validate({ http_server_options: { certificates: [{ domain_name: 'a', cert_file: 'b', key_file: 'c' }] } }), true);
    assert.equal(validate({ http_server_options: { certificates: { domain_name: 'a' } } }), false);
  });

  test(hasBlock(v) ? `gateway ${v}: the external_services variables are the gateway's 69, in its order` : `gateway ${v}: no TYK_GW_EXTERNALSERVICES_* variable (no external_services before 5.10.0)`, () => {
    const got = envOf(v).variables.map((x) => x.name).filter((n) => n.startsWith('TYK_GW_EXTERNALSERVICES_'));
    if (!hasBlock(v)) {
      assert.deepEqual(got, []);
      return;
    }
    const names = readFileSync(join(FIXTURES, 'gateway-vectors', 'env-names.txt'), 'utf8').split('\n').filter((l) => l !== '');
    assert.equal(names.length, 69);
    assert.deepEqual(got, names);
  });

  test(`gateway ${v}: every variable name is unique and every path leads to a schema property`, () => {
    const env = envOf(v);
    const schema = schemaOf(v);
    const names = env.variables.map((x) => x.name);
    assert.equal(new Set(names).size, names.length);
    for (const x of env.variables) {
      assert.match(x.name, /^TYK_GW_[A-Z0-9_]+$/);
      if (x.path !== null) at(schema, x.path.join('.'));
    }
  });

  // The vectors are of external_services, which exists from 5.10.0: no test for older versions.
  if (hasBlock(v)) test(`gateway ${v}: the schema agrees with Go on the decode vectors`, () => {
    const schema = schemaOf(v);
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    const cases = readJson<{ name: string; input: string; gateway_rejects: boolean }[]>(join(FIXTURES, 'gateway-vectors', 'decode.json'));
    // The canonical view Go decodes: keys bound case-insensitively as Go binds them.
    const canon = (s: Schema | undefined, value: unknown): unknown => {
      const n = deref(schema, s);
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) return value.map((x) => canon(n?.items, x));
      const out: Record<string, unknown> = {};
      const known = Object.keys(n?.properties ?? {});
      for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
        const bound = bindKey(k, known);
        if (bound !== undefined) out[bound] = canon(n?.properties?.[bound], x);
        else if (typeof n?.additionalProperties === 'object') out[k] = canon(n.additionalProperties, x);
      }
      return out;
    };
    let checked = 0;
    for (const c of cases) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(c.input);
      } catch {
        continue; // syntax cases: not the schema's business
      }
      if (/^trailing:/.test(c.name)) continue;
      assert.equal(validate(canon(schema, parsed)), !c.gateway_rejects, c.name);
      checked++;
    }
    assert.ok(checked >= 40, `checked ${checked} vectors`);
  });
}

test('spot checks: well-known keys have Go\'s JSON types (newest)', () => {
  const v = '5.15.0-alpha14';
  const s = schemaOf(v);
  const raw = readFileSync(join(SCHEMAS, `tyk-config-${v}.schema.json`), 'utf8');
  const int64 = { minimum: -9223372036854775808, maximum: 9223372036854775807 };

  const listen = at(s, 'listen_port');
  assert.deepEqual(types(listen), ['integer', 'null']);
  assert.equal(listen.$comment, 'int');
  assert.deepEqual({ minimum: listen.minimum, maximum: listen.maximum }, int64);
  assert.match(raw, /"maximum": 9223372036854775807\b/, 'integer bounds are written exactly');
  assert.deepEqual(types(at(s, 'enable_jsvm')), ['boolean', 'null']);
  assert.deepEqual(types(at(s, 'hash_keys')), ['boolean', 'null']);
  assert.deepEqual(types(at(s, 'secret')), ['string', 'null']);
  assert.deepEqual(types(at(s, 'storage')), ['object', 'null']);
  assert.equal(at(s, 'storage').additionalProperties, true);
  assert.equal(at(s, 'storage.port').$comment, 'int');
  assert.deepEqual(types(at(s, 'storage.use_ssl')), ['boolean', 'null']);
  assert.deepEqual(types(at(s, 'storage.addrs')), ['array', 'null']);
  assert.deepEqual(types(at(s, 'storage.hosts')), ['object', 'null']);
  const minVersion = at(s, 'proxy_ssl_min_version');
  assert.deepEqual([minVersion.$comment, minVersion.minimum, minVersion.maximum], ['uint16', 0, 65535]);
  assert.equal(at(s, 'oauth_token_expire').maximum, 2147483647);
  assert.match(raw, /"maximum": 18446744073709551615\b/, 'analytics_config.records_buffer_size is a uint64');
  assert.equal(at(s, 'analytics_config.records_buffer_size').$comment, 'uint64');
  assert.deepEqual(types(at(s, 'proxy_default_timeout')), ['number', 'null']);
  assert.equal(at(s, 'analytics_config.purge_interval').$comment, 'float32');
  assert.equal(at(s, 'liveness_check.check_duration').$comment, 'time.Duration');
  assert.deepEqual(types(at(s, 'liveness_check.check_duration')), ['integer', 'null']);
  assert.deepEqual(types(at(s, 'external_services.oauth.mtls.ca_cert_ids')), ['array', 'null']);
  assert.deepEqual(types(at(s, 'external_services.global.bypass_proxy')), ['string', 'null']);
  // Embedded structs are flattened: RateLimit's fields sit at the top level.
  assert.deepEqual(types(at(s, 'enable_redis_rolling_limiter')), ['boolean', 'null']);
  assert.deepEqual(types(at(s, 'opentelemetry.exporter')), ['string', 'null']);
  assert.deepEqual(types(at(s, 'opentelemetry.metrics.tls.insecure_skip_verify')), ['boolean', 'null']);
  // json:"-" fields are not keys.
  assert.equal(at(s, 'dns_cache').properties?.check_interval, undefined);
  assert.equal(at(s, 'http_server_options').properties?.override_defaults, undefined);
  assert.equal(s.properties?.private, undefined);
  // Not Config fields (SEMANTICS.md §7).
  assert.equal(s.properties?.http_proxy, undefined);
  assert.equal(at(s, 'external_services').properties?.analytics, undefined);
  // Maps and custom types.
  const ports = at(s, 'ports_whitelist');
  assert.equal(ports.$comment, 'config.PortsWhiteList');
  assert.deepEqual((ports.additionalProperties as Schema).$ref, '#/$defs/PortWhiteList');
  const triggers = at(s, 'event_triggers_defunct');
  assert.deepEqual(types((triggers.additionalProperties as Schema).items!), ['null'], 'a non-empty interface takes only null');
  assert.deepEqual(types(at(s, 'labs')), ['object', 'null']);
  assert.equal(s.additionalProperties, true);
});

test('spot checks: versions differ where the gateway changed', () => {
  assert.equal(at(schemaOf('5.10.0'), 'http_server_options').properties?.max_response_body_size, undefined);
  assert.deepEqual(types(at(schemaOf('5.10.2'), 'http_server_options.max_response_body_size')), ['integer', 'null']);
  assert.equal(schemaOf('5.10.2').properties?.enable_config_inspection, undefined);
  assert.deepEqual(types(at(schemaOf('5.15.0-alpha14'), 'enable_config_inspection')), ['boolean', 'null']);
  assert.equal(at(schemaOf('5.10.0'), 'kv').properties?.stores, undefined);
});

test('spot checks: older versions, as their tags declare them', () => {
  // HttpServerOptionsConfig.UseLE_SSL (json "use_ssl_le"): 4.0 only.
  assert.deepEqual(types(at(schemaOf('4.0.16'), 'http_server_options.use_ssl_le')), ['boolean', 'null']);
  assert.equal(at(schemaOf('5.0.15'), 'http_server_options').properties?.use_ssl_le, undefined);
  // external_services from 5.10.0.
  assert.equal(schemaOf('5.9.2').properties?.external_services, undefined);
  assert.ok(schemaOf('5.10.0').properties?.external_services !== undefined);
  // CertsData.Decode arrived in 4.0.5: 4.0.0 converts the variable as a plain slice.
  const certs = (v: string): EnvVar | undefined => envOf(v).variables.find((x) => x.name === 'TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES');
  assert.deepEqual([certs('4.0.0')?.parse, certs('4.0.16')?.parse, certs('4.0.16')?.method], ['slice', 'custom', 'Decode']);
  // Names read by hand: before 5.6 log/log.go reads TYK_LOGLEVEL only; 4.0.0 has no TYK_GW_OMITCONFIGFILE.
  assert.deepEqual(envOf('4.0.0').special.map((x) => x.name), ['TYK_LOGLEVEL']);
  assert.deepEqual(envOf('5.5.2').special.map((x) => x.name), ['TYK_GW_OMITCONFIGFILE', 'TYK_LOGLEVEL']);
  assert.deepEqual(envOf('5.6.1').special.map((x) => x.name), ['TYK_GW_OMITCONFIGFILE', 'TYK_LOGLEVEL', 'TYK_GW_LOGLEVEL', 'TYK_LOGFORMAT', 'TYK_GW_LOGFORMAT']);
});

test('spot checks: env variables and their conversions (newest)', () => {
  const env = envOf('5.15.0-alpha14');
  const by = new Map(env.variables.map((x) => [x.name, x]));
  const get = (n: string): EnvVar => {
    const x = by.get(n);
    assert.ok(x !== undefined, `${n} is read`);
    return x;
  };
  assert.deepEqual([get('TYK_GW_LISTENPORT').parse, get('TYK_GW_LISTENPORT').bits, get('TYK_GW_LISTENPORT').path], ['int', 64, ['listen_port']]);
  assert.equal(get('TYK_GW_ENABLEJSVM').parse, 'bool');
  assert.deepEqual(get('TYK_GW_STORAGE_PORT').path, ['storage', 'port']);
  assert.deepEqual([get('TYK_GW_PROXYSSLMINVERSION').parse, get('TYK_GW_PROXYSSLMINVERSION').bits], ['uint', 16]);
  assert.equal(get('TYK_GW_PROXYDEFAULTTIMEOUT').parse, 'float');
  assert.equal(get('TYK_GW_LIVENESSCHECK_CHECKDURATION').parse, 'duration');
  assert.deepEqual([get('TYK_GW_HASHKEYFUNCTIONFALLBACK').parse, get('TYK_GW_HASHKEYFUNCTIONFALLBACK').elem?.parse], ['slice', 'string']);
  assert.deepEqual([get('TYK_GW_SECRETS').parse, get('TYK_GW_SECRETS').key?.parse, get('TYK_GW_SECRETS').elem?.parse], ['map', 'string', 'string']);
  assert.deepEqual([get('TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES').parse, get('TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES').method], ['custom', 'Decode']);
  assert.deepEqual([get('TYK_GW_PORTWHITELIST').parse, get('TYK_GW_LABS').parse, get('TYK_GW_KV_STORES').parse], ['custom', 'custom', 'custom']);
  assert.deepEqual([get('TYK_GW_SLAVEOPTIONS_RPCCERTFETCHRETRYENABLED').parse, get('TYK_GW_SLAVEOPTIONS_RPCCERTFETCHRETRYENABLED').pointer], ['bool', true]);
  // Embedded structs keep the parent's prefix.
  assert.deepEqual(get('TYK_GW_ENABLEREDISROLLINGLIMITER').path, ['enable_redis_rolling_limiter']);
  assert.deepEqual(get('TYK_GW_OPENTELEMETRY_EXPORTER').path, ['opentelemetry', 'exporter']);
  // ignored:"true" is skipped; json:"-" fields are still read, with no file key.
  assert.equal(by.has('TYK_GW_DNSCACHE_CHECKINTERVAL'), false);
  assert.equal(get('TYK_GW_PRIVATE_ORIGINALPATH').path, null);
  assert.equal(get('TYK_GW_HTTPSERVEROPTIONS_OVERRIDEDEFAULTS').path, null);
  // The names the docs print are not read (SEMANTICS.md §3).
  assert.equal(by.has('TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY'), false);
  assert.deepEqual(env.allocates, ['Config.OpenTelemetry.Traces']);
  // Read by hand, outside envconfig.
  assert.ok(env.special.some((x) => x.name === 'TYK_GW_OMITCONFIGFILE'));
  const jaeger = env.conditional.find((c) => c.loader === 'jaeger');
  assert.ok(jaeger?.variables.some((x) => x.name === 'TYK_GW_TRACER_OPTIONS_SAMPLER_TYPE'));
  const zipkin = env.conditional.find((c) => c.loader === 'zipkin');
  assert.deepEqual(zipkin?.variables.map((x) => x.name), [
    'TYK_GW_TRACER_OPTIONS_REPORTER_URL', 'TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE', 'TYK_GW_TRACER_OPTIONS_REPORTER_MAXBACKLOG',
    'TYK_GW_TRACER_OPTIONS_SAMPLER_NAME', 'TYK_GW_TRACER_OPTIONS_SAMPLER_RATE', 'TYK_GW_TRACER_OPTIONS_SAMPLER_SALT', 'TYK_GW_TRACER_OPTIONS_SAMPLER_MOD',
  ]);
});

test('the CLI reads the generated schemas as written: its split copy (dist/data) has every key and type', () => {
  for (const v of TYK_VERSIONS) {
    // Before 5.10.0 there is no external_services: the block stays unknown, as the gateway ignores it.
    const replaced = new Set([...(hasBlock(v) ? ['external_services'] : []), 'http_proxy', 'https_proxy']);
    const written = JSON.parse(readFileSync(join(SCHEMAS, `tyk-config-${v}.schema.json`), 'utf8')) as Schema & { properties: Record<string, Schema>; $defs: Record<string, Schema> };
    const read = fileSchema(v).root;
    // The block schema's external_services, and its legacy http_proxy / https_proxy, which the
    // generated schema (no such Config fields) does not have.
    assert.deepEqual(Object.keys(read.properties ?? {}).sort(), [...new Set([...Object.keys(written.properties), ...replaced])].sort(), v);
    for (const k of replaced) assert.deepEqual(read.properties?.[k], blockSchema.properties?.[k], `${v} properties.${k}`);
    for (const [k, p] of Object.entries(written.properties)) {
      assert.deepEqual(read.properties?.[k], replaced.has(k) ? blockSchema.properties?.[k] : p, `${v} properties.${k}`);
    }
    for (const [name, d] of Object.entries(written.$defs)) {
      assert.deepEqual(read.$defs[name], blockSchema.$defs[name] ?? d, `${v} $defs.${name}`);
    }
    for (const name of Object.keys(blockSchema.$defs)) assert.deepEqual(read.$defs[name], blockSchema.$defs[name], `${v} block $defs.${name}`);
    assert.equal(read.$defs.NoSuchType, undefined);
    assert.equal(read.$comment, written.$comment);
  }
});
