import { fileLocation, type Rule } from './context.js';

/**
 * NULL_VALUE: null leaves the field as it was (an empty list for ca_cert_ids). Config dumps
 * (Go's encoder writes every nil slice, map and pointer as null) carry dozens: the plain ones are
 * one finding per file, at the first, listing them all. A null after an earlier value of the same
 * key keeps that earlier value, which is a surprise of its own: reported where it stands.
 */
export const nullValue: Rule = {
  id: 'null-value',
  codes: ['NULL_VALUE'],
  check(ctx) {
    const plain = [];
    for (const o of ctx.loaded.occurrences) {
      if (o.canonicalKey === undefined || o.valueKind !== 'null') continue;
      if (o.duplicateOf !== undefined) {
        ctx.report('NULL_VALUE', { key: o.canonicalKey, afterEarlier: true }, o.path, fileLocation(ctx.file, o.valueSpan));
      } else {
        plain.push(o);
      }
    }
    const first = plain[0];
    if (first === undefined) return;
    const key = first.canonicalKey ?? first.rawKey;
    const args = plain.length === 1
      ? { key, afterEarlier: false }
      : { key, afterEarlier: false, keys: plain.map((o) => o.path.join('.')), count: plain.length };
    ctx.report('NULL_VALUE', args, first.path, fileLocation(ctx.file, first.valueSpan));
  },
};
