/**
 * One finding where one thing is wrong: the legacy JWT key and its insecure effect; the nulls of a
 * config dump.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile } from '../src/lint.js';
import { messageFor } from '../src/messages.js';
import type { Diagnostic } from '../src/types.js';

const enc = new TextEncoder();
function lint(text: string): Diagnostic[] {
  return lintFile({ file: 'tyk.conf', bytes: enc.encode(text) }, new Map()).diagnostics;
}

describe('jwt_ssl_insecure_skip_verify', () => {
  it('no oauth client: one finding on the line, INSECURE_SKIP_VERIFY, which also says the key is legacy', () => {
    const ds = lint('{\n  "jwt_ssl_insecure_skip_verify": true\n}\n');
    assert.deepEqual(ds.map((d) => d.code), ['INSECURE_SKIP_VERIFY']);
    assert.equal(ds[0].args.legacyKey, true);
    // Its advice is migrate's plan: with no oauth client to move it to, a human decides (migrate says so too).
    assert.equal(ds[0].args.plan, 'human');
    assert.match(messageFor(ds[0]), /not verified, via jwt_ssl_insecure_skip_verify .* legacy key\. "extsvc migrate" leaves it for a human: jwt_ssl_insecure_skip_verify kept: nothing configures/);
  });
  it('an oauth client is built: the key matters only on the retry path, LEGACY_JWT_SKIP_VERIFY alone', () => {
    const ds = lint('{\n  "external_services": {"global": {"enabled": true, "http_proxy": "http://p:3128"}},\n  "jwt_ssl_insecure_skip_verify": true\n}\n');
    assert.deepEqual(ds.map((d) => d.code), ['LEGACY_JWT_SKIP_VERIFY']);
  });
  it('false: nothing', () => {
    assert.deepEqual(lint('{"jwt_ssl_insecure_skip_verify": false}'), []);
  });
});

describe('NULL_VALUE', () => {
  it('a config dump: one finding at the first null, naming every key', () => {
    const ds = lint('{\n  "listen_address": null,\n  "storage": {"hosts": null, "addrs": null},\n  "secrets": null\n}\n');
    assert.deepEqual(ds.map((d) => [d.code, d.location.kind === 'file' ? d.location.span.line : 0]), [['NULL_VALUE', 2]]);
    assert.deepEqual(ds[0].args.keys, ['listen_address', 'storage.hosts', 'storage.addrs', 'secrets']);
    assert.match(messageFor(ds[0]), /^4 settings are null \(listen_address, storage\.hosts, storage\.addrs and secrets\)/);
  });
  it('one null: the finding as before', () => {
    const ds = lint('{"external_services": {"global": {"enabled": true, "https_proxy": null}}}');
    assert.deepEqual(ds.map((d) => d.code), ['NULL_VALUE']);
    assert.equal(ds[0].args.count, undefined);
    assert.match(messageFor(ds[0]), /null leaves "https_proxy" at its zero value/);
  });
  it('a null after an earlier value stays on its own line', () => {
    const ds = lint('{\n  "listen_address": "a",\n  "listen_address": null,\n  "secrets": null,\n  "labs": null\n}\n').filter((d) => d.code === 'NULL_VALUE');
    assert.deepEqual(ds.map((d) => [d.args.afterEarlier, d.args.count, d.location.kind === 'file' ? d.location.span.line : 0]), [[true, undefined, 3], [false, 2, 4]]);
  });
});
