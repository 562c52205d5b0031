/**
 * Did-you-mean: typos only, never a key of another meaning; the same key at another level is
 * placed; the work stays bounded for files and environments with thousands of unknown names.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundedDistance, suggest, Suggester, SuggestBudget, MAX_FUZZY_SUGGESTIONS, words } from '../src/suggest.js';
import { lintFile } from '../src/lint.js';
import { envFromRecord } from '../src/env/input.js';
import type { Diagnostic } from '../src/types.js';

const enc = new TextEncoder();
function unknownKeys(text: string, env: Record<string, string> = {}): Diagnostic[] {
  return lintFile({ file: 'tyk.conf', bytes: enc.encode(text) }, envFromRecord(env)).diagnostics.filter((d) => d.code === 'UNKNOWN_KEY' || d.code === 'ENV_UNKNOWN_NAME');
}

/** Plain optimal-string-alignment distance, the reference for the banded one. */
function osa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('boundedDistance', () => {
  it('equals the plain distance, capped at limit + 1', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 12 }), fc.integer({ min: 0, max: 6 }), (a, b, k) => {
      assert.equal(boundedDistance(a, b, k), Math.min(osa(a, b), k + 1));
    }), { numRuns: 2000 });
  });
});

describe('suggestions never change meaning', () => {
  const top = ['close_connections', 'max_idle_connections', 'jwt_ssl_insecure_skip_verify', 'proxy_ssl_insecure_skip_verify', 'listen_port', 'listen_address', 'log_level', 'app_path'];
  const https = ['use_ssl', 'server_name', 'min_version', 'max_version', 'ssl_insecure_skip_verify', 'ssl_certificates'];
  it('a word added or dropped is another setting', () => {
    assert.equal(suggest('ssl_insecure_skip_verify', top), undefined);
    assert.equal(suggest('close_idle_connections', top), undefined);
    assert.equal(suggest('use_ssl_le', https), undefined);
  });
  it('a real word swapped for another is another setting', () => {
    assert.equal(suggest('http_proxy', ['https_proxy', 'bypass_proxy'], undefined, ['http_proxy']), undefined);
    assert.equal(suggest('listen_path', top), undefined);
  });
  it('two candidates equally close: none', () => {
    assert.equal(suggest('httpx_proxy', ['http_proxy', 'https_proxy']), undefined);
    assert.equal(suggest('mix_version', https), undefined);
  });
  it('typos inside words, separators and case are corrected', () => {
    assert.equal(suggest('listen_prot', top), 'listen_port');
    assert.equal(suggest('lsiten_port', top), 'listen_port');
    assert.equal(suggest('loglevel', top), 'log_level');
    assert.equal(suggest('LogLevel', top), 'log_level');
    assert.equal(suggest('max_idle_conections', top), 'max_idle_connections');
    assert.equal(suggest('servr_name', https), 'server_name');
  });
  it('aliases are explicit replacements, not typos', () => {
    assert.equal(suggest('no_proxy', ['bypass_proxy', 'http_proxy'], { no_proxy: 'bypass_proxy' }), 'bypass_proxy');
  });
  it('words split on separators and case changes', () => {
    assert.deepEqual(words('jwt_ssl-insecure SkipVerify'), ['jwt', 'ssl', 'insecure', 'skip', 'verify']);
  });
});

describe('UNKNOWN_KEY in a file', () => {
  it('the issue\'s three: no did-you-mean', () => {
    const ds = unknownKeys('{"ssl_insecure_skip_verify": true, "close_idle_connections": true, "http_server_options": {"use_ssl_le": true}}');
    assert.deepEqual(ds.map((d) => [d.args.key, d.args.suggestion]), [['ssl_insecure_skip_verify', undefined], ['close_idle_connections', undefined], ['use_ssl_le', undefined]]);
  });
  it('a key the gateway reads deeper in the same object: says where it belongs', () => {
    const [d] = unknownKeys('{"server_name": "gw.example"}');
    assert.deepEqual(d.args.elsewhere, ['http_server_options.server_name']);
    assert.equal(d.args.suggestion, undefined);
  });
  it('a key of the same name in an unrelated block is not offered', () => {
    const [d] = unknownKeys('{"dns_cache": {"enabled": true, "check_interval": 30}}');
    assert.equal(d.args.elsewhere, undefined);
  });
  it('a typo still gets its did-you-mean', () => {
    assert.equal(unknownKeys('{"listen_prot": 8080}')[0].args.suggestion, 'listen_port');
    assert.equal(unknownKeys('{"external_services": {"global": {"no_proxy": "x"}}}')[0].args.suggestion, 'bypass_proxy');
  });
  it('the env namespace: TYK_GW_HTTPSERVEROPTIONS_USELE_SSL is not offered USESSL', () => {
    const [d] = unknownKeys('{}', { TYK_GW_HTTPSERVEROPTIONS_USELE_SSL: 'true' });
    assert.equal(d.args.suggestion, undefined);
    assert.equal(unknownKeys('{}', { TYK_GW_LISTENPROT: '1' })[0].args.suggestion, 'TYK_GW_LISTENPORT');
  });
});

describe('bounded work for many unknown names (inputs generated here)', () => {
  it('3,000 unknown keys: every one reported; fuzzy searches stop at the cap, the cheap answers do not', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `"custom_setting_${i}": ${i}`);
    // Past the cap: a separator typo (exact once squashed) and a key that belongs deeper.
    keys.push('"ListenPort": 1', '"listen_prot": 1', '"server_name": "x"');
    const ds = unknownKeys(`{${keys.join(',')}}`);
    assert.equal(ds.length, 3003);
    const byKey = new Map(ds.map((d) => [String(d.args.key), d]));
    assert.equal(byKey.get('ListenPort')?.args.suggestion, 'listen_port');
    assert.equal(byKey.get('listen_prot')?.args.suggestion, undefined, 'past the cap');
    assert.deepEqual(byKey.get('server_name')?.args.elsewhere, ['http_server_options.server_name']);
    // Before the cap the same typo is corrected.
    assert.equal(unknownKeys('{"listen_prot": 1}')[0].args.suggestion, 'listen_port');
  });
  it('the budget counts fuzzy searches only', () => {
    const s = new Suggester(['listen_port', 'log_level']);
    const budget = new SuggestBudget(1);
    assert.equal(budget.suggest(s, 'listen_prot'), 'listen_port');
    assert.equal(budget.suggest(s, 'log_levl'), undefined);
    assert.equal(budget.suggest(s, 'LOGLEVEL'), 'log_level');
    assert.ok(MAX_FUZZY_SUGGESTIONS >= 1000);
  });
  it('20,000 unknown TYK_GW_* variables: all reported; a typo before the cap is corrected, past it only the cheap answers', () => {
    // Names are taken in order: APPPAHT before the generated ones, LISTENPROT and LISTEN_PORT after.
    const env: Record<string, string> = { TYK_GW_APPPAHT: '1', TYK_GW_LISTENPROT: '1', TYK_GW_LISTEN_PORT: '1' };
    for (let i = 0; i < 20_000; i++) env[`TYK_GW_CUSTOMSETTING${i}`] = '1';
    const ds = unknownKeys('{}', env);
    assert.equal(ds.length, 20_003);
    const suggestion = (name: string): unknown => ds.find((d) => d.args.name === name)?.args.suggestion;
    assert.equal(suggestion('TYK_GW_APPPAHT'), 'TYK_GW_APPPATH');
    assert.equal(suggestion('TYK_GW_LISTENPROT'), undefined);
    assert.equal(suggestion('TYK_GW_LISTEN_PORT'), 'TYK_GW_LISTENPORT');
  });
});
