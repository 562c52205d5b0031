import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  GO_MAX_NESTING_DEPTH,
  byteOffsetToUtf16,
  goJsonScan,
  goQuoteChar,
  type GoJsonScanResult,
} from '../src/go/json.js';

interface DecodeVector {
  name: string;
  input: string;
  gateway_rejects: boolean;
  error: string | null;
}

const VECTOR_PATH = join('fixtures', 'gateway-vectors', 'decode.json');

/**
 * The compiled test normally runs from dist/test/, so the repo root is two
 * directories up. When compiled elsewhere (an isolated build), look upwards
 * from the test file and then from the working directory.
 */
function findVectors(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '..', '..')];
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(dir);
    if (dirname(dir) === dir) break;
  }
  candidates.push(process.cwd());
  for (const root of candidates) {
    const p = join(root, VECTOR_PATH);
    if (existsSync(p)) return p;
  }
  throw new Error(`cannot find ${VECTOR_PATH} (looked above ${here} and in ${process.cwd()})`);
}

const enc = new TextEncoder();
const utf8 = (s: string): Uint8Array => enc.encode(s);
const scan = (s: string | Uint8Array): GoJsonScanResult => goJsonScan(typeof s === 'string' ? utf8(s) : s);

function isSyntaxMessage(msg: string): boolean {
  return /^invalid character /.test(msg) || msg === 'unexpected EOF' || msg === 'EOF';
}

describe('gateway vectors: decode.json', () => {
  const vectors = JSON.parse(readFileSync(findVectors(), 'utf8')) as DecodeVector[];

  test('vector file is non-empty and has syntax and trailing cases', () => {
    assert.ok(vectors.length > 0);
    assert.ok(vectors.some((v) => v.name.startsWith('syntax:')));
    assert.ok(vectors.some((v) => v.name.startsWith('trailing:')));
  });

  for (const v of vectors) {
    const syntaxCase =
      v.name.startsWith('syntax:') ||
      v.name.startsWith('trailing:') ||
      (v.error !== null && isSyntaxMessage(v.error));
    test(v.name, () => {
      const r = scan(v.input);
      if (!syntaxCase) {
        // Syntactically valid; any rejection is a type error handled elsewhere.
        assert.equal(r.error, null, `unexpected syntax error: ${r.error?.message}`);
        return;
      }
      if (v.error !== null) {
        assert.equal(v.gateway_rejects, true);
        assert.notEqual(r.error, null, 'expected a syntax error');
        assert.equal(r.error?.message, v.error);
      } else {
        assert.equal(r.error, null, `unexpected syntax error: ${r.error?.message}`);
        assert.equal(v.gateway_rejects, false);
        if (v.name.startsWith('trailing:')) {
          assert.notEqual(r.trailing, null, 'trailing content not detected');
        }
      }
    });
  }
});

type Expect =
  | { ok: true; valueEnd: number; trailing: number | null }
  | { ok: false; message: string; offset: number };

const err = (message: string, offset: number): Expect => ({ ok: false, message, offset });
const ok = (valueEnd: number, trailing: number | null = null): Expect => ({ ok: true, valueEnd, trailing });

const cases: Array<[string, string | Uint8Array, Expect]> = [
  // --- valid documents
  ['empty object', '{}', ok(2)],
  ['empty array', '[]', ok(2)],
  ['nested, with all whitespace kinds', ' \t\r\n{ "a" : [ 1 , -0.5e+3 , true , false , null , "x" ] , "b" : { } }\n', ok(69)],
  ['escapes', '{"a":"\\b\\f\\n\\r\\t\\\\\\/\\"\\u00e9\\uD800\\uABCD"}', ok(42)],
  ['numbers', '[0,-0,1,10,1.0,1e5,1E5,1e+5,1e-5,-1.25E-10,0.0e0]', ok(49)],
  ['top-level string', '"abc"', ok(5)],
  ['top-level number at EOF', '123', ok(3)],
  ['top-level literal at EOF', 'true', ok(4)],
  ['top-level null', 'null', ok(4)],
  ['invalid UTF-8 inside a string is accepted', new Uint8Array([0x22, 0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0x22]), ok(8)],
  ['valid multi-byte UTF-8 in a string', '{"k":"é€😀"}', ok(17)],
  ['DEL inside a string is accepted', '"\x7f"', ok(3)],

  // --- trailing content (Go never reads past the first value)
  ['trailing garbage after object', '{"a":1} garbage', ok(7, 8)],
  ['trailing brace', '{"a":{}}}', ok(8, 8)],
  ['trailing second document', '{}\n{"b":2}', ok(2, 3)],
  ['trailing comment', '{} // c', ok(2, 3)],
  ['trailing whitespace only', '{}  \n\t ', ok(2)],
  ['trailing invalid UTF-8', new Uint8Array([0x5b, 0x5d, 0x20, 0xff]), ok(2, 3)],
  ['trailing after array with unbalanced junk', '[1]]]', ok(3, 3)],
  ['top-level number ended by a letter', '123abc', ok(3, 3)],
  ['top-level number ended by space then text', '123 x', ok(3, 4)],
  ['top-level 01 is 0 then trailing 1', '01', ok(1, 1)],
  ['top-level -01 is -0 then trailing 1', '-01', ok(2, 2)],
  ['top-level 1.5.3', '1.5.3', ok(3, 3)],
  ['top-level literal followed by junk', 'truex', ok(4, 4)],
  ['top-level string followed by junk', '"a"b', ok(3, 3)],
  ['top-level 0x10', '0x10', ok(1, 1)],

  // --- looking for beginning of value
  ['plus sign', '{"p": +8080}', err("invalid character '+' looking for beginning of value", 6)],
  ['leading dot', '[.5]', err("invalid character '.' looking for beginning of value", 1)],
  ['single-quoted string value', "{\"a\":'x'}", err("invalid character '\\'' looking for beginning of value", 5)],
  ['missing value', '{"a":}', err("invalid character '}' looking for beginning of value", 5)],
  ['trailing comma in array', '[1,]', err("invalid character ']' looking for beginning of value", 3)],
  ['leading comma in array', '[,1]', err("invalid character ',' looking for beginning of value", 1)],
  ['NaN', '[NaN]', err("invalid character 'N' looking for beginning of value", 1)],
  ['UTF-8 BOM', '\ufeff{}', err("invalid character 'ï' looking for beginning of value", 0)],
  ['vertical tab is not whitespace', '\v{}', err("invalid character '\\v' looking for beginning of value", 0)],
  ['form feed is not whitespace', '\f{}', err("invalid character '\\f' looking for beginning of value", 0)],
  ['NUL byte', '\0', err("invalid character '\\x00' looking for beginning of value", 0)],
  ['DEL byte', '\x7f', err("invalid character '\\x7f' looking for beginning of value", 0)],
  ['C1 byte', new Uint8Array([0x85]), err("invalid character '\\u0085' looking for beginning of value", 0)],
  ['soft hyphen byte', new Uint8Array([0xad]), err("invalid character '\\u00ad' looking for beginning of value", 0)],
  ['backslash', '\\', err("invalid character '\\\\' looking for beginning of value", 0)],
  ['close brace at top', '}', err("invalid character '}' looking for beginning of value", 0)],

  // --- looking for beginning of object key string
  ['line comment', '{\n  // c\n  "a": 1}', err("invalid character '/' looking for beginning of object key string", 4)],
  ['block comment', '{/* c */}', err("invalid character '/' looking for beginning of object key string", 1)],
  ['NBSP as whitespace', '{\u00a0"a":1}', err("invalid character 'Â' looking for beginning of object key string", 1)],
  ['trailing comma in object', '{"a":1,}', err("invalid character '}' looking for beginning of object key string", 7)],
  ['unquoted key', '{a:1}', err("invalid character 'a' looking for beginning of object key string", 1)],
  ['single-quoted key', "{'a':1}", err("invalid character '\\'' looking for beginning of object key string", 1)],
  ['number key', '{1:1}', err("invalid character '1' looking for beginning of object key string", 1)],

  // --- after object key / key:value pair / array element
  ['missing colon', '{"a" 1}', err("invalid character '1' after object key", 5)],
  ['array close after key', '{"a"]', err("invalid character ']' after object key", 4)],
  ['equals instead of colon', '{"a"=1}', err("invalid character '=' after object key", 4)],
  ['missing comma in object', '{"a":1 "b":2}', err("invalid character '\"' after object key:value pair", 7)],
  ['wrong closer for object', '{"external_services": {"global": {"enabled": true}]}', err("invalid character ']' after object key:value pair", 50)],
  ['leading zero in object', '{"a":01}', err("invalid character '1' after object key:value pair", 6)],
  ['hex in object', '{"a":0x1}', err("invalid character 'x' after object key:value pair", 6)],
  ['missing comma in array', '[1 2]', err("invalid character '2' after array element", 3)],
  ['wrong closer for array', '[1}', err("invalid character '}' after array element", 2)],
  ['leading zero in array', '[00]', err("invalid character '0' after array element", 2)],

  // --- strings
  ['tab in string', '{"a":"x\ty"}', err("invalid character '\\t' in string literal", 7)],
  ['newline in string', '"a\nb"', err("invalid character '\\n' in string literal", 2)],
  ['CR in string', '"a\rb"', err("invalid character '\\r' in string literal", 2)],
  ['NUL in string', '"\0"', err("invalid character '\\x00' in string literal", 1)],
  ['0x1f in string', '"\x1f"', err("invalid character '\\x1f' in string literal", 1)],
  ['bell in string', '"\x07"', err("invalid character '\\a' in string literal", 1)],
  ['backspace in string', '"\b"', err("invalid character '\\b' in string literal", 1)],
  ['bad escape q', '"\\q"', err("invalid character 'q' in string escape code", 2)],
  ['bad escape single quote', '"\\\'"', err("invalid character '\\'' in string escape code", 2)],
  ['bad escape x', '"\\x41"', err("invalid character 'x' in string escape code", 2)],
  ['bad escape U', '"\\U0041"', err("invalid character 'U' in string escape code", 2)],
  ['bad \\u digit 1', '"\\uZ000"', err("invalid character 'Z' in \\u hexadecimal character escape", 3)],
  ['bad \\u digit 2', '"\\u0g00"', err("invalid character 'g' in \\u hexadecimal character escape", 4)],
  ['bad \\u digit 3', '"\\u00a"', err("invalid character '\"' in \\u hexadecimal character escape", 6)],
  ['bad \\u digit 4 (a not hex after three)', '"\\u123a"', ok(8)],
  ['bad \\u digit 4', '"\\u123x"', err("invalid character 'x' in \\u hexadecimal character escape", 6)],

  // --- numbers
  ['lone minus then space', '[- 1]', err("invalid character ' ' in numeric literal", 2)],
  ['minus letter', '-x', err("invalid character 'x' in numeric literal", 1)],
  ['minus minus', '[--1]', err("invalid character '-' in numeric literal", 2)],
  ['dot without digits', '[1.]', err("invalid character ']' after decimal point in numeric literal", 3)],
  ['dot then e', '1.e5', err("invalid character 'e' after decimal point in numeric literal", 2)],
  ['exponent without digits', '[1e]', err("invalid character ']' in exponent of numeric literal", 3)],
  ['exponent sign without digits', '[1e+]', err("invalid character ']' in exponent of numeric literal", 4)],
  ['exponent double sign', '1e+-1', err("invalid character '-' in exponent of numeric literal", 3)],

  // --- literals
  ['true typo r', '[tx]', err("invalid character 'x' in literal true (expecting 'r')", 2)],
  ['true typo u', '[trx]', err("invalid character 'x' in literal true (expecting 'u')", 3)],
  ['true typo e', '{"a":tru}', err("invalid character '}' in literal true (expecting 'e')", 8)],
  ['True capitalised', '{"a":True}', err("invalid character 'T' looking for beginning of value", 5)],
  ['false typo a', 'fx', err("invalid character 'x' in literal false (expecting 'a')", 1)],
  ['false typo l', 'fax', err("invalid character 'x' in literal false (expecting 'l')", 2)],
  ['false typo s', 'falx', err("invalid character 'x' in literal false (expecting 's')", 3)],
  ['false typo e', 'falsx', err("invalid character 'x' in literal false (expecting 'e')", 4)],
  ['null typo u', 'nx', err("invalid character 'x' in literal null (expecting 'u')", 1)],
  ['null typo l', 'nux', err("invalid character 'x' in literal null (expecting 'l')", 2)],
  ['null typo second l', 'nulx', err("invalid character 'x' in literal null (expecting 'l')", 3)],

  // --- end of input
  ['empty input', '', err('EOF', 0)],
  ['whitespace only', ' \t\r\n ', err('EOF', 5)],
  ['unterminated object', '{"a": {"b": true}', err('unexpected EOF', 17)],
  ['lone open brace', '{', err('unexpected EOF', 1)],
  ['open brace after whitespace', '  {  ', err('unexpected EOF', 5)],
  ['unterminated string', '"abc', err('unexpected EOF', 4)],
  ['unterminated escape', '"\\', err('unexpected EOF', 2)],
  ['unterminated \\u', '"\\u12', err('unexpected EOF', 5)],
  ['after key', '{"a"', err('unexpected EOF', 4)],
  ['after colon', '{"a":', err('unexpected EOF', 5)],
  ['lone minus at EOF', '-', err('unexpected EOF', 1)],
  ['dot at EOF', '1.', err('unexpected EOF', 2)],
  ['exponent at EOF', '1e', err('unexpected EOF', 2)],
  ['exponent sign at EOF', '1e-', err('unexpected EOF', 3)],
  ['partial literal at EOF', 'tru', err('unexpected EOF', 3)],
  ['number inside array at EOF', '[1', err('unexpected EOF', 2)],
  ['valid top-level exponent at EOF', '1e-7', ok(4)],
  ['valid top-level decimal at EOF', '-0.25', ok(5)],

  // --- nesting depth (Go's maxNestingDepth = 10000)
  ['10000 nested arrays are fine', '['.repeat(10000) + ']'.repeat(10000), ok(20000)],
  ['10001 nested arrays exceed max depth', '['.repeat(10001) + ']'.repeat(10001), err("invalid character '[' exceeded max depth", 10000)],
  ['10001st level is an object', '['.repeat(10000) + '{}' + ']'.repeat(10000), err("invalid character '{' exceeded max depth", 10000)],
];

describe('goJsonScan: own cases', () => {
  for (const [name, input, expected] of cases) {
    test(name, () => {
      const r = scan(input);
      if (expected.ok) {
        assert.deepEqual(r, {
          error: null,
          valueEnd: expected.valueEnd,
          trailing: expected.trailing === null ? null : { start: expected.trailing },
        });
      } else {
        assert.deepEqual(r, {
          error: { offset: expected.offset, message: expected.message },
          valueEnd: null,
          trailing: null,
        });
      }
    });
  }

  test('every ASCII byte as a value start gives the expected message', () => {
    const starters = new Set('{["-0123456789tfn'.split('').map((s) => s.charCodeAt(0)));
    for (let c = 0; c < 0x80; c++) {
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || starters.has(c)) continue;
      const r = goJsonScan(new Uint8Array([c]));
      assert.deepEqual(r.error, { offset: 0, message: `invalid character ${goQuoteChar(c)} looking for beginning of value` });
    }
  });
});

describe('goQuoteChar', () => {
  test('matches Go quoteChar/strconv.Quote', () => {
    const table: Array<[number, string]> = [
      [0x27, "'\\''"],
      [0x22, `'"'`],
      [0x5c, "'\\\\'"],
      [0x2f, "'/'"],
      [0x20, "' '"],
      [0x00, "'\\x00'"],
      [0x07, "'\\a'"],
      [0x08, "'\\b'"],
      [0x09, "'\\t'"],
      [0x0a, "'\\n'"],
      [0x0b, "'\\v'"],
      [0x0c, "'\\f'"],
      [0x0d, "'\\r'"],
      [0x1b, "'\\x1b'"],
      [0x7f, "'\\x7f'"],
      [0x80, "'\\u0080'"],
      [0x9f, "'\\u009f'"],
      [0xa0, "'\\u00a0'"],
      [0xa1, "'¡'"],
      [0xad, "'\\u00ad'"],
      [0xc2, "'Â'"],
      [0xef, "'ï'"],
      [0xff, "'ÿ'"],
    ];
    for (const [c, s] of table) assert.equal(goQuoteChar(c), s, `byte 0x${c.toString(16)}`);
  });
});

describe('goJsonScan: scale', () => {
  test('100,000 levels of nesting: no stack overflow, Go depth error', () => {
    const depth = 100_000;
    const arr = new Uint8Array(depth * 2);
    arr.fill(0x5b, 0, depth);
    arr.fill(0x5d, depth);
    assert.deepEqual(goJsonScan(arr).error, {
      offset: GO_MAX_NESTING_DEPTH,
      message: "invalid character '[' exceeded max depth",
    });
    // Objects, alternating with arrays.
    const unit = '{"a":[';
    const open = unit.repeat(depth / 2);
    const r = scan(open);
    assert.equal(r.error?.message, "invalid character '{' exceeded max depth");
    assert.equal(r.error?.offset, (GO_MAX_NESTING_DEPTH / 2) * unit.length);
  });

  test('exactly the maximum depth with objects and arrays, closed', () => {
    const half = GO_MAX_NESTING_DEPTH / 2;
    const s = '{"a":['.repeat(half) + '1' + ']}'.repeat(half) + 'tail';
    const r = scan(s);
    assert.equal(r.error, null);
    assert.equal(r.valueEnd, s.length - 4);
    assert.deepEqual(r.trailing, { start: s.length - 4 });
  });

  test('50 MB input scans quickly', () => {
    const chunk = utf8('{"key_é":"value with spaces \\"quoted\\" \\u00e9 😀","n":[1,-2.5e+10,0,true,false,null],"o":{}},\n');
    const target = 50 * 1024 * 1024;
    const count = Math.ceil(target / chunk.length);
    const buf = new Uint8Array(1 + count * chunk.length + 1);
    buf[0] = 0x5b;
    for (let k = 0; k < count; k++) buf.set(chunk, 1 + k * chunk.length);
    // Replace the final ",\n" with "\n]".
    buf[buf.length - 3] = 0x0a;
    buf[buf.length - 2] = 0x5d;
    buf[buf.length - 1] = 0x20;
    const t0 = performance.now();
    const r = goJsonScan(buf);
    const ms = performance.now() - t0;
    assert.equal(r.error, null, r.error?.message);
    assert.equal(r.valueEnd, buf.length - 1);
    assert.equal(r.trailing, null);
    assert.ok(ms < 2000, `50 MB took ${ms.toFixed(0)} ms`);

    // Same input with a syntax error at the very end.
    buf[buf.length - 2] = 0x7d; // '}'
    const r2 = goJsonScan(buf);
    assert.deepEqual(r2.error, { offset: buf.length - 2, message: "invalid character '}' after array element" });
  });
});

describe('byteOffsetToUtf16', () => {
  const dec = new TextDecoder();

  test('ASCII is the identity', () => {
    const s = '{"a": 1}';
    const b = utf8(s);
    for (let k = 0; k <= b.length; k++) assert.equal(byteOffsetToUtf16(s, b, k), k);
  });

  test('multi-byte characters and surrogate pairs', () => {
    const s = 'aé€😀b';
    const b = utf8(s);
    const text = dec.decode(b);
    // bytes: a(0) é(1,2) €(3,4,5) 😀(6..9) b(10)
    const expected = [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 5, 6];
    for (let k = 0; k <= b.length; k++) assert.equal(byteOffsetToUtf16(text, b, k), expected[k], `byte ${k}`);
  });

  test('maps scanner error offsets onto the decoded text', () => {
    const s = '{"é😀": 1,\u00a0"x": 2}';
    const b = utf8(s);
    const r = goJsonScan(b);
    assert.equal(r.error?.message, "invalid character 'Â' looking for beginning of object key string");
    const idx = byteOffsetToUtf16(s, b, r.error?.offset ?? -1);
    assert.equal(s[idx], '\u00a0');
  });

  test('BOM stripped by TextDecoder vs kept', () => {
    const b = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    const stripped = dec.decode(b);
    assert.equal(stripped, '{}');
    assert.equal(byteOffsetToUtf16(stripped, b, 0), 0);
    assert.equal(byteOffsetToUtf16(stripped, b, 3), 0);
    assert.equal(byteOffsetToUtf16(stripped, b, 4), 1);
    const kept = new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
    assert.equal(kept, '\ufeff{}');
    assert.equal(byteOffsetToUtf16(kept, b, 3), 1);
    assert.equal(byteOffsetToUtf16(kept, b, 5), 3);
  });

  test('invalid UTF-8 follows TextDecoder replacement', () => {
    // ff | e2 82 (truncated €) | 41 | f0 9f 98 (truncated) | 42 | ed a0 80 (surrogate) | 43 | c3 (end)
    const b = new Uint8Array([0xff, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, 0x42, 0xed, 0xa0, 0x80, 0x43, 0xc3]);
    const text = dec.decode(b);
    assert.equal(text, '\ufffd\ufffdA\ufffdB\ufffd\ufffd\ufffdC\ufffd');
    assert.equal(text[byteOffsetToUtf16(text, b, 3)], 'A');
    assert.equal(text[byteOffsetToUtf16(text, b, 7)], 'B');
    assert.equal(text[byteOffsetToUtf16(text, b, 11)], 'C');
    assert.equal(byteOffsetToUtf16(text, b, 12), text.length - 1);
    assert.equal(byteOffsetToUtf16(text, b, 13), text.length);
    // Check every offset against decoding the prefix (valid at sequence starts).
    for (const k of [0, 1, 3, 4, 7, 8, 9, 10, 11, 12, 13]) {
      assert.equal(byteOffsetToUtf16(text, b, k), dec.decode(b.subarray(0, k)).length, `byte ${k}`);
    }
  });

  test('clamps out-of-range offsets', () => {
    const s = 'ab';
    const b = utf8(s);
    assert.equal(byteOffsetToUtf16(s, b, -5), 0);
    assert.equal(byteOffsetToUtf16(s, b, 99), 2);
  });
});
