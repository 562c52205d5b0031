export const EXPLAIN_FORMATS = ['text', 'json', 'mermaid'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];
