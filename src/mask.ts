/**
 * Proxy URLs may carry credentials. Nothing leaves the core with a password in it: values are
 * masked with maskUrl before they reach a message, an explanation or a report, and rendered
 * text passes through maskSecrets as a second net.
 */

import { goQuote } from './go/strconv.js';

/** The userinfo of a URL-like value from `start`: what stands before the authority's last '@'. */
function userinfoRange(v: string, start: number): { start: number; colon: number; at: number } | null {
  let end = v.length;
  for (const ch of ['/', '?', '#']) {
    const i = v.indexOf(ch, start);
    if (i >= 0 && i < end) end = i;
  }
  const at = v.lastIndexOf('@', end - 1);
  if (at < start) return null;
  const colon = v.indexOf(':', start);
  if (colon < 0 || colon > at) return null;
  return { start, colon, at };
}

/**
 * Every userinfo with a password in a URL-like value: after each "scheme://" (a value Go read with
 * http:// in front, "http://http://u:p@h", has its userinfo after the second one), or from the
 * start when there is no scheme ("u:p@h:3128", as an environment variable may be written).
 */
function passwordRanges(v: string): { colon: number; at: number }[] {
  const starts: number[] = [];
  for (let i = v.indexOf('://'); i >= 0; i = v.indexOf('://', i + 3)) starts.push(i + 3);
  if (starts.length === 0) starts.push(0);
  const out: { colon: number; at: number }[] = [];
  for (const start of starts) {
    const r = userinfoRange(v, start);
    if (r !== null && r.at > r.colon + 1 && !out.some((o) => o.at === r.at)) out.push({ colon: r.colon, at: r.at });
  }
  return out;
}

export function hasPassword(v: string): boolean {
  return passwordRanges(v).length > 0;
}

export function maskUrl(v: string): string {
  let out = v;
  // From the last one back, so that earlier offsets stay true.
  for (const r of passwordRanges(v).reverse()) out = `${out.slice(0, r.colon + 1)}****${out.slice(r.at)}`;
  return out;
}

const IN_TEXT = /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:'"]*):([^\s'"]*?)@/g;

export function maskSecrets(text: string): string {
  return text.replace(IN_TEXT, (m, user: string, pass: string) => (pass === '' || pass === '****' ? m : `${user}:****@`));
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
  const passwords = ranges.map((r) => inner(value.slice(r.colon + 1, r.at)));
  return out.replace(/"((?:[^"\\]|\\.)+)"/g, (m, quoted: string) => (passwords.some((p) => p.includes(quoted)) ? '"****"' : m));
}
