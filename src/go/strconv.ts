/**
 * Go's text helpers the models share: strconv.Quote (also fmt's %q) for the URL parser's errors
 * (go/url.ts) and envconfig's (env/namespace.ts), and strings.TrimSpace's notion of white
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
/** unicode.IsSpace. */
export function goIsSpace(c: number): boolean {
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

// ---------------------------------------------------------------------------------------------
// strconv

export type Quote = (s: string) => string;

const lower = (c: number): number => c | 0x20;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hexDigits = false;
  if (s.length >= 2 && s[0] === '0' && (lower(s.charCodeAt(1)) === 0x62 || lower(s.charCodeAt(1)) === 0x6f || lower(s.charCodeAt(1)) === 0x78)) {
    i = 2;
    saw = '0';
    hexDigits = lower(s.charCodeAt(1)) === 0x78;
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || (hexDigits && lower(c) >= 0x61 && lower(c) <= 0x66)) { saw = '0'; continue; }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const numError = (fn: string, s: string, err: string, q: Quote): string => `strconv.${fn}: parsing ${q(s)}: ${err}`;

/** strconv.ParseBool: the error, or null. */
export function goParseBool(s: string, q: Quote = goQuote): string | null {
  switch (s) {
    case '1': case 't': case 'T': case 'true': case 'TRUE': case 'True':
    case '0': case 'f': case 'F': case 'false': case 'FALSE': case 'False':
      return null;
  }
  return numError('ParseBool', s, 'invalid syntax', q);
}

type UintResult = { value: bigint } | { error: 'syntax' } | { error: 'range' };

/** strconv.ParseUint's core with base 0: range errors are found digit by digit, before later bad syntax. */
function parseUint0(s: string, bitSize: number): UintResult {
  if (s === '') return { error: 'syntax' };
  let base = 10n;
  let digits = s;
  if (s[0] === '0') {
    const c1 = s.length >= 3 ? lower(s.charCodeAt(1)) : -1;
    if (c1 === 0x62) { base = 2n; digits = s.slice(2); }
    else if (c1 === 0x6f) { base = 8n; digits = s.slice(2); }
    else if (c1 === 0x78) { base = 16n; digits = s.slice(2); }
    else { base = 8n; digits = s.slice(1); }
  }
  const maxUint64 = (1n << 64n) - 1n;
  const cutoff = maxUint64 / base + 1n;
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  let underscores = false;
  let n = 0n;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    let d: number;
    if (c === 0x5f) { underscores = true; continue; }
    if (isDigit(c)) d = c - 0x30;
    else if (lower(c) >= 0x61 && lower(c) <= 0x7a && c < 0x80) d = lower(c) - 0x61 + 10;
    else return { error: 'syntax' };
    if (BigInt(d) >= base) return { error: 'syntax' };
    if (n >= cutoff) return { error: 'range' };
    n *= base;
    const n1 = n + BigInt(d);
    if (n1 > maxVal) return { error: 'range' };
    n = n1;
  }
  if (underscores && !underscoreOK(s)) return { error: 'syntax' };
  return { value: n };
}

/** strconv.ParseUint(s, 0, bitSize): the error, or null. */
export function goParseUint(s: string, bitSize: number, q: Quote = goQuote): string | null {
  const r = parseUint0(s, bitSize);
  if ('value' in r) return null;
  return numError('ParseUint', s, r.error === 'syntax' ? 'invalid syntax' : 'value out of range', q);
}

/** strconv.ParseInt(s, 0, bitSize): the error, or null. */
export function goParseInt(s: string, bitSize: number, q: Quote = goQuote): string | null {
  if (s === '') return numError('ParseInt', s, 'invalid syntax', q);
  let neg = false;
  let rest = s;
  if (s[0] === '+') rest = s.slice(1);
  else if (s[0] === '-') { neg = true; rest = s.slice(1); }
  const r = parseUint0(rest, bitSize);
  if ('error' in r && r.error === 'syntax') return numError('ParseInt', s, 'invalid syntax', q);
  // ParseUint's range error returns its maximum, which is past the cutoff either way.
  const un = 'value' in r ? r.value : (1n << BigInt(bitSize)) - 1n;
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) return numError('ParseInt', s, 'value out of range', q);
  if (neg && un > cutoff) return numError('ParseInt', s, 'value out of range', q);
  return null;
}

/** strconv's special(): the length of a leading inf/infinity/nan (signed for inf), or 0. */
function floatSpecial(s: string): number {
  if (s.length === 0) return 0;
  let nsign = 0;
  let t = s;
  const c0 = s[0];
  if (c0 === '+' || c0 === '-' || c0 === 'i' || c0 === 'I') {
    if (c0 === '+' || c0 === '-') { nsign = 1; t = s.slice(1); }
    let n = commonPrefixLenIgnoreCase(t, 'infinity');
    if (n > 3 && n < 8) n = 3;
    if (n === 3 || n === 8) return nsign + n;
    return 0;
  }
  if ((c0 === 'n' || c0 === 'N') && commonPrefixLenIgnoreCase(s, 'nan') === 3) return 3;
  return 0;
}

function commonPrefixLenIgnoreCase(s: string, prefix: string): number {
  const n = Math.min(prefix.length, s.length);
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== prefix.charCodeAt(i)) return i;
  }
  return n;
}

interface ReadFloat {
  ok: boolean;
  /** Bytes consumed. */
  n: number;
  hex: boolean;
  /** All mantissa digits as an integer (underscores and the point dropped). */
  digits: bigint;
  /** Digits after the point. */
  fracDigits: number;
  /** The exponent as Go accumulates it (it stops growing past 10000). */
  exp: number;
}

/** strconv's readFloat: syntax and length; the value kept exactly (all digits) for the range check. */
function readFloat(s: string): ReadFloat {
  const fail = (n: number): ReadFloat => ({ ok: false, n, hex: false, digits: 0n, fracDigits: 0, exp: 0 });
  let i = 0;
  let underscores = false;
  if (i >= s.length) return fail(i);
  if (s[i] === '+') i++;
  else if (s[i] === '-') i++;
  let base = 10;
  let expChar = 0x65; // 'e'
  let isHex = false;
  if (i + 2 < s.length && s[i] === '0' && lower(s.charCodeAt(i + 1)) === 0x78) {
    base = 16;
    i += 2;
    expChar = 0x70; // 'p'
    isHex = true;
  }
  let sawdot = false;
  let sawdigits = false;
  let digitText = '';
  let fracDigits = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) { underscores = true; continue; }
    if (c === 0x2e) {
      if (sawdot) break;
      sawdot = true;
      continue;
    }
    if (isDigit(c) || (base === 16 && c < 0x80 && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      sawdigits = true;
      digitText += s[i];
      if (sawdot) fracDigits++;
      continue;
    }
    break;
  }
  if (!sawdigits) return fail(i);
  let exp = 0;
  if (i < s.length && lower(s.charCodeAt(i)) === expChar) {
    i++;
    if (i >= s.length) return fail(i);
    let esign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') { i++; esign = -1; }
    if (i >= s.length || !isDigit(s.charCodeAt(i))) return fail(i);
    let e = 0;
    for (; i < s.length && (isDigit(s.charCodeAt(i)) || s[i] === '_'); i++) {
      if (s[i] === '_') { underscores = true; continue; }
      if (e < 10000) e = e * 10 + s.charCodeAt(i) - 0x30;
    }
    exp = e * esign;
  } else if (base === 16) {
    return fail(i);
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return fail(i);
  const digits = BigInt((isHex ? '0x' : '') + (digitText === '' ? '0' : digitText));
  return { ok: true, n: i, hex: isHex, digits, fracDigits, exp };
}

/**
 * Whether a finite value rounds to ±Inf in the given float size: |v| >= MaxFloat + ulp/2 (the
 * halfway point rounds to even, which is the infinity). Exact, with big integers.
 */
function floatOverflows(r: ReadFloat, bits: 32 | 64): boolean {
  if (r.digits === 0n) return false;
  // Threshold T = 2^(emax+1) - 2^(emax-mantbits), as a power-of-two difference.
  const top = bits === 64 ? 1024 : 128;
  const low = bits === 64 ? 970 : 103;
  const threshold = (1n << BigInt(top)) - (1n << BigInt(low));
  if (r.hex) {
    // value = digits * 2^(exp - 4*fracDigits)
    const e2 = r.exp - 4 * r.fracDigits;
    const len = r.digits.toString(2).length;
    if (len + e2 > top + 1) return true;
    if (len + e2 < top - 1) return false;
    return e2 >= 0 ? (r.digits << BigInt(e2)) >= threshold : r.digits >= (threshold << BigInt(-e2));
  }
  // value = digits * 10^(exp - fracDigits)
  const e10 = r.exp - r.fracDigits;
  const len = r.digits.toString().length;
  const maxDigits = bits === 64 ? 309 : 39; // MaxFloat64 has 309 integer digits, MaxFloat32 39
  if (len + e10 > maxDigits + 1) return true;
  if (len + e10 < maxDigits - 1) return false;
  return e10 >= 0 ? r.digits * 10n ** BigInt(e10) >= threshold : r.digits >= threshold * 10n ** BigInt(-e10);
}

/** strconv.ParseFloat(s, bits): the error, or null. */
export function goParseFloat(s: string, bits: 32 | 64, q: Quote = goQuote): string | null {
  const special = floatSpecial(s);
  if (special > 0) return special === s.length ? null : numError('ParseFloat', s, 'invalid syntax', q);
  const r = readFloat(s);
  if (!r.ok || r.n !== s.length) return numError('ParseFloat', s, 'invalid syntax', q);
  return floatOverflows(r, bits) ? numError('ParseFloat', s, 'value out of range', q) : null;
}

