import type { Diagnostic } from './types.js';
import { RULE_DOCS } from './rules/catalog.js';

/** All wording of findings. Filled in per code; falls back to the rule title. */
export function messageFor(d: Diagnostic): string {
  return RULE_DOCS[d.code].title;
}
