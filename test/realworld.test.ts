/**
 * ../shared/realworld: real tyk.conf files (and TYK_GW_* env files) from public repositories,
 * none written here. Read in place when the folder exists (never copied into the repository);
 * skipped without it.
 *
 * Every file lints without a crash and exits 0 or 1, none gives TYPE_MISMATCH (the only ones
 * these files ever gave were a parser's recovery past a template placeholder), and a template
 * gets exactly one TEMPLATE_PLACEHOLDER per placeholder, counted here independently of the
 * linter, with no JSON_SYNTAX cascade behind it and no UNKNOWN_KEY on something that is not a key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from './support/paths.js';
import { exitCodeFor, lint } from '../src/lint.js';
import { overlayEnvFiles } from '../src/env/envfile.js';
import type { Diagnostic, LintResult } from '../src/types.js';
import { words } from '../src/suggest.js';

const REALWORLD = join(ROOT, '..', 'shared', 'realworld');
const present = existsSync(REALWORLD);

interface Entry {
  name: string;
  conf: string;
  env: string | null;
}

const entries: Entry[] = present
  ? readdirSync(REALWORLD, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(REALWORLD, d.name, 'tyk.conf')))
    .map((d) => ({ name: d.name, conf: join(REALWORLD, d.name, 'tyk.conf'), env: existsSync(join(REALWORLD, d.name, 'tyk.env')) ? join(REALWORLD, d.name, 'tyk.env') : null }))
    .sort((a, b) => a.name.localeCompare(b.name))
  : [];

/**
 * Placeholders counted by a reader that knows nothing of the linter: a line whose value (after
 * `"key":` or alone in an array) is an unquoted upper-case NAME or an @@NAME@@ token.
 */
function countPlaceholders(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const m = /^\s*(?:"[^"]*"\s*:\s*)?(@@[A-Za-z0-9_]+@@|[A-Z][A-Z0-9_]*)\s*,?\s*$/.exec(line);
    if (m !== null && !['TRUE', 'FALSE', 'NULL'].includes(m[1])) n++;
  }
  return n;
}

function run(entry: Entry, placeholders: boolean): { result: LintResult; text: string } {
  const bytes = readFileSync(entry.conf);
  const env = entry.env === null ? new Map() : overlayEnvFiles(new Map(), [{ path: entry.env, text: readFileSync(entry.env, 'utf8') }]);
  return { result: lint([{ file: entry.conf, bytes }], env, { placeholders }), text: bytes.toString('utf8') };
}

function codes(ds: readonly Diagnostic[], code: string): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}

describe('../shared/realworld: every real config', { skip: present ? false : 'no ../shared/realworld here' }, () => {
  it('the corpus is there (79 configs and 9 image defaults)', () => {
    assert.ok(entries.length >= 80, `${entries.length} entries`);
  });

  for (const placeholders of [false, true]) {
    it(`lints every file with exit 0 or 1, no TYPE_MISMATCH, one finding per placeholder${placeholders ? ' (--placeholders)' : ''}`, () => {
      let templates = 0;
      for (const entry of entries) {
        const { result, text } = run(entry, placeholders);
        const ds = result.files[0].diagnostics;
        const exit = exitCodeFor(result, undefined);
        assert.ok(exit === 0 || exit === 1, entry.name);
        assert.deepEqual(codes(ds, 'TYPE_MISMATCH').map((d) => d.path.join('.')), [], `${entry.name}: TYPE_MISMATCH`);
        const expected = countPlaceholders(text);
        assert.equal(codes(ds, 'TEMPLATE_PLACEHOLDER').length, expected, `${entry.name}: placeholders`);
        if (expected > 0) {
          templates++;
          // The placeholders are these templates' only syntax problem: no cascade behind them.
          assert.deepEqual(codes(ds, 'JSON_SYNTAX'), [], `${entry.name}: JSON_SYNTAX after a placeholder`);
          // Go's message comes once, on the first placeholder.
          assert.equal(codes(ds, 'TEMPLATE_PLACEHOLDER').filter((d) => d.args.detail !== undefined).length, 1, entry.name);
          assert.match(String(codes(ds, 'TEMPLATE_PLACEHOLDER')[0].args.detail), /^invalid character '.' looking for beginning of value$/);
        }
        // An UNKNOWN_KEY stands on a real key: a string followed by a colon.
        for (const d of codes(ds, 'UNKNOWN_KEY')) {
          assert.equal(d.location.kind, 'file');
          if (d.location.kind !== 'file') continue;
          const { offset, length } = d.location.span;
          assert.match(text.slice(offset + length), /^\s*:/, `${entry.name}: UNKNOWN_KEY ${String(d.args.key)} is not a key`);
        }
      }
      assert.ok(templates >= 5, `${templates} templates`);
    });
  }

  it('without --placeholders nothing after the first placeholder is read; with it, the rest of the template is checked', () => {
    for (const entry of entries) {
      const { result, text } = run(entry, false);
      if (countPlaceholders(text) === 0) continue;
      const ds = result.files[0].diagnostics;
      const first = codes(ds, 'TEMPLATE_PLACEHOLDER')[0];
      assert.equal(first.location.kind, 'file');
      if (first.location.kind !== 'file') continue;
      const firstLine = first.location.span.line;
      assert.deepEqual(ds.filter((d) => d.code !== 'TEMPLATE_PLACEHOLDER' && d.location.kind === 'file' && d.location.span.line > firstLine).map((d) => d.code), [], entry.name);
      const full = run(entry, true).result.files[0].diagnostics;
      assert.ok(full.length >= ds.length, entry.name);
    }
  });

  it('no did-you-mean adds or drops a word (close_idle_connections, use_ssl_le, USELE_SSL were offered one before)', () => {
    const squash = (x: string): string => x.toLowerCase().replace(/[_\-\s]/g, '');
    let offered = 0;
    for (const entry of entries) {
      for (const d of run(entry, true).result.files[0].diagnostics) {
        if (d.args.suggestion === undefined || (d.code !== 'UNKNOWN_KEY' && d.code !== 'ENV_UNKNOWN_NAME')) continue;
        offered++;
        const from = String(d.args.key ?? d.args.name).replace(/^TYK_GW_/i, '');
        const to = String(d.args.suggestion).replace(/^TYK_GW_/, '');
        assert.ok(squash(from) === squash(to) || words(from).length === words(to).length, `${entry.name}: ${from} → ${to}`);
      }
    }
    assert.ok(offered >= 1, 'the corpus has real typos too (loglevel)');
  });

  it('the CLI agrees: one run over every config without an env file, exit 0 or 1, no stack trace', () => {
    const files = entries.filter((e) => e.env === null).map((e) => e.conf);
    const r = spawnSync(process.execPath, [BIN, 'lint', '--no-process-env', '--format', 'json', ...files], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as { files: unknown[] };
    assert.equal(out.files.length, files.length);
  });
});
