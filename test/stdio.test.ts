/**
 * src/stdio.ts: the CLI writes its descriptors directly (no process.stdout). Whatever the reader
 * does, the report arrives whole and in order, or the CLI stops quietly when nobody reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES } from './support/paths.js';

const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
const noisy = readFileSync(join(FIXTURES, 'docs-oauth-mtls-files', 'tyk.conf'), 'utf8');

/** Enough findings for a JSON report several times a pipe's 64 KiB buffer. */
function manyFiles(dir: string, n: number): string[] {
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = join(dir, `gw-${i}.conf`);
    writeFileSync(f, noisy);
    files.push(f);
  }
  return files;
}

function withDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'extsvc-stdio-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a report larger than the pipe buffer arrives whole', () => withDir((dir) => {
  const r = spawnSync(process.execPath, [BIN, 'lint', '-f', 'json', ...manyFiles(dir, 150)], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 4 * 65536, `${r.stdout.length} bytes`);
  const report = JSON.parse(r.stdout) as { files: unknown[] };
  assert.equal(report.files.length, 150);
}));

test('a reader that goes away early ends the output quietly (EPIPE)', async () => {
  // `extsvc lint … | head -c 100`
  const dir = mkdtempSync(join(tmpdir(), 'extsvc-stdio-'));
  try {
    const child = spawn(process.execPath, [BIN, 'lint', '-f', 'json', ...manyFiles(dir, 150)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    assert.equal(Buffer.concat(err).toString(), '');
    assert.equal(status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdout on /dev/null: written there like to a file, no terminal colour, no stream machinery', () => {
  const fd = openSync('/dev/null', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, 'lint', join(FIXTURES, 'docs-oauth-mtls-files', 'tyk.conf')], { env: { PATH: env.PATH }, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
  } finally {
    closeSync(fd);
  }
});

test('a non-blocking stdout whose reader is slow (EAGAIN) still gets the whole report, in order', async (t) => {
  // The parent's end of a pipe can be non-blocking and shared with the CLI: python sets it so
  // before starting the CLI, and this test reads nothing for a while so that the pipe fills.
  const py = spawnSync('python3', ['-c', 'import os'], { encoding: 'utf8' });
  if (py.status !== 0) {
    t.skip('python3 is not installed');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'extsvc-stdio-'));
  try {
    const files = manyFiles(dir, 150);
    const script = 'import os, sys; os.set_blocking(1, False); os.execv(sys.argv[1], sys.argv[1:])';
    const child = spawn('python3', ['-c', script, process.execPath, BIN, 'lint', '-f', 'json', ...files], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 1500));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdout.resume();
    const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    assert.equal(Buffer.concat(err).toString(), '');
    assert.equal(status, 0);
    const report = JSON.parse(Buffer.concat(out).toString()) as { files: { file: string }[] };
    assert.deepEqual(report.files.map((f) => f.file), files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
