import { fileLocation, type Rule } from './context.js';

/** DUPLICATE_KEY: keys binding to the same field, whatever their case; the last wins, objects merge. */
export const duplicateKey: Rule = {
  id: 'duplicate-key',
  codes: ['DUPLICATE_KEY'],
  check(ctx) {
    for (const o of ctx.loaded.occurrences) {
      if (o.duplicateOf === undefined || o.canonicalKey === undefined) continue;
      ctx.report('DUPLICATE_KEY', { key: o.rawKey, firstLine: o.duplicateOf.line, merged: o.mergedWithPrevious, laterNull: o.valueKind === 'null' }, o.path, fileLocation(ctx.file, o.keySpan));
    }
  },
};
