import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { messageFor } from '../src/messages.js';
import { helpUri, RULE_DOCS } from '../src/catalog.js';
import { CODES, type Diagnostic, type LintResult, type Span } from '../src/types.js';
import { FORMATS, isFormat, report } from '../src/report/index.js';
import { stylish } from '../src/report/stylish.js';
import { json } from '../src/report/json.js';
import { sarif } from '../src/report/sarif.js';
import { github } from '../src/report/github.js';
import { junit } from '../src/report/junit.js';
import { gitlab } from '../src/report/gitlab.js';
import { displayPath } from '../src/report/json.js';
import { escapeData, escapeProperty } from '../src/report/github.js';
import { fingerprint, SECURITY } from '../src/report/sarif.js';
import { parseRuleDocs, ruleHelp } from '../src/report/rule-help.js';
import { DOCS_BASE } from '../src/catalog.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/paths.js';
import sarifSchema from './schemas/sarif-2.1.0.json' with { type: 'json' };

const CWD = '/work/proj';
const CONF = '/work/proj/conf/tyk.conf';
const ENV_FILE = '/work/proj/tyk.env';
// Outside cwd, with the characters GitHub's property escaping must handle.
const ODD = '/etc/tyk/odd,name:1.conf';

function span(line: number, column: number, endLine: number, endColumn: number): Span {
  return { offset: 0, length: 0, line, column, endLine, endColumn };
}

const typeMismatch: Diagnostic = {
  code: 'TYPE_MISMATCH',
  severity: 'error',
  args: { key: 'enabled', expected: 'boolean', actual: 'string' },
  path: ['external_services', 'proxy', 'global', 'enabled'],
  location: { kind: 'file', file: CONF, span: span(3, 7, 3, 14) },
};
const duplicateKey: Diagnostic = {
  code: 'DUPLICATE_KEY',
  severity: 'warning',
  args: { key: 'oauth' },
  path: ['external_services', 'oauth'],
  location: { kind: 'file', file: CONF, span: span(12, 5, 15, 6) },
};
const nullValue: Diagnostic = {
  code: 'NULL_VALUE',
  severity: 'info',
  args: { key: 'bypass_proxy' },
  path: ['external_services', 'health', 'proxy', 'bypass_proxy'],
  location: { kind: 'file', file: CONF, span: span(20, 23, 20, 27) },
};
const badBool: Diagnostic = {
  code: 'ENV_BAD_BOOL',
  severity: 'error',
  args: { name: 'TYK_GW_EXTERNALSERVICES_PROXY_GLOBAL_ENABLED', value: 'yes' },
  path: ['external_services', 'proxy', 'global', 'enabled'],
  location: { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_PROXY_GLOBAL_ENABLED', file: ENV_FILE, span: span(2, 45, 2, 48) },
};
const unknownName: Diagnostic = {
  code: 'ENV_UNKNOWN_NAME',
  severity: 'warning',
  args: { name: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY', suggestion: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXY' },
  path: [],
  location: { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY' },
};
const overrides: Diagnostic = {
  code: 'ENV_OVERRIDES_FILE',
  severity: 'info',
  args: { name: 'TYK_GW_EXTERNALSERVICES_STORAGE_PROXY_HTTPPROXY', file: 'http://a:3128', env: 'http://b:3128' },
  path: ['external_services', 'storage', 'proxy', 'http_proxy'],
  location: { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_STORAGE_PROXY_HTTPPROXY' },
};
const legacy: Diagnostic = {
  code: 'LEGACY_PROXY_KEY',
  severity: 'warning',
  args: { key: 'http_proxy' },
  path: ['http_proxy'],
  location: { kind: 'file', file: ODD, span: span(1, 3, 1, 15) },
};

const RESULT: LintResult = {
  files: [
    { file: CONF, diagnostics: [typeMismatch, duplicateKey, nullValue, badBool, unknownName, overrides] },
    { file: ODD, diagnostics: [legacy] },
    { file: 'clean.conf', diagnostics: [] },
  ],
  summary: { errors: 2, warnings: 3, infos: 2 },
};

const EMPTY: LintResult = { files: [{ file: 'clean.conf', diagnostics: [] }], summary: { errors: 0, warnings: 0, infos: 0 } };

const PLAIN = { color: false, cwd: CWD };
const ANSI = /\u001b\[[0-9;]*m/g;

const m = messageFor;

describe('displayPath', () => {
  it('prints paths inside cwd relative to it and others as named', () => {
    assert.equal(displayPath('/work/proj/conf/tyk.conf', CWD), 'conf/tyk.conf');
    assert.equal(displayPath('./tyk.conf', CWD), 'tyk.conf');
    assert.equal(displayPath('tyk.conf', CWD), 'tyk.conf');
    assert.equal(displayPath('../elsewhere/tyk.conf', CWD), '../elsewhere/tyk.conf');
    assert.equal(displayPath('/work/project2/tyk.conf', CWD), '/work/project2/tyk.conf');
    assert.equal(displayPath('/work/proj/..foo/tyk.conf', CWD), '..foo/tyk.conf');
  });
});

describe('stylish', async () => {
  it('prints a header per file with findings, aligned rows and a summary', async () => {
    const expected = [
      '',
      'conf/tyk.conf',
      `  3:7        error    TYPE_MISMATCH       ${m(typeMismatch)}`,
      `  12:5       warning  DUPLICATE_KEY       ${m(duplicateKey)}`,
      `  20:23      info     NULL_VALUE          ${m(nullValue)}`,
      `  tyk.env:2  error    ENV_BAD_BOOL        ${m(badBool)}`,
      `  env        warning  ENV_UNKNOWN_NAME    ${m(unknownName)}`,
      `  env        info     ENV_OVERRIDES_FILE  ${m(overrides)}`,
      '',
      '/etc/tyk/odd,name:1.conf',
      `  1:3  warning  LEGACY_PROXY_KEY  ${m(legacy)}`,
      '',
      '✖ 7 problems (2 errors, 3 warnings, 2 infos)',
      '',
    ].join('\n');
    assert.equal(await stylish(RESULT, PLAIN), expected);
  });

  it('is an empty string when there are no findings', async () => {
    assert.equal(await stylish(EMPTY, PLAIN), '');
    assert.equal(await stylish(EMPTY, { color: true, cwd: CWD }), '');
  });

  it('uses singular words for counts of one', async () => {
    const one: LintResult = { files: [{ file: CONF, diagnostics: [typeMismatch] }], summary: { errors: 1, warnings: 0, infos: 0 } };
    assert.equal((await stylish(one, PLAIN)).trimEnd().split('\n').at(-1), '✖ 1 problem (1 error, 0 warnings, 0 infos)');
  });

  it('colours only when asked, without changing the text or its alignment', async () => {
    const plain = await stylish(RESULT, PLAIN);
    const coloured = await stylish(RESULT, { color: true, cwd: CWD });
    assert.doesNotMatch(plain, ANSI);
    assert.match(coloured, ANSI);
    assert.equal(coloured.replace(ANSI, ''), plain);
    assert.ok(coloured.includes('\u001b[4mconf/tyk.conf\u001b[24m'), 'header underlined');
    assert.ok(coloured.includes('\u001b[31merror\u001b[39m'), 'error in red');
    assert.ok(coloured.includes('\u001b[33mwarning\u001b[39m'), 'warning in yellow');
    assert.ok(coloured.includes('\u001b[34minfo\u001b[39m'), 'info in blue');
    assert.ok(coloured.includes('\u001b[1m\u001b[31m✖ 7 problems'), 'summary bold red when there are errors');
  });
});

describe('json', () => {
  it('follows the contract exactly', () => {
    const out = json(RESULT, PLAIN);
    assert.ok(out.endsWith('}\n'));
    const parsed: unknown = JSON.parse(out);
    assert.equal(out, `${JSON.stringify(parsed, null, 2)}\n`, 'pretty-printed with 2 spaces');
    const at = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });
    const none = { line: null, column: null, endLine: null, endColumn: null };
    assert.deepEqual(parsed, {
      files: [
        {
          file: 'conf/tyk.conf',
          diagnostics: [
            { code: 'TYPE_MISMATCH', severity: 'error', message: m(typeMismatch), path: typeMismatch.path, ...at(3, 7, 3, 14) },
            { code: 'DUPLICATE_KEY', severity: 'warning', message: m(duplicateKey), path: duplicateKey.path, ...at(12, 5, 15, 6) },
            { code: 'NULL_VALUE', severity: 'info', message: m(nullValue), path: nullValue.path, ...at(20, 23, 20, 27) },
            {
              code: 'ENV_BAD_BOOL', severity: 'error', message: m(badBool), path: badBool.path, ...at(2, 45, 2, 48),
              env: 'TYK_GW_EXTERNALSERVICES_PROXY_GLOBAL_ENABLED', envFile: 'tyk.env',
            },
            { code: 'ENV_UNKNOWN_NAME', severity: 'warning', message: m(unknownName), path: [], ...none, env: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY' },
            { code: 'ENV_OVERRIDES_FILE', severity: 'info', message: m(overrides), path: overrides.path, ...none, env: 'TYK_GW_EXTERNALSERVICES_STORAGE_PROXY_HTTPPROXY' },
          ],
        },
        { file: '/etc/tyk/odd,name:1.conf', diagnostics: [{ code: 'LEGACY_PROXY_KEY', severity: 'warning', message: m(legacy), path: ['http_proxy'], ...at(1, 3, 1, 15) }] },
        { file: 'clean.conf', diagnostics: [] },
      ],
      summary: { errors: 2, warnings: 3, infos: 2 },
    });
  });

  it('writes keys in a fixed order', () => {
    const parsed = JSON.parse(json(RESULT, PLAIN)) as { files: { diagnostics: Record<string, unknown>[] }[]; summary: object };
    assert.deepEqual(Object.keys(parsed), ['files', 'summary']);
    assert.deepEqual(Object.keys(parsed.summary), ['errors', 'warnings', 'infos']);
    assert.deepEqual(Object.keys(parsed.files[0].diagnostics[3]), [
      'code', 'severity', 'message', 'path', 'line', 'column', 'endLine', 'endColumn', 'env', 'envFile',
    ]);
    assert.deepEqual(Object.keys(parsed.files[0].diagnostics[0]), ['code', 'severity', 'message', 'path', 'line', 'column', 'endLine', 'endColumn']);
  });

  it('never colours and lists files without findings', () => {
    assert.equal(json(RESULT, { color: true, cwd: CWD }), json(RESULT, PLAIN));
    assert.equal(json(EMPTY, PLAIN), '{\n  "files": [\n    {\n      "file": "clean.conf",\n      "diagnostics": []\n    }\n  ],\n  "summary": {\n    "errors": 0,\n    "warnings": 0,\n    "infos": 0\n  }\n}\n');
  });
});

interface SarifRuleShape {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity'?: string };
}

interface SarifLogShape {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; informationUri: string; version?: string; rules: SarifRuleShape[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: Record<string, unknown>[];
  }[];
}

function sarifValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  return ajv.compile(sarifSchema);
}

describe('sarif', () => {
  const validate = sarifValidator();
  const out = sarif(RESULT, { ...PLAIN, toolVersion: '1.2.3' });
  const log = JSON.parse(out) as SarifLogShape;

  it('validates against the SARIF 2.1.0 schema', () => {
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate(JSON.parse(sarif(EMPTY, PLAIN))), true, JSON.stringify(validate.errors, null, 2));
    // The SDK's copy of the schema dropped OASIS's "a region has a startLine" rule; check it here.
    const regions = log.runs[0].results.flatMap((r) =>
      (r.locations as { physicalLocation?: { region?: { startLine?: unknown } } }[]).flatMap((l) => l.physicalLocation?.region ?? []),
    );
    assert.equal(regions.length, 7, 'every result has a region, process-environment ones included');
    for (const region of regions) assert.equal(typeof region.startLine, 'number');
  });

  it('the schema check is not vacuous', () => {
    const broken = JSON.parse(out) as SarifLogShape;
    broken.runs[0].results[0].level = 'info';
    assert.equal(validate(broken), false);
    const noVersion = JSON.parse(out) as Record<string, unknown>;
    delete noVersion.version;
    assert.equal(validate(noVersion), false);
  });

  it('describes the tool and every rule of the catalogue', () => {
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'extsvc');
    assert.equal(driver.version, '1.2.3');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((r) => r.id), [...CODES]);
    assert.deepEqual(driver.rules.map((r) => r.id).sort(), Object.keys(RULE_DOCS).sort());
    const nullRule = driver.rules[CODES.indexOf('NULL_VALUE')];
    const nullHelp = ruleHelp().NULL_VALUE;
    assert.ok(nullHelp !== undefined);
    // Issue 13: fullDescription and help from docs/rules.md, tags for every rule.
    assert.deepEqual(nullRule, {
      id: 'NULL_VALUE',
      shortDescription: { text: RULE_DOCS.NULL_VALUE.title },
      fullDescription: { text: nullHelp.summary },
      help: { text: nullHelp.text, markdown: nullHelp.markdown },
      helpUri: helpUri('NULL_VALUE'),
      defaultConfiguration: { level: 'note' },
      properties: { tags: ['file'] },
    });
    assert.equal(driver.rules[CODES.indexOf('JSON_SYNTAX')].defaultConfiguration.level, 'error');
    assert.equal(driver.rules[CODES.indexOf('DUPLICATE_KEY')].defaultConfiguration.level, 'warning');
    assert.equal(JSON.parse(sarif(RESULT, PLAIN)).runs[0].tool.driver.version, undefined);
  });

  it('explains every rule from its section of docs/rules.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
    assert.deepEqual(ruleHelp(), parseRuleDocs(docs, DOCS_BASE), 'the build-time table is docs/rules.md as it is now');
    for (const r of log.runs[0].tool.driver.rules) {
      const section = docs.split(`\n### ${r.id}\n`)[1]?.split(/\n#{2,3} /)[0]?.trim();
      assert.ok(section !== undefined && section.length > 0, `${r.id}: a section in docs/rules.md`);
      assert.equal(r.help.markdown, section.replace(/\]\(#/g, `](${DOCS_BASE}#`), r.id);
      assert.ok(r.fullDescription.text.length > 20 && !r.fullDescription.text.startsWith('Default:'), r.id);
      assert.doesNotMatch(r.fullDescription.text, /\n|\*\*\w[^*]*\*\*|`/, `${r.id}: plain text`);
      assert.doesNotMatch(r.help.text, /\*\*\w[^*]*\*\*|```/, `${r.id}: plain text`);
      assert.doesNotMatch(r.help.markdown, /\]\(#/, `${r.id}: links absolute`);
    }
    const bypass = log.runs[0].tool.driver.rules[CODES.indexOf('BYPASS_NEVER_MATCHES')];
    assert.match(bypass.help.markdown, /```json\n"global": \{/);
    assert.match(bypass.fullDescription.text, /^The gateway's bypass_proxy is not NO_PROXY\./);
  });

  it('scores and tags the security findings for code scanning', () => {
    const rules = log.runs[0].tool.driver.rules;
    const secure = rules.filter((r) => r.properties['security-severity'] !== undefined).map((r) => r.id).sort();
    assert.deepEqual(secure, Object.keys(SECURITY).sort());
    for (const code of ['INSECURE_SKIP_VERIFY', 'LEGACY_JWT_SKIP_VERIFY', 'PROXY_URL_CREDENTIALS', 'TLS_VERSION_IGNORED']) assert.ok(secure.includes(code), code);
    for (const r of rules) {
      const score = r.properties['security-severity'];
      assert.equal(r.properties.tags[0], RULE_DOCS[r.id as keyof typeof RULE_DOCS].group);
      if (score === undefined) {
        assert.ok(!r.properties.tags.includes('security'), r.id);
        continue;
      }
      assert.match(score, /^\d+\.\d$/);
      assert.ok(Number(score) > 0 && Number(score) <= 10, r.id);
      assert.ok(r.properties.tags.includes('security'), r.id);
      assert.ok(r.properties.tags.some((t) => /^external\/cwe\/cwe-\d+$/.test(t)), r.id);
    }
    const skip = rules[CODES.indexOf('INSECURE_SKIP_VERIFY')];
    assert.ok(Number(skip.properties['security-severity']) >= 7, 'skipping verification is high');
    assert.ok(skip.properties.tags.includes('tls'));
    assert.ok(rules[CODES.indexOf('PROXY_URL_CREDENTIALS')].properties.tags.includes('credentials'));
  });

  it('maps file, env-file and process-environment findings', () => {
    const run = log.runs[0];
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/proj/' } });
    assert.equal(run.results.length, 7);
    const [r0, r1, r2, r3, r4, r5, r6] = run.results;
    assert.deepEqual(r0, {
      ruleId: 'TYPE_MISMATCH',
      ruleIndex: CODES.indexOf('TYPE_MISMATCH'),
      level: 'error',
      message: { text: m(typeMismatch) },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: 'conf/tyk.conf', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 14 },
        },
      }],
      partialFingerprints: { 'extsvcFinding/v1': fingerprint(typeMismatch) },
      properties: { path: ['external_services', 'proxy', 'global', 'enabled'] },
    });
    assert.equal(r1.level, 'warning');
    assert.equal(r2.level, 'note');
    assert.deepEqual(r3.locations, [{
      physicalLocation: {
        artifactLocation: { uri: 'tyk.env', uriBaseId: '%SRCROOT%' },
        region: { startLine: 2, startColumn: 45, endLine: 2, endColumn: 48 },
      },
      logicalLocations: [{ name: 'TYK_GW_EXTERNALSERVICES_PROXY_GLOBAL_ENABLED', kind: 'variable' }],
    }]);
    assert.deepEqual(r4, {
      ruleId: 'ENV_UNKNOWN_NAME',
      ruleIndex: CODES.indexOf('ENV_UNKNOWN_NAME'),
      level: 'warning',
      message: { text: m(unknownName) },
      // Issue 13: code scanning needs a file; the process environment's findings are shown at
      // the first line of the config file they apply to.
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: 'conf/tyk.conf', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        },
        logicalLocations: [{ name: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY', kind: 'variable' }],
      }],
      partialFingerprints: { 'extsvcFinding/v1': fingerprint(unknownName) },
      properties: { path: [] },
    });
    assert.equal(r5.level, 'note');
    assert.deepEqual(r6.locations, [{
      physicalLocation: {
        artifactLocation: { uri: 'file:///etc/tyk/odd,name:1.conf' },
        region: { startLine: 1, startColumn: 3, endLine: 1, endColumn: 15 },
      },
    }]);
  });

  it('gives process-environment findings a file: the first config file, else an env file', () => {
    const procEnv = { file: '(process environment)', source: 'process-env' as const, diagnostics: [unknownName] };
    const envFile = { file: ENV_FILE, source: 'env-file' as const, diagnostics: [badBool] };
    const uriOf = (r: LintResult) => (JSON.parse(sarif(r, PLAIN)) as SarifLogShape).runs[0].results.map((x) =>
      (x.locations as { physicalLocation?: { artifactLocation: { uri: string } } }[])[0].physicalLocation?.artifactLocation.uri);
    const summary = { errors: 1, warnings: 1, infos: 0 };
    assert.deepEqual(uriOf({ files: [{ file: CONF, diagnostics: [] }, { file: '/work/proj/b.conf', diagnostics: [] }, envFile, procEnv], summary }), ['tyk.env', 'conf/tyk.conf']);
    assert.deepEqual(uriOf({ files: [envFile, procEnv], summary }), ['tyk.env', 'tyk.env']);
    const alone = JSON.parse(sarif({ files: [procEnv], summary: { errors: 0, warnings: 1, infos: 0 } }, PLAIN)) as SarifLogShape;
    assert.equal(validate(alone), true, JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(alone.runs[0].results[0].locations, [{ logicalLocations: [{ name: unknownName.location.kind === 'env' ? unknownName.location.name : '', kind: 'variable' }] }]);
  });

  it('percent-encodes relative artifact URIs', () => {
    const spaced: LintResult = {
      files: [{ file: '/work/proj/my conf/tyk#1.conf', diagnostics: [{ ...typeMismatch, location: { kind: 'file', file: '/work/proj/my conf/tyk#1.conf', span: span(1, 1, 1, 2) } }] }],
      summary: { errors: 1, warnings: 0, infos: 0 },
    };
    const parsed = JSON.parse(sarif(spaced, PLAIN)) as SarifLogShape;
    assert.equal(validate(parsed), true, JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(parsed.runs[0].results[0].locations, [{
      physicalLocation: {
        artifactLocation: { uri: 'my%20conf/tyk%231.conf', uriBaseId: '%SRCROOT%' },
        region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      },
    }]);
  });

  it('fingerprints by code, JSON path and variable, not by position', () => {
    const moved: Diagnostic = { ...typeMismatch, location: { kind: 'file', file: CONF, span: span(30, 1, 30, 9) } };
    assert.equal(fingerprint(moved), fingerprint(typeMismatch));
    assert.match(fingerprint(typeMismatch), /^[0-9a-f]{64}$/);
    assert.notEqual(fingerprint({ ...typeMismatch, code: 'NULL_VALUE' }), fingerprint(typeMismatch));
    assert.notEqual(fingerprint({ ...typeMismatch, path: ['external_services'] }), fingerprint(typeMismatch));
    assert.notEqual(
      fingerprint({ ...unknownName, location: { kind: 'env', name: 'TYK_GW_OTHER' } }),
      fingerprint(unknownName),
    );
    const prints = log.runs[0].results.map((r) => JSON.stringify(r.partialFingerprints));
    assert.equal(new Set(prints).size, prints.length);
  });

  it('is deterministic and never coloured', () => {
    assert.equal(sarif(RESULT, { ...PLAIN, toolVersion: '1.2.3' }), out);
    assert.equal(sarif(RESULT, { color: true, cwd: CWD, toolVersion: '1.2.3' }), out);
    assert.doesNotMatch(out, ANSI);
    assert.ok(out.endsWith('}\n'));
  });
});

describe('github', () => {
  it('writes one workflow command per finding', () => {
    const e = escapeData;
    const expected = [
      `::error file=conf/tyk.conf,line=3,col=7,endLine=3,endColumn=14,title=TYPE_MISMATCH::${e(m(typeMismatch))}`,
      `::warning file=conf/tyk.conf,line=12,endLine=15,title=DUPLICATE_KEY::${e(m(duplicateKey))}`,
      `::notice file=conf/tyk.conf,line=20,col=23,endLine=20,endColumn=27,title=NULL_VALUE::${e(m(nullValue))}`,
      `::error file=tyk.env,line=2,col=45,endLine=2,endColumn=48,title=ENV_BAD_BOOL::${e(m(badBool))}`,
      `::warning title=ENV_UNKNOWN_NAME::TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY: ${e(m(unknownName))}`,
      `::notice title=ENV_OVERRIDES_FILE::TYK_GW_EXTERNALSERVICES_STORAGE_PROXY_HTTPPROXY: ${e(m(overrides))}`,
      `::warning file=/etc/tyk/odd%2Cname%3A1.conf,line=1,col=3,endLine=1,endColumn=15,title=LEGACY_PROXY_KEY::${e(m(legacy))}`,
      '',
    ].join('\n');
    assert.equal(github(RESULT, PLAIN), expected);
  });

  it('escapes data and properties as GitHub does', () => {
    assert.equal(escapeData('50% off\r\nnext: a,b'), '50%25 off%0D%0Anext: a,b');
    assert.equal(escapeProperty('50% off\r\nnext: a,b'), '50%25 off%0D%0Anext%3A a%2Cb');
    // '%' goes first, so an input that looks escaped stays literal.
    assert.equal(escapeData('%0A'), '%250A');
    assert.equal(escapeProperty('%3A'), '%253A');
  });

  it('prints nothing without findings and never colours', () => {
    assert.equal(github(EMPTY, PLAIN), '');
    assert.equal(github(RESULT, { color: true, cwd: CWD }), github(RESULT, PLAIN));
    assert.doesNotMatch(github(RESULT, { color: true, cwd: CWD }), ANSI);
  });
});

describe('report', () => {
  it('lists the formats and dispatches to each reporter', async () => {
    assert.deepEqual([...FORMATS], ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab']);
    assert.equal(isFormat('sarif'), true);
    assert.equal(isFormat('junit'), true);
    assert.equal(isFormat('xml'), false);
    const opts = { ...PLAIN, toolVersion: '9.9.9' };
    assert.equal(await report('stylish', RESULT, opts), await stylish(RESULT, opts));
    assert.equal(await report('json', RESULT, opts), json(RESULT, opts));
    assert.equal(await report('sarif', RESULT, opts), sarif(RESULT, opts));
    assert.equal(await report('github', RESULT, opts), github(RESULT, opts));
    assert.equal(await report('junit', RESULT, opts), junit(RESULT, opts));
    assert.equal(await report('gitlab', RESULT, opts), gitlab(RESULT, opts));
    const outputs = new Set(await Promise.all(FORMATS.map((f) => report(f, RESULT, opts))));
    assert.equal(outputs.size, FORMATS.length);
  });
});
