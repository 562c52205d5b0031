/** Whether a path the user gave as an output names one of the inputs (symlinks and hard links too). */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

function identity(path: string): string {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return resolve(path);
  }
}

/** UsageError when `output` is one of `inputs`: the report would overwrite what it reports on. */
export function refuseOutputOverInput(option: string, output: string | undefined, inputs: readonly string[]): void {
  if (output === undefined) return;
  const out = identity(output);
  const hit = inputs.find((i) => identity(i) === out);
  if (hit !== undefined) throw new UsageError(`${option} ${output}: that is the input ${hit}; the report would overwrite it. Name another file.`);
}
