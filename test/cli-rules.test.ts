/** `extsvc rules` and `extsvc rules CODE`: the catalog, and docs/rules.md's own section. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/paths.js';
import { run } from './support/run.js';
import { CODES } from '../src/types.js';
import { RULE_DOCS } from '../src/catalog.js';

const RULES_MD = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');

describe('extsvc rules', () => {
  it('lists every code with its default severity and title, one a line, in catalog order', () => {
    const r = run(['rules']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split(/\s+/)[0]), [...CODES]);
    for (const [i, c] of CODES.entries()) {
      const [, sev, ...title] = lines[i].split(/\s{2,}/);
      assert.equal(sev.trim(), RULE_DOCS[c].severity, c);
      assert.equal(title.join('  '), RULE_DOCS[c].title, c);
    }
  });
  it('rules CODE prints the section of docs/rules.md, its severity and its URL', () => {
    for (const code of CODES) {
      const r = run(['rules', code]);
      assert.equal(r.status, 0, `${code}: ${r.stderr}`);
      const start = RULES_MD.indexOf(`### ${code}\n`);
      assert.ok(start >= 0, `${code} has a section`);
      const rest = RULES_MD.slice(start);
      const next = rest.slice(4).search(/\n#{1,3} /);
      const section = (next < 0 ? rest : rest.slice(0, next + 4)).trimEnd();
      assert.ok(r.stdout.startsWith(`${section}\n`), code);
      assert.match(r.stdout, new RegExp(`default severity: ${RULE_DOCS[code].severity}\\n.*#${code.toLowerCase()}\\n$`));
    }
  });
  it('an unknown code: did-you-mean, exit 2', () => {
    const r = run(['rules', 'BYPASS_NEVER_MATCH']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^extsvc: rules BYPASS_NEVER_MATCH: unknown rule code "BYPASS_NEVER_MATCH"; did you mean BYPASS_NEVER_MATCHES\?/);
  });
});
