/** The junit and gitlab reporters, checked against their consumers' schema and documented shape. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { messageFor } from '../src/messages.js';
import { junit, xmlText } from '../src/report/junit.js';
import { gitlab, toCodeQuality, type CodeQualityIssue } from '../src/report/gitlab.js';
import { lint } from '../src/lint.js';
import type { Diagnostic, LintResult, Span } from '../src/types.js';
import { ROOT } from './support/paths.js';
import gitlabSchema from './schemas/gitlab-codequality.schema.json' with { type: 'json' };

const CWD = '/work/proj';
const CONF = '/work/proj/conf/tyk.conf';
const ENV_FILE = '/work/proj/tyk.env';
const PLAIN = { color: false, cwd: CWD };

function span(line: number, column: number, endLine: number, endColumn: number): Span {
  return { offset: 0, length: 0, line, column, endLine, endColumn };
}

const typeMismatch: Diagnostic = {
  code: 'TYPE_MISMATCH', severity: 'error', args: { key: 'enabled', expected: 'boolean', actual: 'string' },
  path: ['external_services', 'proxy', 'global', 'enabled'], location: { kind: 'file', file: CONF, span: span(3, 7, 3, 14) },
};
const nullValue: Diagnostic = {
  code: 'NULL_VALUE', severity: 'info', args: { key: 'bypass_proxy' },
  path: ['external_services', 'health', 'proxy', 'bypass_proxy'], location: { kind: 'file', file: CONF, span: span(20, 23, 21, 2) },
};
// A message with every character XML must escape or cannot hold.
const odd: Diagnostic = {
  code: 'UNKNOWN_KEY', severity: 'warning', args: { key: 'a<b>&"c\'\u0001\uD800', known: [] },
  path: ['external_services', 'a<b>'], location: { kind: 'file', file: CONF, span: span(5, 1, 5, 4) },
};
const badBool: Diagnostic = {
  code: 'ENV_BAD_BOOL', severity: 'error', args: { name: 'TYK_GW_EXTERNALSERVICES_PROXY_GLOBAL_ENABLED', value: 'yes' },
  path: ['external_services', 'proxy', 'global', 'enabled'],
  location: { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_PROXY_GLOBAL_ENABLED', file: ENV_FILE, span: span(2, 45, 2, 48) },
};
const unknownName: Diagnostic = {
  code: 'ENV_UNKNOWN_NAME', severity: 'warning', args: { name: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY', suggestion: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXY' },
  path: [], location: { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY' },
};

const RESULT: LintResult = {
  files: [
    { file: CONF, diagnostics: [typeMismatch, odd, nullValue] },
    { file: '/work/proj/clean.conf', diagnostics: [] },
    { file: ENV_FILE, source: 'env-file', diagnostics: [badBool] },
    { file: '(process environment)', source: 'process-env', diagnostics: [unknownName] },
  ],
  summary: { errors: 2, warnings: 2, infos: 1 },
};

const xsd = XsdValidator.fromDoc(XmlDocument.fromString(readFileSync(join(ROOT, 'test', 'schemas', 'jenkins-junit.xsd'), 'utf8')));

function validJunit(xml: string): true | string {
  const doc = XmlDocument.fromString(xml);
  try {
    xsd.validate(doc);
    return true;
  } catch (e) {
    return (e as Error).message;
  } finally {
    doc.dispose();
  }
}

describe('junit', () => {
  const xml = junit(RESULT, PLAIN);

  it('validates against the Jenkins JUnit schema', () => {
    assert.equal(validJunit(xml), true);
    assert.equal(validJunit(junit({ files: [], summary: { errors: 0, warnings: 0, infos: 0 } }, PLAIN)), true);
  });

  it('the schema check is not vacuous', () => {
    assert.notEqual(validJunit(xml.replace('<testsuite name=', '<testsuite nom=')), true);
    assert.notEqual(validJunit(xml.replace('<failure ', '<oops ').replace('</failure>', '</oops>')), true);
  });

  it('one suite per entry, one case per finding; errors and warnings fail, infos pass', () => {
    const doc = XmlDocument.fromString(xml);
    try {
      const suites = doc.find('/testsuites/testsuite');
      assert.deepEqual(suites.map((s) => (s as unknown as { attr(n: string): { value: string } | null }).attr('name')?.value), [
        'conf/tyk.conf', 'clean.conf', 'tyk.env', '(process environment)',
      ]);
      assert.equal(doc.find('//testcase').length, 6);
      assert.equal(doc.find('//failure').length, 4);
      assert.equal(doc.find('//failure[@type="error"]').length, 2);
      assert.equal(doc.find('//failure[@type="warning"]').length, 2);
      assert.equal(doc.find('/testsuites[@tests="6" and @failures="4"]').length, 1);
      assert.equal(doc.find('//testsuite[@name="clean.conf"]/testcase[@name="no findings" and not(failure)]').length, 1);
      assert.equal(doc.find('//testcase[@name="NULL_VALUE conf/tyk.conf:20:23"]/system-out').length, 1);
      assert.equal(doc.find('//testcase[@name="ENV_BAD_BOOL tyk.env:2:45"]/failure').length, 1);
      const m = doc.get('//testcase[@name="TYPE_MISMATCH conf/tyk.conf:3:7"]/failure/@message');
      assert.equal((m as unknown as { value: string }).value, messageFor(typeMismatch));
    } finally {
      doc.dispose();
    }
  });

  it('escapes markup and drops what XML cannot hold', () => {
    assert.equal(xmlText('a<b>&"c\'\u0001\uD800x\u{1F600}\n'), 'a&lt;b&gt;&amp;&quot;c&apos;\uFFFD\uFFFDx\u{1F600}&#10;');
    assert.ok(xml.includes(xmlText(messageFor(odd))));
    assert.doesNotMatch(xml, /\u0001/);
  });

  it('is deterministic', () => {
    assert.equal(junit(RESULT, PLAIN), xml);
  });
});

describe('gitlab', () => {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  const validate = ajv.compile(gitlabSchema);
  const out = gitlab(RESULT, PLAIN);
  const issues = JSON.parse(out) as CodeQualityIssue[];

  it('follows GitLab\'s documented Code Quality shape', () => {
    assert.equal(validate(issues), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate(JSON.parse(gitlab({ files: [], summary: { errors: 0, warnings: 0, infos: 0 } }, PLAIN))), true);
  });

  it('the shape check is not vacuous', () => {
    for (const broken of [
      issues.map((i, n) => (n === 0 ? { ...i, severity: 'error' } : i)),
      issues.map((i, n) => (n === 0 ? { ...i, location: { path: i.location.path } } : i)),
      issues.map((i, n) => (n === 0 ? { ...i, location: { ...i.location, path: '/abs/tyk.conf' } } : i)),
      issues.map(({ fingerprint: _, ...rest }) => rest),
    ]) assert.equal(validate(broken), false);
  });

  it('maps each finding: check, severity, path relative to the project, lines', () => {
    assert.deepEqual(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.location.lines.end]), [
      ['TYPE_MISMATCH', 'major', 'conf/tyk.conf', 3, 3],
      ['UNKNOWN_KEY', 'minor', 'conf/tyk.conf', 5, 5],
      ['NULL_VALUE', 'info', 'conf/tyk.conf', 20, 21],
      ['ENV_BAD_BOOL', 'major', 'tyk.env', 2, 2],
      // The process environment has no file: shown at the first config file's first line.
      ['ENV_UNKNOWN_NAME', 'minor', 'conf/tyk.conf', 1, 1],
    ]);
    assert.equal(issues[0].description, messageFor(typeMismatch));
    assert.match(issues[4].description, /TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_HTTPPROXYY/);
  });

  it('fingerprints are unique in the report, even for a file named twice, and stable', () => {
    const twice = lint([
      { file: '/work/proj/a.conf', bytes: new TextEncoder().encode('{\n  // one\n  // two\n}\n') },
      { file: '/work/proj/a.conf', bytes: new TextEncoder().encode('{\n  // one\n  // two\n}\n') },
    ], new Map());
    const prints = toCodeQuality(twice, PLAIN).map((i) => i.fingerprint);
    assert.equal(prints.length, 4);
    assert.equal(new Set(prints).size, 4);
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    assert.equal(gitlab(RESULT, PLAIN), out);
  });
});
