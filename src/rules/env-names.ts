import { BLOCK_PREFIX, DOC_BLOCK_PREFIX, ENV_BY_NAME, ENV_FIELDS, PREFIX, blockFieldForSpelling, isBlockNamespace } from '../env/fields.js';
import { SuggestBudget, suggesterFor } from '../suggest.js';
import { envLocation, type Rule } from './context.js';
import { reportUnknownEnvNames } from './env-namespace.js';

const REAL_NAMES = ENV_FIELDS.map((f) => f.name);


/**
 * ENV_NAME_NOT_READ: a spelling of a real variable the gateway never reads (the docs' underscored
 * names, or another case: envconfig looks names up upper-case, and Linux names are case-sensitive).
 * ENV_UNKNOWN_NAME: a name in the block's namespace that matches no field at all; and, through
 * reportUnknownEnvNames (env-namespace.ts), a TYK_GW_* name outside the block read nowhere.
 */
export const envNames: Rule = {
  id: 'env-names',
  codes: ['ENV_NAME_NOT_READ', 'ENV_UNKNOWN_NAME'],
  check(ctx) {
    const budget = new SuggestBudget();
    for (const e of ctx.env.values()) {
      if (ENV_BY_NAME.has(e.name) || !isBlockNamespace(e.name)) continue;
      const same = blockFieldForSpelling(e.name);
      if (same !== undefined) {
        const reason = e.name !== e.name.toUpperCase() ? 'case' : e.name.startsWith(DOC_BLOCK_PREFIX) ? 'docs' : 'spelling';
        ctx.report('ENV_NAME_NOT_READ', { name: e.name, realName: same.name, reason }, same.path, envLocation(e));
        continue;
      }
      const normalized = e.name.toUpperCase().replace(/^TYK_?GW_EXTERNAL_?SERVICES_?/, BLOCK_PREFIX)
        .replace(/NO_?PROXY$/, 'BYPASSPROXY').replace(/USE_?ENVIRONMENT$/, 'ENABLED');
      const aliased = blockFieldForSpelling(normalized);
      const guess = aliased?.name ?? budget.suggest(suggesterFor(REAL_NAMES), normalized);
      const isDocSpelling = e.name.startsWith(DOC_BLOCK_PREFIX) || !e.name.startsWith(PREFIX);
      const code = isDocSpelling ? 'ENV_NAME_NOT_READ' : 'ENV_UNKNOWN_NAME';
      const args = guess === undefined ? { name: e.name } : { name: e.name, suggestion: guess };
      ctx.report(code, args, [], envLocation(e));
    }
    reportUnknownEnvNames(ctx);
  },
};
