/** explain's inputs: --url as Go's client takes it, --tyk-conf (-c) and the deprecated --config. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FIXTURES } from './support/paths.js';
import { run } from './support/run.js';

const CONF = join(FIXTURES, 'docs-oauth-mtls-files', 'tyk.conf');

describe('explain --url', () => {
  const cases: [string, RegExp][] = [
    ['not-a-url', /unsupported protocol scheme ""/],
    ['idp.corp.example', /unsupported protocol scheme ""/],
    ['ftp://files.example/x', /unsupported protocol scheme "ftp"/],
    ['http://', /http: no Host in request URL/],
    ['https:///path', /http: no Host in request URL/],
    ['http://[::1', /missing '\]' in host/],
  ];
  for (const [url, re] of cases) {
    it(`rejects ${url} as Go's client would: one line, exit 2`, () => {
      const r = run(['explain', 'oauth', '--no-process-env', '-c', CONF, '--url', url]);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^extsvc: --url ${url.replace(/[[\]().*+?]/g, '\\$&')}: Go's HTTP client rejects it \\(`));
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
  }
  it('takes http and https URLs, any case of scheme', () => {
    const r = run(['explain', 'oauth', '--no-process-env', '-c', CONF, '--url', 'HTTPS://idp.example.com/jwks', '--url', 'http://10.0.0.1:8080/']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /request +HTTPS:\/\/idp\.example\.com\/jwks/);
  });
});

describe('explain tyk.conf option', () => {
  it('--tyk-conf and -c name the tyk.conf', () => {
    for (const flag of ['--tyk-conf', '-c']) {
      const r = run(['explain', 'oauth', '--no-process-env', flag, CONF]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^oauth: external-services client/);
    }
  });
  it('--config still works, with a deprecation note on stderr', () => {
    const r = run(['explain', 'oauth', '--no-process-env', '--config', CONF]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^oauth: external-services client/);
    assert.match(r.stderr, /^extsvc: explain --config is deprecated: use --tyk-conf \(or -c\)/);
  });
  it('a typo in the path: said first, on stderr, with what the gateway then runs on', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'extsvc-explain-'));
    const r = run(['explain', '--no-process-env', '-c', 'tyk.cnf'], { cwd });
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^extsvc: tyk\.cnf: no such file; .*built-in defaults/);
    assert.match(r.stdout, /^! tyk\.cnf: no such file\./);
  });
});
