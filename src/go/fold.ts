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

interface KeyIndex {
  exact: ReadonlySet<string>;
  /** Folded form → the first known key with it (Go takes the first field that matches). */
  folded: ReadonlyMap<string, string>;
}

// The key lists are shared per struct, so each is indexed once: a lookup is then O(key length),
// not O(fields), which a file with hundreds of thousands of keys needs.
const indexes = new WeakMap<readonly string[], KeyIndex>();

function indexOf(known: readonly string[]): KeyIndex {
  let ix = indexes.get(known);
  if (ix === undefined) {
    const folded = new Map<string, string>();
    for (const k of known) {
      const f = goFold(k);
      if (!folded.has(f)) folded.set(f, k);
    }
    ix = { exact: new Set(known), folded };
    indexes.set(known, ix);
  }
  return ix;
}

/** The known key a raw key binds to, as Go would bind it, or undefined. */
export function bindKey(raw: string, known: readonly string[]): string | undefined {
  const ix = indexOf(known);
  if (ix.exact.has(raw)) return raw;
  return ix.folded.get(goFold(raw));
}
