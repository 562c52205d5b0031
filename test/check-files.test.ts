/**
 * --check-files: certificates and keys are generated at test time in a temp dir (openssl when it
 * is on PATH, else a small X.509 builder on node:crypto), never committed. The file system and
 * the clock are injected, so expiry is tested by moving `now`, not by forging dates.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles, FILE_CODES, kvReference, nodeFileIO, type FileCode, type FileFinding, type FileIO } from '../src/files/check.js';
import { fileMessage } from '../src/files/messages.js';
import { loadConfig } from '../src/config/load.js';
import { envFromRecord } from '../src/env/input.js';
import { buildEffective, resolveAll } from '../src/resolve/resolve.js';

const DAY = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Generating keys and certificates

function hasOpenssl(): boolean {
  if (process.env.EXTSVC_TEST_NO_OPENSSL === '1') return false;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface CertOptions {
  key: string;
  days: number;
  cn: string;
  issuer?: { cert: string; key: string };
}

interface Pki {
  readonly via: 'openssl' | 'node';
  key(name: string, type?: 'ec' | 'rsa'): string;
  cert(name: string, o: CertOptions): string;
}

function opensslPki(dir: string): Pki {
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  return {
    via: 'openssl',
    key(name, type = 'ec') {
      const out = join(dir, name);
      if (type === 'ec') ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out);
      else ossl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', out);
      return out;
    },
    cert(name, o) {
      const out = join(dir, name);
      if (o.issuer === undefined) {
        ossl('req', '-x509', '-new', '-key', o.key, '-out', out, '-days', String(o.days), '-subj', `/CN=${o.cn}`);
      } else {
        const csr = `${out}.csr`;
        ossl('req', '-new', '-key', o.key, '-out', csr, '-subj', `/CN=${o.cn}`);
        ossl('x509', '-req', '-in', csr, '-CA', o.issuer.cert, '-CAkey', o.issuer.key, '-set_serial', String(Date.now()), '-days', String(o.days), '-out', out);
      }
      return out;
    },
  };
}

// A minimal DER writer: enough for a v3 certificate without extensions.
const der = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : (() => {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
  })();
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...parts: Buffer[]): Buffer => der(0x30, Buffer.concat(parts));
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const v of rest) {
    const chunk: number[] = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) chunk.unshift(0x80 | (x & 0x7f));
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
};
const int = (b: Buffer): Buffer => der(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const name = (cn: string): Buffer => seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from(cn)))));
const time = (d: Date): Buffer => {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
};

function nodePki(dir: string): Pki {
  const keyOf = (path: string): KeyObject => createPrivateKey(readFileSync(path));
  return {
    via: 'node',
    key(file, type = 'ec') {
      const { privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
      const out = join(dir, file);
      writeFileSync(out, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      return out;
    },
    cert(file, o) {
      const subjectKey = keyOf(o.key);
      const signer = o.issuer === undefined ? subjectKey : keyOf(o.issuer.key);
      const issuerName = o.issuer === undefined ? name(o.cn) : name(new X509Certificate(readFileSync(o.issuer.cert)).subject.replace(/^CN=/, ''));
      const alg = signer.asymmetricKeyType === 'ec' ? seq(oid('1.2.840.10045.4.3.2')) : seq(oid('1.2.840.113549.1.1.11'), Buffer.from([5, 0]));
      const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
      const tbs = seq(
        der(0xa0, int(Buffer.from([2]))),
        int(Buffer.concat([Buffer.from([1 + (randomBytes(1)[0] % 127)]), randomBytes(7)])),
        alg,
        issuerName,
        seq(time(notBefore), time(new Date(notBefore.getTime() + o.days * DAY))),
        name(o.cn),
        createPublicKey(subjectKey).export({ type: 'spki', format: 'der' }),
      );
      const cert = seq(tbs, alg, der(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, signer)])));
      const out = join(dir, file);
      writeFileSync(out, `-----BEGIN CERTIFICATE-----\n${(cert.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`);
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Running the check on a tyk.conf

type Conf = Record<string, unknown>;

function check(conf: Conf, io: FileIO, opts: { now?: Date; expiryDays?: number; env?: Record<string, string> } = {}): FileFinding[] {
  const loaded = loadConfig('tyk.conf', Buffer.from(JSON.stringify(conf, null, 2)));
  const eff = buildEffective(loaded, envFromRecord(opts.env ?? {}), 'intended');
  return checkFiles(eff, resolveAll(eff), io, opts.now ?? new Date(T0), opts.expiryDays ?? 30);
}

function mtls(service: string, m: Record<string, unknown>, extra: Conf = {}): Conf {
  return { ...extra, external_services: { [service]: { mtls: { enabled: true, ...m } } } };
}

const codes = (fs: FileFinding[]): string[] => fs.map((f) => `${f.code} ${f.path[1]}.${f.path[3]}`).sort();

/** Records which paths were opened. */
function spy(io: FileIO): FileIO & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    readFile(p) {
      opened.push(p);
      return io.readFile(p);
    },
    mode: (p) => io.mode(p),
    resolve: (p) => io.resolve?.(p) ?? p,
  };
}

const seen = new Set<FileCode>();
const quiet = new Set<FileCode>();
function expect(found: FileFinding[], want: string[]): void {
  assert.deepEqual(codes(found), [...want].sort());
  for (const f of found) seen.add(f.code);
}
function expectQuiet(found: FileFinding[], code: FileCode): void {
  assert.deepEqual(found.filter((f) => f.code === code), []);
  quiet.add(code);
}

// ---------------------------------------------------------------------------------------------

let T0 = Date.now();
let dir = '';
let io: FileIO;
let pki: Pki;
const f: Record<string, string> = {};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'extsvc-files-'));
  pki = hasOpenssl() ? opensslPki(dir) : nodePki(dir);
  io = nodeFileIO(dir);
  f.caKey = pki.key('ca.key');
  f.ca = pki.cert('ca.pem', { key: f.caKey, days: 3650, cn: 'Test Root' });
  f.key = pki.key('client.key');
  f.cert = pki.cert('client.pem', { key: f.key, days: 365, cn: 'gateway client', issuer: { cert: f.ca, key: f.caKey } });
  f.otherKey = pki.key('other.key');
  f.rsaKey = pki.key('rsa.key', 'rsa');
  f.soonKey = pki.key('soon.key');
  f.soon = pki.cert('soon.pem', { key: f.soonKey, days: 10, cn: 'short lived' });
  f.oldCaKey = pki.key('old-ca.key');
  f.oldCa = pki.cert('old-ca.pem', { key: f.oldCaKey, days: 1, cn: 'Old Root' });
  f.ca2Key = pki.key('ca2.key');
  f.ca2 = pki.cert('ca2.pem', { key: f.ca2Key, days: 3650, cn: 'Second Root' });
  for (const k of ['caKey', 'key', 'otherKey', 'rsaKey', 'soonKey', 'oldCaKey', 'ca2Key']) chmodSync(f[k], 0o600);
  // After every notBefore (rounded down to the second), so "now" sees all certificates valid.
  T0 = Date.now() + 1000;
  f.bundle = join(dir, 'bundle.pem');
  writeFileSync(f.bundle, [f.ca, f.oldCa, f.ca2].map((p) => readFileSync(p, 'utf8')).join(''));
  f.chain = join(dir, 'chain.pem');
  writeFileSync(f.chain, readFileSync(f.cert, 'utf8') + readFileSync(f.oldCa, 'utf8'));
});

after(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('check-files: a valid setup', () => {
  it(`is quiet (certificates made with ${hasOpenssl() ? 'openssl' : 'node:crypto'})`, () => {
    const found = check(mtls('webhooks', { cert_file: f.cert, key_file: f.key, ca_file: f.ca }), io);
    assert.deepEqual(found, []);
    for (const c of ['FILE_NOT_FOUND', 'CERT_INVALID', 'CERT_EXPIRED', 'CERT_EXPIRES_SOON', 'KEY_MISMATCH', 'KEY_PERMISSIONS'] as const) quiet.add(c);
  });
  it('a key and certificate in one file (cert_file = key_file) is quiet too', () => {
    const both = join(dir, 'both.pem');
    writeFileSync(both, readFileSync(f.cert, 'utf8') + readFileSync(f.key, 'utf8'), { mode: 0o600 });
    chmodSync(both, 0o600);
    assert.deepEqual(check(mtls('health', { cert_file: both, key_file: both }), io), []);
  });
});

describe('FILE_NOT_FOUND', () => {
  it('a missing file, pointing at the setting and its line', () => {
    const found = check(mtls('webhooks', { cert_file: join(dir, 'nope.pem'), key_file: f.key }), io);
    expect(found, ['FILE_NOT_FOUND webhooks.cert_file']);
    const [d] = found;
    assert.deepEqual(d.path, ['external_services', 'webhooks', 'mtls', 'cert_file']);
    assert.equal(d.args.errno, 'ENOENT');
    assert.equal(d.args.service, 'webhooks');
    assert.equal(d.source.kind, 'file');
    assert.equal(d.source.kind === 'file' ? d.source.span.line : 0, 6);
    assert.match(fileMessage(d.code, d.args), /does not exist: .*webhook is dropped/);
  });
  it('unreadable (EACCES from the file system) and a directory (EISDIR)', () => {
    const denied: FileIO = { ...io, readFile: (p) => (p === f.key ? { error: 'EACCES' } : io.readFile(p)) };
    const found = check(mtls('oauth', { cert_file: f.cert, key_file: f.key, ca_file: dir }), denied);
    expect(found, ['FILE_NOT_FOUND oauth.key_file', 'FILE_NOT_FOUND oauth.ca_file']);
    assert.deepEqual(found.map((x) => x.args.errno).sort(), ['EACCES', 'EISDIR']);
    const msg = fileMessage(found[0].code, found[0].args);
    assert.match(msg, /permission denied/);
    assert.match(msg, /oauth client cannot be built .*JWK fetches use the legacy client/);
  });
  it('unreadable for real when not running as root', { skip: process.getuid?.() === 0 ? 'root reads any file' : false }, () => {
    const locked = join(dir, 'locked.key');
    writeFileSync(locked, readFileSync(f.key));
    chmodSync(locked, 0o000);
    const found = check(mtls('oauth', { cert_file: f.cert, key_file: locked }), io);
    expect(found, ['FILE_NOT_FOUND oauth.key_file']);
    assert.equal(found[0].args.errno, 'EACCES');
  });
  it('a file too large to be a certificate is refused, not read', () => {
    const big = join(dir, 'big.pem');
    writeFileSync(big, Buffer.alloc(16 * 1024 * 1024 + 1, 0x41));
    const found = check(mtls('health', { ca_file: big }), io);
    expect(found, ['FILE_NOT_FOUND health.ca_file']);
    assert.equal(found[0].args.errno, 'EFBIG');
    rmSync(big);
  });
});

describe('CERT_INVALID', () => {
  it('not PEM at all', () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, randomBytes(300));
    const found = check(mtls('discovery', { cert_file: junk, key_file: f.key }), io);
    expect(found, ['CERT_INVALID discovery.cert_file']);
    assert.equal(found[0].args.reason, 'not-pem');
    assert.match(fileMessage(found[0].code, found[0].args), /is not PEM .*the discovery request fails \(no fallback to the legacy client\)/);
  });
  it('a DER certificate: Go reads PEM only, the message says how to convert', () => {
    const derFile = join(dir, 'client.der');
    writeFileSync(derFile, new X509Certificate(readFileSync(f.cert)).raw);
    const found = check(mtls('discovery', { cert_file: derFile, key_file: f.key }), io);
    expect(found, ['CERT_INVALID discovery.cert_file']);
    assert.equal(found[0].args.reason, 'der-certificate');
    assert.match(fileMessage(found[0].code, found[0].args), /openssl x509 -inform der/);
  });
  it('garbage inside a CERTIFICATE block, and inside a PRIVATE KEY block', () => {
    const badCert = join(dir, 'garbage-cert.pem');
    writeFileSync(badCert, `-----BEGIN CERTIFICATE-----\n${randomBytes(200).toString('base64')}\n-----END CERTIFICATE-----\n`);
    const badKey = join(dir, 'garbage-key.pem');
    writeFileSync(badKey, `-----BEGIN PRIVATE KEY-----\n${randomBytes(120).toString('base64')}\n-----END PRIVATE KEY-----\n`, { mode: 0o600 });
    chmodSync(badKey, 0o600);
    const found = check(mtls('oauth', { cert_file: badCert, key_file: badKey }), io);
    expect(found, ['CERT_INVALID oauth.cert_file', 'CERT_INVALID oauth.key_file']);
    assert.deepEqual(found.map((x) => x.args.reason), ['bad-certificate', 'bad-key']);
    assert.equal(found[0].args.effect, 'load-fails');
  });
  it('an empty file', () => {
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, '');
    const found = check(mtls('health', { ca_file: empty }), io);
    expect(found, ['CERT_INVALID health.ca_file']);
    assert.equal(found[0].args.reason, 'empty');
    assert.match(fileMessage(found[0].code, found[0].args), /the check is marked failed \(no fallback to the legacy client\)/);
  });
  it('cert_file and key_file swapped', () => {
    const found = check(mtls('health', { cert_file: f.key, key_file: f.cert }), io);
    expect(found, ['CERT_INVALID health.cert_file', 'CERT_INVALID health.key_file']);
    assert.deepEqual(found.map((x) => x.args.reason), ['key-not-certificate', 'certificate-not-key']);
    assert.match(fileMessage(found[0].code, found[0].args), /swapped/);
  });
  it('an encrypted key (PKCS#8 or legacy PEM): the gateway has no passphrase, so it cannot load it', () => {
    const k = createPrivateKey(readFileSync(f.key));
    const enc = join(dir, 'enc.key');
    writeFileSync(enc, k.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }), { mode: 0o600 });
    const legacy = join(dir, 'enc-legacy.key');
    writeFileSync(legacy, k.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }), { mode: 0o600 });
    chmodSync(enc, 0o600);
    chmodSync(legacy, 0o600);
    for (const [key, blockType] of [[enc, 'ENCRYPTED PRIVATE KEY'], [legacy, 'EC PRIVATE KEY']] as const) {
      const found = check(mtls('oauth', { cert_file: f.cert, key_file: key }), io);
      expect(found, ['CERT_INVALID oauth.key_file']);
      assert.equal(found[0].args.reason, 'encrypted');
      assert.equal(found[0].args.blockType, blockType);
      assert.match(fileMessage(found[0].code, found[0].args), /encrypted private key.*no passphrase setting/);
    }
  });
  it('a CA bundle with one broken block: the gateway skips it and keeps the rest', () => {
    const mixed = join(dir, 'mixed-bundle.pem');
    writeFileSync(mixed, `${readFileSync(f.ca, 'utf8')}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`);
    const found = check(mtls('health', { ca_file: mixed }), io);
    expect(found, ['CERT_INVALID health.ca_file']);
    assert.deepEqual([found[0].args.effect, found[0].args.index, found[0].args.count, found[0].args.usable], ['skipped', 2, 2, 1]);
    assert.match(fileMessage(found[0].code, found[0].args), /skips it and trusts only the other 1 certificate/);
  });
});

describe('CERT_EXPIRED and CERT_EXPIRES_SOON', () => {
  it('expired: now after notAfter (the leaf and the CA)', () => {
    const now = new Date(T0 + 400 * DAY);
    const found = check(mtls('webhooks', { cert_file: f.cert, key_file: f.key, ca_file: f.soon }), io, { now });
    expect(found, ['CERT_EXPIRED webhooks.cert_file', 'CERT_EXPIRED webhooks.ca_file']);
    const leaf = found.find((x) => x.path[3] === 'cert_file');
    assert.ok(leaf !== undefined);
    assert.deepEqual([leaf.args.state, leaf.args.role, leaf.args.subject], ['expired', 'leaf', 'CN=gateway client']);
    assert.ok(Number(leaf.args.days) >= 34 && Number(leaf.args.days) <= 36, String(leaf.args.days));
    assert.match(fileMessage(leaf.code, leaf.args), /expired on \d{4}-\d\d-\d\d \(3\d days ago\): the gateway still loads it, but servers reject it/);
  });
  it('not yet valid: now before notBefore', () => {
    const found = check(mtls('webhooks', { cert_file: f.cert, key_file: f.key }), io, { now: new Date(T0 - 2 * DAY) });
    expect(found, ['CERT_EXPIRED webhooks.cert_file']);
    assert.equal(found[0].args.state, 'not-yet-valid');
    assert.match(fileMessage(found[0].code, found[0].args), /is not valid before .*clock/);
  });
  it('expiring in 10 days: a warning with a 30-day window, quiet with 5', () => {
    const conf = mtls('discovery', { cert_file: f.soon, key_file: f.soonKey });
    const found = check(conf, io, { expiryDays: 30 });
    expect(found, ['CERT_EXPIRES_SOON discovery.cert_file']);
    assert.ok([9, 10].includes(Number(found[0].args.daysLeft)), String(found[0].args.daysLeft));
    assert.equal(found[0].args.expiryDays, 30);
    assert.match(fileMessage(found[0].code, found[0].args), /expires on .*, in (9|10) days \(threshold: 30 days/);
    expectQuiet(check(conf, io, { expiryDays: 5 }), 'CERT_EXPIRES_SOON');
  });
  it('a CA bundle of three, one expired: only that one, by index and subject', () => {
    const found = check(mtls('oauth', { ca_file: f.bundle }), io, { now: new Date(T0 + 3 * DAY) });
    expect(found, ['CERT_EXPIRED oauth.ca_file']);
    assert.deepEqual([found[0].args.index, found[0].args.count, found[0].args.role, found[0].args.subject], [2, 3, 'ca', 'CN=Old Root']);
    assert.match(fileMessage(found[0].code, found[0].args), /CA certificate #2 of 3 \(CN=Old Root\).*fail verification/);
  });
  it('every certificate of a chain in cert_file is checked', () => {
    const found = check(mtls('oauth', { cert_file: f.chain, key_file: f.key }), io, { now: new Date(T0 + 3 * DAY) });
    expect(found, ['CERT_EXPIRED oauth.cert_file']);
    assert.deepEqual([found[0].args.role, found[0].args.index, found[0].args.count], ['chain', 2, 2]);
  });
  it('storage: the consequence is the Redis connection', () => {
    const conf = mtls('storage', { cert_file: f.cert, key_file: f.key }, { storage: { use_ssl: true } });
    const found = check(conf, io, { now: new Date(T0 + 400 * DAY) });
    expect(found, ['CERT_EXPIRED storage.cert_file']);
    assert.match(fileMessage(found[0].code, found[0].args), /the rate limiter's Redis connection fails/);
  });
});

describe('KEY_MISMATCH', () => {
  it('a key that is not the certificate\'s, reported on key_file', () => {
    const found = check(mtls('webhooks', { cert_file: f.cert, key_file: f.otherKey }), io);
    expect(found, ['KEY_MISMATCH webhooks.key_file']);
    assert.equal(found[0].args.certFile, f.cert);
    assert.match(fileMessage(found[0].code, found[0].args), /private key does not match public key.*webhook is dropped/);
  });
  it('an RSA key for an EC certificate', () => {
    const found = check(mtls('webhooks', { cert_file: f.cert, key_file: f.rsaKey }), io);
    expect(found, ['KEY_MISMATCH webhooks.key_file']);
    assert.deepEqual([found[0].args.keyType, found[0].args.certKeyType], ['rsa', 'ec']);
    assert.match(fileMessage(found[0].code, found[0].args), /an RSA key for an ECDSA certificate/);
  });
});

describe('KEY_PERMISSIONS', () => {
  it('0644 warns, 0600 is quiet', () => {
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, readFileSync(f.key));
    chmodSync(loose, 0o644);
    const found = check(mtls('health', { cert_file: f.cert, key_file: loose }), io);
    expect(found, ['KEY_PERMISSIONS health.key_file']);
    assert.deepEqual([found[0].args.mode, found[0].args.others], ['0644', true]);
    assert.match(fileMessage(found[0].code, found[0].args), /mode 0644: every user on the host.*chmod 600/);
    chmodSync(loose, 0o640);
    const group = check(mtls('health', { cert_file: f.cert, key_file: loose }), io);
    assert.deepEqual([group[0].args.mode, group[0].args.others], ['0640', false]);
    chmodSync(loose, 0o600);
    expectQuiet(check(mtls('health', { cert_file: f.cert, key_file: loose }), io), 'KEY_PERMISSIONS');
  });
  it('a private key inside a world-readable CA file', () => {
    const leaky = join(dir, 'leaky-ca.pem');
    writeFileSync(leaky, readFileSync(f.ca, 'utf8') + readFileSync(f.caKey, 'utf8'));
    chmodSync(leaky, 0o644);
    const found = check(mtls('health', { ca_file: leaky }), io);
    expect(found, ['KEY_PERMISSIONS health.ca_file']);
    assert.equal(found[0].args.keyInside, true);
  });
  it('no mode (Windows, or an I/O that cannot tell) is quiet', () => {
    const loose = join(dir, 'loose2.key');
    writeFileSync(loose, readFileSync(f.key));
    chmodSync(loose, 0o644);
    assert.deepEqual(check(mtls('health', { cert_file: f.cert, key_file: loose }), { ...io, mode: () => null }), []);
  });
});

describe('KV references are not paths', () => {
  it('KV references of oauth (secrets:// vault:// file:// …) are never opened nor reported; other services open them as paths (§6)', () => {
    const s = spy(io);
    const conf = {
      external_services: {
        oauth: { mtls: { enabled: true, cert_file: 'secrets://client-cert', key_file: 'vault://secret/tyk.client-key', ca_file: 'file://ca-path' } },
      },
    };
    assert.deepEqual(check(conf, s), []);
    assert.deepEqual(s.opened, []);
    const hooks = check({ external_services: { webhooks: { mtls: { enabled: true, cert_file: 'env://WEBHOOK_CERT', key_file: 'consul://tyk/webhook-key', ca_file: 'kv://vault/pki#ca' } } } }, io);
    assert.deepEqual(hooks.map((x) => [x.code, x.args.field, x.args.kvLiteral]), [
      ['FILE_NOT_FOUND', 'cert_file', true], ['FILE_NOT_FOUND', 'key_file', true], ['FILE_NOT_FOUND', 'ca_file', true],
    ]);
    assert.equal(kvReference('file://ca-path'), 'file');
    assert.equal(kvReference('/etc/tyk/file://x'), null);
    assert.equal(kvReference('certs/client.pem'), null);
  });
  it('a KV cert_file next to a path key_file: the key is still checked alone', () => {
    const found = check(mtls('oauth', { cert_file: 'secrets://c', key_file: join(dir, 'missing.key') }), io);
    expect(found, ['FILE_NOT_FOUND oauth.key_file']);
  });
});

describe('which files are read', () => {
  it('relative paths resolve against the base directory (the config file\'s), not the process cwd', () => {
    const confDir = join(dir, 'gw');
    mkdirSync(join(confDir, 'certs'), { recursive: true });
    writeFileSync(join(confDir, 'certs', 'client.pem'), readFileSync(f.cert));
    writeFileSync(join(confDir, 'certs', 'client.key'), readFileSync(f.key), { mode: 0o600 });
    chmodSync(join(confDir, 'certs', 'client.key'), 0o600);
    const conf = mtls('webhooks', { cert_file: 'certs/client.pem', key_file: './certs/client.key' });
    assert.notEqual(process.cwd(), confDir);
    assert.deepEqual(check(conf, nodeFileIO(confDir)), []);
    const found = check(conf, nodeFileIO(join(dir, 'elsewhere')));
    expect(found, ['FILE_NOT_FOUND webhooks.cert_file', 'FILE_NOT_FOUND webhooks.key_file']);
    assert.equal(found[0].args.resolved, join(dir, 'elsewhere', 'certs', 'client.pem'));
    assert.match(fileMessage(found[0].code, found[0].args), /"certs\/client.pem" \(.*elsewhere\/certs\/client.pem\) does not exist \(extsvc resolved the relative path/);
    assert.equal(nodeFileIO(confDir).resolve?.('/abs/x.pem'), '/abs/x.pem');
  });
  it('nothing under mtls.enabled false (MTLS_SETTINGS_WHILE_DISABLED covers it)', () => {
    const s = spy(io);
    const conf = { external_services: { webhooks: { mtls: { enabled: false, cert_file: '/nope/c.pem', key_file: '/nope/k.pem', ca_file: '/nope/ca.pem' } } } };
    assert.deepEqual(check(conf, s), []);
    assert.deepEqual(s.opened, []);
  });
  it('storage only with storage.use_ssl, and then ca_file even next to ca_cert_ids', () => {
    const m = { cert_file: '/nope/c.pem', key_file: '/nope/k.pem', ca_file: '/nope/ca.pem', ca_cert_ids: ['abc'] };
    const off = spy(io);
    assert.deepEqual(check(mtls('storage', m), off), []);
    assert.deepEqual(off.opened, []);
    const found = check(mtls('storage', m, { storage: { use_ssl: true } }), io);
    expect(found, ['FILE_NOT_FOUND storage.cert_file', 'FILE_NOT_FOUND storage.key_file', 'FILE_NOT_FOUND storage.ca_file']);
    const msgs = found.map((x) => fileMessage(x.code, x.args));
    assert.match(msgs[0], /connects to Redis without a client certificate/);
    assert.match(msgs[2], /checks the Redis server against the system CAs/);
  });
  it('an HTTP service\'s ca_file next to ca_cert_ids is never opened (CA_FILE_IGNORED covers it)', () => {
    const s = spy(io);
    assert.deepEqual(check(mtls('oauth', { ca_file: '/nope/ca.pem', ca_cert_ids: ['abc'] }), s), []);
    assert.deepEqual(s.opened, []);
  });
  it('files next to cert_id are still checked: keeping them is one way to fix MTLS_CERT_ID_AND_FILES', () => {
    const found = check(mtls('oauth', { cert_id: 'abc', cert_file: f.cert, key_file: f.otherKey }), io);
    expect(found, ['KEY_MISMATCH oauth.key_file']);
  });
  it('a value from the environment carries the variable as its source', () => {
    const found = check({}, io, { env: { TYK_GW_EXTERNALSERVICES_HEALTH_MTLS_ENABLED: 'true', TYK_GW_EXTERNALSERVICES_HEALTH_MTLS_CAFILE: '/nope/ca.pem' } });
    expect(found, ['FILE_NOT_FOUND health.ca_file']);
    assert.deepEqual(found[0].source, { kind: 'env', name: 'TYK_GW_EXTERNALSERVICES_HEALTH_MTLS_CAFILE' });
  });
  it('a file shared by several settings is read once, reported for each', () => {
    const s = spy(io);
    const conf = {
      external_services: {
        oauth: { mtls: { enabled: true, ca_file: f.oldCa } },
        health: { mtls: { enabled: true, ca_file: f.oldCa } },
      },
    };
    const found = check(conf, s, { now: new Date(T0 + 3 * DAY) });
    expect(found, ['CERT_EXPIRED health.ca_file', 'CERT_EXPIRED oauth.ca_file']);
    assert.deepEqual(s.opened, [f.oldCa]);
  });
});

describe('coverage', () => {
  it('every file code has been triggered and shown quiet above', () => {
    assert.deepEqual(FILE_CODES.filter((c) => !seen.has(c)), []);
    assert.deepEqual(FILE_CODES.filter((c) => !quiet.has(c)), []);
  });
  it('every code has wording for every service', () => {
    for (const code of FILE_CODES) {
      for (const service of ['oauth', 'storage', 'webhooks', 'health', 'discovery']) {
        const msg = fileMessage(code, { service, field: 'cert_file', file: '/x.pem', errno: 'ENOENT', reason: 'not-pem', mode: '0644', role: 'leaf', notAfter: '2026-01-01T00:00:00.000Z', notBefore: '2025-01-01T00:00:00.000Z', daysLeft: 3, days: 2, expiryDays: 30, certFile: '/x.pem', keyType: 'ec', certKeyType: 'ec' });
        assert.ok(msg.length > 40 && !msg.includes('undefined'), `${code}/${service}: ${msg}`);
      }
    }
  });
});

it('KV references: resolved for oauth from 5.13 (per scheme); elsewhere a path that does not exist', async () => {
  const { kvResolvedFor } = await import('../src/files/check.js');
  assert.equal(kvResolvedFor('oauth', '5.15.0-alpha14'), true);
  assert.equal(kvResolvedFor('oauth', '5.10.2'), false);
  // None before 5.13 (the old wording said "after 5.10"); file:// from 5.14; kv:// on master only.
  assert.equal(kvResolvedFor('oauth', '5.12.1'), false);
  assert.equal(kvResolvedFor('oauth', '5.13.1', 'secrets'), true);
  assert.equal(kvResolvedFor('oauth', '5.13.1', 'file'), false);
  assert.equal(kvResolvedFor('oauth', '5.14.0', 'file'), true);
  assert.equal(kvResolvedFor('oauth', '5.14.0', 'kv'), false);
  assert.equal(kvResolvedFor('oauth', '5.15.0-alpha14', 'kv'), true);
  assert.equal(kvResolvedFor('webhooks', '5.15.0-alpha14'), false);
});

it('file:// (5.14 on): the file-store entry under kv.file.base_path holds the path; a missing entry stops the gateway', () => {
  const kvDir = join(dir, 'kv');
  mkdirSync(kvDir, { recursive: true });
  writeFileSync(join(kvDir, 'client-cert'), `${f.cert}\n`);
  writeFileSync(join(kvDir, 'client-key'), `${f.key}\r\n`);
  const conf = mtls('oauth', { cert_file: 'file://client-cert', key_file: 'file://client-key', ca_file: 'file://no-such-entry' });
  const loaded = loadConfig('tyk.conf', Buffer.from(JSON.stringify(conf)));
  const eff = buildEffective(loaded, envFromRecord({}), 'intended');
  const run = (version: string, base: string): FileFinding[] => checkFiles(eff, resolveAll(eff), io, new Date(T0), 30, version, base);
  const found = run('5.14.0', kvDir);
  assert.deepEqual(codes(found), ['FILE_NOT_FOUND oauth.ca_file']);
  assert.equal(found[0].args.kvFile, 'file://no-such-entry');
  assert.equal(found[0].args.file, join(kvDir, 'no-such-entry'));
  assert.match(fileMessage('FILE_NOT_FOUND', found[0].args), /names the file-store entry .*no-such-entry", which does not exist: Tyk 5\.14\.0 cannot resolve it and stops at start/);
  // An entry holding the path of a certificate that does not parse as the key is checked as that file.
  writeFileSync(join(kvDir, 'client-key'), `${f.cert}\n`);
  assert.ok(codes(run('5.14.0', kvDir)).includes('CERT_INVALID oauth.key_file'));
  // 5.13 opens file:// as a literal path; no base path: KV_REFERENCE_UNRESOLVED's case, not opened here.
  assert.ok(codes(run('5.13.1', kvDir)).every((c) => c.startsWith('FILE_NOT_FOUND')));
  assert.ok(run('5.13.1', kvDir).every((x) => x.args.kvLiteral === true));
  assert.deepEqual(run('5.14.0', ''), []);
});
