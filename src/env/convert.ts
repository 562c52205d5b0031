/**
 * envconfig's conversion of one TYK_GW_* value (src/env/namespace.ts lists the variables).
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
import { goJsonScan, goQuoteChar } from '../go/json.js';
import { goIsBlank, goParseBool, goParseFloat, goParseInt, goParseUint, goQuote, type Quote } from '../go/strconv.js';
import { goParseDuration, goTimeQuote } from '../go/time.js';
import { goFieldName, goTypeInError, type EnvConversion, type EnvVariable } from './namespace.js';

const utf8 = new TextEncoder();

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
