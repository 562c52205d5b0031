/**
 * envconfig.Process("TYK_GW", &conf) over the external_services block (SEMANTICS.md §3):
 * every variable that is set overrides the file, even when empty; booleans use
 * strconv.ParseBool; lists split on ',' with no trimming; the first bad value stops the gateway.
 */
import { cloneExternalServices, type ExternalServicesConfig } from '../gateway/model.js';
import { ENV_FIELDS, type EnvField } from './fields.js';
import type { EnvEntry, EnvInput } from './input.js';
import { goIsBlank } from '../go/strconv.js';
import { goParseBool } from '../go/strconv.js';

const GO_BOOL: Record<string, boolean> = {
  '1': true, t: true, T: true, TRUE: true, true: true, True: true,
  '0': false, f: false, F: false, FALSE: false, false: false, False: false,
};

export function parseGoBool(v: string): boolean | undefined {
  return Object.prototype.hasOwnProperty.call(GO_BOOL, v) ? GO_BOOL[v] : undefined;
}

/** envconfig's slice rule: a value that is only white space (Go's notion) gives an empty list. */
export function splitEnvList(v: string): string[] {
  return goIsBlank(v) ? [] : v.split(',');
}

export type EnvValue = boolean | string | string[];

/** Go's zero value (false, "", an empty or nil list): nothing for an env value to override. */
export function isZeroValue(v: EnvValue | null): boolean {
  return v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

export interface AppliedEnv {
  field: EnvField;
  entry: EnvEntry;
  value: EnvValue;
  /** The value the file (or the default) had before. */
  previous: EnvValue | null;
}

export interface BadEnvValue {
  field: EnvField;
  entry: EnvEntry;
  /** envconfig's error, as the gateway prints it before exiting. */
  goMessage: string;
}

export interface EnvOverlay {
  config: ExternalServicesConfig;
  applied: AppliedEnv[];
  /** Every value the gateway cannot convert; the first one is the one it exits on. */
  bad: BadEnvValue[];
}

type Leaf = Record<string, EnvValue | null>;

function leafParent(cfg: ExternalServicesConfig, path: readonly string[]): Leaf {
  // path is ['external_services', section, (group,) key]
  let o: unknown = cfg;
  for (const k of path.slice(1, -1)) o = (o as Record<string, unknown>)[k];
  return o as Leaf;
}


export function applyEnv(base: ExternalServicesConfig, env: EnvInput): EnvOverlay {
  const config = cloneExternalServices(base);
  const applied: AppliedEnv[] = [];
  const bad: BadEnvValue[] = [];
  for (const field of ENV_FIELDS) {
    const entry = env.get(field.name);
    if (entry === undefined) continue;
    let value: EnvValue;
    if (field.kind === 'boolean') {
      const b = parseGoBool(entry.value);
      if (b === undefined) {
        bad.push({
          field, entry,
          goMessage: `envconfig.Process: assigning ${field.name} to ${field.goField}: converting '${entry.value}' to type bool. details: ${goParseBool(entry.value)}`,
        });
        continue;
      }
      value = b;
    } else if (field.kind === 'array') {
      value = splitEnvList(entry.value);
    } else {
      value = entry.value;
    }
    const parent = leafParent(config, field.path);
    const key = field.path[field.path.length - 1];
    applied.push({ field, entry, value, previous: parent[key] });
    parent[key] = value;
  }
  return { config, applied, bad };
}
