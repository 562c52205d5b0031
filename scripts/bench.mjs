// npm run bench: wall-time ratios measured in one run, so that a shared, noisy machine affects
// both sides alike. Prints medians; targets are in the README and the issues, not asserted here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync, truncateSync } from 'node:fs';
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

function time(args, command = process.execPath) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { env, encoding: 'utf8' });
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
// An older target: the block is an unknown key there, so the run also reads the version history.
paired('cold `extsvc lint --tyk-version 5.9` on the typical tyk.conf (external_services unknown before 5.10) vs `node -e 0`', [bin, 'lint', '--tyk-version', '5.9.2', typical], ['-e', '0']);
{
  // What a user runs: the launcher's #! line (sh, then node -- bin/extsvc.js), against node directly.
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(time(['lint', typical], bin));
    b.push(time([bin, 'lint', typical]));
  }
  console.log(`\`extsvc lint\` through the launcher (sh + node --) vs \`node bin/extsvc.js lint\`: ${median(a).toFixed(1)} ms vs ${median(b).toFixed(1)} ms → ratio ${(median(a) / median(b)).toFixed(2)}x`);
}
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

  hostileShapes(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Hostile shapes (issue 14) at 1, 10 and 50 MB (BENCH_HOSTILE_MB=1,10 to change): wall time and
 * peak RSS of one run of lint, explain and migrate (a dry run) each. Linear means ×10 in size
 * costs about ×10 in time and far less than ×10 in memory over Node's own ~50 MB. A run that
 * takes longer than BENCH_TIMEOUT_S (default 300) is reported as such, not waited for.
 */
function hostileShapes(dir) {
  const sizes = (process.env.BENCH_HOSTILE_MB ?? '1,10,50').split(',').map(Number);
  const timeout = Number(process.env.BENCH_TIMEOUT_S ?? 300) * 1000;
  const MB = 1024 * 1024;
  const proxy = '"external_services": {"global": {"enabled": true, "http_proxy": "http://user:pw@p.corp:3128"}}';
  const shapes = {
    // 100 MB of it took 28.6 s and 3.6 GB.
    whitespace: (n) => `{${proxy},${' '.repeat(n - proxy.length - 16)}"x": 1}`,
    // 3.3 million keys (67 MB) ran out of heap; each is an unknown key with a did-you-mean.
    'many keys': (n) => {
      const parts = [];
      let size = 0;
      for (let i = 0; size < n; i++) {
        const e = `"k${i}":${i % 10}`;
        parts.push(e);
        size += e.length + 1;
      }
      return `{${proxy},${parts.join(',')}}`;
    },
    // migrate on a 100 MB array ran out of memory.
    'one array': (n) => `{${proxy},"x": [${new Array(Math.floor(n / 2)).fill('1').join(',')}]}`,
    // The masker's expression was quadratic in a value like this (60 KB: 46 s in explain).
    'URL-like strings': (n) => {
      const one = `"http://${'u:'.repeat(499_990)}"`;
      const count = Math.max(1, Math.floor(n / one.length));
      return `{${proxy.replace('"global": {', `"global": {"bypass_proxy": "${'a:'.repeat(Math.min(n, MB) / 4)}", `)},"x": [${new Array(count).fill(one).join(',')}]}`;
    },
  };
  console.log(`\nhostile shapes (lint / explain / migrate dry run: wall time, peak RSS; timeout ${timeout / 1000} s)`);
  for (const [name, make] of Object.entries(shapes)) {
    for (const mb of sizes) {
      const f = join(dir, `hostile-${mb}.conf`);
      writeFileSync(f, make(mb * MB));
      const cells = [];
      for (const cmd of [['lint', '--format', 'json', f], ['explain', '-c', f], ['migrate', f]]) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, cmd[0], '--no-process-env', ...cmd.slice(1)], { env, encoding: 'utf8', timeout, maxBuffer: 1024 * MB });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const kb = Number((r.stderr ?? '').trim().split('\n').pop());
        if (r.error !== undefined || r.signal !== null) cells.push(`${cmd[0]} >${timeout / 1000} s`);
        else if (r.status !== 0 && r.status !== 1) cells.push(`${cmd[0]} exit ${r.status}`);
        else cells.push(`${cmd[0]} ${(ms / 1000).toFixed(1)} s ${Number.isFinite(kb) ? (kb / 1024).toFixed(0) : '?'} MB`);
      }
      console.log(`  ${name}, ${mb} MB: ${cells.join(' | ')}`);
      rmSync(f);
    }
  }
  // Above the limit: refused at once, with one line.
  const over = join(dir, 'over-limit.conf');
  writeFileSync(over, '');
  truncateSync(over, 64 * MB + 1);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'lint', over], { env, encoding: 'utf8' });
  console.log(`  64 MiB + 1 byte: exit ${r.status} in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms: ${r.stderr.trim().replace(over, 'FILE')}`);
}
// Did-you-mean at scale (issue 14): many unknown keys, and many unknown TYK_GW_* variables. The
// search is bounded (indexed key lists, a banded distance with an early exit, a per-file cap on
// fuzzy searches), so time and memory grow with the input, not with input × known keys. Ratio:
// 90k keys against 9k, 10 for linear (more than 100,000 keys is refused, src/config/load.ts).
const dym = mkdtempSync(join(tmpdir(), 'extsvc-bench-dym-'));
try {
  // Near misses of real keys (a word added), so each fuzzy search does real work.
  const near = ['listen_port', 'secret', 'node_secret', 'template_path', 'use_db_app_configs', 'app_path', 'middleware_path', 'enable_jsvm'];
  const keysFile = (n) => {
    const f = join(dym, `unknown-${n}.conf`);
    const lines = [];
    for (let i = 0; i < n; i++) lines.push(`  "${near[i % near.length]}_x${i.toString(36)}": ${i}`);
    writeFileSync(f, `{\n${lines.join(',\n')}\n}\n`);
    return f;
  };
  const once = (args) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const kb = Number(r.stderr.trim().split('\n').pop());
    return { ms, mb: Number.isFinite(kb) ? kb / 1024 : NaN };
  };
  const out = join(dym, 'out.json');
  const shapes = [
    ['3,000 unknown keys', [bin, 'lint', '--no-process-env', '--format', 'json', '-o', out, keysFile(3000)], 3],
    ['9,000 unknown keys', [bin, 'lint', '--no-process-env', '--format', 'json', '-o', out, keysFile(9_000)], 3],
    ['90,000 unknown keys', [bin, 'lint', '--no-process-env', '--format', 'json', '-o', out, keysFile(90_000)], 1],
  ];
  const envFile = join(dym, 'unknown.env');
  writeFileSync(envFile, Array.from({ length: 20_000 }, (_, i) => `TYK_GW_LISTENPORT${i.toString(36).toUpperCase()}=1`).join('\n') + '\n');
  const empty = join(dym, 'empty.conf');
  writeFileSync(empty, '{}\n');
  shapes.push(['20,000 unknown TYK_GW_* variables', [bin, 'lint', '--no-process-env', '--env-file', envFile, '--format', 'json', '-o', out, empty], 3]);
  const results = new Map();
  for (const [label, args, n] of shapes) {
    const rs = Array.from({ length: n }, () => once(args));
    const ms = median(rs.map((r) => r.ms));
    const mb = Math.max(...rs.map((r) => r.mb));
    results.set(label, ms);
    console.log(`${label}: ${ms.toFixed(0)} ms, peak RSS ${Number.isFinite(mb) ? mb.toFixed(0) : 'n/a'} MB`);
  }
  console.log(`unknown keys, 90k vs 9k: ratio ${(results.get('90,000 unknown keys') / results.get('9,000 unknown keys')).toFixed(1)}x (10x is linear)`);
} finally {
  rmSync(dym, { recursive: true, force: true });
}
