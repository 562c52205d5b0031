/**
 * Did-you-mean: the known name a word is a typo of, if it is one.
 *
 * A typo changes letters inside words; it does not add or drop a whole word, and it does not turn
 * one real word into another. So a candidate is offered only when, word by word (words split on
 * `_`, `-`, spaces and lower-to-upper case changes), the two names line up one to one and every
 * word that differs is a misspelling: the word written is not itself a word of the known names,
 * and it is within one edit of the known word (two for words longer than four letters). That
 * keeps meaning: `ssl_insecure_skip_verify` is not offered `jwt_ssl_insecure_skip_verify` (a word
 * added: another setting, for another client), nor `close_idle_connections` `close_connections`
 * (a word dropped), nor `use_ssl_le` `use_ssl`, nor `http_proxy` `https_proxy` (`http` is a real
 * word). Names equal once separators and case are ignored (`ListenPort`, `listenport`) always
 * match. When two candidates are equally close, none is offered.
 *
 * Cost: the known names are indexed once per list (by length, with a letter histogram for a cheap
 * lower bound), and the edit distance is computed in a band with an early exit, so a lookup is
 * proportional to the few names of about the right length and letters, not to all of them.
 */

/** Optimal-string-alignment distance (an adjacent transposition is one edit), or `limit + 1` when above `limit`. */
export function boundedDistance(a: string, b: string, limit: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  if (n === 0 || m === 0) return Math.max(n, m);
  let prev2 = new Int32Array(m + 1);
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  const big = limit + 1;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(m, i + limit);
    cur[0] = i;
    if (lo > 1) cur[lo - 1] = big;
    let rowMin = big;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ai === bj ? 0 : 1);
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      if (v > big) v = big;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = big;
    if (rowMin > limit) return big;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m], big);
}


const squash = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, '');

/** The words of a name: split on separators and on a lower-to-upper case change; lower-cased. */
export function words(s: string): string[] {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[_\-\s]+/).filter((w) => w !== '');
}

/** Edits one word may take and still count as a misspelling of another. */
function wordLimit(known: string): number {
  return known.length <= 4 ? 1 : 2;
}

interface Entry {
  name: string;
  squashed: string;
  words: string[];
  histogram: Uint8Array;
}

const HIST = 37;
function histogram(s: string): Uint8Array {
  const h = new Uint8Array(HIST);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 + c - 48 : 36;
    if (h[k] < 255) h[k]++;
  }
  return h;
}

/** Each edit changes at most two letter counts by one: half the histogram difference is a lower bound. */
function histogramBound(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let k = 0; k < HIST; k++) d += Math.abs(a[k] - b[k]);
  return Math.ceil(d / 2);
}

export interface SuggestOptions {
  /** Known replacements that are not typos (`no_proxy` → `bypass_proxy`), keyed in lower case. */
  aliases?: Readonly<Record<string, string>>;
  /**
   * More names whose words are real words (the whole schema's keys, where the candidates are one
   * struct's): `http` is a word even where only `https_proxy` is a candidate.
   */
  vocabulary?: readonly string[];
}

export class Suggester {
  private readonly entries: Entry[];
  private readonly byLength = new Map<number, Entry[]>();
  private readonly bySquashed = new Map<string, string>();
  private readonly vocabulary = new Set<string>();
  private readonly names: ReadonlySet<string>;
  private readonly aliases: Readonly<Record<string, string>>;

  constructor(candidates: readonly string[], options: SuggestOptions = {}) {
    this.aliases = options.aliases ?? {};
    this.names = new Set(candidates);
    this.entries = [...new Set(candidates)].sort().map((name) => {
      const squashed = squash(name);
      return { name, squashed, words: words(name), histogram: histogram(squashed) };
    });
    for (const e of this.entries) {
      if (!this.bySquashed.has(e.squashed)) this.bySquashed.set(e.squashed, e.name);
      const list = this.byLength.get(e.squashed.length);
      if (list === undefined) this.byLength.set(e.squashed.length, [e]);
      else list.push(e);
      for (const w of e.words) this.vocabulary.add(w);
    }
    for (const name of options.vocabulary ?? []) for (const w of words(name)) this.vocabulary.add(w);
  }

  /** The alias or the name equal but for separators and case: no search needed. */
  exact(word: string): string | undefined {
    const alias = this.aliases[word.toLowerCase()];
    if (alias !== undefined && this.names.has(alias)) return alias;
    return this.bySquashed.get(squash(word));
  }

  suggest(word: string): string | undefined {
    const exact = this.exact(word);
    if (exact !== undefined) return exact;
    const sq = squash(word);
    const limit = Math.max(2, Math.floor(sq.length / 4));
    const ws = words(word);
    const h = histogram(sq);
    let best: string | undefined;
    let bestD = limit + 1;
    let tie = false;
    for (let len = sq.length - limit; len <= sq.length + limit; len++) {
      for (const e of this.byLength.get(len) ?? []) {
        if (histogramBound(h, e.histogram) > Math.min(limit, bestD)) continue;
        const d = boundedDistance(sq, e.squashed, Math.min(limit, bestD));
        if (d > limit || d > bestD || !this.sameMeaning(ws, e.words)) continue;
        if (d < bestD) {
          bestD = d;
          best = e.name;
          tie = false;
        } else if (e.name !== best) {
          tie = true;
        }
      }
    }
    return tie ? undefined : best;
  }

  /** Word by word, a misspelling of the candidate: nothing added, dropped or swapped for another real word. */
  private sameMeaning(written: readonly string[], known: readonly string[]): boolean {
    if (written.length !== known.length) return false;
    for (let i = 0; i < written.length; i++) {
      const w = written[i];
      const k = known[i];
      if (w === k) continue;
      if (this.vocabulary.has(w)) return false;
      if (boundedDistance(w, k, wordLimit(k)) > wordLimit(k)) return false;
    }
    return true;
  }
}

// One index per list of names: the gateway's key lists are shared arrays (one per struct), and
// the env namespaces are loaded once.
const NONE = {};
const cache = new WeakMap<readonly string[], WeakMap<object, WeakMap<object, Suggester>>>();

export function suggesterFor(candidates: readonly string[], aliases?: Readonly<Record<string, string>>, vocabulary?: readonly string[]): Suggester {
  let byAliases = cache.get(candidates);
  if (byAliases === undefined) {
    byAliases = new WeakMap();
    cache.set(candidates, byAliases);
  }
  let byVocabulary = byAliases.get(aliases ?? NONE);
  if (byVocabulary === undefined) {
    byVocabulary = new WeakMap();
    byAliases.set(aliases ?? NONE, byVocabulary);
  }
  let s = byVocabulary.get(vocabulary ?? NONE);
  if (s === undefined) {
    s = new Suggester(candidates, { ...(aliases === undefined ? {} : { aliases }), ...(vocabulary === undefined ? {} : { vocabulary }) });
    byVocabulary.set(vocabulary ?? NONE, s);
  }
  return s;
}

export function suggest(word: string, candidates: readonly string[], aliases?: Readonly<Record<string, string>>, vocabulary?: readonly string[]): string | undefined {
  return suggesterFor(candidates, aliases, vocabulary).suggest(word);
}

/**
 * How many fuzzy searches one check makes per file. Past it only the cheap answers (an alias, the
 * same name but for separators and case, the same key at another level) are given: a file with
 * thousands of unknown keys is a dump or an API export, not a file of typos.
 */
export const MAX_FUZZY_SUGGESTIONS = 1000;

/** A per-run allowance of fuzzy searches. */
export class SuggestBudget {
  private left: number;
  constructor(max: number = MAX_FUZZY_SUGGESTIONS) {
    this.left = max;
  }
  suggest(s: Suggester, word: string): string | undefined {
    const exact = s.exact(word);
    if (exact !== undefined || this.left <= 0) return exact;
    this.left--;
    return s.suggest(word);
  }
}
