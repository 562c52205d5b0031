/**
 * A signal (Ctrl-C, SIGTERM from a CI runner's timeout, SIGHUP) that arrives while migrate writes
 * does not cut the write short: with a listener installed, the default action (ending the process
 * at once, leaving a temp file or a half-done multi-file write) does not happen, and since the
 * writes are synchronous the listener runs only after they are complete. It then removes any
 * stray temp file and ends the process as the signal would have.
 *
 * Node hands a signal to its listener on a later turn of the event loop, sometimes after the
 * process has finished its work: then the process simply ends as it would have, with the write
 * complete.
 */
import { removeLiveTemps } from './atomic.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Held = (typeof SIGNALS)[number];

export function withSignalsHeld<T>(fn: () => T, onHeld: (signal: Held) => void): T {
  let writing = true;
  let pending: Held | null = null;
  const handlers = new Map<Held, () => void>();
  const finish = (sig: Held): void => {
    for (const [s, h] of handlers) process.off(s, h);
    removeLiveTemps();
    onHeld(sig);
    process.kill(process.pid, sig); // no listener now: the default action ends the process
  };
  for (const sig of SIGNALS) {
    const h = (): void => {
      if (writing) pending ??= sig;
      else finish(sig);
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  try {
    return fn();
  } finally {
    writing = false;
    if (pending !== null) finish(pending);
  }
}
