import { fileLocation, type Rule } from './context.js';

/** NULL_VALUE: null leaves the field as it was (an empty list for ca_cert_ids). */
export const nullValue: Rule = {
  id: 'null-value',
  codes: ['NULL_VALUE'],
  check(ctx) {
    for (const o of ctx.loaded.occurrences) {
      if (o.canonicalKey === undefined || o.valueKind !== 'null') continue;
      ctx.report('NULL_VALUE', { key: o.canonicalKey, afterEarlier: o.duplicateOf !== undefined }, o.path, fileLocation(ctx.file, o.valueSpan));
    }
  },
};
