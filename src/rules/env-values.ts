import { pathKey } from '../config/load.js';
import { parseGoBool, splitEnvList, type EnvValue, isZeroValue } from '../env/overlay.js';
import { isOmitted, LEGACY_ENV_NAMES } from '../env/fields.js';
import { maskUrl } from '../mask.js';
import { envLocation, type Rule } from './context.js';
import { firstEnvFailure, namespaceOptions } from '../env/envconfig.js';
import { loadEnvNamespace, modelEnvFor, resolveEnvVersion } from '../env/namespace.js';
import { convertEnvValue } from '../env/convert.js';
import { goParseBool } from '../go/strconv.js';
import { goIsBlank } from '../go/strconv.js';

function show(v: EnvValue | null): string {
  if (v === null) return '(unset)';
  if (Array.isArray(v)) return JSON.stringify(v);
  return typeof v === 'string' ? maskUrl(v) : String(v);
}

/** ENV_BAD_BOOL, ENV_LIST_SPACES, ENV_EMPTY_OVERRIDE, ENV_OVERRIDES_FILE, ENV_OMIT_CONFIG_FILE (§3). */
export const envValues: Rule = {
  id: 'env-values',
  codes: ['ENV_BAD_BOOL', 'ENV_LIST_SPACES', 'ENV_EMPTY_OVERRIDE', 'ENV_OVERRIDES_FILE', 'ENV_OMIT_CONFIG_FILE'],
  check(ctx) {
    const { overlay } = ctx.effective;
    // The gateway stops at the first bad value in struct order, over the whole TYK_GW_* namespace.
    const version = resolveEnvVersion(ctx.tykVersion);
    const first = firstEnvFailure(ctx.env, version, namespaceOptions(ctx.loaded, ctx.env))?.variable.name;
    overlay.bad.forEach((b) => {
      ctx.report('ENV_BAD_BOOL', { name: b.entry.name, value: b.entry.value, goMessage: b.goMessage, first: b.entry.name === first }, b.field.path, envLocation(b.entry));
    });
    for (const name of LEGACY_ENV_NAMES) {
      const e = ctx.env.get(name);
      if (e === undefined || parseGoBool(e.value) !== undefined) continue;
      const v = loadEnvNamespace(version).byName.get(name);
      if (v !== undefined) {
        const r = convertEnvValue(v, e.value);
        const goMessage = r.ok ? goParseBool(e.value) ?? '' : r.goMessage;
        ctx.report('ENV_BAD_BOOL', { name, value: e.value, goMessage, first: name === first }, [], envLocation(e));
      }
    }
    for (const a of overlay.applied) {
      const { field, entry } = a;
      if (field.kind === 'array' && splitEnvList(entry.value).some((id) => id !== id.trim())) {
        ctx.report('ENV_LIST_SPACES', { name: entry.name, value: entry.value, ids: splitEnvList(entry.value) }, field.path, envLocation(entry));
      }
      if (field.kind === 'array' ? goIsBlank(entry.value) : field.kind === 'string' && entry.value === '') {
        ctx.report('ENV_EMPTY_OVERRIDE', { name: entry.name, fileValue: show(a.previous), cleared: !isZeroValue(a.previous) }, field.path, envLocation(entry));
        continue;
      }
      const fileSite = ctx.loaded.fields.get(pathKey(field.path));
      if (fileSite !== undefined && !isZeroValue(a.previous) && JSON.stringify(a.previous) !== JSON.stringify(a.value)) {
        ctx.report('ENV_OVERRIDES_FILE', { name: entry.name, fileValue: show(a.previous), envValue: show(a.value), fileLine: fileSite.valueSpan.line }, field.path, envLocation(entry));
      }
    }
    const omit = isOmitted(modelEnvFor(ctx.env, version));
    if (omit !== undefined) ctx.report('ENV_OMIT_CONFIG_FILE', { name: omit.name, value: omit.value }, [], envLocation(omit));
  },
};
