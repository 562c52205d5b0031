/**
 * The whole TYK_GW_* namespace of one gateway version, and envconfig's conversion of a value.
 *
 * The variable lists are generated (scripts/gen-config-schema.mjs, schemas/tyk-config-<version>.env.json)
 * from the gateway's config structs, and read from schemas/ on first use (src/assets.ts): most runs
 * have no TYK_GW_* variable outside the external_services block and never need them.
 *
 * convertEnvValue reproduces what kelseyhightower/envconfig v1.4.0 (processField) does with a value
 * and the error the gateway prints before it exits:
 *
 *   envconfig.Process: assigning <KEY> to <GoField>: converting '<value>' to type <GoType>. details: <err>
 *
 * <err> is the inner error as Go writes it: strconv's NumError ("strconv.ParseInt: parsing "x": invalid
 * syntax"), time.ParseDuration's ("time: missing unit in duration "10""), envconfig's own map error
 * ("invalid map item: "x""), or encoding/json's for the types whose Decode method is json.Unmarshal.
 * The Go functions are ported from the Go 1.24 sources (strconv/atoi.go, strconv/atof.go,
 * time/format.go) and envconfig v1.4.0's envconfig.go.
 */
import { goJsonScan, goQuoteChar } from '../config/gojson.js';
import { goIsBlank, goQuote } from '../gostrconv.js';

export { goIsBlank };
import { schemaAsset } from '../assets.js';
import { DEFAULT_TYK_VERSION, TYK_VERSIONS, type TykVersion } from '../config/schema.js';

// ---------------------------------------------------------------------------------------------
// The generated files

export type ParseRule = 'string' | 'bool' | 'int' | 'uint' | 'float' | 'duration' | 'slice' | 'bytes' | 'map' | 'custom' | 'none';

/** How envconfig converts a value of one Go type (a variable, or a slice/map element). */
export interface EnvConversion {
  parse: ParseRule;
  /** The Go type as reflect prints it ("int64", "time.Duration", "map[string]string", "*bool"). */
  goType: string;
  /** The Go kind behind it ("int32", "slice", "struct", …). */
  kind?: string;
  bits?: number;
  /** slice and map elements. */
  elem?: EnvConversion;
  key?: EnvConversion;
  /** custom: the method envconfig calls (Decode, Set, UnmarshalText, UnmarshalBinary). */
  method?: string;
  /** custom: "json" (the method is json.Unmarshal), "fatal" (no value works). */
  format?: string;
  accepts?: string;
  /** A pointer to a non-struct (*bool): allocated when set. */
  pointer?: boolean;
}

export interface EnvVariable extends EnvConversion {
  /** The name envconfig looks up. */
  name: string;
  /** Go field path from the root struct ("Config.HttpServerOptions.MinVersion"). */
  goPath: string;
  /** Key path in tyk.conf, or null when the file cannot set the field. */
  path: string[] | null;
  /** A nil pointer to a struct that envconfig allocates (and dereferences) on its own. */
  allocates?: boolean;
  alsoReads?: string;
  default?: string;
  required?: boolean;
}

export interface EnvLoader {
  /** "zipkin" or "jaeger": the tracer loaders that run a second envconfig.Process. */
  loader: string;
  when: string;
  source: string;
  pathRelativeTo: string[];
  allocates: string[];
  variables: EnvVariable[];
}

export interface EnvSpecial {
  name: string;
  rule: string;
  source: string;
}

interface EnvFile {
  version: string;
  generatedFrom: string;
  source: { repo: string; commit: string; tag?: string };
  decoder: string;
  prefix: string;
  rules: Record<string, string>;
  allocates: string[];
  variables: EnvVariable[];
  conditional: EnvLoader[];
  special: EnvSpecial[];
}

/** The recorded gateway versions (config/schema.ts): each has its file schema and its variable list. */
export const ENV_VERSIONS = TYK_VERSIONS;
export type EnvVersion = TykVersion;

/**
 * The newest recorded version, as issue 6 asks ("default the newest recorded") and as the file
 * side does (src/config/schema.ts DEFAULT_TYK_VERSION): file keys and variables are checked
 * against one version. Used only when the caller gives none.
 */
export const DEFAULT_ENV_VERSION: EnvVersion = DEFAULT_TYK_VERSION;

function envFile(version: EnvVersion): EnvFile {
  return schemaAsset(`tyk-config-${version}.env.json`) as EnvFile;
}

export function isEnvVersion(v: string): v is EnvVersion {
  return (ENV_VERSIONS as readonly string[]).includes(v);
}

/** One version's namespace, indexed. */
export interface EnvNamespace {
  version: EnvVersion;
  source: { repo: string; commit: string; tag?: string };
  prefix: string;
  /** envconfig.Process("TYK_GW", &conf), in the order it applies them (the order of its errors). */
  variables: readonly EnvVariable[];
  /** The tracer loaders, run after the main pass when tracing.name selects them. */
  loaders: readonly EnvLoader[];
  /** Names the gateway reads by hand (TYK_GW_OMITCONFIGFILE, TYK_GW_LOGLEVEL, …; also TYK_LOGLEVEL). */
  special: readonly EnvSpecial[];
  byName: ReadonlyMap<string, EnvVariable>;
  /** Every TYK_GW_* name the gateway reads: variables, loader variables and special names. */
  names: ReadonlySet<string>;
  /** The same, sorted, for did-you-mean. */
  sortedNames: readonly string[];
}

const cache = new Map<EnvVersion, EnvNamespace>();

export function loadEnvNamespace(version: EnvVersion): EnvNamespace {
  let ns = cache.get(version);
  if (ns !== undefined) return ns;
  const f = envFile(version);
  const names = new Set<string>();
  for (const v of f.variables) names.add(v.name);
  for (const l of f.conditional) for (const v of l.variables) names.add(v.name);
  for (const s of f.special) if (s.name.startsWith(`${f.prefix}_`)) names.add(s.name);
  ns = {
    version,
    source: f.source,
    prefix: f.prefix,
    variables: f.variables,
    loaders: f.conditional,
    special: f.special,
    byName: new Map(f.variables.map((v) => [v.name, v])),
    names,
    sortedNames: [...names].sort(),
  };
  cache.set(version, ns);
  return ns;
}

/** A version given by the caller, or the default when it names no recorded variable list. */
export function resolveEnvVersion(v: string | undefined): EnvVersion {
  return v !== undefined && isEnvVersion(v) ? v : DEFAULT_ENV_VERSION;
}

/** The Go field name envconfig puts in its error (the last element of the Go path). */
export function goFieldName(v: EnvVariable): string {
  const i = v.goPath.lastIndexOf('.');
  return i < 0 ? v.goPath : v.goPath.slice(i + 1);
}

/**
 * The type envconfig names in its error: reflect's String() of the field it holds. A pointer to a
 * struct has been allocated and dereferenced by gatherInfo ("*regexp.Regexp" → "regexp.Regexp"); a
 * nil pointer to a non-struct stays a pointer ("*bool"). It is always nil when the gateway prints
 * the error that stops it: that is the second pass, over config.Default, which sets none of them.
 */
export function goTypeInError(v: EnvVariable): string {
  return v.allocates === true && v.goType.startsWith('*') ? v.goType.slice(1) : v.goType;
}

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
// strconv

type Quote = (s: string) => string;

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

// ---------------------------------------------------------------------------------------------
// encoding/json, for the types whose Decode is json.Unmarshal

/** The type json.Unmarshal decodes into, when Decode unmarshals into something else than itself. */
const UNMARSHAL_TARGET: Record<string, string> = {
  'config.LabsConfig': 'map[string]interface {}',
};

/** json.Unmarshal's error for the value, checked for syntax and for the top-level JSON type. */
function goJsonUnmarshal(value: string, conv: EnvConversion): string | null {
  const bytes = utf8.encode(value);
  const scan = goJsonScan(bytes);
  if (scan.error !== null) {
    return scan.error.message === 'EOF' || scan.error.message === 'unexpected EOF' ? 'unexpected end of JSON input' : scan.error.message;
  }
  if (scan.trailing !== null) return `invalid character ${goQuoteChar(bytes[scan.trailing.start])} after top-level value`;
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  const c = bytes[i];
  const actual = c === 0x7b ? 'object' : c === 0x5b ? 'array' : c === 0x22 ? 'string' : c === 0x74 || c === 0x66 ? 'bool' : c === 0x6e ? 'null' : 'number';
  const expected = /\bJSON (array|object)\b/.exec(conv.accepts ?? '')?.[1];
  if (actual === 'null' || expected === undefined || actual === expected) return null;
  return `json: cannot unmarshal ${actual} into Go value of type ${UNMARSHAL_TARGET[conv.goType] ?? conv.goType}`;
}

// ---------------------------------------------------------------------------------------------
// envconfig's processField

/**
 * What processField does with a value: nothing to say, the error it returns (the "details" of
 * the ParseError), or a panic (the process dies with Go's runtime message, not a ParseError).
 */
export type FieldResult =
  | { ok: true }
  | { ok: false; detail: string; approximate?: true }
  | { ok: false; panic: string; approximate?: true };

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

export function convertField(conv: EnvConversion, value: string, q: Quote = goQuote, tq: Quote = goTimeQuote): FieldResult {
  const err = (detail: string | null): FieldResult => (detail === null ? { ok: true } : { ok: false, detail });
  switch (conv.parse) {
    case 'string':
    case 'bytes':
    case 'none':
      return { ok: true };
    case 'bool':
      return err(goParseBool(value, q));
    case 'int':
      return err(goParseInt(value, conv.bits ?? 64, q));
    case 'uint':
      return err(goParseUint(value, conv.bits ?? 64, q));
    case 'float':
      return err(goParseFloat(value, conv.bits === 32 ? 32 : 64, q));
    case 'duration':
      return err(goParseDuration(value, tq));
    case 'slice': {
      if (goIsBlank(value)) return { ok: true };
      for (const item of value.split(',')) {
        const r = convertField(conv.elem ?? { parse: 'none', goType: '' }, item, q, tq);
        if (!r.ok) return r;
      }
      return { ok: true };
    }
    case 'map': {
      if (goIsBlank(value)) return { ok: true };
      for (const pair of value.split(',')) {
        const kv = pair.split(':');
        if (kv.length !== 2) return { ok: false, detail: `invalid map item: ${q(pair)}` };
        const k = convertField(conv.key ?? { parse: 'string', goType: 'string' }, kv[0], q, tq);
        if (!k.ok) return k;
        const v = convertField(conv.elem ?? { parse: 'none', goType: '' }, kv[1], q, tq);
        if (!v.ok) return v;
      }
      return { ok: true };
    }
    case 'custom':
      if (conv.format === 'json') {
        const detail = goJsonUnmarshal(value, conv);
        if (detail === null) return { ok: true };
        // kv.Stores (master) is inferred: its Decode is not in the store (schemas/facts/README.md).
        return conv.goType === 'kv.Stores' ? { ok: false, detail, approximate: true } : { ok: false, detail };
      }
      if (conv.format === 'fatal') {
        // UnmarshalText promoted from a nil embedded *regexp.Regexp: a valid pattern dereferences
        // nil; an invalid one returns the regexp compile error instead (not modelled here).
        return { ok: false, panic: NIL_DEREF, approximate: true };
      }
      return { ok: true };
  }
}

// ---------------------------------------------------------------------------------------------
// The variable as the gateway reports it

export type ConvertResult =
  | { ok: true }
  | {
    ok: false;
    /** What the gateway prints: envconfig's ParseError, or the panic. */
    goMessage: string;
    /** Set when the text is a best guess rather than Go's exact words (see convertField). */
    approximate?: true;
  };

export interface ConvertOptions {
  /** Show the value as "****" in the message (values of secret-bearing variables). */
  mask?: boolean;
}

const MASKED: Quote = () => '"****"';

/** envconfig v1.4.0's conversion of `value` for this variable, with the gateway's error text. */
export function convertEnvValue(variable: EnvVariable, value: string, options: ConvertOptions = {}): ConvertResult {
  const mask = options.mask === true;
  const r = convertField(variable, value, mask ? MASKED : goQuote, mask ? MASKED : goTimeQuote);
  if (r.ok) return { ok: true };
  const approx = r.approximate === true ? { approximate: true as const } : {};
  if ('panic' in r) return { ok: false, goMessage: `panic: ${r.panic}`, ...approx };
  const shown = mask ? '****' : value;
  return {
    ok: false,
    goMessage: `envconfig.Process: assigning ${variable.name} to ${goFieldName(variable)}: converting '${shown}' to type ${goTypeInError(variable)}. details: ${r.detail}`,
    ...approx,
  };
}
