/**
 * The Kuma side case by case, on inputs of its own: YAML as goyaml v2 reads it, the two decoders
 * (jsonpb for ExternalService, encoding/json for MeshExternalService), Kuma's rules beyond the
 * shared vectors, positions, and the CLI's handling of Kuma files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePlain } from '../src/kuma/yaml.js';
import { lintKumaText } from '../src/kuma/lint.js';
import { readKumaFile } from '../src/kuma/resources.js';
import { evaluateTemplate } from '../src/kuma/check.js';
import { resourceName, yamlString } from '../src/kuma/generate.js';
import { messageFor } from '../src/messages.js';
import type { Diagnostic } from '../src/types.js';
import { run } from './support/run.js';
import { FIXTURES } from './support/paths.js';

const findings = (yaml: string): Diagnostic[] => lintKumaText('k.yaml', yaml).diagnostics;
const codes = (yaml: string): string[] => findings(yaml).map((d) => d.code);
const kuma = (yaml: string): [string, string][] => findings(yaml).filter((d) => d.code === 'KUMA_INVALID').map((d) => [String(d.args.field), String(d.args.message)]);
const line = (d: Diagnostic): number => (d.location.kind === 'file' ? d.location.span.line : 0);

const es = (body: string): string => `type: ExternalService\nmesh: default\nname: es-1\n${body}`;

test('plain scalars as goyaml v2 resolves them (YAML 1.1)', () => {
  const cases: [string, unknown][] = [
    ['yes', true], ['On', true], ['y', true], ['NO', false], ['off', false], ['true', true],
    ['0777', 511], ['0x1F', 31], ['1_000', 1000], ['08', 8], ['1.5', 1.5], ['~', null], ['', null], ['Null', null],
    ['190:20:30', '190:20:30'], ['abc', 'abc'], ['-12', -12],
  ];
  for (const [text, value] of cases) assert.deepEqual(resolvePlain(text), value, text);
});

test('a data source keeps the member declared last, even an empty one, and then is empty for Kuma', () => {
  const yaml = es('networking:\n  address: 192.168.0.1:8080\n  tls:\n    caCert:\n      secret: ca\n      inlineString: ""\ntags:\n  kuma.io/service: backend\n');
  assert.deepEqual(kuma(yaml), [['networking.tls.caCert', 'data source cannot be empty']]);
  const d = findings(yaml).find((x) => x.code === 'KUMA_DATA_SOURCE_MEMBERS');
  assert.equal(d?.args.kept, 'inlineString');
});

test('jsonpb takes the proto field name too, and the JSON name wins when both are given', () => {
  assert.deepEqual(kuma(es('networking:\n  address: 192.168.0.1:8080\n  tls:\n    ca_cert: {}\ntags:\n  kuma.io/service: backend\n')), [['networking.tls.caCert', 'data source cannot be empty']]);
  const both = es('networking:\n  address: 192.168.0.1:8080\n  tls:\n    server_name: ""\n    serverName: x\ntags:\n  kuma.io/service: backend\n');
  assert.deepEqual(kuma(both), []);
});

test('a tag that YAML makes a number is a decode error, in Go\'s words, and nothing is validated', () => {
  const ds = findings(es('networking:\n  address: ""\ntags:\n  version: 1\n'));
  assert.deepEqual(ds.map((d) => d.code).filter((c) => c !== 'KUMA_EXTERNAL_SERVICE_DEPRECATED'), ['KUMA_DECODE_ERROR']);
  assert.equal(ds[0].args.detail, 'json: cannot unmarshal number into Go value of type string');
  assert.equal(line(ds[0]), 7);
});

test('a port beyond uint32 is both unparsable and out of range (ParseUint returns its maximum)', () => {
  assert.deepEqual(kuma(es('networking:\n  address: example.com:99999999999\ntags:\n  kuma.io/service: backend\n')), [
    ['networking.address', 'unable to parse port in address'],
    ['networking.address', 'port must be in the range [1, 65535]'],
  ]);
});

test('tag keys are quoted as Go %q quotes them, and sorted by bytes', () => {
  const yaml = es('networking:\n  address: 192.168.0.1:8080\ntags:\n  kuma.io/service: backend\n  "b\\tkey": v\n  "a key": v\n');
  assert.deepEqual(kuma(yaml).map(([f]) => f), ['tags["a key"]', 'tags["b\\tkey"]']);
});

test('upper-case protocols, tls and mysql are accepted but not listed; https is rejected with a hint', () => {
  assert.ok(codes(es('networking:\n  address: a.b:1\ntags:\n  kuma.io/service: s\n  kuma.io/protocol: HTTP\n')).includes('KUMA_PROTOCOL_UNLISTED'));
  assert.ok(codes(es('networking:\n  address: a.b:1\ntags:\n  kuma.io/service: s\n  kuma.io/protocol: tls\n')).includes('KUMA_PROTOCOL_UNLISTED'));
  const https = findings(es('networking:\n  address: a.b:1\ntags:\n  kuma.io/service: s\n  kuma.io/protocol: https\n')).find((d) => d.code === 'KUMA_INVALID')!;
  assert.match(messageFor(https), /^Kuma rejects ExternalService "es-1": tags\["kuma\.io\/protocol"\]: tag "kuma\.io\/protocol" has an invalid value "https"\. Allowed values: grpc, http, http2, kafka, tcp\. The docs list https/);
});

test('Universal metadata is checked first, as kumactl apply does, and stops the rest', () => {
  const yaml = 'type: ExternalService\nmesh: default\nname: Bad_Name\nnetworking:\n  address: ""\n';
  assert.deepEqual(kuma(yaml), [['name', "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"]]);
  assert.equal(line(findings(yaml).find((d) => d.code === 'KUMA_INVALID')!), 3);
});

test('MeshExternalService: keys in any case, numbers into text fields, Kubernetes form with positions', () => {
  const yaml = [
    'apiVersion: kuma.io/v1alpha1', 'kind: MeshExternalService', 'metadata:', '  name: idp', '  namespace: kuma-system',
    'spec:', '  Match:', '    PORT: 0', '    protocol: tcp', '  endpoints:', '    - address: idp.example.com', '      port: 443',
    '  tls:', '    verification:', '      clientKey:', '        secret: 123', '',
  ].join('\n');
  const ds = findings(yaml);
  assert.deepEqual(ds.filter((d) => d.code === 'KUMA_INVALID').map((d) => [d.args.field, line(d)]), [
    ['spec.match.port', 8], ['spec.tls.verification.clientCert', 14],
  ]);
  assert.ok(!ds.some((d) => d.code === 'KUMA_UNKNOWN_FIELD'), 'Match and PORT bind as encoding/json binds them');
});

test('unknown fields: sni names serverName, a misspelling its field; yes for a boolean is a YAML 1.1 reading', () => {
  const ds = findings(es('networking:\n  adress: a.b:1\n  tls:\n    enabled: yes\n    sni: a.b\n    caCert:\n      secret: ca\ntags:\n  kuma.io/service: s\n'));
  const unknown = ds.filter((d) => d.code === 'KUMA_UNKNOWN_FIELD').map((d) => [d.args.key, d.args.suggestion, line(d)]);
  assert.deepEqual(unknown, [['adress', 'address', 5], ['sni', 'serverName', 8]]);
  assert.deepEqual(ds.filter((d) => d.code === 'KUMA_YAML11_VALUE').map((d) => [d.args.text, d.args.kuma]), [['yes', 'true']]);
});

test('several documents, a List, duplicate keys (the last wins), other kinds left alone', () => {
  const f = readKumaFile([
    es('networking:\n  address: a.b:1\ntags:\n  kuma.io/service: first\n  kuma.io/service: s\n'),
    '---', 'type: Mesh', 'name: default', '---',
    'apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: kuma.io/v1alpha1', '    kind: ExternalService', '    mesh: default', '    metadata:', '      name: k', '    spec:', '      tags:', '        kuma.io/service: k', '      networking:', '        address: k.example:443', '',
  ].join('\n'));
  assert.deepEqual(f.resources.map((r) => [r.kind, r.form, r.name]), [['ExternalService', 'universal', 'es-1'], ['ExternalService', 'kubernetes', 'k']]);
  assert.deepEqual(f.others.map((o) => o.kind), ['Mesh']);
  assert.deepEqual(f.resources.map((r) => r.violations), [[], []]);
});

test('HostnameGenerator templates, resource names and YAML text that every reader takes the same', () => {
  const r = { name: 'idp', mesh: 'default', labels: new Map([['extsvc.io/hostname', 'idp.internal']]) };
  assert.equal(evaluateTemplate('{{ label "extsvc.io/hostname" }}', r, ''), 'idp.internal');
  assert.equal(evaluateTemplate('{{ .DisplayName }}.extsvc.mesh.local', r, ''), 'idp.extsvc.mesh.local');
  assert.equal(evaluateTemplate('{{ .Unknown }}', r, ''), null);
  assert.equal(resourceName({ host: 'Proxy.Corp.example', port: 3128 }), 'proxy-corp-example-3128');
  assert.equal(resourceName({ host: '10.0.0.5', port: 6379 }), 'ip-10-0-0-5-6379');
  for (const v of ['yes', 'on', 'y', '0777', 'true', 'a:b', '123', '1_0', 'plain-text']) {
    const out = yamlString(v);
    assert.equal(out.startsWith('"') ? JSON.parse(out) : resolvePlain(out), v, v);
  }
  assert.equal(yamlString('idp.internal'), 'idp.internal');
});

test('CLI: lint of a YAML file; kuma check and egress usage errors are one line, exit 2', () => {
  const r = run(['lint', '--no-process-env', join(FIXTURES, 'rule-kuma-invalid', 'kuma.yaml'), '-f', 'json']);
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; line: number }[] }[] };
  assert.deepEqual(report.files[0].diagnostics.map((d) => [d.code, d.line]), [['KUMA_INVALID', 6], ['KUMA_EXTERNAL_SERVICE_DEPRECATED', 3]]);
  const dir = mkdtempSync(join(tmpdir(), 'extsvc-kuma-'));
  writeFileSync(join(dir, 'tyk.conf'), '{}');
  const missing = run(['kuma', 'check', '--no-process-env', '-c', join(dir, 'tyk.conf'), join(dir, 'nope.yaml')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^extsvc: .*nope\.yaml: no such file or directory\..*\n$/);
  const badApis = run(['egress', '--no-process-env', '-c', join(dir, 'tyk.conf'), '--apis', join(dir, 'none')]);
  assert.equal(badApis.status, 2);
  assert.equal(badApis.stderr.split('\n').length, 2);
  const gen = run(['kuma', 'generate', '--no-process-env', '-c', join(FIXTURES, 'kuma-mesh-http-proxy', 'tyk.conf'), '--apis', join(FIXTURES, 'kuma-mesh-http-proxy', 'apis')]);
  assert.equal(gen.status, 0);
  writeFileSync(join(dir, 'mesh.yaml'), gen.stdout);
  const check = run(['kuma', 'check', '--no-process-env', '-c', join(FIXTURES, 'kuma-mesh-http-proxy', 'tyk.conf'), '--apis', join(FIXTURES, 'kuma-mesh-http-proxy', 'apis'), join(dir, 'mesh.yaml')]);
  assert.deepEqual([check.status, check.stdout, check.stderr], [0, '', '']);
});

test('an alias bomb is refused as Kuma\'s parser refuses it, not expanded', () => {
  let y = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  let prev = 'a';
  for (let i = 0; i < 9; i++) {
    y += `l${i}: &l${i} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
    prev = `l${i}`;
  }
  assert.deepEqual(codes(y), ['KUMA_YAML_SYNTAX']);
});
