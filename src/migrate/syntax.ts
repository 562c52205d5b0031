/**
 * `migrate --fix-syntax`: removes what makes Go's decoder (and so the gateway) discard the whole
 * file while the edit layer reads it fine: a UTF-8 BOM, comments and trailing commas
 * (SEMANTICS.md §2). Only on request, since a comment is text the user wrote: every one removed is
 * listed in the report. Pure: the text and the loader's findings in, the text and the items out.
 */
import type { LoadedConfig } from '../config/load.js';
import { maskSecrets } from '../mask.js';
import type { ReportItem } from './migrate.js';

const FIXABLE = new Set(['JSON_BOM', 'JSON_COMMENT', 'JSON_TRAILING_COMMA']);

/** Does the gateway discard this file only for reasons --fix-syntax removes? */
export function syntaxFixable(l: LoadedConfig): boolean {
  return l.rejectReason !== null && l.typeErrors.length === 0 && l.syntax.length > 0 && l.syntax.every((s) => FIXABLE.has(s.code));
}

function lineEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
  return j;
}

function lineStart(text: string, i: number): number {
  let j = i;
  while (j > 0 && text[j - 1] !== '\n' && text[j - 1] !== '\r') j--;
  return j;
}

const blank = (s: string): boolean => /^[ \t]*$/.test(s);

/**
 * `text` as loaded (BOM included). Each removal also takes the blanks before a comment that ends
 * its line, and the line itself when nothing else stood on it.
 */
export function fixSyntax(text: string, l: LoadedConfig): { text: string; items: ReportItem[] } {
  const items: ReportItem[] = [];
  const issues = [...l.syntax].filter((s) => FIXABLE.has(s.code)).sort((a, b) => b.span.offset - a.span.offset);
  let out = text;
  for (const s of issues) {
    let start = s.span.offset;
    let end = start + s.span.length;
    const removed = out.slice(start, end);
    if (s.code === 'JSON_COMMENT') {
      const eol = lineEnd(out, end);
      if (blank(out.slice(end, eol))) {
        const ls = lineStart(out, start);
        if (blank(out.slice(ls, start))) {
          // The comment had its lines to itself: they go with it.
          start = ls;
          end = out.startsWith('\r\n', eol) ? eol + 2 : eol < out.length ? eol + 1 : eol;
        } else {
          while (start > ls && (out[start - 1] === ' ' || out[start - 1] === '\t')) start--;
          end = eol;
        }
      }
    }
    out = out.slice(0, start) + out.slice(end);
    const where = `${s.span.line}:${s.span.column}`;
    items.unshift({
      kind: 'fixed',
      message: s.code === 'JSON_BOM'
        ? 'removed the UTF-8 byte-order mark at 1:1 (the gateway discards a file that starts with one)'
        : s.code === 'JSON_COMMENT'
          ? `removed the comment at ${where} (the gateway discards a file with comments): ${JSON.stringify(maskSecrets(removed))}`
          : `removed the trailing comma at ${where} (the gateway discards a file with one)`,
    });
  }
  return { text: out, items };
}
