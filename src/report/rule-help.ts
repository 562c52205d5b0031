/**
 * Each rule's documentation, from docs/rules.md: what a SARIF rule's fullDescription and help
 * carry, so that a code scanning alert explains the rule on its own page. Parsed by the build
 * (scripts/gen-validators.mjs writes dist/data/rule-help.json); a run reads the JSON only when a
 * SARIF report is asked for.
 */
import { builtAsset } from '../assets.js';
import { CODES, type Code } from '../types.js';

export interface RuleHelp {
  /** The section's first paragraph, as plain text, without its "Default: ..." lead. */
  summary: string;
  /** The whole section as plain text. */
  text: string;
  /** The whole section as Markdown, links to other sections made absolute. */
  markdown: string;
}

/** Markdown to plain text: emphasis and code marks dropped, links as "label (target)". */
function plain(md: string, base: string): string {
  return md
    .split('\n')
    .filter((l) => !/^```/.test(l))
    .join('\n')
    .replace(/\[([^\]]+)\]\(#([^)]+)\)/g, (_, label: string, anchor: string) => `${label} (${base}#${anchor})`)
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** The first paragraph, joined into one line. */
function firstParagraph(md: string): string {
  return md.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The `### CODE` sections of docs/rules.md, each up to the next heading. `base` is where the
 * document is published (links to other sections point there).
 */
export function parseRuleDocs(markdown: string, base: string): Partial<Record<Code, RuleHelp>> {
  const out: Partial<Record<Code, RuleHelp>> = {};
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  let code: Code | null = null;
  let body: string[] = [];
  let inFence = false;
  const flush = (): void => {
    if (code === null) return;
    const md = body.join('\n').trim().replace(/\]\(#/g, `](${base}#`);
    const lead = firstParagraph(plain(body.join('\n').trim(), base)).replace(/^Default: [^.]*\.\s*/, '');
    out[code] = { summary: lead, text: plain(body.join('\n').trim(), base), markdown: md };
  };
  for (const line of lines) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,3}) +(.*)$/.exec(line);
    if (heading !== null) {
      flush();
      const name = heading[2].trim();
      code = heading[1] === '###' && (CODES as readonly string[]).includes(name) ? (name as Code) : null;
      body = [];
      continue;
    }
    if (code !== null) body.push(line);
  }
  flush();
  return out;
}

/** The built table; every code has its section (test/rule-coverage.test.ts checks docs/rules.md). */
export function ruleHelp(): Partial<Record<Code, RuleHelp>> {
  return builtAsset('rule-help.json') as Partial<Record<Code, RuleHelp>>;
}
