import type { Span } from '../types.js';

/** Maps string offsets to 1-based line/column. Built once per text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      // LF only (most files): the native search, not a loop over every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** 0-based index of the line holding `offset`. */
  private lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const l = this.lineAt(offset);
    return { line: l + 1, column: offset - this.starts[l] + 1 };
  }

  span(offset: number, length: number): Span {
    const a = this.lineAt(offset);
    // Most spans (a key, a scalar) end on the line they start on.
    const next = this.starts[a + 1];
    const b = next === undefined || offset + length < next ? a : this.lineAt(offset + length);
    return { offset, length, line: a + 1, column: offset - this.starts[a] + 1, endLine: b + 1, endColumn: offset + length - this.starts[b] + 1 };
  }
}
