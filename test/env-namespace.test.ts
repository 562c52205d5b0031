/** The whole TYK_GW_* namespace: envconfig v1.4.0's conversions, unknown names, ENV_BAD_VALUE. */
import { goQuote } from '../src/go/strconv.js';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import {
  DEFAULT_ENV_VERSION, ENV_VERSIONS, loadEnvNamespace,
  resolveEnvVersion, type EnvVariable, type EnvVersion,
} from '../src/env/namespace.js';
import { convertEnvValue } from '../src/env/convert.js';
import { goIsBlank } from '../src/go/strconv.js';
import { goTimeQuote } from '../src/go/time.js';
import { envBadValueMessage, envUnknownNameOutsideMessage } from '../src/env/namespace-messages.js';
import { envconfigFailures, fileTracerName, findBadEnvValues, findUnknownEnvNames, firstEnvFailure } from '../src/env/envconfig.js';
import { envNamespace, reportUnknownEnvNames } from '../src/rules/env-namespace.js';
import { envFromRecord } from '../src/env/input.js';
import { DEFAULT_TYK_VERSION, TYK_VERSIONS } from '../src/config/schema.js';
import { versionAtLeast as atLeast } from '../src/config/versions.js';
import { loadConfig } from '../src/config/load.js';
import { gatewayModel } from '../src/resolve/model.js';
import type { RuleContext } from '../src/rules/context.js';
import type { Args, JsonPath, Location } from '../src/types.js';

const V0: EnvVersion = '5.10.0';
const V2: EnvVersion = '5.10.2';
const MASTER: EnvVersion = '5.15.0-alpha14';

function variable(name: string, version: EnvVersion = V2): EnvVariable {
  const v = loadEnvNamespace(version).byName.get(name);
  assert.ok(v !== undefined, `${name} is not a variable of ${version}`);
  return v;
}

function loaderVariable(loader: string, name: string, version: EnvVersion = V2): EnvVariable {
  const v = loadEnvNamespace(version).loaders.find((l) => l.loader === loader)?.variables.find((x) => x.name === name);
  assert.ok(v !== undefined, `${name} is not a ${loader} variable of ${version}`);
  return v;
}

const msg = (name: string, field: string, value: string, type: string, details: string): string =>
  `envconfig.Process: assigning ${name} to ${field}: converting '${value}' to type ${type}. details: ${details}`;

/** [value, null for ok, or the details part of the message] */
type Row = [string, string | null];

function table(name: string, field: string, type: string, rows: Row[], version: EnvVersion = V2, v: EnvVariable = variable(name, version)): void {
  describe(`${name} (${type})`, () => {
    for (const [value, details] of rows) {
      test(JSON.stringify(value), () => {
        const r = convertEnvValue(v, value);
        if (details === null) assert.deepEqual(r, { ok: true });
        else assert.deepEqual(r, { ok: false, goMessage: msg(name, field, value, type, details) });
      });
    }
  });
}

const pi = (s: string, what = 'invalid syntax'): string => `strconv.ParseInt: parsing ${JSON.stringify(s)}: ${what}`;
const pu = (s: string, what = 'invalid syntax'): string => `strconv.ParseUint: parsing ${JSON.stringify(s)}: ${what}`;
const pf = (s: string, what = 'invalid syntax'): string => `strconv.ParseFloat: parsing ${JSON.stringify(s)}: ${what}`;
const pb = (s: string): string => `strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`;
const RANGE = 'value out of range';
/** The versions with external_services (from 5.10.0): the gateway vectors are of the block. */
const BLOCK_VERSIONS = ENV_VERSIONS.filter((v) => atLeast(v, '5.10.0'));

describe('versions', () => {
  test('the recorded lists load, with the gateway commit they came from', () => {
    assert.deepEqual([...ENV_VERSIONS], [
      '4.0.0', '4.0.16', '5.0.15', '5.1.2', '5.2.6', '5.3.13', '5.4.0', '5.5.2', '5.6.1', '5.7.3', '5.8.15', '5.9.2',
      '5.10.0', '5.10.2', '5.11.1', '5.12.1', '5.13.1', '5.14.0', '5.15.0-alpha14',
    ]);
    for (const v of ENV_VERSIONS) assert.ok(loadEnvNamespace(v).variables.length > 270, v);
    assert.equal(loadEnvNamespace(V0).variables.length, 416);
    assert.equal(loadEnvNamespace(V2).variables.length, 417);
    assert.equal(loadEnvNamespace(MASTER).variables.length, 510);
    assert.equal(loadEnvNamespace(V0).source.commit, 'f81d3b8a3846b71af92c7b5f3de9e8c8382b527e');
    assert.equal(loadEnvNamespace(V2).source.commit, 'bdb57b87e165bdf82fb7e8b35582c5d2f5d75f04');
    assert.equal(loadEnvNamespace(MASTER).source.commit, '31e219bebd5598ae9cce67c9b494cebba941f4a4');
  });
  test('same versions and default as the file side', () => {
    assert.deepEqual([...ENV_VERSIONS], [...TYK_VERSIONS]);
    assert.equal(DEFAULT_ENV_VERSION, DEFAULT_TYK_VERSION);
    assert.equal(resolveEnvVersion(undefined), DEFAULT_ENV_VERSION);
    assert.equal(resolveEnvVersion('5.10.0'), '5.10.0');
    assert.equal(resolveEnvVersion('4.0.0'), '4.0.0');
    assert.equal(resolveEnvVersion('4.0.3'), '4.0.16');
    assert.equal(resolveEnvVersion('4.1.0'), DEFAULT_ENV_VERSION);
  });
  test('the block\'s 69 variables are in every list, in the gateway\'s order of env-names.txt', () => {
    const names = readFileSync(join(FIXTURES, 'gateway-vectors', 'env-names.txt'), 'utf8').split('\n').filter((l) => l !== '');
    for (const version of BLOCK_VERSIONS) {
      const block = loadEnvNamespace(version).variables.filter((v) => v.name.startsWith('TYK_GW_EXTERNALSERVICES_')).map((v) => v.name);
      assert.deepEqual([...block].sort(), [...names].sort());
    }
  });
});

describe('bool: strconv.ParseBool', () => {
  table('TYK_GW_ENABLEJSVM', 'EnableJSVM', 'bool', [
    ['1', null], ['t', null], ['T', null], ['TRUE', null], ['true', null], ['True', null],
    ['0', null], ['f', null], ['F', null], ['FALSE', null], ['false', null], ['False', null],
    ['yes', pb('yes')], ['on', pb('on')], ['', pb('')], ['tRuE', pb('tRuE')], [' true', pb(' true')], ['2', pb('2')],
  ]);

  interface EnvCase { name: string; env: Record<string, string>; error: string | null }
  const cases = JSON.parse(readFileSync(join(FIXTURES, 'gateway-vectors', 'env.json'), 'utf8')) as EnvCase[];
  test(`the ${cases.length} gateway vectors (fixtures/gateway-vectors/env.json), byte for byte`, () => {
    for (const version of BLOCK_VERSIONS) {
      for (const c of cases) {
        const first = firstEnvFailure(envFromRecord(c.env), version);
        assert.equal(first?.goMessage ?? null, c.error, `${c.name} (${version})`);
        for (const [name, value] of Object.entries(c.env)) {
          const v = loadEnvNamespace(version).byName.get(name);
          if (v === undefined) continue;
          const r = convertEnvValue(v, value);
          if (c.error !== null && Object.keys(c.env).length === 1) assert.deepEqual(r, { ok: false, goMessage: c.error }, c.name);
        }
      }
    }
  });
});

describe('int: strconv.ParseInt(value, 0, bits)', () => {
  table('TYK_GW_LISTENPORT', 'ListenPort', 'int', [
    ['8080', null], ['+8080', null], ['-1', null], ['0', null], ['-0', null],
    ['0x1F', null], ['0X1f', null], ['0o17', null], ['0O17', null], ['017', null], ['0b101', null], ['1_000', null], ['0x_1F', null], ['0_17', null],
    ['9223372036854775807', null], ['-9223372036854775808', null],
    ['08', pi('08')], ['8080.0', pi('8080.0')], ['1e3', pi('1e3')], ['', pi('')], [' 8080', pi(' 8080')], ['8080 ', pi('8080 ')],
    ['"8080"', pi('"8080"')], ['8_080_', pi('8_080_')], ['1__0', pi('1__0')], ['_1', pi('_1')], ['0_', pi('0_')], ['0x', pi('0x')],
    ['0b2', pi('0b2')], ['-', pi('-')], ['+-1', pi('+-1')], ['8080s', pi('8080s')], ['٣', pi('٣')],
    ['9223372036854775808', pi('9223372036854775808', RANGE)], ['-9223372036854775809', pi('-9223372036854775809', RANGE)],
    ['0x8000000000000000', pi('0x8000000000000000', RANGE)],
    // ParseUint stops at the digit that overflows, before it sees the bad character
    ['99999999999999999999x', pi('99999999999999999999x', RANGE)],
  ]);
  table('TYK_GW_OAUTHTOKENEXPIRE', 'OauthTokenExpire', 'int32', [
    ['2147483647', null], ['-2147483648', null], ['0x7fffffff', null],
    ['2147483648', pi('2147483648', RANGE)], ['-2147483649', pi('-2147483649', RANGE)], ['0x80000000', pi('0x80000000', RANGE)],
    ['3600s', pi('3600s')],
  ]);
  table('TYK_GW_SLAVEOPTIONS_RPCCERTFETCHMAXRETRIES', 'RPCCertFetchMaxRetries', '*int', [
    ['3', null], ['three', pi('three')],
  ], MASTER);
  table('TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE', 'BatchSize', 'int', [
    ['100', null], ['1e2', pi('1e2')],
  ], V2, loaderVariable('zipkin', 'TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE'));
});

describe('uint: strconv.ParseUint(value, 0, bits)', () => {
  table('TYK_GW_HTTPSERVEROPTIONS_MINVERSION', 'MinVersion', 'uint16', [
    ['771', null], ['0x0303', null], ['0', null], ['65535', null], ['0xffff', null],
    ['65536', pu('65536', RANGE)], ['70000x', pu('70000x', RANGE)], ['0x10000', pu('0x10000', RANGE)],
    ['-1', pu('-1')], ['+1', pu('+1')], ['1.2', pu('1.2')], ['tls1.2', pu('tls1.2')], ['', pu('')],
  ]);
  table('TYK_GW_ANALYTICSCONFIG_RECORDSBUFFERSIZE', 'RecordsBufferSize', 'uint64', [
    ['18446744073709551615', null], ['18446744073709551616', pu('18446744073709551616', RANGE)], ['1_000', null], ['1k', pu('1k')],
  ]);
});

describe('float: strconv.ParseFloat(value, bits)', () => {
  table('TYK_GW_DRLTHRESHOLD', 'DRLThreshold', 'float64', [
    ['5', null], ['0.5', null], ['.5', null], ['5.', null], ['-1.5', null], ['+1.5', null], ['1e3', null], ['1E-3', null], ['1_000.5', null],
    ['inf', null], ['+Inf', null], ['-INF', null], ['Infinity', null], ['NaN', null], ['nan', null],
    ['0x1p-2', null], ['0X1.8P3', null], ['1e-400', null], ['1.7976931348623157e308', null], ['0x1.fffffffffffff7p1023', null],
    ['', pf('')], ['.', pf('.')], ['1e', pf('1e')], ['1e+', pf('1e+')], ['1,5', pf('1,5')], [' 1', pf(' 1')], ['0x1F', pf('0x1F')],
    ['+nan', pf('+nan')], ['infx', pf('infx')], ['infinit', pf('infinit')], ['1__0', pf('1__0')], ['_1', pf('_1')], ['1_.5', pf('1_.5')],
    ['10%', pf('10%')], ['1e400x', pf('1e400x')],
    ['1e309', pf('1e309', RANGE)], ['-1e309', pf('-1e309', RANGE)], ['1.7976931348623159e308', pf('1.7976931348623159e308', RANGE)],
    ['0x1.fffffffffffff8p1023', pf('0x1.fffffffffffff8p1023', RANGE)], ['0x1p1024', pf('0x1p1024', RANGE)],
  ]);
  table('TYK_GW_SLAVEOPTIONS_KEYSPACESYNCINTERVAL', 'KeySpaceSyncInterval', 'float32', [
    ['10', null], ['3.4028234e38', null], ['3.4028235677973366e38', null], ['1e-50', null],
    ['3.4028235677973367e38', pf('3.4028235677973367e38', RANGE)], ['1e39', pf('1e39', RANGE)], ['0x1p128', pf('0x1p128', RANGE)],
    ['10s', pf('10s')],
  ]);
});

describe('duration: time.ParseDuration', () => {
  const inv = (s: string): string => `time: invalid duration ${JSON.stringify(s)}`;
  table('TYK_GW_LIVENESSCHECK_CHECKDURATION', 'CheckDuration', 'time.Duration', [
    ['10s', null], ['1h30m', null], ['1.5s', null], ['-5ms', null], ['+5ms', null], ['0', null], ['-0', null], ['300ms', null],
    ['1us', null], ['1µs', null], ['1μs', null], ['1ns', null], ['.5s', null], ['5.s', null], ['1h1h', null],
    ['9223372036854775807ns', null], ['-9223372036854775808ns', null], ['2562047h', null],
    ['10', 'time: missing unit in duration "10"'], ['-10', 'time: missing unit in duration "-10"'], ['1.5', 'time: missing unit in duration "1.5"'],
    ['1s5', 'time: missing unit in duration "1s5"'],
    ['', inv('')], ['-', inv('-')], ['s', inv('s')], ['.s', inv('.s')], [' 10s', inv(' 10s')], ['10s ', 'time: unknown unit "s " in duration "10s "'],
    ['10sec', 'time: unknown unit "sec" in duration "10sec"'], ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['10S', 'time: unknown unit "S" in duration "10S"'], ['1é', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ['9223372036854775808ns', inv('9223372036854775808ns')], ['2562048h', inv('2562048h')], ['99999999999999999999s', inv('99999999999999999999s')],
  ]);
});

describe('slice: split on "," with no trimming, blank is empty', () => {
  table('TYK_GW_SECURITY_CERTIFICATES_API', 'API', '[]string', [
    ['a,b', null], ['a, b', null], ['', null], [' ', null], [',', null],
  ]);
  // []*regexp.Regexp: each element's UnmarshalText is promoted from a nil pointer; blank is an empty slice
  const custom = variable('TYK_GW_ANALYTICSCONFIG_NORMALISEURLS_COMPILEDPATTERNSET_CUSTOM');
  test('a list of nil *regexp.Regexp: blank is fine, any item crashes the gateway', () => {
    assert.deepEqual(convertEnvValue(custom, ' '), { ok: true });
    assert.deepEqual(convertEnvValue(custom, '[0-9]+'), { ok: false, goMessage: 'panic: runtime error: invalid memory address or nil pointer dereference', approximate: true });
  });
  test('goIsBlank is strings.TrimSpace\'s notion (U+0085 is a space, U+FEFF is not)', () => {
    assert.equal(goIsBlank(' \t\r\n\v\f\u0085\u00a0\u3000'), true);
    assert.equal(goIsBlank('\ufeff'), false);
  });
});

describe('map: "k:v,k2:v2", exactly one ":" per item', () => {
  const item = (s: string): string => `invalid map item: ${s}`;
  table('TYK_GW_STORAGE_HOSTS', 'Hosts', 'map[string]string', [
    ['redis1:6379,redis2:6379', null], ['a:', null], [':b', null], ['', null], ['  ', null], ['a: b', null],
    ['redis1', item('"redis1"')], ['redis1:6379,', item('""')], ['k:http://x', item('"k:http://x"')],
    ['a:1:2', item('"a:1:2"')], ['a:1;b:2', item('"a:1;b:2"')], ['\ufeff', item('"\\ufeff"')], ['a=1', item('"a=1"')],
  ]);
  table('TYK_GW_TRACER_OPTIONS', 'Options', 'map[string]interface {}', [['a:b', null], ['a', item('"a"')]]);
  table('TYK_GW_EVENTHANDLERS_EVENTS', 'Events', 'map[event.Event][]apidef.EventHandlerTriggerConfig', [['AuthFailure:x', null], ['AuthFailure', item('"AuthFailure"')]]);
});

describe('custom: Decode is json.Unmarshal', () => {
  table('TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES', 'Certificates', 'config.CertsData', [
    ['[]', null], ['null', null], [' [{"domain_name":"a","cert_file":"c","key_file":"k"}] ', null],
    ['', 'unexpected end of JSON input'], ['   ', 'unexpected end of JSON input'], ['[', 'unexpected end of JSON input'],
    ['x', 'invalid character \'x\' looking for beginning of value'], ['[1,]', 'invalid character \']\' looking for beginning of value'],
    ['[] x', 'invalid character \'x\' after top-level value'], ['123abc', 'invalid character \'a\' after top-level value'],
    ['{}', 'json: cannot unmarshal object into Go value of type config.CertsData'],
    ['"a"', 'json: cannot unmarshal string into Go value of type config.CertsData'],
    ['1', 'json: cannot unmarshal number into Go value of type config.CertsData'],
    ['true', 'json: cannot unmarshal bool into Go value of type config.CertsData'],
  ]);
  table('TYK_GW_PORTWHITELIST', 'PortWhiteList', 'config.PortsWhiteList', [
    ['{"http":{"ports":[80]}}', null], ['[]', 'json: cannot unmarshal array into Go value of type config.PortsWhiteList'],
  ]);
  table('TYK_GW_LABS', 'Labs', 'config.LabsConfig', [
    ['{"a":1}', null], ['[]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ]);
  table('TYK_GW_OPENTELEMETRY_METRICS_APIMETRICS', 'APIMetrics', 'apimetrics.APIMetricDefinitions', [
    ['[]', null], ['{}', 'json: cannot unmarshal object into Go value of type apimetrics.APIMetricDefinitions'],
  ], MASTER);
  test('a nil *regexp.Regexp (json:"-") takes no value at all', () => {
    const v = variable('TYK_GW_ANALYTICSCONFIG_NORMALISEURLS_COMPILEDPATTERNSET_UUIDS');
    assert.deepEqual(convertEnvValue(v, ''), { ok: false, goMessage: 'panic: runtime error: invalid memory address or nil pointer dereference', approximate: true });
  });
});

describe('string and unconvertible kinds never fail', () => {
  test('strings, including empty and odd values', () => {
    for (const value of ['', ' ', 'yes', '{', '\u0000']) assert.deepEqual(convertEnvValue(variable('TYK_GW_HOSTNAME'), value), { ok: true });
  });
});

describe('Go quoting', () => {
  test('strconv.Quote', () => {
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('\t\n\u0000\u007f'), '"\\t\\n\\x00\\x7f"');
    assert.equal(goQuote('é日本'), '"é日本"');
    assert.equal(goQuote('\u00a0\u0085\ufeff'), '"\\u00a0\\u0085\\ufeff"');
    assert.equal(goQuote('\u{1F600}\u{E0001}'), '"\u{1F600}\\U000e0001"');
  });
  test('the time package\'s quote', () => {
    assert.equal(goTimeQuote('1é\t"'), '"1\\xc3\\xa9\\x09\\""');
  });
  test('the value is shown in the ParseError as is, and Go-quoted in the details', () => {
    assert.deepEqual(convertEnvValue(variable('TYK_GW_LISTENPORT'), '80\t'), { ok: false, goMessage: msg('TYK_GW_LISTENPORT', 'ListenPort', '80\t', 'int', 'strconv.ParseInt: parsing "80\\t": invalid syntax') });
  });
});

// ---------------------------------------------------------------------------------------------

describe('ENV_BAD_VALUE findings', () => {
  const env = (r: Record<string, string>) => envFromRecord(r);

  test('outside the block only; the block\'s and the legacy booleans are ENV_BAD_BOOL', () => {
    const found = findBadEnvValues(env({
      TYK_GW_LISTENPORT: '8080.0',
      TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'yes',
      TYK_GW_JWTSSLINSECURESKIPVERIFY: 'yes',
      TYK_GW_STORAGE_USESSL: 'on',
      TYK_GW_LIVENESSCHECK_CHECKDURATION: '10',
      TYK_GW_HOSTNAME: 'x',
    }), V2);
    assert.deepEqual(found.map((f) => f.args.name), ['TYK_GW_LISTENPORT', 'TYK_GW_LIVENESSCHECK_CHECKDURATION']);
    const [port, dur] = found;
    assert.deepEqual(port.args, {
      name: 'TYK_GW_LISTENPORT', value: '8080.0', kind: 'int', goType: 'int', first: true, consequence: 'exit', version: V2,
      goMessage: msg('TYK_GW_LISTENPORT', 'ListenPort', '8080.0', 'int', pi('8080.0')),
    });
    assert.deepEqual(port.path, ['listen_port']);
    assert.equal(dur.args.first, false);
    assert.deepEqual(dur.path, ['liveness_check', 'check_duration']);
  });

  test('first follows struct order across the block: a block boolean before the variable takes it', () => {
    const e = env({ TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'yes', TYK_GW_LIVENESSCHECK_CHECKDURATION: '10' });
    assert.equal(findBadEnvValues(e, V2)[0].args.first, false);
    assert.equal(firstEnvFailure(e, V2)?.variable.name, 'TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED');
    const f = env({ TYK_GW_CONTROLAPIPORT: 'x', TYK_GW_EXTERNALSERVICES_GLOBAL_ENABLED: 'yes' });
    assert.equal(findBadEnvValues(f, V2)[0].args.first, true);
    assert.equal(envconfigFailures(f, V2).length, 2);
  });

  test('a variable unknown to the version is not converted', () => {
    const e = env({ TYK_GW_HTTPSERVEROPTIONS_XFFDEPTH: 'two' });
    assert.deepEqual(findBadEnvValues(e, V2), []);
    assert.equal(findBadEnvValues(e, MASTER)[0].args.goMessage, msg('TYK_GW_HTTPSERVEROPTIONS_XFFDEPTH', 'XFFDepth', 'two', 'int', pi('two')));
  });

  test('tracer loaders: only when tracing.name selects them; the file alone makes the gateway fall back to defaults', () => {
    const bad = { TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE: 'ten' };
    assert.deepEqual(findBadEnvValues(env(bad), V2), []);
    assert.deepEqual(findBadEnvValues(env(bad), V2, { fileTracerName: 'jaeger' }), []);
    const fromFile = findBadEnvValues(env(bad), V2, { fileTracerName: 'zipkin' });
    assert.equal(fromFile.length, 1);
    assert.equal(fromFile[0].args.consequence, 'defaults');
    assert.equal(fromFile[0].args.loader, 'zipkin');
    assert.deepEqual(fromFile[0].path, ['tracing', 'options', 'reporter', 'batch_size']);
    assert.equal(fromFile[0].args.goMessage, msg('TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE', 'BatchSize', 'ten', 'int', pi('ten')));
    const fromEnv = findBadEnvValues(env({ ...bad, TYK_GW_TRACER_NAME: 'zipkin' }), V2);
    assert.equal(fromEnv[0].args.consequence, 'exit');
    // a set TYK_GW_TRACER_NAME replaces the file's, even when empty
    assert.deepEqual(findBadEnvValues(env({ ...bad, TYK_GW_TRACER_NAME: '' }), V2, { fileTracerName: 'zipkin' }), []);
    // jaeger's own variables and types
    const j = findBadEnvValues(env({ TYK_GW_TRACER_NAME: 'jaeger', TYK_GW_TRACER_OPTIONS_SAMPLER_SAMPLINGREFRESHINTERVAL: '60' }), V2);
    assert.equal(j[0].args.goMessage, msg('TYK_GW_TRACER_OPTIONS_SAMPLER_SAMPLINGREFRESHINTERVAL', 'SamplingRefreshInterval', '60', 'time.Duration', 'time: missing unit in duration "60"'));
  });

  test('secret-bearing maps are masked', () => {
    const [f] = findBadEnvValues(env({ TYK_GW_SECRETS: 'db:pa:ss' }), V2);
    assert.equal(f.args.value, '****');
    assert.equal(f.args.masked, true);
    assert.equal(f.args.goMessage, msg('TYK_GW_SECRETS', 'Secrets', '****', 'map[string]string', 'invalid map item: "****"'));
    assert.ok(!String(f.args.goMessage).includes('pa'));
  });

  test('the file\'s tracing.name, as Go decodes it', () => {
    const load = (text: string) => loadConfig('tyk.conf', new TextEncoder().encode(text));
    const none = envFromRecord({});
    assert.equal(fileTracerName(load('{"tracing": {"name": "zipkin"}}'), none), 'zipkin');
    assert.equal(fileTracerName(load('{"Tracing": {"NAME": "jaeger"}}'), none), 'jaeger');
    assert.equal(fileTracerName(load('{"tracing": {"name": "zipkin"}, "TRACING": {"enabled": true}}'), none), 'zipkin');
    assert.equal(fileTracerName(load('{"tracing": {"name": "zipkin"}}'), envFromRecord({ TYK_GW_OMITCONFIGFILE: 'TRUE' })), null);
    assert.equal(fileTracerName(load('{"listen_port": 8080}'), none), null);
  });
});

describe('ENV_UNKNOWN_NAME outside the block', () => {
  const names = (r: Record<string, string>, version: EnvVersion = V2): Args[] => findUnknownEnvNames(envFromRecord(r), version).map((f) => f.args);

  test('a typo, with did-you-mean', () => {
    assert.deepEqual(names({ TYK_GW_LISTENPROT: '8080' }), [{ name: 'TYK_GW_LISTENPROT', scope: 'config', version: V2, suggestion: 'TYK_GW_LISTENPORT' }]);
    assert.deepEqual(names({ TYK_GW_STORAGE_PROT: '6379' })[0].suggestion, 'TYK_GW_STORAGE_PORT');
    assert.deepEqual(names({ TYK_GW_ENABLE_JSVM: 'true' })[0].suggestion, 'TYK_GW_ENABLEJSVM');
    assert.deepEqual(names({ TYK_GW_HTTPSERVEROPTIONS_XFFDEPTH: '1' }, V0).map((a) => a.suggestion), [undefined]);
    assert.deepEqual(names({ TYK_GW_LISTEN_PORT: '8080' })[0].suggestion, 'TYK_GW_LISTENPORT');
    assert.deepEqual(names({ tyk_gw_listenport: '8080' })[0].suggestion, 'TYK_GW_LISTENPORT');
    assert.deepEqual(names({ TYK_GW_COMPLETELY_UNRELATED_THING: 'x' }), [{ name: 'TYK_GW_COMPLETELY_UNRELATED_THING', scope: 'config', version: V2 }]);
  });

  test('names the gateway reads are not reported: variables, special names, tracer loader variables', () => {
    assert.deepEqual(names({
      TYK_GW_LISTENPORT: '8080', TYK_GW_OMITCONFIGFILE: 'true', TYK_GW_LOGLEVEL: 'debug', TYK_GW_LOGFORMAT: 'json',
      TYK_GW_TRACER_OPTIONS_REPORTER_URL: 'http://zipkin', TYK_GW_TRACER_OPTIONS_SERVICENAME: 'tyk', TYK_GW_TRACER_OPTIONS: 'a:b',
      TYK_GW_ANALYTICSCONFIG_NORMALISEURLS_COMPILEDPATTERNSET_UUIDS: 'x',
    }), []);
  });

  test('outside the namespace, and the block\'s namespace, are left alone', () => {
    assert.deepEqual(names({
      TYK_LOGLEVEL: 'debug', TYK_SECRET_X: 'y', HTTP_PROXY: 'http://p', PATH: '/bin',
      TYK_GW_EXTERNALSERVICES_GLOBAL_NOPROXY: 'x', TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY: 'x', TYK_GW_EXTERNALSERVICES: 'x',
    }), []);
  });

  test('version differences: a variable of later versions is unknown for 5.10.0, and says which versions read it', () => {
    const e = { TYK_GW_HTTPSERVEROPTIONS_XFFDEPTH: '1' };
    assert.deepEqual(names(e, V0), [{ name: 'TYK_GW_HTTPSERVEROPTIONS_XFFDEPTH', scope: 'config', version: V0, readBy: ['5.11.1', '5.12.1', '5.13.1', '5.14.0', MASTER] }]);
    assert.deepEqual(names(e, MASTER), []);
    const body = { TYK_GW_HTTPSERVEROPTIONS_MAXRESPONSEBODYSIZE: '1024' };
    // 5.8.15 (an LTS patch of 2026) has it too, 5.9.2 does not.
    assert.deepEqual(names(body, V0)[0].readBy, ['5.8.15', V2, '5.11.1', '5.12.1', '5.13.1', '5.14.0', MASTER]);
    assert.deepEqual(names(body, V2), []);
    // Removed: read by 4.0 only.
    assert.deepEqual(names({ TYK_GW_HTTPSERVEROPTIONS_USELE_SSL: 'false' }, '5.0.15')[0].readBy, ['4.0.0', '4.0.16']);
  });
});

describe('the rule, through a RuleContext', () => {
  function run(tykVersion: string, conf: string, record: Record<string, string>): { code: string; args: Args; path: JsonPath; location: Location }[] {
    const loaded = loadConfig('tyk.conf', new TextEncoder().encode(conf));
    const env = envFromRecord(record);
    const model = gatewayModel(loaded, env, tykVersion);
    const reading = model.intended;
    const out: { code: string; args: Args; path: JsonPath; location: Location }[] = [];
    const ctx: RuleContext = {
      tykVersion, file: 'tyk.conf', loaded, env, effective: reading.effective, services: reading.services.map((x) => x.view), model, reading, plan: () => null,
      report(code, args, path, location) { out.push({ code, args, path, location }); },
    };
    envNamespace.check(ctx);
    reportUnknownEnvNames(ctx);
    return out;
  }

  test('reports ENV_BAD_VALUE and unknown names at the variable', () => {
    const out = run(V2, '{"tracing": {"name": "zipkin"}}', {
      TYK_GW_TRACER_OPTIONS_SAMPLER_RATE: '10%', TYK_GW_LISTENPROT: '8080', TYK_GW_HTTPSERVEROPTIONS_MINVERSION: 'tls1.2',
    });
    assert.deepEqual(out.map((o) => [o.code, o.args.name, o.args.first ?? null, o.args.consequence ?? null]), [
      ['ENV_BAD_VALUE', 'TYK_GW_HTTPSERVEROPTIONS_MINVERSION', true, 'exit'],
      ['ENV_BAD_VALUE', 'TYK_GW_TRACER_OPTIONS_SAMPLER_RATE', false, 'defaults'],
      ['ENV_UNKNOWN_NAME', 'TYK_GW_LISTENPROT', null, null],
    ]);
    assert.deepEqual(out[0].location, { kind: 'env', name: 'TYK_GW_HTTPSERVEROPTIONS_MINVERSION' });
    assert.deepEqual(out[0].path, ['http_server_options', 'min_version']);
  });

  test('an unrecorded version falls back to the default list', () => {
    const out = run('9.9.9', '{}', { TYK_GW_HTTPSERVEROPTIONS_XFFDEPTH: 'x' });
    assert.equal(out.length, 1);
    assert.equal(out[0].args.version, DEFAULT_ENV_VERSION);
  });
});

describe('wording', () => {
  const bad = (record: Record<string, string>, version: EnvVersion = V2): string => envBadValueMessage(findBadEnvValues(envFromRecord(record), version)[0].args);

  test('ENV_BAD_VALUE says what the gateway does, gives Go\'s message and how to fix', () => {
    const d = bad({ TYK_GW_LIVENESSCHECK_CHECKDURATION: '10' });
    assert.match(d, /^TYK_GW_LIVENESSCHECK_CHECKDURATION="10" is not a valid duration: the gateway exits at start \(envconfig\.Process: .*missing unit in duration "10"\)\. A duration needs a unit: 10s/);
    assert.match(bad({ TYK_GW_OAUTHTOKENEXPIRE: '99999999999' }), /The range of int32 is -2147483648 to 2147483647\./);
    assert.match(bad({ TYK_GW_HTTPSERVEROPTIONS_MINVERSION: '70000' }), /The range of uint16 is 0 to 65535\./);
    assert.match(bad({ TYK_GW_LISTENPORT: '80.0' }), /Write a whole number in decimal/);
    assert.match(bad({ TYK_GW_ENABLEJSVM: 'yes' }), /Use true or false/);
    assert.match(bad({ TYK_GW_STORAGE_HOSTS: 'k:http://x' }), /exactly one ":"/);
    assert.match(bad({ TYK_GW_PORTWHITELIST: '[80]' }), /Give valid JSON: a JSON object of protocol/);
    assert.match(bad({ TYK_GW_ANALYTICSCONFIG_NORMALISEURLS_COMPILEDPATTERNSET_IDS: 'x' }), /crashes at start.*Remove the variable\./);
    assert.match(bad({ TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE: 'x', TYK_GW_TRACER_NAME: 'zipkin' }), /the gateway exits at start/);
    const later = envBadValueMessage(findBadEnvValues(envFromRecord({ TYK_GW_LISTENPORT: 'x', TYK_GW_ENABLEJSVM: 'yes' }), V2)[1].args);
    assert.match(later, /which is another variable: fix this one too\.\)$/);
    const zipkin = findBadEnvValues(envFromRecord({ TYK_GW_TRACER_OPTIONS_REPORTER_BATCHSIZE: 'x' }), V2, { fileTracerName: 'zipkin' })[0].args;
    assert.match(envBadValueMessage(zipkin), /is not a valid integer \(int\): tracing\.name "zipkin" in tyk\.conf runs the zipkin loader, .* starts without tyk\.conf, on built-in defaults plus environment and with no zipkin tracing \(envconfig\.Process: /);
  });

  test('ENV_UNKNOWN_NAME outside the block', () => {
    const m = (r: Record<string, string>, version: EnvVersion = V2): string => envUnknownNameOutsideMessage(findUnknownEnvNames(envFromRecord(r), version)[0].args);
    assert.equal(m({ TYK_GW_LISTENPROT: '1' }), 'TYK_GW_LISTENPROT is not read by Tyk 5.10.2: no setting has this name, so the gateway ignores it. Did you mean TYK_GW_LISTENPORT?');
    assert.match(m({ tyk_gw_listenport: '1' }), /case-sensitive.*Rename it to TYK_GW_LISTENPORT\./);
    assert.match(m({ TYK_GW_LISTEN_PORT: '1' }), /without underscores inside them\. Rename it to TYK_GW_LISTENPORT\./);
    assert.match(m({ TYK_GW_HTTPSERVEROPTIONS_XFFDEPTH: '1' }, V0), /It is read from 5\.11 on: check --tyk-version\./);
  });
});

test('the namespace checks run once per environment, however many files share it', () => {
  const env = envFromRecord({ TYK_GW_LISTENPRT: '1', TYK_GW_LISTENPORT: 'x' });
  const v = DEFAULT_ENV_VERSION;
  assert.equal(findUnknownEnvNames(env, v), findUnknownEnvNames(env, v));
  assert.equal(envconfigFailures(env, v), envconfigFailures(env, v));
  assert.equal(findUnknownEnvNames(env, v).length, 1);
  assert.equal(envconfigFailures(env, v).length, 1);
  // A file with a different tracer name is asked separately.
  assert.notEqual(envconfigFailures(env, v, { fileTracerName: 'zipkin' }), envconfigFailures(env, v));
});
