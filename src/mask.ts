/**
 * Proxy URLs may carry credentials. Nothing leaves the core with a password in it: values are
 * masked with maskUrl before they reach a message, an explanation or a report, and rendered
 * text passes through maskSecrets as a second net.
 */

import { goQuote } from './go/strconv.js';

/**
 * Every userinfo with a password in a URL-like value: after each "scheme://" (a value Go read with
 * http:// in front, "http://http://u:p@h", has its userinfo after the second one), or from the
 * start when there is no scheme ("u:p@h:3128", as an environment variable may be written). The
 * userinfo is what stands before the authority's last '@' (Go's url.Parse: strings.LastIndex),
 * the authority ending at the first '/', '?' or '#'.
 *
 * One pass: the starts ascend, and so do the authority ends, so each pointer below only moves
 * forward (a value made of thousands of "://" costs what its length costs).
 */
function passwordRanges(v: string): { colon: number; at: number }[] {
  const starts: number[] = [];
  for (let i = v.indexOf('://'); i >= 0; i = v.indexOf('://', i + 3)) starts.push(i + 3);
  if (starts.length === 0) starts.push(0);
  const out: { colon: number; at: number }[] = [];
  let end = -1; // the first '/', '?' or '#' at or after the current start (v.length if none)
  let colon = -1; // the first ':' at or after the current start (v.length if none)
  let scanned = 0; // '@' searched in [.., scanned)
  let lastAt = -1; // the last '@' before `scanned`
  let scannedSeg = 0; // the same, up to the next "://" (for the fallback below)
  let lastAtSeg = -1;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    if (end < start) {
      end = start;
      while (end < v.length && v[end] !== '/' && v[end] !== '?' && v[end] !== '#') end++;
    }
    if (colon < start) {
      colon = start;
      while (colon < v.length && v[colon] !== ':') colon++;
    }
    for (; scanned < end; scanned++) if (v[scanned] === '@') lastAt = scanned;
    let at = lastAt;
    if (at < start || colon > at) {
      // No userinfo as Go reads it. A password holding '#', '/' or '?' ("http://u:pa#ss@h")
      // makes Go read the rest as a fragment, path or query, and its errors quote the piece
      // before: the password still is one to the user. Masked up to the last '@' before the
      // next "://".
      const segEnd = k + 1 < starts.length ? starts[k + 1] - 3 : v.length;
      for (scannedSeg = Math.max(scannedSeg, start); scannedSeg < segEnd; scannedSeg++) if (v[scannedSeg] === '@') lastAtSeg = scannedSeg;
      at = lastAtSeg;
      if (at < start || colon > at) continue;
    }
    if (at > colon + 1 && !out.some((o) => o.at === at)) out.push({ colon, at });
  }
  return out;
}

export function hasPassword(v: string): boolean {
  return passwordRanges(v).length > 0;
}

export function maskUrl(v: string): string {
  const ranges = passwordRanges(v);
  if (ranges.length === 0) return v;
  let out = '';
  let from = 0;
  for (const r of ranges) {
    out += `${v.slice(from, r.colon + 1)}****`;
    from = r.at;
  }
  return out + v.slice(from);
}

const isSchemeChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d;
const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
/** \s of a regular expression (what maskSecrets stops a user or password at). */
const isSpace = (c: number): boolean =>
  c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * The second net over rendered text: every "scheme://user:password@" has its password replaced.
 * What it finds is what /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:'"]*):([^\s'"]*?)@/g finds, but in
 * one pass: that expression retries from every letter and every colon, which made a long value
 * quadratic (a 60 KB bypass_proxy took explain 46 s). The real masking is by structure, at each
 * value known to be a proxy URL (maskUrl, secrets.ts); this only catches what slipped through.
 */
export function maskSecrets(text: string): string {
  let out = '';
  let copied = 0; // text before this is in `out`
  let matchEnd = 0; // a match never starts before the previous one ended
  let userStop = -1; // the first of \s / ? # @ : ' " at or after a position (cached: it only moves on)
  let passStop = -1; // the first of \s ' " @ at or after a position
  for (let i = text.indexOf('://'); i >= 0; i = text.indexOf('://', i + 1)) {
    if (i < matchEnd) continue;
    // The leftmost scheme start: a letter, then scheme characters up to "://".
    let s = i;
    while (s > matchEnd && isSchemeChar(text.charCodeAt(s - 1))) s--;
    while (s < i && !isLetter(text.charCodeAt(s))) s++;
    if (s === i) continue;
    const userStart = i + 3;
    if (userStop < userStart) {
      userStop = userStart;
      for (; userStop < text.length; userStop++) {
        const c = text.charCodeAt(userStop);
        if (isSpace(c) || c === 0x2f || c === 0x3f || c === 0x23 || c === 0x40 || c === 0x3a || c === 0x27 || c === 0x22) break;
      }
    }
    if (text.charCodeAt(userStop) !== 0x3a) continue;
    const passStart = userStop + 1;
    if (passStop < passStart) {
      passStop = passStart;
      for (; passStop < text.length; passStop++) {
        const c = text.charCodeAt(passStop);
        if (isSpace(c) || c === 0x27 || c === 0x22 || c === 0x40) break;
      }
    }
    if (text.charCodeAt(passStop) !== 0x40) continue;
    const pass = text.slice(passStart, passStop);
    matchEnd = passStop + 1;
    if (pass === '' || pass === '****') continue;
    out += `${text.slice(copied, passStart)}****`;
    copied = passStop;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A Go error about a URL-like value, with its password masked wherever the error repeats it:
 * url.Parse quotes the whole value ("parse \"http://u:p w@h:port\": …", escaped as Go quotes),
 * and some errors quote a piece of it (`invalid URL escape "%zz"`). maskSecrets cannot find a
 * password with a space or a quote in it; the value can.
 */
export function maskUrlError(error: string, value: string): string {
  const ranges = passwordRanges(value);
  if (ranges.length === 0) return error;
  const masked = maskUrl(value);
  const inner = (v: string): string => goQuote(v).slice(1, -1);
  const out = error.split(inner(value)).join(inner(masked)).split(value).join(masked);
  // A quoted piece of the value (`":pass"`, `"http://u:pass"`): its part inside a password is masked.
  const quotedValue = inner(value);
  const secret = ranges.map((r) => ({ from: inner(value.slice(0, r.colon + 1)).length, to: inner(value.slice(0, r.at)).length }));
  return out.replace(/"((?:[^"\\]|\\.)+)"/g, (m, quoted: string) => {
    if (secret.some((r) => quotedValue.slice(r.from, r.to).includes(quoted))) return '"****"';
    const at = quotedValue.indexOf(quoted);
    if (at < 0) return m;
    let shown = quoted;
    for (const r of [...secret].reverse()) {
      const a = Math.max(r.from, at) - at;
      const b = Math.min(r.to, at + quoted.length) - at;
      if (a < b) shown = `${shown.slice(0, a)}****${shown.slice(b)}`;
    }
    return `"${shown}"`;
  });
}
