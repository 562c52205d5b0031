import { spawnSync } from 'node:child_process';
import { BIN } from './paths.js';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI hermetically: only PATH and NO_COLOR from outside, plus what the test gives. */
export function run(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): RunResult {
  // The launcher itself, as npm links it: its #! line and the "--" it puts before the script.
  const r = spawnSync(BIN, args, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
