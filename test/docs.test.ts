/** The docs stand on their own: no citation of the development repository's shared files, every link into docs/gateway.md lands on a heading, every --check-files rule has an example and a fix. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/paths.js';
import { ruleSection } from '../src/rules-command.js';

const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
const DOCS = ['README.md', 'docs/rules.md', 'docs/gateway.md'];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

describe('docs', () => {
  it('cite the project\'s own docs, never ../shared or SEMANTICS.md', () => {
    for (const f of DOCS) assert.doesNotMatch(read(f), /\.\.\/shared|SEMANTICS\.md/, f);
  });
  it('every link into docs/gateway.md names a heading there', () => {
    const anchors = new Set([...read('docs/gateway.md').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
    let links = 0;
    for (const f of DOCS) {
      for (const m of read(f).matchAll(/\]\((?:docs\/)?gateway\.md(?:#([^)]+))?\)/g)) {
        links++;
        if (m[1] !== undefined) assert.ok(anchors.has(m[1]), `${f}: gateway.md#${m[1]}`);
      }
      for (const m of (f === 'docs/gateway.md' ? read(f) : '').matchAll(/\]\(#([^)]+)\)/g)) assert.ok(anchors.has(m[1]), `gateway.md#${m[1]}`);
    }
    assert.ok(links >= 8, `${links} links`);
  });
  it('the --check-files rules (CERT_*, KEY_*, FILE_NOT_FOUND) each show an example and a fix', () => {
    const md = read('docs/rules.md');
    for (const code of ['FILE_NOT_FOUND', 'CERT_INVALID', 'CERT_EXPIRED', 'CERT_EXPIRES_SOON', 'KEY_MISMATCH', 'KEY_PERMISSIONS'] as const) {
      const section = ruleSection(md, code) ?? '';
      assert.match(section, /```[\s\S]+?```/, `${code}: an example`);
      assert.match(section, new RegExp(`\`\`\`\\n\\d+:\\d+ +(error|warning) +${code} `), `${code}: the finding as extsvc prints it`);
      assert.match(section, /\nFix: /, `${code}: a fix`);
    }
  });
});
