/**
 * Proxy URLs may carry credentials. Nothing leaves the core with a password in it: values are
 * masked with maskUrl before they reach a message, an explanation or a report, and rendered
 * text passes through maskSecrets as a second net.
 */

/** The userinfo of a URL-like value: what stands between "scheme://" (or the start) and the authority's last '@'. */
function userinfoRange(v: string): { start: number; colon: number; at: number } | null {
  const schemeEnd = v.indexOf('://');
  const start = schemeEnd >= 0 ? schemeEnd + 3 : 0;
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

export function hasPassword(v: string): boolean {
  const r = userinfoRange(v);
  return r !== null && r.at > r.colon + 1;
}

export function maskUrl(v: string): string {
  const r = userinfoRange(v);
  if (r === null || r.at === r.colon + 1) return v;
  return `${v.slice(0, r.colon + 1)}****${v.slice(r.at)}`;
}

const IN_TEXT = /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:'"]*):([^\s'"]*?)@/g;

export function maskSecrets(text: string): string {
  return text.replace(IN_TEXT, (m, user: string, pass: string) => (pass === '' || pass === '****' ? m : `${user}:****@`));
}
