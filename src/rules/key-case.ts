import { fileLocation, type Rule } from './context.js';

/** KEY_CASE: Go binds keys case-insensitively; most other tools (and tyk lint's schema) do not. */
export const keyCase: Rule = {
  id: 'key-case',
  codes: ['KEY_CASE'],
  check(ctx) {
    for (const o of ctx.loaded.occurrences) {
      if (o.canonicalKey === undefined || o.canonicalKey === o.rawKey) continue;
      ctx.report('KEY_CASE', { key: o.rawKey, canonical: o.canonicalKey }, o.path, fileLocation(ctx.file, o.keySpan));
    }
  },
};
