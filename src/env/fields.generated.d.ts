// Types of the module scripts/gen-validators.mjs writes at build time (dist/src/env/fields.generated.js).
import type { EnvField } from './derive-fields.js';

export declare const ENV_FIELDS: EnvField[];
