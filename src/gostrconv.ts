/**
 * Go's text helpers the models share: strconv.Quote (also fmt's %q) for the URL parser's errors
 * (gateway/gourl.ts) and envconfig's (env/namespace.ts), and strings.TrimSpace's notion of white
 * space for NO_PROXY, bypass lists and envconfig's blank values.
 *
 * Go strings are bytes: the functions over "byte strings" hold one byte per char (latin1), as
 * gourl's parser works; goQuote takes and returns ordinary text.
 */

const lowerhex = '0123456789abcdef';

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

// ASCII text is its own byte string: almost every URL and value, and the Buffer round trip is
// the slowest step of a cold URL parse.

/** Text → a byte string of its UTF-8 bytes. */
export function toBytes(s: string): string {
  return isAscii(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/** A byte string of UTF-8 → text. */
export function fromBytes(b: string): string {
  return isAscii(b) ? b : Buffer.from(b, 'latin1').toString('utf8');
}

/** utf8.DecodeRuneInString over a byte string: [rune, width]; invalid input gives [0xFFFD, 1]. */
function decodeRune(s: string, i: number): [number, number] {
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  const cont = (j: number, lo = 0x80, hi = 0xbf): number => {
    if (j >= s.length) return -1;
    const b = s.charCodeAt(j);
    return b >= lo && b <= hi ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(i + 1);
    return c1 < 0 ? [0xfffd, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlong forms (E0 needs A0..BF) and no surrogates (ED needs 80..9F).
    const c1 = cont(i + 1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = c1 < 0 ? -1 : cont(i + 2);
    return c2 < 0 ? [0xfffd, 1] : [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(i + 1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = c1 < 0 ? -1 : cont(i + 2);
    const c3 = c2 < 0 ? -1 : cont(i + 3);
    return c3 < 0 ? [0xfffd, 1] : [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
  }
  return [0xfffd, 1];
}

// Made on first use: building a Unicode property class costs about 1 ms and its first match
// about 8 ms (measured on Node 20), and most runs never quote a non-Latin-1 rune.
let printableClasses: RegExp | undefined;

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(r: number): boolean {
  if (r <= 0xff) {
    if (r >= 0x20 && r <= 0x7e) return true;
    if (r >= 0xa1 && r <= 0xff) return r !== 0xad;
    return false;
  }
  printableClasses ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
  return printableClasses.test(String.fromCodePoint(r));
}

function namedEscape(r: number): string | undefined {
  switch (r) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
    default: return undefined;
  }
}

function hexDigits(v: number, n: number): string {
  let out = '';
  for (let shift = (n - 1) * 4; shift >= 0; shift -= 4) out += lowerhex[(v >> shift) & 0xf];
  return out;
}

/** strconv.Quote over a byte string; the result is a byte string too. */
export function quoteBytes(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const [r, width] = decodeRune(s, i);
    if (width === 1 && r === 0xfffd) {
      out += '\\x' + hexDigits(s.charCodeAt(i), 2);
      i += 1;
      continue;
    }
    const rune = s.slice(i, i + width);
    i += width;
    if (r === 0x22 || r === 0x5c) out += '\\' + rune;
    else if (isPrint(r)) out += rune;
    else if (namedEscape(r) !== undefined) out += namedEscape(r);
    else if (r < 0x20 || r === 0x7f) out += '\\x' + hexDigits(r, 2);
    else if (r < 0x10000) out += '\\u' + hexDigits(r, 4);
    else out += '\\U' + hexDigits(r, 8);
  }
  return out + '"';
}

/** Go's `strconv.Quote` (and `%q` of a string) of the UTF-8 encoding of s. */
export function goQuote(s: string): string {
  return fromBytes(quoteBytes(toBytes(s)));
}

/** unicode.IsSpace, which strings.TrimSpace uses (not JS's trim: U+FEFF is not a space, U+0085 is). */
function goIsSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** strings.TrimSpace (every white-space rune is in the BMP, so UTF-16 units will do). */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && goIsSpace(s.charCodeAt(a))) a++;
  while (b > a && goIsSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** len(strings.TrimSpace(value)) == 0: envconfig's "blank" for slices and maps. */
export function goIsBlank(value: string): boolean {
  return goTrimSpace(value) === '';
}
