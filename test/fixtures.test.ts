/**
 * One walk over fixtures/<case>/: tyk.conf (+ optional tyk.env and args) linted with no process
 * environment, compared with expected.json (code, line and, for env findings, the variable).
 * UPDATE=1 rewrites the expected files; a reviewer reads the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';
import { lintFile } from '../src/lint.js';
import { fixtureOptions } from './support/fixture-args.js';
import { parseEnvFile } from '../src/env/envfile.js';
import type { EnvEntry } from '../src/env/input.js';
import type { Diagnostic } from '../src/types.js';

export interface ExpectedFinding {
  code: string;
  line: number | null;
  env?: string;
}

export function fixtureCases(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    // Directories with a kuma.yaml are Kuma cases (lint of the YAML, or kuma check): test/kuma-fixtures.test.ts.
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'tyk.conf')) && !existsSync(join(FIXTURES, d.name, 'kuma.yaml')))
    .map((d) => d.name)
    .sort();
}

export function fixtureEnv(dir: string): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  const envPath = join(dir, 'tyk.env');
  if (existsSync(envPath)) {
    for (const e of parseEnvFile('tyk.env', readFileSync(envPath, 'utf8')).entries) env.set(e.name, e);
  }
  return env;
}

function summarize(d: Diagnostic): ExpectedFinding {
  if (d.location.kind === 'env') {
    return { code: d.code, line: d.location.span?.line ?? null, env: d.location.name };
  }
  return { code: d.code, line: d.location.span.line };
}

for (const name of fixtureCases()) {
  test(`fixture ${name}`, () => {
    const dir = join(FIXTURES, name);
    const result = lintFile({ file: 'tyk.conf', bytes: readFileSync(join(dir, 'tyk.conf')) }, fixtureEnv(dir), fixtureOptions(dir));
    const actual = result.diagnostics.map(summarize);
    const expectedPath = join(dir, 'expected.json');
    if (process.env.UPDATE === '1') {
      writeFileSync(expectedPath, JSON.stringify(actual, null, 1).replace(/\n {2,}/g, ' ').replace(/\{\n /g, '{ ').replace(/\n \}/g, ' }') + '\n');
      return;
    }
    assert.ok(existsSync(expectedPath), `${name}: no expected.json (run with UPDATE=1 and review it)`);
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedFinding[];
    assert.deepEqual(actual, expected);
  });
}
