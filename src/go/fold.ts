/**
 * Go encoding/json matches object keys to struct fields by exact name first, then by a folded
 * form: ASCII letters upper-cased, other runes mapped through unicode.ToUpper(unicode.ToLower(r)).
 * Go's mappings are one rune to one rune, so a JS mapping that changes length ("ß" → "SS") is
 * not Go's and the rune is kept.
 */
function simpleMap(ch: string, f: (s: string) => string): string {
  const m = f(ch);
  return [...m].length === 1 ? m : ch;
}

/**
 * unicode.ToLower for one rune. JavaScript's toLowerCase applies the full mapping, which differs
 * from Go's simple one only for U+0130 (İ): "i" plus a combining dot there, plain "i" in Go.
 */
function goLower(ch: string): string {
  return ch === '\u0130' ? 'i' : ch.toLowerCase();
}

export function goFold(key: string): string {
  let out = '';
  for (const ch of key) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 32) : ch;
    } else {
      out += simpleMap(simpleMap(ch, goLower), (s) => s.toUpperCase());
    }
  }
  return out;
}

/** The known key a raw key binds to, as Go would bind it, or undefined. */
// Folded form → the first known key with it, per list of known keys (the lists are shared and
// never modified): a file with a million keys folded the whole list once per key.
const foldedCache = new WeakMap<readonly string[], { exact: Set<string>; folded: Map<string, string> }>();

export function bindKey(raw: string, known: readonly string[]): string | undefined {
  let c = foldedCache.get(known);
  if (c === undefined) {
    const folded = new Map<string, string>();
    for (const k of known) if (!folded.has(goFold(k))) folded.set(goFold(k), k);
    c = { exact: new Set(known), folded };
    foldedCache.set(known, c);
  }
  if (c.exact.has(raw)) return raw;
  return c.folded.get(goFold(raw));
}
