import type { Span } from '../types.js';

/** Where an effective value came from. */
export type Source =
  | { kind: 'file'; file: string; path: string; span: Span }
  | { kind: 'env'; name: string }
  | { kind: 'env-file'; name: string; file: string; span: Span }
  | { kind: 'legacy'; key: string; file: string; span: Span | null }
  | { kind: 'global'; from: Source }
  | { kind: 'environment'; name: string }
  | { kind: 'default' };

export interface Sourced<T> {
  value: T;
  source: Source;
}

export const DEFAULT: Source = { kind: 'default' };

/** The place to point at for a source, skipping the "inherited from global" wrapper. */
export function rootSource(s: Source): Source {
  return s.kind === 'global' ? rootSource(s.from) : s;
}

export function describeSource(s: Source): string {
  switch (s.kind) {
    case 'file':
      return `${s.file}:${s.span.line}`;
    case 'env':
      return `env ${s.name}`;
    case 'env-file':
      return `env ${s.name} (${s.file}:${s.span.line})`;
    case 'legacy':
      return s.span === null ? `legacy ${s.key}` : `legacy ${s.key} (${s.file}:${s.span.line})`;
    case 'global':
      return `inherited from global: ${describeSource(s.from)}`;
    case 'environment':
      return `environment ${s.name}`;
    case 'default':
      return 'built-in default';
    default: {
      const never: never = s;
      return never;
    }
  }
}
