/**
 * The launcher as a user runs it (bin/extsvc.js through its #! line, as npm links it), on this
 * machine's Node: Node 20 reads --env-file anywhere on its own command line unless "--" comes
 * first, and exits 9 before extsvc starts.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES } from './support/paths.js';

const CONF = join(FIXTURES, 'docs-basic-proxy', 'tyk.conf');
let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-launcher-'));
  writeFileSync(join(dir, 'tyk.env'), 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_ENABLED=true\n');
});

function launch(args: string[]) {
  const r = spawnSync(BIN, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe(`launcher on Node ${process.version}`, () => {
  for (const cmd of ['lint', 'explain', 'migrate']) {
    for (const spelling of [['--env-file', 'missing.env'], ['--env-file=missing.env']]) {
      it(`${cmd} ${spelling.join(' ')}: extsvc's own one line, exit 2`, () => {
        const r = launch([cmd, ...spelling, ...(cmd === 'explain' ? ['-c', CONF] : [CONF])]);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^extsvc: missing\.env: no such file \(--env-file\)\. Check the path\.$/m);
        assert.equal(r.stderr.trim().split('\n').length, 1);
      });
    }
  }
  it('an existing --env-file is read by extsvc (findings at its lines), not by Node', () => {
    for (const spelling of [['--env-file', 'tyk.env'], ['--env-file=tyk.env']]) {
      const r = launch(['lint', '--no-process-env', '--format', 'json', ...spelling, CONF]);
      assert.equal(r.status, 1, r.stderr);
      const codes = JSON.parse(r.stdout).files.flatMap((f: { diagnostics: { code: string; envFile?: string; line: number }[] }) => f.diagnostics.map((d) => `${d.code}@${d.envFile ?? ''}:${d.line}`));
      assert.ok(codes.some((c: string) => /^ENV_NAME_NOT_READ@.*tyk\.env:1$/.test(c)), codes.join(' '));
    }
  });
});
