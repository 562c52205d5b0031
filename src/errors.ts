/**
 * Errors the user caused, printed as one line with exit code 2 and never a stack trace.
 *
 * The CLI ships as two bundles (scripts/bundle.mjs): lint's, and the one explain, migrate and
 * the other reporters load on demand, each with its own copy of this module. `instanceof`
 * therefore checks a brand registered with Symbol.for, the same in both copies, instead of the
 * class object.
 */
const BRAND = Symbol.for('extsvc.error-kind');

type Kind = 'UsageError' | 'InputError';

function isKind(x: unknown, kind: Kind): boolean {
  return x instanceof Error && (x as unknown as Record<symbol, unknown>)[BRAND] === kind;
}

/** A command line that cannot work: names the flag and what it accepts. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly [BRAND]: Kind = 'UsageError';
  static override [Symbol.hasInstance](x: unknown): boolean {
    return isKind(x, 'UsageError');
  }
}

/** Input that cannot be read or used at all: names the file, the place and the fix. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly [BRAND]: Kind = 'InputError';
  static override [Symbol.hasInstance](x: unknown): boolean {
    return isKind(x, 'InputError');
  }
}
