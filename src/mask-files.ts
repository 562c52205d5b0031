/**
 * Whole files with their passwords masked, for the views that print file text (migrate's diffs).
 * By structure, not by a pattern over the text: each value is read as the gateway and compose
 * read it (JSON escapes decoded: `http:\/\/user:S3cret@…`, `user\u003aS3cret@…`; an env value
 * unquoted, unescaped and interpolated), and where that value is a URL with a password (a ' in
 * the user or password, a literal @ in the password, a space: maskUrl takes the userinfo as Go's
 * url.Parse does), the value as written is replaced by its masked form. Passwords elsewhere than
 * proxy settings are masked too: no URL password is worth printing.
 */
import { visit } from 'jsonc-parser';
import { maskUrl } from './mask.js';
import { parseEnvFile, type EnvLookup } from './env/envfile.js';

interface Edit {
  offset: number;
  length: number;
  text: string;
}

function apply(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.offset - b.offset);
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.offset < at) continue;
    out += text.slice(at, e.offset) + e.text;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

/** tyk.conf text with every string value that is a URL with a password written masked. */
export function maskConfigText(text: string): string {
  const edits: Edit[] = [];
  visit(text, {
    onLiteralValue(value: unknown, offset: number, length: number) {
      if (typeof value !== 'string') return;
      const masked = maskUrl(value);
      if (masked !== value) edits.push({ offset, length, text: JSON.stringify(masked) });
    },
  });
  return apply(text, edits);
}

/** A value written in double quotes that compose reads back as `v` (no interpolation). */
function doubleQuoted(v: string): string {
  return `"${v.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/**
 * env-file text with every value that is a URL with a password masked. Where the password is
 * written in the value, only the password is replaced, as written (quotes, escapes and
 * references around it stay); where it arrives otherwise (from ${VAR}, or split by escapes),
 * the whole value is written masked. A file that does not parse is returned masked line by
 * line with maskUrl: it is never shown unmasked.
 */
export function maskEnvText(text: string, shell: EnvLookup = () => undefined): string {
  let assignments;
  try {
    assignments = parseEnvFile('', text, shell).assignments;
  } catch {
    return text.split('\n').map(maskUrl).join('\n');
  }
  const edits: Edit[] = [];
  const known = new Map(assignments.map((a) => [a.name, a.value]));
  for (const a of assignments) {
    if (maskUrl(a.value) === a.value) continue;
    const inner = a.quote === null ? { start: a.valueStart, end: a.valueEnd } : { start: a.valueStart + 1, end: a.valueEnd - 1 };
    const raw = text.slice(inner.start, inner.end);
    const rawMasked = maskUrl(raw);
    // The value as compose would read the masked text: just this statement, the file's values
    // standing in for the ones above it (one statement, so the whole stays linear).
    const reparsed = (() => {
      try {
        const snippet = `${a.name}=${text.slice(a.valueStart, inner.start)}${rawMasked}${text.slice(inner.end, a.valueEnd)}`;
        return parseEnvFile('', snippet, (n) => shell(n) ?? known.get(n)).assignments[0]?.value;
      } catch {
        return undefined;
      }
    })();
    if (rawMasked !== raw && reparsed !== undefined && maskUrl(reparsed) === reparsed) {
      edits.push({ offset: inner.start, length: inner.end - inner.start, text: rawMasked });
    } else {
      edits.push({ offset: a.valueStart, length: a.valueEnd - a.valueStart, text: doubleQuoted(maskUrl(a.value)) });
    }
  }
  return apply(text, edits);
}
