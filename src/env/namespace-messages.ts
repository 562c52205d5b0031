/**
 * Wording of the whole-namespace environment findings (the env-namespace rule): ENV_BAD_VALUE,
 * and ENV_UNKNOWN_NAME outside external_services (args.scope === 'config'). src/messages.ts hands
 * these over; rules give data, never text.
 */
import { describeReadBy } from '../config/history.js';
import type { ArgValue, Args } from '../types.js';

const s = (a: Args, k: string): string => {
  const v: ArgValue | undefined = a[k];
  return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
};
const list = (a: Args, k: string): string[] => {
  const v = a[k];
  return Array.isArray(v) ? v : v === undefined ? [] : [String(v)];
};

const INT_BITS: Record<string, number> = { int: 64, int8: 8, int16: 16, int32: 32, int64: 64, uint: 64, uint8: 8, uint16: 16, uint32: 32, uint64: 64, uintptr: 64 };

/** "-128 to 127" for int8, "0 to 65535" for uint16. */
function intRange(goType: string): string | undefined {
  const t = goType.replace(/^\*/, '');
  const bits = INT_BITS[t];
  if (bits === undefined) return undefined;
  const b = BigInt(bits);
  return t.startsWith('u') ? `0 to ${(1n << b) - 1n}` : `${-(1n << (b - 1n))} to ${(1n << (b - 1n)) - 1n}`;
}

const BOOL_FIX = 'Use true or false (also accepted: 1 0 t f T F TRUE FALSE True False).';
const DURATION_FIX = 'A duration needs a unit: 10s, 1m30s, 500ms, 2h (units ns, us, ms, s, m, h); only 0 may be written without one.';

function what(kind: string, goType: string): string {
  switch (kind) {
    case 'bool': return 'boolean';
    case 'int': return `integer (${goType})`;
    case 'uint': return `non-negative integer (${goType})`;
    case 'float': return `number (${goType})`;
    case 'duration': return 'duration';
    case 'map': return `list of key:value pairs (${goType})`;
    case 'slice': return `comma-separated list (${goType})`;
    case 'custom': return `JSON value (${goType})`;
    default: return `value of type ${goType}`;
  }
}

function fix(a: Args, kind: string, outOfRange: boolean): string {
  const goType = s(a, 'goType');
  switch (kind) {
    case 'bool':
      return BOOL_FIX;
    case 'int':
    case 'uint': {
      const range = intRange(goType);
      if (outOfRange && range !== undefined) return `The range of ${goType.replace(/^\*/, '')} is ${range}.`;
      return `Write a whole number in decimal, such as 8080: no spaces, units, quotes or decimal point${kind === 'uint' ? ', no sign' : ''} (Go also reads 0x, 0o and 0b prefixes, and a leading 0 as octal: 010 is 8).`;
    }
    case 'float':
      return outOfRange
        ? `The value is too large for ${goType.replace(/^\*/, '')}.`
        : 'Write a plain number such as 0.5 or 10: no spaces, units, quotes or thousands separators.';
    case 'duration':
      return DURATION_FIX;
    case 'map':
      return 'Write key:value pairs separated by commas, each with exactly one ":" (so neither a key nor a value can hold ":" or ","; set such values in tyk.conf instead), e.g. KEY1:value1,KEY2:value2.';
    case 'slice': {
      const elem = s(a, 'elemKind');
      if (elem === 'bool') return `Items are split on commas with no trimming. ${BOOL_FIX}`;
      if (elem === 'int' || elem === 'uint') return 'Items are split on commas with no trimming; write each as a whole number in decimal, with no spaces.';
      if (elem === 'float') return 'Items are split on commas with no trimming; write each as a plain number, with no spaces.';
      if (elem === 'duration') return `Items are split on commas with no trimming. ${DURATION_FIX}`;
      return 'Items are split on commas with no trimming.';
    }
    case 'custom': {
      const accepts = s(a, 'accepts').replace(/\s*\(.*$/, '');
      return `Give valid JSON${accepts !== '' ? `: ${accepts}` : ''}, on one line and quoted for your shell or env file; or set it in tyk.conf instead.`;
    }
    default:
      return 'Fix or remove the variable.';
  }
}

/** ENV_BAD_VALUE. */
export function envBadValueMessage(a: Args): string {
  const name = s(a, 'name');
  const value = JSON.stringify(s(a, 'value'));
  const goMessage = s(a, 'goMessage');
  const kind = s(a, 'kind');
  const notFirst = a.first === false ? ' (The gateway stops at the first bad value, which is another variable: fix this one too.)' : '';
  const approx = a.approximate === true ? ' (approximately: the exact text depends on the value)' : '';
  if (goMessage.startsWith('panic:')) {
    return `${name} cannot be set from the environment: envconfig still reads it, but the gateway crashes at start on any ${kind === 'slice' ? 'non-blank ' : ''}value (${goMessage}${approx}). The field is not a setting (tyk.conf cannot set it either). Remove the variable.${notFirst}`;
  }
  const outOfRange = goMessage.endsWith('value out of range');
  const effect = a.consequence === 'defaults'
    ? `tracing.name "${s(a, 'loader')}" in tyk.conf runs the ${s(a, 'loader')} loader, which fails on it, so the gateway logs "Error loading config, using defaults" and starts without tyk.conf, on built-in defaults plus environment and with no ${s(a, 'loader')} tracing`
    : 'the gateway exits at start';
  return `${name}=${value} is not a valid ${what(kind, s(a, 'goType'))}: ${effect} (${goMessage}${approx}). ${fix(a, kind, outOfRange)}${notFirst}`;
}

/** ENV_UNKNOWN_NAME outside the external_services block (args.scope === 'config'). */
export function envUnknownNameOutsideMessage(a: Args): string {
  const name = s(a, 'name');
  const suggestion = s(a, 'suggestion');
  const version = s(a, 'version');
  const readBy = list(a, 'readBy');
  const elsewhere = readBy.length > 0 ? ` It is ${describeReadBy(readBy)}: check --tyk-version.` : '';
  const squash = (x: string): string => x.toUpperCase().replace(/_/g, '');
  if (suggestion !== '' && suggestion === name.toUpperCase()) {
    return `${name} is never read by the gateway: variable names are case-sensitive and envconfig reads upper-case names. Rename it to ${suggestion}.`;
  }
  if (suggestion !== '' && squash(suggestion) === squash(name)) {
    return `${name} is never read by the gateway: envconfig builds names from Go field names, without underscores inside them. Rename it to ${suggestion}.`;
  }
  return `${name} is not read by Tyk ${version}: no setting has this name, so the gateway ignores it.${elsewhere}${suggestion !== '' ? ` Did you mean ${suggestion}?` : ''}`;
}
