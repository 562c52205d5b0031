// npm run bench: wall-time ratios measured in one run, so that a shared, noisy machine affects
// both sides alike. Prints medians; targets are in the README and the issues, not asserted here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'extsvc.js');
const typical = join(root, 'fixtures', 'docs-oauth-mtls-files', 'tyk.conf');
// A whole gateway config (storage, analytics, server options, …): more keys to walk.
const full = join(root, 'fixtures', 'full-gateway', 'tyk.conf');
const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
const runs = Number(process.env.BENCH_RUNS ?? 21);

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // A crash also exits 1: anything on stderr means the measurement is of something else.
  if ((r.status !== 0 && r.status !== 1) || r.stderr !== '') throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Peak resident memory of one run, as /usr/bin/time reports it ("n/a" without it). */
function peakRss(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8' });
  const kb = Number((r.stderr ?? '').trim().split('\n').pop());
  return Number.isFinite(kb) && kb > 0 ? `${(kb / 1024).toFixed(0)} MB` : 'n/a';
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function paired(label, argsA, argsB) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(time(argsA));
    b.push(time(argsB));
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`${label}: ${ma.toFixed(1)} ms vs ${mb.toFixed(1)} ms → ratio ${(ma / mb).toFixed(2)}x`);
  return ma / mb;
}

console.log(`node ${process.version}, ${runs} runs each, medians`);
paired('cold `extsvc lint` on a typical tyk.conf (the docs\' external_services example) vs `node -e 0`', [bin, 'lint', typical], ['-e', '0']);
paired('cold `extsvc lint` on a full gateway tyk.conf (fixtures/full-gateway) vs `node -e 0`', [bin, 'lint', full], ['-e', '0']);
paired('cold `extsvc explain` (all five services) vs `node -e 0`', [bin, 'explain', '-c', typical], ['-e', '0']);
// A file with legacy keys: lint makes migrate's plan for its advice; migrate runs the proof too.
const legacy = join(root, 'fixtures', 'migrate-docs-example', 'tyk.conf');
paired('cold `extsvc lint` on a file with legacy keys (plans the migration) vs on a typical tyk.conf', [bin, 'lint', '--no-process-env', legacy], [bin, 'lint', '--no-process-env', typical]);
paired('cold `extsvc migrate` dry run with its proof (fixtures/migrate-docs-example) vs `node -e 0`', [bin, 'migrate', '--no-process-env', '--format', 'json', legacy], ['-e', '0']);

// Many files in one call.
const dir = mkdtempSync(join(tmpdir(), 'extsvc-bench-'));
try {
  const text = readFileSync(typical, 'utf8');
  const files = [];
  for (let i = 0; i < 1000; i++) {
    const f = join(dir, `gw-${i}.conf`);
    writeFileSync(f, text.replace('3129', String(3000 + (i % 1000))));
    files.push(f);
  }
  const ms = [];
  for (let i = 0; i < 5; i++) ms.push(time([bin, 'lint', '--format', 'json', '-o', join(dir, 'out.json'), ...files]));
  const m = median(ms);
  const fleetPeak = peakRss([bin, 'lint', '--format', 'json', '-o', join(dir, 'out.json'), ...files]);
  console.log(`1,000 files in one call: ${m.toFixed(0)} ms → ${(1000 / (m / 1000)).toFixed(0)} files/s, peak RSS ${fleetPeak}`);

  // Large files: time and peak memory at 1 MB and 10 MB (linear growth expected).
  for (const mb of [1, 10]) {
    const entries = [];
    let size = 0;
    for (let i = 0; size < mb * 1024 * 1024; i++) {
      const e = `"api_${i}": {"listen_path": "/api/${i}/", "target_url": "http://upstream-${i}.internal:8080", "tags": ["a","b"]}`;
      entries.push(e);
      size += e.length + 2;
    }
    const big = join(dir, `big-${mb}.conf`);
    writeFileSync(big, `{\n  "x_apis": {\n    ${entries.join(',\n    ')}\n  },\n${text.slice(text.indexOf('{') + 1)}`);
    const t = [];
    let peak = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'lint', '--format', 'json', '-o', join(dir, 'out.json'), big], { env, encoding: 'utf8' });
      t.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const kb = Number(r.stderr.trim().split('\n').pop());
      if (Number.isFinite(kb)) peak = Math.max(peak, kb);
    }
    console.log(`${mb} MB tyk.conf: ${median(t).toFixed(0)} ms, peak RSS ${(peak / 1024).toFixed(0)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
