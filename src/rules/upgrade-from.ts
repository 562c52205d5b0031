/**
 * UPGRADE_NOT_READ (lint --upgrade-from <version>): every key the file sets and every TYK_GW_*
 * variable the environment sets that the version being upgraded from reads and the target does
 * not, or reads into another type. From the recorded facts (src/config/history.ts); a key under
 * one already reported is not reported again.
 */
import type { JsonPath } from '../types.js';
import { envReadBy, envTypeIn, keyReadBy, keyTypeIn } from '../config/history.js';
import { resolveTykVersion } from '../config/versions.js';
import { envLocation, fileLocation, type Rule } from './context.js';

const PREFIX = 'TYK_GW_';

function under(path: JsonPath, parents: JsonPath[]): boolean {
  return parents.some((p) => p.length < path.length && p.every((k, i) => k === path[i]));
}

export const upgradeFrom: Rule = {
  id: 'upgrade-from',
  codes: ['UPGRADE_NOT_READ'],
  check(ctx) {
    const from = ctx.upgradeFrom === undefined ? undefined : resolveTykVersion(ctx.upgradeFrom);
    const to = resolveTykVersion(ctx.tykVersion);
    if (from === undefined || to === undefined || from === to) return;
    const reported: JsonPath[] = [];
    for (const o of ctx.loaded.occurrences) {
      if (o.shadowedBy !== undefined || under(o.path, reported)) continue;
      const readBy = keyReadBy(o.path);
      if (!readBy.includes(from)) continue;
      const base = { key: o.path.map(String).join('.'), from, to, readBy };
      if (!readBy.includes(to)) {
        reported.push(o.path);
        ctx.report('UPGRADE_NOT_READ', { ...base, change: 'removed' }, o.path, fileLocation(ctx.file, o.keySpan));
        continue;
      }
      const before = keyTypeIn(o.path, from);
      const after = keyTypeIn(o.path, to);
      if (before !== undefined && after !== undefined && before !== after) {
        reported.push(o.path);
        ctx.report('UPGRADE_NOT_READ', { ...base, change: 'type', fromType: before, toType: after }, o.path, fileLocation(ctx.file, o.keySpan));
      }
    }
    for (const e of ctx.env.values()) {
      if (!e.name.startsWith(PREFIX)) continue;
      const readBy = envReadBy(e.name);
      if (!readBy.includes(from)) continue;
      const base = { name: e.name, from, to, readBy };
      if (!readBy.includes(to)) {
        ctx.report('UPGRADE_NOT_READ', { ...base, change: 'removed' }, [], envLocation(e));
        continue;
      }
      const before = envTypeIn(e.name, from);
      const after = envTypeIn(e.name, to);
      if (before !== undefined && after !== undefined && before.conversion !== after.conversion) {
        ctx.report('UPGRADE_NOT_READ', { ...base, change: 'type', fromType: before.goType, toType: after.goType }, [], envLocation(e));
      }
    }
  },
};
