/**
 * src/stdio.ts: the CLI writes its descriptors directly (no process.stdout). Whatever the reader
 * does, the report arrives whole and in order, or the CLI stops quietly when nobody reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Runs the CLI with a preload that records whether Node's tty or stream modules were loaded. */
function loadedModules(stdout: number | 'pipe', dir: string): { status: number | null; stderr: string; tty: boolean; streams: boolean } {
  const report = join(dir, 'modules.json');
  const hook = join(dir, 'hook.cjs');
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`);
  const r = spawnSync(process.execPath, ['--require', hook, BIN, 'lint', join(FIXTURES, 'docs-oauth-mtls-files', 'tyk.conf')], { env: { PATH: env.PATH }, stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8' });
  const list = JSON.parse(readFileSync(report, 'utf8')) as string[];
  return { status: r.status, stderr: r.stderr, tty: list.includes('NativeModule tty'), streams: list.includes('NativeModule internal/streams/writable') };
}

test('stdout on /dev/null: written there like to a file, without node:tty or the stream machinery', () => withDir((dir) => {
  const fd = openSync('/dev/null', 'w');
  try {
    const r = loadedModules(fd, dir);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    assert.equal(r.tty, false);
    assert.equal(r.streams, false);
  } finally {
    closeSync(fd);
  }
}));

test('stdout on a pipe: no stream machinery either', () => withDir((dir) => {
  const r = loadedModules('pipe', dir);
  assert.equal(r.status, 0);
  assert.equal(r.streams, false);
}));

test('a stdout that fails for another reason (a full disk) is one line and exit 2', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
  const fd = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, 'lint', join(FIXTURES, 'docs-oauth-mtls-files', 'tyk.conf')], { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'extsvc: cannot write the report to stdout (ENOSPC). Check the disk or pipe it goes to, or write it to a file with -o.\n');
  } finally {
    closeSync(fd);
  }
});

/** A command that makes the CLI's stdout non-blocking before it starts: python3's or perl's. */
function nonBlockingLauncher(): string[] | null {
  if (spawnSync('python3', ['-c', 'import os'], { encoding: 'utf8' }).status === 0) {
    return ['python3', '-c', 'import os, sys; os.set_blocking(1, False); os.execv(sys.argv[1], sys.argv[1:])'];
  }
  if (spawnSync('perl', ['-MFcntl', '-e', '1'], { encoding: 'utf8' }).status === 0) {
    return ['perl', '-MFcntl', '-e', 'fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die; exec { $ARGV[0] } @ARGV or die'];
  }
  return null;
}

test('a non-blocking stdout whose reader is slow (EAGAIN) still gets the whole report, in order', async (t) => {
  // The parent's end of a pipe can be non-blocking and shared with the CLI: the launcher sets it
  // so, and this test reads nothing for a while so that the pipe fills.
  const launcher = nonBlockingLauncher();
  if (launcher === null) {
    t.skip('neither python3 nor perl is installed');
    return;
  }
  const [cmd, ...pre] = launcher;
  const dir = mkdtempSync(join(tmpdir(), 'extsvc-stdio-'));
  try {
    const files = manyFiles(dir, 150);
    const child = spawn(cmd, [...pre, process.execPath, BIN, 'lint', '-f', 'json', ...files], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

test('on a terminal, the stylish report is coloured (and not with NO_COLOR)', { skip: spawnSync('script', ['--version']).status !== 0 && 'no script(1) to make a terminal' }, () => {
  const lint = `'${process.execPath}' '${BIN}' lint '${join(FIXTURES, 'docs-oauth-mtls-files', 'tyk.conf')}'`;
  const coloured = spawnSync('script', ['-qec', lint, '/dev/null'], { env: { PATH: env.PATH }, encoding: 'utf8' });
  assert.equal(coloured.status, 0, coloured.stderr);
  assert.match(coloured.stdout, /\u001b\[33mwarning\u001b\[39m/);
  const plain = spawnSync('script', ['-qec', lint, '/dev/null'], { env: { PATH: env.PATH, NO_COLOR: '1' }, encoding: 'utf8' });
  assert.equal(plain.status, 0, plain.stderr);
  assert.doesNotMatch(plain.stdout, /\u001b\[/);
  assert.match(plain.stdout, /warning {2}PROXY_TLS_TO_PROXY/);
});
