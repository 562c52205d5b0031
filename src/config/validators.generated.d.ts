// Types of the module scripts/gen-validators.mjs writes at build time (dist/src/config/validators.generated.js).
import type { Validator } from './schema.js';

export declare const validateFile: Validator;
