/** gatherEnvironment: environment findings once per run, filed under the env file or the process environment. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatherEnvironment, lint, PROCESS_ENV_ENTRY } from '../src/lint.js';
import type { EnvEntry } from '../src/env/input.js';
import type { Diagnostic, Span } from '../src/types.js';

const at = (line: number): Span => ({ offset: 0, length: 1, line, column: 1, endLine: line, endColumn: 2 });
const fileFinding = (file: string): Diagnostic => ({ code: 'NULL_VALUE', severity: 'info', args: { key: 'x' }, path: ['x'], location: { kind: 'file', file, span: at(2) } });
const envFileFinding = (file: string, line: number): Diagnostic => ({
  code: 'ENV_BAD_BOOL', severity: 'error', args: { name: `V${line}`, value: 'yes' }, path: [], location: { kind: 'env', name: `V${line}`, file, span: at(line) },
});
const overrides = (fileValue: string): Diagnostic => ({
  code: 'ENV_OVERRIDES_FILE', severity: 'info', args: { name: 'P', file: fileValue, env: 'http://e:1' }, path: ['p'], location: { kind: 'env', name: 'P' },
});

describe('gatherEnvironment', () => {
  it('keeps config findings in place and files each env finding once, env files first, process environment last', () => {
    const out = gatherEnvironment([
      { file: 'a.conf', diagnostics: [fileFinding('a.conf'), envFileFinding('z.env', 3), envFileFinding('b.env', 1), overrides('http://a:1')] },
      { file: 'b.conf', diagnostics: [envFileFinding('z.env', 3), envFileFinding('b.env', 1), overrides('http://a:1'), fileFinding('b.conf')] },
    ]);
    assert.deepEqual(out.map((f) => [f.file, f.source, f.diagnostics.length]), [
      ['a.conf', undefined, 1], ['b.conf', undefined, 1], ['b.env', 'env-file', 1], ['z.env', 'env-file', 1], [PROCESS_ENV_ENTRY, 'process-env', 1],
    ]);
  });

  it('keeps findings that differ by what the file held (each file\'s value overridden)', () => {
    const out = gatherEnvironment([
      { file: 'a.conf', diagnostics: [overrides('http://a:1')] },
      { file: 'b.conf', diagnostics: [overrides('http://b:1')] },
    ]);
    assert.deepEqual(out.at(-1)?.diagnostics.map((d) => d.args.file), ['http://a:1', 'http://b:1']);
  });

  it('lint() over three files counts an env error once', () => {
    const bytes = new TextEncoder().encode('{"external_services": {}}\n');
    const env = new Map<string, EnvEntry>([['TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED', { name: 'TYK_GW_EXTERNALSERVICES_OAUTH_PROXY_ENABLED', value: 'yes', origin: { kind: 'process' } }]]);
    const r = lint(['a', 'b', 'c'].map((f) => ({ file: `${f}.conf`, bytes })), env);
    assert.equal(r.summary.errors, 1);
    assert.deepEqual(r.files.map((f) => f.file), ['a.conf', 'b.conf', 'c.conf', PROCESS_ENV_ENTRY]);
  });
});
