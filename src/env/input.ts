import type { Span } from '../types.js';

export type EnvOrigin =
  | { kind: 'process' }
  /**
   * `span` is the name on its line; `valueSpan` the value, when the line spells it as is
   * (unquoted, or quoted without escapes), so that a finding can point inside it.
   */
  | { kind: 'file'; file: string; span: Span; valueSpan?: Span };

export interface EnvEntry {
  name: string;
  value: string;
  origin: EnvOrigin;
}

/** The environment the gateway would start with, name → entry (the last definition wins). */
export type EnvInput = ReadonlyMap<string, EnvEntry>;

export function envFromRecord(env: Record<string, string | undefined>): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value !== undefined) out.set(name, { name, value, origin: { kind: 'process' } });
  }
  return out;
}

/** Plain name → value view, for the parts of the model that only need values. */
export function envValues(env: EnvInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, e] of env) out[k] = e.value;
  return out;
}
