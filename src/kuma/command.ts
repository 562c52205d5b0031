/**
 * The Kuma side of the CLI, loaded on demand by cli.ts: lint of Kuma YAML files, `kuma check`
 * and `kuma generate`. Reads files through io.ts; the core it calls is pure.
 */
import type { Code, FileResult, SeveritySetting } from '../types.js';
import { lintKumaText } from './lint.js';

export interface KumaLintInput {
  file: string;
  bytes: Uint8Array;
}

/** Applies --rule / .extsvcrc.json severities the way lint does for tyk.conf findings. */
export function applySeverities(files: FileResult[], rules: Partial<Record<Code, SeveritySetting>>): FileResult[] {
  return files.map((f) => ({
    file: f.file,
    diagnostics: f.diagnostics.flatMap((d) => {
      const s = rules[d.code];
      if (s === 'off') return [];
      return s === undefined ? [d] : [{ ...d, severity: s }];
    }),
  }));
}

export function lintKumaInputs(inputs: KumaLintInput[], rules: Partial<Record<Code, SeveritySetting>>): FileResult[] {
  const decoder = new TextDecoder('utf-8');
  return applySeverities(inputs.map((i) => lintKumaText(i.file, decoder.decode(i.bytes))), rules);
}
