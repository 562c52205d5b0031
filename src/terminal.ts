/**
 * Text from a tyk.conf or an environment (keys, values, file names) on its way to a terminal:
 * control characters become visible escapes, so that a key holding "\x1b]0;…" or "\x1b[2J"
 * cannot retitle, clear or recolour the user's terminal. The one place that decides it: the
 * text renderers (stylish, explain's text, migrate's diff and items) call it on what they print.
 *
 * Escaped: C0 controls (U+0000–U+001F) but tab, and newline where `keepNewlines`; DEL; C1
 * controls (U+0080–U+009F: U+009B is a one-character CSI); and a CR before LF stays only with
 * the newline (CRLF files). Shown as \xHH, a backslash before them as itself.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `s` with its control characters shown as \xHH; newlines (and CRLF) kept when asked. */
export function terminalSafe(s: string, keepNewlines = false): string {
  const re = keepNewlines ? CONTROL_KEEP_LINES : CONTROL;
  re.lastIndex = 0;
  return re.test(s) ? s.replace(re, hex) : s;
}
