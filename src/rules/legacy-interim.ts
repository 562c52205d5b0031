import { SERVICES, type JsonPath } from '../types.js';
import { goFold } from '../go/fold.js';
import { fileLocation, type Rule } from './context.js';
import { planFor } from './legacy-keys.js';

const INTERIM_SECTIONS = new Set(['PROXY', 'ANALYTICS']);

/** Keys of the 5.10.0-alpha1 shape (SEMANTICS.md §7), which 5.10.0 and later ignore. */
export function isInterimKey(path: JsonPath): boolean {
  if (path[0] !== 'external_services') return false;
  const last = goFold(String(path[path.length - 1]));
  if (path.length === 2 && INTERIM_SECTIONS.has(last)) return true;
  return last === 'USE_ENVIRONMENT';
}

/** The planner's name for an interim key: a service's own use_environment, or the block. */
function plannedSetting(path: JsonPath): string {
  const svc = SERVICES.find((x) => goFold(x) === goFold(String(path[1])));
  return svc !== undefined && path.length === 4 ? `external_services.${svc}.proxy.use_environment` : 'external_services.proxy';
}

/** LEGACY_INTERIM_SHAPE: external_services.proxy / analytics / use_environment. */
export const legacyInterim: Rule = {
  id: 'legacy-interim',
  codes: ['LEGACY_INTERIM_SHAPE'],
  check(ctx) {
    for (const u of ctx.loaded.unknownKeys) {
      if (!isInterimKey(u.path)) continue;
      const key = String(u.path[u.path.length - 1]);
      const kind = goFold(key) === 'ANALYTICS' ? 'analytics' : goFold(key) === 'PROXY' ? 'proxy' : 'use_environment';
      // analytics is only ever removed; the rest is what the plan moves or leaves for a human.
      const plan = kind === 'analytics' ? { plan: 'move' as const } : planFor(ctx, plannedSetting(u.path));
      ctx.report('LEGACY_INTERIM_SHAPE', { key, kind, ...plan }, u.path, fileLocation(ctx.file, u.keySpan));
    }
  },
};
