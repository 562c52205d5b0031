/**
 * Hostile input: one clear line (file, place, what to do), exit 2 only where the tool cannot go
 * on, never a stack trace, a hang or a crash. Large inputs are generated here, not checked in.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync, existsSync, openSync, closeSync, truncateSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES } from './support/paths.js';
import { run, type RunResult } from './support/run.js';
import { loadEnv, readStdin } from '../src/io.js';
import { MAX_INPUT_BYTES, readRegularFile } from '../src/files/read.js';
import { parseEnvFile } from '../src/env/envfile.js';
import { pemMatches } from '../src/files/check.js';
import { maskSecrets } from '../src/mask.js';
import { terminalSafe } from '../src/terminal.js';
import fc from 'fast-check';

const H = join(FIXTURES, 'hostile');
let dir = '';
const BASIC_CONF = join(FIXTURES, 'docs-basic-proxy', 'tyk.conf');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-hostile-'));
});

function noCrash(r: RunResult): void {
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error|RangeError|TypeError/, r.stderr);
  assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `exit ${r.status}`);
}

function lintJson(file: string, extra: string[] = []): { r: RunResult; codes: [string, number | null][] } {
  const r = run(['lint', '--no-process-env', '--format', 'json', ...extra, file]);
  noCrash(r);
  const out = r.stdout === '' ? { files: [] } : (JSON.parse(r.stdout) as { files: { diagnostics: { code: string; line: number | null; message: string }[] }[] });
  return { r, codes: out.files.flatMap((f) => f.diagnostics.map((d) => [d.code, d.line] as [string, number | null])) };
}

describe('hostile files: one finding, the gateway\'s consequence', () => {
  it('empty file', () => {
    const { r, codes } = lintJson(join(H, 'empty.conf'));
    assert.equal(r.status, 1);
    assert.deepEqual(codes, [['JSON_SYNTAX', 1]]);
  });
  it('UTF-16 with BOM: one finding that says to convert', () => {
    const { r, codes } = lintJson(join(H, 'utf16-bom.conf'));
    assert.deepEqual(codes, [['JSON_SYNTAX', 1]]);
    assert.match(r.stdout, /UTF-16/);
  });
  it('binary data and NUL bytes: one finding each', () => {
    for (const f of ['binary.conf', 'nul-bytes.conf']) {
      const { r, codes } = lintJson(join(H, f));
      assert.equal(codes.length, 1, f);
      assert.equal(codes[0][0], 'JSON_SYNTAX');
      assert.match(r.stdout, /NUL bytes/);
    }
  });
  it('invalid UTF-8 inside a string is accepted, as Go does (replaced by U+FFFD)', () => {
    const { r, codes } = lintJson(join(H, 'invalid-utf8.conf'));
    assert.equal(r.status, 0);
    assert.deepEqual(codes, []);
  });
  it('CRLF line endings: positions are right', () => {
    const { codes } = lintJson(join(H, 'crlf.conf'));
    assert.deepEqual(codes, [['HTTP_TARGET_DIRECT', 5], ['PROXY_TLS_TO_PROXY', 5]]);
  });
  it('100,000 levels of nesting (arrays and objects): Go\'s depth limit, no stack overflow', () => {
    const arr = join(dir, 'deep-array.conf');
    writeFileSync(arr, `{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const a = lintJson(arr);
    assert.equal(a.r.status, 1);
    assert.match(a.r.stdout, /exceeded max depth/);
    const obj = join(dir, 'deep-object.conf');
    writeFileSync(obj, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    assert.match(lintJson(obj).r.stdout, /exceeded max depth/);
    const ok = join(dir, 'deep-9000.conf');
    writeFileSync(ok, `{"external_services": {"oauth": {"mtls": {"ca_cert_ids": ${'['.repeat(9000)}${']'.repeat(9000)}}}}}`);
    const d = lintJson(ok);
    assert.deepEqual(d.codes, [['TYPE_MISMATCH', 1]]);
  });
  it('a 1 MB string and a 50 MB file', () => {
    const s = join(dir, 'big-string.conf');
    writeFileSync(s, `{"x": "${'a'.repeat(1_000_000)}", "external_services": {"global": {"enabled": "yes"}}}`);
    assert.deepEqual(lintJson(s).codes, [['UNKNOWN_KEY', 1], ['TYPE_MISMATCH', 1]]);
    const big = join(dir, 'big.conf');
    const entry = (i: number): string => `"api_${i}": {"listen_path": "/api/${i}/", "target_url": "http://upstream-${i}.internal:8080", "tags": ["a", "b"]}`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const e = entry(i);
      parts.push(e);
      size += e.length + 3;
    }
    writeFileSync(big, `{\n"x_apis": {\n${parts.join(',\n')}\n},\n"external_services": {"global": {"enabled": true, "http_proxy": "http://p.corp:3128", "bypass_proxy": ".internal"}}\n}\n`);
    const r = lintJson(big);
    assert.deepEqual(r.codes.map(([c]) => c), ['UNKNOWN_KEY', 'BYPASS_NEVER_MATCHES']);
  });
});

describe('hostile invocations: exit 2 with one line', () => {
  it('a directory, a missing file, an unreadable file', () => {
    const d = join(dir, 'a-directory');
    mkdirSync(d);
    const unreadable = join(dir, 'secret.conf');
    writeFileSync(unreadable, '{}');
    chmodSync(unreadable, 0o000);
    const cases: [string, RegExp][] = [[d, /is a directory/], [join(dir, 'missing.conf'), /no such file/]];
    if (process.getuid?.() !== 0) cases.push([unreadable, /permission denied/]);
    for (const [f, re] of cases) {
      const r = run(['lint', '--no-process-env', f]);
      noCrash(r);
      assert.equal(r.status, 2, f);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
  it('an env file with a line missing "=" names the file and line', () => {
    const r = run(['lint', '--no-process-env', '--env-file', join(H, 'missing-equals.env'), join(FIXTURES, 'docs-basic-proxy', 'tyk.conf')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing-equals\.env:2: expected NAME=VALUE/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
  it('an env file with CRLF endings reads clean values', () => {
    const { codes } = lintJson(join(FIXTURES, 'docs-basic-proxy', 'tyk.conf'), ['--env-file', join(H, 'crlf.env')]);
    assert.ok(codes.some(([c]) => c === 'ENV_OVERRIDES_FILE'));
    assert.ok(!codes.some(([c]) => c.startsWith('PROXY_URL')));
  });
});

/** A FIFO nobody writes to: reading it blocks forever, so it must be refused before reading. */
function fifo(name: string): string | null {
  const p = join(dir, name);
  const r = spawnSync('mkfifo', [p]);
  return r.status === 0 ? p : null;
}

function oneLineExit2(r: RunResult, re: RegExp): void {
  noCrash(r);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, re);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
}


describe('input that never ends or never answers: refused, not read', () => {
  const hasZero = existsSync('/dev/zero');
  it('/dev/zero as the config: lint, explain and migrate refuse it', { skip: hasZero ? false : 'no /dev/zero' }, () => {
    oneLineExit2(run(['lint', '--no-process-env', '/dev/zero']), /\/dev\/zero: is a character device, not a regular file/);
    oneLineExit2(run(['explain', '--no-process-env', '-c', '/dev/zero']), /\/dev\/zero: is a character device/);
    oneLineExit2(run(['migrate', '--no-process-env', '/dev/zero']), /\/dev\/zero: is a character device/);
  });
  // Through loadEnv, not the CLI: Node 20 itself reads a script argument named --env-file before
  // the script starts (nodejs/node#54232), so `extsvc lint --env-file /dev/zero` hangs in Node.
  it('/dev/zero, a FIFO or an oversized file as an env file', { skip: hasZero ? false : 'no /dev/zero' }, async () => {
    await assert.rejects(loadEnv({ envFile: ['/dev/zero'], processEnv: false }), /^InputError: \/dev\/zero: is a character device, not a regular file/);
    const p = fifo('env.fifo');
    if (p !== null) await assert.rejects(loadEnv({ envFile: [p], processEnv: false }), /env\.fifo: is a FIFO \(named pipe\)/);
    const big = join(dir, 'sparse.env');
    closeSync(openSync(big, 'w'));
    truncateSync(big, MAX_INPUT_BYTES + 1);
    await assert.rejects(loadEnv({ envFile: [big], processEnv: false }), /sparse\.env: larger than 64 MiB/);
  });
  it('a FIFO as the config or as an env file does not block', () => {
    const p = fifo('config.fifo');
    if (p === null) return;
    oneLineExit2(run(['lint', '--no-process-env', p]), /config\.fifo: is a FIFO \(named pipe\), not a regular file/);
    oneLineExit2(run(['explain', '--no-process-env', '-c', p]), /is a FIFO/);
    oneLineExit2(run(['migrate', '--no-process-env', p]), /is a FIFO/);
  });
  it('--check-files: a device or a FIFO as cert_file / ca_file is a finding, not a hang', () => {
    const p = fifo('cert.fifo');
    const conf = join(dir, 'devices.conf');
    const certs = { cert_file: hasZero ? '/dev/zero' : (p ?? ''), key_file: p ?? '', ca_file: hasZero ? '/dev/zero' : '' };
    writeFileSync(conf, JSON.stringify({ external_services: { oauth: { mtls: { enabled: true, ...certs } } } }));
    const { r, codes } = lintJson(conf, ['--check-files']);
    const found = codes.filter(([c]) => c === 'FILE_NOT_FOUND');
    assert.equal(found.length, [certs.cert_file, certs.key_file, certs.ca_file].filter((x) => x !== '').length, r.stdout);
    if (hasZero) assert.match(r.stdout, /\/dev\/zero.*is a character device, not a regular file/);
    if (p !== null) assert.match(r.stdout, /cert\.fifo.*is a FIFO/);
  });
  it('a config over the limit: one line, exit 2, the limit named (a sparse file: never written out)', () => {
    const big = join(dir, 'sparse.conf');
    closeSync(openSync(big, 'w'));
    truncateSync(big, MAX_INPUT_BYTES + 1);
    oneLineExit2(run(['lint', '--no-process-env', big]), /sparse\.conf: larger than 64 MiB; extsvc stopped reading there/);
    oneLineExit2(run(['migrate', '--no-process-env', big]), /larger than 64 MiB/);
  });
  it('the bounded reader stops at the limit on a device, whatever st_size says', { skip: hasZero ? false : 'no /dev/zero' }, () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      assert.throws(() => readStdin(1024 * 1024, fd), /standard input: larger than 1 MiB/);
    } finally {
      closeSync(fd);
    }
    assert.deepEqual(readRegularFile('/dev/zero', 1024), { error: 'ENOTREG', kind: 'character device' });
    const exact = join(dir, 'exact.conf');
    writeFileSync(exact, 'x'.repeat(5000));
    assert.equal((readRegularFile(exact, 5000) as Uint8Array).length, 5000);
    assert.deepEqual(readRegularFile(exact, 4999), { error: 'EFBIG' });
  });
});

describe('env files read as docker compose reads them (compose-go dotenv)', () => {
  const values = (text: string, shell: Record<string, string> = {}): Record<string, string> =>
    Object.fromEntries(parseEnvFile('t.env', text, (n) => shell[n]).entries.map((e) => [e.name, e.value]));
  it('# starts a comment only at the start of a statement or after a space', () => {
    assert.deepEqual(values('A=http://u:pa#ss@h:3128\nB=x #comment\nC=x\t#tab-is-not\n# D=1\n  # E=1\nF= #kept\n'), {
      A: 'http://u:pa#ss@h:3128', B: 'x', C: 'x\t#tab-is-not', F: '#kept',
    });
  });
  it('KEY: value is an assignment; export is a prefix; spaces around = are skipped', () => {
    assert.deepEqual(values('HTTPS_PROXY: http://u:pw@h:3128\nexport B=2\nC = 3 \nexport\tD="4"\n'), { HTTPS_PROXY: 'http://u:pw@h:3128', B: '2', C: '3', D: '4' });
  });
  it('quotes: single as written, double with escapes, both over several lines, text after the quote is a new statement', () => {
    assert.deepEqual(values('A=\'x\\ny $B\'\nB="a\\nb\\t\\"c\\" \\\\ \\$d"\nC="line1\nline2"\nD=\'it\\\'s\'\nE="x" F=y\n'), {
      A: 'x\\ny $B', B: 'a\nb\t"c" \\ $d', C: 'line1\nline2', D: "it's", E: 'x', F: 'y',
    });
  });
  it('interpolation: shell first, then the file above; defaults; $$', () => {
    assert.deepEqual(values('U=fileuser\nA=http://$U:${P}@h\nB=${NOPE:-dflt}\nC=${U:+set}\nD=$$U\nE=\'$U\'\n', { P: 'shellpw', U: 'shelluser' }), {
      U: 'fileuser', A: 'http://shelluser:shellpw@h', B: 'dflt', C: 'set', D: '$U', E: '$U',
    });
    assert.throws(() => parseEnvFile('t.env', 'A=${REQ:?set it}\n'), /^InputError: t\.env:1: A: required variable REQ is missing a value: set it$/);
  });
  it('line numbers per variable, multi-line values included; the last definition wins', () => {
    const r = parseEnvFile('t.env', 'A="1\n2\n3"\n\nB=x\nA=again\nC\n');
    assert.deepEqual(r.entries.map((e) => [e.name, e.value, e.origin.kind === 'file' ? e.origin.span.line : 0]), [['A', 'again', 6], ['B', 'x', 5]]);
    assert.deepEqual(r.inherit, [{ name: 'C', line: 7 }]);
  });
  it('errors name the file and line, never the text of the line (it may hold a password)', () => {
    const cases: [string, RegExp][] = [
      ['A=1\nHTTPS_PROXY http://user:S3cret@h:3128\n', /^t\.env:2: expected NAME=VALUE: a variable name cannot contain a space/],
      ['HTTPS_PROXY="http://user:S3cret@h:3128\n', /^t\.env:1: the value of HTTPS_PROXY opens a double quote that is never closed/],
      ['A/S3cret=1\n', /^t\.env:1: expected NAME=VALUE: "\/" cannot be part of a variable name \(column 2\)/],
    ];
    for (const [text, re] of cases) {
      let message = '';
      try {
        parseEnvFile('t.env', text);
      } catch (e) {
        message = (e as Error).message;
      }
      assert.match(message, re);
      assert.doesNotMatch(message, /S3cret/);
    }
  });
  it('a UTF-8 BOM is skipped, CRLF is a line end', () => {
    assert.deepEqual(values('\ufeffA=1\r\nB="2"\r\n'), { A: '1', B: '2' });
  });
});

describe('time linear in the input: the secret masker', () => {
  it('finds what the former regular expression found, in one pass', () => {
    const FORMER = /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:'"]*):([^\s'"]*?)@/g;
    const former = (t: string): string => t.replace(FORMER, (m, user: string, pass: string) => (pass === '' || pass === '****' ? m : `${user}:****@`));
    fc.assert(fc.property(fc.array(fc.constantFrom('h', '1', ':', '/', '@', ' ', "'", '"', '*', '.', '-', '?', '#', 'http://', '://'), { maxLength: 30 }), (parts) => {
      const t = parts.join('');
      assert.equal(maskSecrets(t), former(t));
    }), { numRuns: 20_000 });
  });
  it('1 MB values made of "u:" and "a:" (a 60 KB one took explain 46 s): lint, explain, migrate finish', () => {
    const conf = join(dir, 'long-values.conf');
    writeFileSync(conf, JSON.stringify({
      x: `http://${'u:'.repeat(500_000)}`,
      external_services: { global: { enabled: true, http_proxy: `http://${'p:'.repeat(200_000)}@h:3128`, bypass_proxy: 'a:'.repeat(500_000) } },
    }));
    const env = { TYK_GW_LISTENPORT: `http://${'u:'.repeat(30_000)}` }; // 60 KB: an argument's limit is 128 KB
    for (const args of [['lint', conf], ['explain', '-c', conf], ['migrate', conf]]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      assert.equal(r.error, undefined, `${args[0]}: ${String(r.error)}`);
      noCrash({ status: r.status, stdout: r.stdout, stderr: r.stderr });
    }
  });
});

describe('secrets: no proxy password in any output, whatever its spelling', () => {
  // Each password is a distinct word; none of its pieces may appear in any output.
  const conf = `{
  "http_proxy": "http:\\/\\/user:PWslash@proxy.corp:3128",
  "https_proxy": "http://user\\u003aPWescaped@proxy.corp:3129",
  "external_services": {
    "oauth": { "proxy": { "http_proxy": "http://o'brien:PWquote'x@p.corp:1", "https_proxy": "http://user:PWat@mid@p.corp:2" } },
    "webhooks": { "proxy": { "http_proxy": "http://user:PW space@p.corp:3", "https_proxy": "http://user:PW\\u0074hrix@p.corp:4" } }
  }
}
`;
  const envText = [
    'TYK_GW_EXTERNAL_SERVICES_HEALTH_PROXY_HTTP_PROXY="http://user:PWenv1@p.corp:5"',
    'TYK_GW_EXTERNALSERVICES_DISCOVERY_PROXY_HTTPSPROXY: http://user:PWenv2#x@p.corp:6',
    "HTTPS_PROXY='http://user:PWenv3\\'s@p.corp:7'",
    'HTTP_PROXY="http://user:PW\\"env4@p.corp:8"',
    'TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTPS_PROXY=http://user:${PROXY_PASSWORD}@p.corp:9',
    '',
  ].join('\n');
  const pieces = ['PWslash', 'PWescaped', 'PWquote', 'PWat', 'mid@', 'PW space', 'PWthrix', 'PW\\u0074', 'hrix', 'PWenv1', 'PWenv2', 'PWenv3', 'env4', 'PWshell'];
  const shellEnv = { PROXY_PASSWORD: 'PWshell' };
  function leaks(out: string): string[] {
    return pieces.filter((p) => out.includes(p));
  }
  it('lint (every format), explain (every format, --url) and migrate\'s diffs', () => {
    const c = join(dir, 'secrets.conf');
    const e = join(dir, 'secrets.env');
    writeFileSync(c, conf);
    writeFileSync(e, envText);
    const runs: string[][] = [
      ...['stylish', 'json', 'sarif', 'github'].map((f) => ['lint', '--format', f, '--env-file', e, c]),
      ...['text', 'json', 'mermaid'].map((f) => ['explain', '--format', f, '--env-file', e, '-c', c]),
      ['explain', 'oauth', '--env-file', e, '-c', c, '--url', 'http://user:PWslash@idp.example.com/x'],
      ['migrate', '--env-file', e, c],
    ];
    for (const args of runs) {
      const r = run(args, { env: shellEnv });
      noCrash(r);
      assert.deepEqual(leaks(r.stdout + r.stderr), [], `${args.join(' ')}\n${r.stdout}${r.stderr}`);
      if (args[0] === 'migrate') assert.match(r.stdout, /\+\+\+ b\/.*secrets\.env/);
    }
  });
  it('migrate\'s masking keeps the rest of each value as written', () => {
    const e = join(dir, 'keep.env');
    writeFileSync(e, "TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTP_PROXY='http://user:PWenv3\\'s@p.corp:7' # note\n");
    const r = run(['migrate', '--no-process-env', '--env-file', e, BASIC_CONF]);
    assert.match(r.stdout, /^\+TYK_GW_EXTERNALSERVICES_GLOBAL_HTTPPROXY='http:\/\/user:\*\*\*\*@p\.corp:7' # note$/m);
  });
});

describe('terminal escape sequences in keys and values never reach the terminal raw', () => {
  it('stylish, explain text (table and one service), migrate\'s diff and items', () => {
    const c = join(dir, 'escapes.conf');
    writeFileSync(c, JSON.stringify({
      '\u001b]0;pwned\u0007': 1,
      http_proxy: 'http://p.corp:3128/\u001b[2J',
      external_services: { global: { enabled: true, http_proxy: 'http://p.corp:3128', bypass_proxy: 'a\u001b[31m,\u009b2J,b' } },
    }));
    const e = join(dir, 'escapes.env');
    writeFileSync(e, 'TYK_GW_EXTERNAL_SERVICES_GLOBAL_HTTPS_PROXY=http://p.corp:3129\u001b[2J\n');
    for (const args of [['lint', c], ['lint', '--env-file', e, c], ['explain', '-c', c], ['explain', 'webhooks', '-c', c, '--env-file', e], ['migrate', '--env-file', e, c]]) {
      const r = run([args[0], '--no-process-env', ...args.slice(1)]);
      noCrash(r);
      assert.doesNotMatch(r.stdout + r.stderr, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/, `${args.join(' ')}: ${JSON.stringify(r.stdout + r.stderr)}`);
      assert.match(r.stdout + r.stderr, /\\x1b/, args.join(' '));
    }
  });
  it('terminalSafe keeps newlines, tabs and CRLF where asked, escapes the rest', () => {
    assert.equal(terminalSafe('a\u001b[2Jb\tc\r\nd\re\u009b\n'), 'a\\x1b[2Jb\tc\\x0d\\x0ad\\x0de\\x9b\\x0a');
    assert.equal(terminalSafe('a\u001b[2Jb\tc\r\nd\re\u009b\n', true), 'a\\x1b[2Jb\tc\r\nd\\x0de\\x9b\n');
  });
});

describe('wide encodings named as they are', () => {
  const text = '{\n  "external_services": {"global": {"enabled": true}}\n}\n';
  const encode = (name: string, bom: boolean): Buffer => {
    const le16 = Buffer.from(text, 'utf16le');
    const swap = (b: Buffer, w: number): Buffer => {
      const out = Buffer.alloc(b.length);
      for (let i = 0; i < b.length; i += w) for (let k = 0; k < w; k++) out[i + k] = b[i + w - 1 - k];
      return out;
    };
    const le32 = Buffer.alloc(text.length * 4);
    for (let i = 0; i < text.length; i++) le32.writeUInt32LE(text.charCodeAt(i), i * 4);
    const body = { 'UTF-16LE': le16, 'UTF-16BE': swap(le16, 2), 'UTF-32LE': le32, 'UTF-32BE': swap(le32, 4) }[name] ?? Buffer.alloc(0);
    const mark = { 'UTF-16LE': [0xff, 0xfe], 'UTF-16BE': [0xfe, 0xff], 'UTF-32LE': [0xff, 0xfe, 0, 0], 'UTF-32BE': [0, 0, 0xfe, 0xff] }[name] ?? [];
    return Buffer.concat([bom ? Buffer.from(mark) : Buffer.alloc(0), body]);
  };
  for (const name of ['UTF-16LE', 'UTF-16BE', 'UTF-32LE', 'UTF-32BE']) {
    for (const bom of [true, false]) {
      it(`${name} ${bom ? 'with' : 'without'} a byte-order mark`, () => {
        const f = join(dir, `${name}-${bom}.conf`);
        writeFileSync(f, encode(name, bom));
        const { r, codes } = lintJson(f);
        assert.deepEqual(codes.map(([c]) => c), ['JSON_SYNTAX']);
        assert.match(r.stdout, new RegExp(`the file is ${name.slice(0, 6)} .*iconv -f ${name} -t UTF-8`));
        assert.doesNotMatch(r.stdout, /binary data/);
      });
    }
  }
});

describe('memory bounded by the input, not by its shape', () => {
  // A small heap makes a blow-up fail here rather than on a CI runner: before, 10 MB of spaces
  // took 335 MB of heap, and migrate on a 10 MB array 2.8 GB.
  const small = (args: string[]): void => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=192', BIN, args[0], '--no-process-env', ...args.slice(1)], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.error, undefined, `${args.join(' ')}: ${String(r.error)}`);
    assert.doesNotMatch(r.stderr, /heap out of memory|\n\s+at /, r.stderr);
    assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
  };
  it('20 MB of whitespace: lint, explain, migrate', () => {
    const f = join(dir, 'spaces.conf');
    writeFileSync(f, `{"external_services": {"global": {"enabled": true, "http_proxy": "http://p:3128"}},${' '.repeat(10 * 1024 * 1024)}\n${'\t'.repeat(10 * 1024 * 1024)}"x": 1}`);
    for (const c of ['lint', 'explain', 'migrate']) small(c === 'explain' ? [c, '-c', f] : [c, f]);
  });
  it('a 5 MB array under a key the gateway ignores: migrate (with something to migrate)', () => {
    const f = join(dir, 'array.conf');
    writeFileSync(f, `{"http_proxy": "http://p:3128", "x": [${new Array(2_500_000).fill('1').join(',')}]}`);
    small(['migrate', f]);
  });
});

describe('more keys than any config: refused with one line (3.3 million ran out of heap)', () => {
  it('lint, explain and migrate exit 2 past 100,000 keys; keys inside an ignored top-level key do not count', () => {
    const f = join(dir, 'many-keys.conf');
    const keys = Array.from({ length: 100_001 }, (_, i) => `"k${i}":1`).join(',');
    writeFileSync(f, `{"external_services": {"global": {"enabled": true}}, ${keys}}`);
    for (const args of [['lint', f], ['explain', '-c', f], ['migrate', f]]) {
      oneLineExit2(run([args[0], '--no-process-env', ...args.slice(1)]), /many-keys\.conf: more than 100,000 keys/);
    }
    const ok = join(dir, 'many-ignored-keys.conf');
    writeFileSync(ok, `{"x_apis": {${keys}}, "external_services": {"global": {"enabled": true}}}`);
    const r = run(['explain', '--no-process-env', '-c', ok]);
    noCrash(r);
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('.extsvcrc.json is input too', () => {
  it('a symbolic link to /dev/zero is refused with one line, not read', { skip: existsSync('/dev/zero') ? false : 'no /dev/zero' }, () => {
    const proj = mkdtempSync(join(tmpdir(), 'extsvc-rc-zero-'));
    symlinkSync('/dev/zero', join(proj, '.extsvcrc.json'));
    oneLineExit2(run(['lint', '--no-process-env', BASIC_CONF], { cwd: proj }), /\.extsvcrc\.json: is a character device, not a regular file/);
  });
});

describe('--check-files: PEM blocks found in linear time', () => {
  it('the same blocks as the former expression', () => {
    const FORMER = /-----BEGIN ([^\r\n-]*)-----[ \t]*\r?\n([\s\S]*?)-----END \1-----/g;
    fc.assert(fc.property(fc.array(fc.constantFrom('-----BEGIN A-----\n', '-----BEGIN B-----\r\n', '-----END A-----', '-----END B-----', '-----BEGIN A-----', 'x', '\n', '-', ' \t'), { maxLength: 14 }), (parts) => {
      const t = parts.join('');
      assert.deepEqual(pemMatches(t), [...t.matchAll(FORMER)].map((m) => [m[1], m[2]]));
    }), { numRuns: 20_000 });
  });
  it('a 16 MiB file of BEGIN lines and no END (hours before): a finding', () => {
    const f = join(dir, 'begins.pem');
    writeFileSync(f, '-----BEGIN CERTIFICATE-----\n'.repeat(Math.floor((16 * 1024 * 1024) / 28)));
    const conf = join(dir, 'begins.conf');
    writeFileSync(conf, JSON.stringify({ external_services: { oauth: { mtls: { enabled: true, ca_file: f } } } }));
    const { codes } = lintJson(conf, ['--check-files']);
    assert.ok(codes.some(([c]) => c === 'CERT_INVALID'), JSON.stringify(codes));
  });
});
