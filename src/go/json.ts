/**
 * A byte-level model of what Go's `encoding/json` (v1) does when the gateway
 * runs `json.NewDecoder(r).Decode(&conf)` on tyk.conf (SEMANTICS.md §2).
 *
 * Only the *syntax* side is modelled here: which first JSON value the Decoder
 * reads, where it ends, and the exact error text Go produces when it cannot
 * read one. Type errors (`json: cannot unmarshal ...`) are handled elsewhere.
 *
 * Behaviour reproduced (independently written from the documented behaviour
 * of Go's scanner state machine and `Decoder.readValue`):
 *
 * - Whitespace is only space, `\t`, `\r`, `\n`. A UTF-8 BOM, NBSP, comments,
 *   trailing commas, single quotes, `+1`, `.5`, `NaN` … are syntax errors.
 * - Only the first value is read. For an object or array the value ends at
 *   its closing bracket and nothing after it is examined. For a top-level
 *   string, number or literal Go needs one more byte (or EOF) to see the end;
 *   whatever that byte is, the value counts as complete (`123abc` decodes 123,
 *   `01` decodes 0, `truex` decodes true, `"a"b` decodes "a"). Inside an
 *   object or array the same bytes are errors (`{"a":01}` →
 *   `invalid character '1' after object key:value pair`).
 * - Strings: bytes < 0x20 are errors; any byte >= 0x80, valid UTF-8 or not,
 *   is accepted (Go later replaces invalid sequences with U+FFFD). Escapes
 *   are `\b \f \n \r \t \\ \/ \"` and `\uXXXX` (lone surrogates accepted).
 * - Nesting deeper than 10000 arrays/objects is a syntax error
 *   (`invalid character '[' exceeded max depth`), Go's `maxNestingDepth`.
 * - At end of input: only whitespace read → `EOF` (io.EOF); anything else
 *   that does not form a complete value → `unexpected EOF`
 *   (io.ErrUnexpectedEOF), including `-`, `1.`, `1e`, `tru`, `"abc`, `{`.
 *   Go's Decoder never reports `unexpected end of JSON input` (that text is
 *   json.Unmarshal's).
 *
 * Offsets: `error.offset` is the 0-based byte index of the offending byte.
 * Go's own `SyntaxError.Offset` counts bytes read *including* that byte, so
 * it equals `offset + 1`. `EOF`/`unexpected EOF` are not SyntaxErrors in Go
 * and carry no offset; here they report `offset = bytes.length`.
 *
 * The Decoder reads its input in chunks, but the scanner's decisions never
 * depend on chunk boundaries (a pending top-level scalar is finished by the
 * next byte or by EOF either way), so scanning the whole buffer at once is
 * exact.
 */
import { isAscii } from 'node:buffer';

export type GoJsonScanResult =
  | { error: null; valueEnd: number; trailing: { start: number } | null }
  | { error: { offset: number; message: string }; valueEnd: null; trailing: null };

/** Go's `encoding/json` maxNestingDepth (since Go 1.15). */
export const GO_MAX_NESTING_DEPTH = 10000;

// Scanner states (one per Go step function).
const BEGIN_VALUE = 0;
const BEGIN_VALUE_OR_EMPTY = 1; // after '['
const BEGIN_STRING_OR_EMPTY = 2; // after '{'
const BEGIN_STRING = 3; // after ',' in an object
const END_VALUE = 4;
const IN_STRING = 5;
const IN_STRING_ESC = 6;
const ESC_U = 7; // after \u
const ESC_U1 = 8;
const ESC_U12 = 9;
const ESC_U123 = 10;
const NEG = 11;
const NUM1 = 12; // non-zero integer part
const NUM0 = 13; // after a leading 0 (or after NUM1 delegates)
const DOT = 14;
const DOT0 = 15;
const EXP = 16;
const EXP_SIGN = 17;
const EXP0 = 18;
const T = 19;
const TR = 20;
const TRU = 21;
const F = 22;
const FA = 23;
const FAL = 24;
const FALS = 25;
const N = 26;
const NU = 27;
const NUL = 28;

// Parse-stack entries.
const PARSE_OBJECT_KEY = 0;
const PARSE_OBJECT_VALUE = 1;
const PARSE_ARRAY_VALUE = 2;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

const HEX = '0123456789abcdef';

/** Go's strconv.IsPrint restricted to U+0000..U+00FF. */
function isPrintLatin1(r: number): boolean {
  if (r >= 0x20 && r <= 0x7e) return true;
  if (r >= 0xa1 && r <= 0xff) return r !== 0xad;
  return false;
}

/**
 * Go's `quoteChar(c byte)`: the byte is taken as the rune of the same value
 * (0xC2 → 'Â') and shown the way strconv.Quote would, inside single quotes;
 * `'` and `"` are special-cased to `'\''` and `'"'`.
 */
export function goQuoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  let s: string;
  switch (c) {
    case 0x07: s = '\\a'; break;
    case 0x08: s = '\\b'; break;
    case 0x0c: s = '\\f'; break;
    case 0x0a: s = '\\n'; break;
    case 0x0d: s = '\\r'; break;
    case 0x09: s = '\\t'; break;
    case 0x0b: s = '\\v'; break;
    case 0x5c: s = '\\\\'; break;
    default:
      if (isPrintLatin1(c)) s = String.fromCharCode(c);
      else if (c < 0x20 || c === 0x7f) s = '\\x' + HEX[c >> 4] + HEX[c & 15];
      else s = '\\u00' + HEX[c >> 4] + HEX[c & 15];
  }
  return "'" + s + "'";
}

function syntaxError(bytes: Uint8Array, i: number, context: string): GoJsonScanResult {
  return {
    error: { offset: i, message: 'invalid character ' + goQuoteChar(bytes[i]) + ' ' + context },
    valueEnd: null,
    trailing: null,
  };
}

function complete(bytes: Uint8Array, valueEnd: number): GoJsonScanResult {
  const n = bytes.length;
  let j = valueEnd;
  while (j < n && isSpace(bytes[j])) j++;
  return { error: null, valueEnd, trailing: j < n ? { start: j } : null };
}

/**
 * Scan `bytes` the way Go's `json.Decoder.Decode` reads its first value.
 * Iterative, O(n), no allocation per byte; the parse stack is bounded by
 * Go's nesting limit.
 */
export function goJsonScan(bytes: Uint8Array): GoJsonScanResult {
  const n = bytes.length;
  // Go appends, then fails when the stack exceeds maxNestingDepth, so at most
  // GO_MAX_NESTING_DEPTH entries are ever live.
  let stack: Uint8Array = new Uint8Array(64);
  let depth = 0;
  let state = BEGIN_VALUE;
  let i = 0;

  while (i < n) {
    let c = bytes[i];
    switch (state) {
      case BEGIN_VALUE_OR_EMPTY:
        if (isSpace(c)) { i++; continue; }
        if (c === 0x5d /* ] */) { state = END_VALUE; continue; }
        state = BEGIN_VALUE;
        continue;

      case BEGIN_VALUE:
        while (isSpace(c)) {
          if (++i === n) break;
          c = bytes[i];
        }
        if (i === n) continue;
        switch (c) {
          case 0x7b: // {
          case 0x5b: // [
            if (depth >= GO_MAX_NESTING_DEPTH) return syntaxError(bytes, i, 'exceeded max depth');
            if (depth === stack.length) {
              const bigger = new Uint8Array(Math.min(stack.length * 2, GO_MAX_NESTING_DEPTH));
              bigger.set(stack);
              stack = bigger;
            }
            if (c === 0x7b) {
              stack[depth++] = PARSE_OBJECT_KEY;
              state = BEGIN_STRING_OR_EMPTY;
            } else {
              stack[depth++] = PARSE_ARRAY_VALUE;
              state = BEGIN_VALUE_OR_EMPTY;
            }
            i++;
            continue;
          case 0x22: state = IN_STRING; i++; continue;
          case 0x2d: state = NEG; i++; continue;
          case 0x30: state = NUM0; i++; continue;
          case 0x74: state = T; i++; continue;
          case 0x66: state = F; i++; continue;
          case 0x6e: state = N; i++; continue;
        }
        if (c >= 0x31 && c <= 0x39) { state = NUM1; i++; continue; }
        return syntaxError(bytes, i, 'looking for beginning of value');

      case BEGIN_STRING_OR_EMPTY:
        if (isSpace(c)) { i++; continue; }
        if (c === 0x7d /* } */) {
          stack[depth - 1] = PARSE_OBJECT_VALUE;
          state = END_VALUE;
          continue;
        }
        state = BEGIN_STRING;
        continue;

      case BEGIN_STRING:
        if (isSpace(c)) { i++; continue; }
        if (c === 0x22) { state = IN_STRING; i++; continue; }
        return syntaxError(bytes, i, 'looking for beginning of object key string');

      case END_VALUE: {
        if (depth === 0) {
          // A top-level scalar ended before this byte, whatever the byte is.
          return complete(bytes, i);
        }
        while (isSpace(c)) {
          if (++i === n) break;
          c = bytes[i];
        }
        if (i === n) continue;
        const ps = stack[depth - 1];
        if (ps === PARSE_OBJECT_KEY) {
          if (c === 0x3a /* : */) {
            stack[depth - 1] = PARSE_OBJECT_VALUE;
            state = BEGIN_VALUE;
            i++;
            continue;
          }
          return syntaxError(bytes, i, 'after object key');
        }
        if (ps === PARSE_OBJECT_VALUE) {
          if (c === 0x2c /* , */) {
            stack[depth - 1] = PARSE_OBJECT_KEY;
            state = BEGIN_STRING;
            i++;
            continue;
          }
          if (c === 0x7d /* } */) {
            if (--depth === 0) return complete(bytes, i + 1);
            i++;
            continue; // state stays END_VALUE
          }
          return syntaxError(bytes, i, 'after object key:value pair');
        }
        // PARSE_ARRAY_VALUE
        if (c === 0x2c) {
          state = BEGIN_VALUE;
          i++;
          continue;
        }
        if (c === 0x5d /* ] */) {
          if (--depth === 0) return complete(bytes, i + 1);
          i++;
          continue;
        }
        return syntaxError(bytes, i, 'after array element');
      }

      case IN_STRING:
        // Fast path over ordinary string bytes.
        while (c !== 0x22 && c !== 0x5c && c >= 0x20) {
          if (++i === n) break;
          c = bytes[i];
        }
        if (i === n) continue;
        if (c === 0x22) { state = END_VALUE; i++; continue; }
        if (c === 0x5c) { state = IN_STRING_ESC; i++; continue; }
        return syntaxError(bytes, i, 'in string literal');

      case IN_STRING_ESC:
        switch (c) {
          case 0x62: case 0x66: case 0x6e: case 0x72: case 0x74: // b f n r t
          case 0x5c: case 0x2f: case 0x22: // \ / "
            state = IN_STRING;
            i++;
            continue;
          case 0x75: // u
            state = ESC_U;
            i++;
            continue;
        }
        return syntaxError(bytes, i, 'in string escape code');

      case ESC_U:
      case ESC_U1:
      case ESC_U12:
      case ESC_U123:
        if (!isHex(c)) return syntaxError(bytes, i, 'in \\u hexadecimal character escape');
        state = state === ESC_U123 ? IN_STRING : state + 1;
        i++;
        continue;

      case NEG:
        if (c === 0x30) { state = NUM0; i++; continue; }
        if (c >= 0x31 && c <= 0x39) { state = NUM1; i++; continue; }
        return syntaxError(bytes, i, 'in numeric literal');

      case NUM1:
        while (c >= 0x30 && c <= 0x39) {
          if (++i === n) break;
          c = bytes[i];
        }
        if (i === n) continue;
        state = NUM0;
        continue;

      case NUM0:
        if (c === 0x2e /* . */) { state = DOT; i++; continue; }
        if (c === 0x65 || c === 0x45) { state = EXP; i++; continue; }
        state = END_VALUE;
        continue;

      case DOT:
        if (c >= 0x30 && c <= 0x39) { state = DOT0; i++; continue; }
        return syntaxError(bytes, i, 'after decimal point in numeric literal');

      case DOT0:
        if (c >= 0x30 && c <= 0x39) { i++; continue; }
        if (c === 0x65 || c === 0x45) { state = EXP; i++; continue; }
        state = END_VALUE;
        continue;

      case EXP:
        if (c === 0x2b || c === 0x2d) { state = EXP_SIGN; i++; continue; }
        state = EXP_SIGN;
        continue;

      case EXP_SIGN:
        if (c >= 0x30 && c <= 0x39) { state = EXP0; i++; continue; }
        return syntaxError(bytes, i, 'in exponent of numeric literal');

      case EXP0:
        if (c >= 0x30 && c <= 0x39) { i++; continue; }
        state = END_VALUE;
        continue;

      case T:
        if (c === 0x72) { state = TR; i++; continue; }
        return syntaxError(bytes, i, "in literal true (expecting 'r')");
      case TR:
        if (c === 0x75) { state = TRU; i++; continue; }
        return syntaxError(bytes, i, "in literal true (expecting 'u')");
      case TRU:
        if (c === 0x65) { state = END_VALUE; i++; continue; }
        return syntaxError(bytes, i, "in literal true (expecting 'e')");
      case F:
        if (c === 0x61) { state = FA; i++; continue; }
        return syntaxError(bytes, i, "in literal false (expecting 'a')");
      case FA:
        if (c === 0x6c) { state = FAL; i++; continue; }
        return syntaxError(bytes, i, "in literal false (expecting 'l')");
      case FAL:
        if (c === 0x73) { state = FALS; i++; continue; }
        return syntaxError(bytes, i, "in literal false (expecting 's')");
      case FALS:
        if (c === 0x65) { state = END_VALUE; i++; continue; }
        return syntaxError(bytes, i, "in literal false (expecting 'e')");
      case N:
        if (c === 0x75) { state = NU; i++; continue; }
        return syntaxError(bytes, i, "in literal null (expecting 'u')");
      case NU:
        if (c === 0x6c) { state = NUL; i++; continue; }
        return syntaxError(bytes, i, "in literal null (expecting 'l')");
      case NUL:
        if (c === 0x6c) { state = END_VALUE; i++; continue; }
        return syntaxError(bytes, i, "in literal null (expecting 'l')");

      default:
        throw new Error(`goJsonScan: unknown state ${state}`);
    }
  }

  // End of input. Go feeds the scanner one invented space: a pending
  // top-level scalar (string/literal done, or a number in a state where it
  // may end) completes; anything else is EOF or unexpected EOF.
  if (depth === 0 && (state === END_VALUE || state === NUM0 || state === NUM1 || state === DOT0 || state === EXP0)) {
    return { error: null, valueEnd: n, trailing: null };
  }
  let nonSpace = false;
  for (let j = 0; j < n; j++) {
    if (!isSpace(bytes[j])) { nonSpace = true; break; }
  }
  return {
    error: { offset: n, message: nonSpace ? 'unexpected EOF' : 'EOF' },
    valueEnd: null,
    trailing: null,
  };
}

/**
 * Map a byte offset in `bytes` to an index in `text`, where `text` is the
 * result of decoding `bytes` as UTF-8 with a WHATWG decoder
 * (`new TextDecoder()` / `TextDecoder('utf-8', { ignoreBOM })`, non-fatal).
 *
 * - Valid UTF-8: exact. A byte in the middle of a multi-byte character maps
 *   to the index of that character (its first UTF-16 unit).
 * - Invalid UTF-8: follows the WHATWG decoder's replacement rules (one U+FFFD
 *   per maximal invalid subpart), so the result is still exact for text
 *   produced by TextDecoder. For text decoded some other way (e.g. a decoder
 *   that replaces every bad byte separately) the index may drift after the
 *   first invalid sequence.
 * - A leading UTF-8 BOM: TextDecoder drops it by default. If `bytes` starts
 *   with EF BB BF and `text` does not start with U+FEFF, the BOM bytes map to
 *   index 0 and later offsets shift by one.
 * - `byteOffset` is clamped to [0, bytes.length]; the result to [0, text.length].
 *
 * Cost is O(byteOffset) (O(1) for all-ASCII input); meant for reporting a
 * handful of positions, not for a per-token mapping.
 */
export function byteOffsetToUtf16(text: string, bytes: Uint8Array, byteOffset: number): number {
  const end = Math.max(0, Math.min(bytes.length, Math.floor(byteOffset)));
  // Pure ASCII, by far the common case: bytes and UTF-16 units coincide (Node's native check,
  // not a loop over every byte in cold code).
  if (text.length === bytes.length && isAscii(bytes.subarray(0, end))) return end;

  let units = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let i = 0;
  while (i < end) {
    const b = bytes[i];
    if (needed === 0) {
      if (b <= 0x7f) units++;
      else if (b >= 0xc2 && b <= 0xdf) needed = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
      } else units++; // U+FFFD
      i++;
      continue;
    }
    if (b < lower || b > upper) {
      // Broken sequence: one U+FFFD, then reprocess this byte.
      units++;
      needed = 0;
      seen = 0;
      lower = 0x80;
      upper = 0xbf;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    if (++seen === needed) {
      units += needed === 3 ? 2 : 1;
      needed = 0;
      seen = 0;
    }
    i++;
  }
  if (needed !== 0) {
    // Stopped inside a sequence: if the byte at `end` continues it, `end`
    // belongs to that character; otherwise the prefix became U+FFFD.
    const b = end < bytes.length ? bytes[end] : -1;
    if (!(b >= lower && b <= upper)) units++;
  }

  if (
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf &&
    text.charCodeAt(0) !== 0xfeff
  ) {
    units = Math.max(0, units - 1);
  }
  return Math.min(units, text.length);
}
