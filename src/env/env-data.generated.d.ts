// Types of the module scripts/gen-validators.mjs writes at build time (dist/src/env/env-data.generated.js):
// each recorded version's TYK_GW_* variable list (schemas/tyk-config-<version>.env.json) as JSON text.
export declare const ENV_JSON: Record<'5.10.0' | '5.10.2' | '5.15.0-alpha14', string>;
