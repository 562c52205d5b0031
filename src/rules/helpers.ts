import type { JsonPath, Location } from '../types.js';
import { pathKey } from '../config/load.js';
import { DEFAULT, type Source } from '../resolve/sources.js';
import { keyLocation, sourceLocation, type RuleContext } from './context.js';

export function sourceOf(ctx: RuleContext, path: JsonPath): Source {
  return ctx.effective.sources.get(pathKey(path)) ?? DEFAULT;
}

/** Set in the file or the environment (as opposed to a zero value nobody wrote). */
export function isSet(ctx: RuleContext, path: JsonPath): boolean {
  return sourceOf(ctx, path).kind !== 'default';
}

/** Points at the value's source when it has one, else at the nearest key that encloses it. */
export function locate(ctx: RuleContext, path: JsonPath): Location {
  const s = sourceOf(ctx, path);
  return s.kind === 'default' ? keyLocation(ctx, path) : sourceLocation(ctx, s);
}

