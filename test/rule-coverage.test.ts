/**
 * Every code has a fixture that triggers it and a "-quiet" twin that does not, is emitted by
 * exactly one rule, and is documented under its own heading in docs/rules.md.
 */
import { RULE_DOCS } from '../src/catalog.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './support/paths.js';
import { CODES, type Code } from '../src/types.js';
import { RULES } from '../src/rules/index.js';
import { FILE_CODES } from '../src/files/check.js';
import { KUMA_CODES } from '../src/kuma/codes.js';

/** --check-files codes need files on disk: test/check-files.test.ts triggers and quiets each one. */
const LINT_CODES = CODES.filter((c) => !(FILE_CODES as readonly string[]).includes(c));
/** Kuma codes come from src/kuma (lint of a YAML file, kuma check), not from the tyk.conf rules. */
const isKuma = (c: Code): boolean => (KUMA_CODES as readonly string[]).includes(c);

interface Finding {
  code: string;
}

function kebab(code: Code): string {
  return code.toLowerCase().replace(/_/g, '-');
}

function expectedCodes(dir: string): string[] {
  const path = join(FIXTURES, dir, 'expected.json');
  assert.ok(existsSync(path), `fixtures/${dir}/expected.json is missing`);
  return (JSON.parse(readFileSync(path, 'utf8')) as Finding[]).map((f) => f.code);
}

for (const code of LINT_CODES) {
  test(`${code}: fixtures/rule-${kebab(code)} triggers it, rule-${kebab(code)}-quiet does not`, () => {
    const dir = `rule-${kebab(code)}`;
    for (const d of [dir, `${dir}-quiet`]) {
      // A Kuma case holds kuma.yaml (linted; checked against a tyk.conf beside it when there is one).
      const input = isKuma(code) ? 'kuma.yaml' : 'tyk.conf';
      assert.ok(existsSync(join(FIXTURES, d, input)), `fixtures/${d}/${input} is missing`);
      assert.ok(existsSync(join(FIXTURES, d, 'README.md')), `fixtures/${d}/README.md is missing`);
    }
    assert.ok(expectedCodes(dir).includes(code), `fixtures/${dir}/expected.json does not contain ${code}`);
    assert.ok(!expectedCodes(`${dir}-quiet`).includes(code), `fixtures/${dir}-quiet/expected.json contains ${code}`);
  });
}

test('every code is emitted by exactly one rule, and rules emit only known codes', () => {
  const owners = new Map<string, string[]>();
  for (const rule of RULES) {
    for (const code of rule.codes) owners.set(code, [...(owners.get(code) ?? []), rule.id]);
  }
  for (const code of LINT_CODES.filter((c) => !isKuma(c))) {
    assert.deepEqual(owners.get(code)?.length ?? 0, 1, `${code} is emitted by ${JSON.stringify(owners.get(code) ?? [])}`);
  }
  const known = new Set<string>(CODES);
  assert.deepEqual([...owners.keys()].filter((c) => !known.has(c)), []);
});

test('docs/rules.md has a "### CODE" heading for every code', () => {
  const text = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
  const headings = new Set([...text.matchAll(/^### ([A-Z0-9_]+)\s*$/gm)].map((m) => m[1]));
  assert.deepEqual(CODES.filter((c) => !headings.has(c)), []);
  assert.deepEqual([...headings].filter((h) => !(CODES as readonly string[]).includes(h)), []);
  // …and a row in its "All codes" table, with the catalog's default severity.
  const rows = new Map([...text.matchAll(/^\| \[([A-Z0-9_]+)\]\(#[a-z0-9_]+\) \| (\w+) \|/gm)].map((m) => [m[1], m[2]]));
  assert.deepEqual(CODES.filter((c) => rows.get(c) !== RULE_DOCS[c].severity), []);
});
