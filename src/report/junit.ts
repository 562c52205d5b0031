import { messageFor } from '../messages.js';
import type { Diagnostic, FileResult, LintResult } from '../types.js';
import type { ReportOptions } from './index.js';
import { displayPath, place } from './json.js';

/**
 * Text as XML 1.0 character data or an attribute value: markup escaped, and the characters XML
 * cannot hold at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD.
 */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

function entryName(f: FileResult, cwd: string): string {
  return f.source === 'process-env' ? f.file : displayPath(f.file, cwd);
}

function where(d: Diagnostic, cwd: string): string {
  const p = place(d);
  const file = p.file === null ? (p.env ?? '') : displayPath(p.file, cwd);
  return p.span === null ? file : `${file}:${p.span.line}:${p.span.column}`;
}

/**
 * One test case per finding, named by its code and place: errors and warnings are failures (their
 * type is the severity), infos pass with the message as output. A file without findings is one
 * passing case, so that test reporters list every file that was checked.
 */
function testcase(d: Diagnostic, f: FileResult, cwd: string): string {
  const classname = xmlText(entryName(f, cwd));
  const at = where(d, cwd);
  const name = xmlText(`${d.code} ${at}`);
  const message = messageFor(d);
  if (d.severity === 'info') {
    return `    <testcase classname="${classname}" name="${name}" time="0">\n      <system-out>${xmlText(`info ${d.code} ${at}: ${message}`)}</system-out>\n    </testcase>\n`;
  }
  return `    <testcase classname="${classname}" name="${name}" time="0">\n      <failure type="${d.severity}" message="${xmlText(message)}">${xmlText(`${d.severity} ${d.code} ${at}: ${message}`)}</failure>\n    </testcase>\n`;
}

/** JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one test suite per file. */
export function junit(result: LintResult, opts: ReportOptions): string {
  let suites = '';
  let tests = 0;
  let failures = 0;
  for (const f of result.files) {
    const name = xmlText(entryName(f, opts.cwd));
    const failed = f.diagnostics.filter((d) => d.severity !== 'info').length;
    const cases = f.diagnostics.length === 0
      ? `    <testcase classname="${name}" name="no findings" time="0"/>\n`
      : f.diagnostics.map((d) => testcase(d, f, opts.cwd)).join('');
    const count = Math.max(f.diagnostics.length, 1);
    tests += count;
    failures += failed;
    suites += `  <testsuite name="${name}" tests="${count}" failures="${failed}" errors="0" skipped="0" time="0">\n${cases}  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="extsvc" tests="${tests}" failures="${failures}" errors="0" time="0">\n${suites}</testsuites>\n`;
}
