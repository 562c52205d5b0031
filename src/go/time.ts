/** Go's time package: its own quoting, and time.ParseDuration (ported from Go 1.24's time/format.go). */
import type { Quote } from './strconv.js';

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

// ---------------------------------------------------------------------------------------------
// Go's text helpers

const HEX = '0123456789abcdef';

const utf8 = new TextEncoder();

/** The time package's own quote: non-ASCII and control characters as \x escapes of their UTF-8 bytes. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r >= 0x80 || r < 0x20) {
      for (const b of utf8.encode(ch)) out += '\\x' + HEX[b >> 4] + HEX[b & 15];
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// time.ParseDuration

const UNITS: Record<string, bigint> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n,
};
const TWO63 = 1n << 63n;

/** time.ParseDuration: the error, or null. */
export function goParseDuration(orig: string, q: Quote = goTimeQuote): string | null {
  const invalid = `time: invalid duration ${q(orig)}`;
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return null;
  if (s === '') return invalid;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s.charCodeAt(0)))) return invalid;
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s.charCodeAt(i)); i++) {
      if (v > TWO63 / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 0x30);
      if (v > TWO63) return invalid;
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s.charCodeAt(j)); j++) {
        if (overflow) continue;
        if (f > (TWO63 - 1n) / 10n) { overflow = true; continue; }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 0x30);
        if (y > TWO63) { overflow = true; continue; }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid;
    let k = 0;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === 0x2e || isDigit(c)) break;
    }
    if (k === 0) return `time: missing unit in duration ${q(orig)}`;
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = Object.prototype.hasOwnProperty.call(UNITS, u) ? UNITS[u] : undefined;
    if (unit === undefined) return `time: unknown unit ${q(u)} in duration ${q(orig)}`;
    if (v > TWO63 / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      // uint64(float64(f) * (float64(unit) / scale)): float64 arithmetic, truncated
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) return invalid;
    }
    d += v;
    if (d > TWO63) return invalid;
  }
  if (neg) return null;
  if (d > TWO63 - 1n) return invalid;
  return null;
}

