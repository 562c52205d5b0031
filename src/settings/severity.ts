/** Rule severities as people type them (--rule, .extsvcrc.json): one parser for both. */
import { CODES, type Code, type SeveritySetting } from '../types.js';
import { suggest } from '../suggest.js';

/** What a user may write; `warn` is ESLint's and Spectral's spelling of `warning`. */
export const SEVERITY_WORDS = ['off', 'info', 'warn', 'warning', 'error'] as const;

export function isCode(code: string): code is Code {
  return (CODES as readonly string[]).includes(code);
}

/** The problem with a rule code as a sentence, with a did-you-mean; undefined when it is known. */
export function unknownCode(code: string): string | undefined {
  if (isCode(code)) return undefined;
  const near = suggest(code, CODES);
  return `unknown rule code "${code}"${near === undefined ? '' : `; did you mean ${near}?`} Run \`extsvc rules\` for the list.`;
}

export function severitySetting(word: string): SeveritySetting | undefined {
  switch (word) {
    case 'off':
    case 'info':
    case 'warning':
    case 'error':
      return word;
    case 'warn':
      return 'warning';
    default:
      return undefined;
  }
}
