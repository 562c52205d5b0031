/**
 * ENV_BAD_VALUE and ENV_UNKNOWN_NAME (scope "config") over the whole TYK_GW_* namespace, outside
 * the external_services block (env-names and env-values cover the block). What envconfig makes of
 * the environment is src/env/envconfig.ts's; this only reports it. ENV_UNKNOWN_NAME goes through
 * reportUnknownEnvNames, which the env-names rule calls, since that rule owns the code.
 */
import { findBadEnvValues, findUnknownEnvNames, namespaceOptions } from '../env/envconfig.js';
import { resolveEnvVersion, type EnvVersion } from '../env/namespace.js';
import { envLocation, type Rule, type RuleContext } from './context.js';

// ---------------------------------------------------------------------------------------------
// Reporting

function versionOf(ctx: RuleContext): EnvVersion {
  return resolveEnvVersion(ctx.tykVersion);
}

/** ENV_UNKNOWN_NAME with scope "config": called by the env-names rule, which owns the code. */
export function reportUnknownEnvNames(ctx: RuleContext): void {
  for (const f of findUnknownEnvNames(ctx.env, versionOf(ctx))) ctx.report('ENV_UNKNOWN_NAME', f.args, [], envLocation(f.entry));
}

export function reportBadEnvValues(ctx: RuleContext): void {
  const options = namespaceOptions(ctx.loaded, ctx.env);
  for (const f of findBadEnvValues(ctx.env, versionOf(ctx), options)) ctx.report('ENV_BAD_VALUE', f.args, f.path, envLocation(f.entry));
}

/** ENV_BAD_VALUE: a TYK_GW_* value outside the block that envconfig cannot convert. */
export const envNamespace: Rule = {
  id: 'env-namespace',
  codes: ['ENV_BAD_VALUE'],
  check(ctx) {
    reportBadEnvValues(ctx);
  },
};
