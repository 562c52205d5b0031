import { fileLocation, type Rule } from './context.js';
import { decodeArgs } from './version-args.js';

/** TYPE_MISMATCH: Go's decoder fails on it, and the gateway then drops the whole file (§2), or before 5.3 exits. */
export const typeMismatch: Rule = {
  id: 'type-mismatch',
  codes: ['TYPE_MISMATCH'],
  check(ctx) {
    for (const t of ctx.loaded.typeErrors) {
      ctx.report('TYPE_MISMATCH', { expected: t.expected, actual: t.actual, goMessage: t.goMessage, ...decodeArgs(ctx.tykVersion) }, t.path, fileLocation(ctx.file, t.span));
    }
  },
};
