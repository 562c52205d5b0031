/**
 * --check-files: reads the cert_file / key_file / ca_file the gateway would load and checks them
 * with Node's crypto, as Go's tls.LoadX509KeyPair and x509.CertPool.AppendCertsFromPEM would
 * see them (SEMANTICS.md §6, RULES.md "Files on disk"). The file system and the clock are
 * injected: checkFiles itself touches neither; nodeFileIO is the real file system for the CLI.
 */
import { DEFAULT_TYK_VERSION, kvSchemeOf, oauthResolvesKv, resolveTykVersion, type KvScheme } from '../config/versions.js';
import type { ArgsOf } from '../catalog.js';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, posix, resolve } from 'node:path';
import { SERVICES, type ArgValue, type ServiceName } from '../types.js';
import { MAX_FILE_BYTES } from './limits.js';
import { isReadFailure, readRegularFile } from './read.js';
import type { EffectiveConfig, ServiceView } from '../resolve/resolve.js';
import { storageMtls } from '../resolve/fates.js';
import type { Source } from '../resolve/sources.js';

export const FILE_CODES = ['FILE_NOT_FOUND', 'CERT_INVALID', 'CERT_EXPIRED', 'CERT_EXPIRES_SOON', 'KEY_MISMATCH', 'KEY_PERMISSIONS'] as const;
export type FileCode = (typeof FILE_CODES)[number];

export const DEFAULT_EXPIRY_DAYS = 30;

export type FileField = 'cert_file' | 'key_file' | 'ca_file';

export interface FileFinding {
  code: FileCode;
  args: ArgsOf<FileCode>;
  /** JSON path of the setting, e.g. ['external_services', 'webhooks', 'mtls', 'key_file']. */
  path: string[];
  /** Where the setting's value came from (file span, env var). */
  source: Source;
}

export interface FileIO {
  /** The file's bytes, or the errno code (ENOENT, EACCES, EISDIR, …) when it cannot be read. */
  readFile(path: string): Uint8Array | { error: string; kind?: string };
  /** Permission bits (st_mode & 0o7777) of the file, or null when unknown (no such file, Windows). */
  mode(path: string): number | null;
  /** The path actually opened, for messages (relative values are resolved by the implementation). */
  resolve?(path: string): string;
}

/**
 * The real file system. Relative paths are resolved against `baseDir` (the config file's
 * directory): the gateway opens them against its working directory, which in the official
 * images (/opt/tyk-gateway) is where tyk.conf lives.
 */
export function nodeFileIO(baseDir: string): FileIO {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  return {
    readFile(path) {
      // A device (/dev/zero), a FIFO or a socket is refused, and no file is read past the limit,
      // whatever its st_size says (read.ts).
      const r = readRegularFile(abs(path), MAX_FILE_BYTES);
      return isReadFailure(r) ? { error: r.error, ...(r.kind === undefined ? {} : { kind: r.kind }) } : r;
    },
    mode(path) {
      if (process.platform === 'win32') return null;
      try {
        return statSync(abs(path)).mode & 0o7777;
      } catch {
        return null;
      }
    },
    resolve: abs,
  };
}

/**
 * Schemes the gateway resolves through its KV stores (gateway/kv.go). The value is then a key,
 * not a path: for file:// the key names an entry under kv.file.base_path whose *content* is the
 * certificate path, so the text after the scheme is not the certificate either. kv:// is the
 * generic form main also resolves.
 */
export type { KvScheme } from '../config/versions.js';

/** The KV scheme of a value such as "secrets://client-cert", or null for a plain path (config/versions.ts). */
export const kvReference = kvSchemeOf;

// ---------------------------------------------------------------------------------------------
// PEM, as Go's encoding/pem reads it

interface PemBlock {
  type: string;
  headers: Record<string, string>;
  /** null when the body is not valid base64 (Go's pem.Decode skips such a block). */
  der: Buffer | null;
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

const HEADER_RE = /-----BEGIN ([^\r\n-]*)-----[ \t]*\r?\n/y;

/**
 * The PEM blocks (type, body) that /-----BEGIN ([^\r\n-]*)-----[ \t]*\r?\n([\s\S]*?)-----END \1-----/g
 * finds, in linear time: the expression retried its lazy body from
 * every BEGIN line, so a 16 MiB file of BEGIN lines and no END took hours. The first END of each
 * type at or after a position is remembered (positions only grow), and a type with no END left
 * is never searched again.
 */
export function pemMatches(text: string): [string, string][] {
  const out: [string, string][] = [];
  const nextEnd = new Map<string, number>();
  for (let at = text.indexOf('-----BEGIN '); at >= 0; ) {
    HEADER_RE.lastIndex = at;
    const h = HEADER_RE.exec(text);
    if (h === null) {
      at = text.indexOf('-----BEGIN ', at + 1);
      continue;
    }
    const type = h[1];
    const body = at + h[0].length;
    const end = `-----END ${type}-----`;
    let e = nextEnd.get(type);
    if (e === undefined || (e >= 0 && e < body)) {
      e = text.indexOf(end, body);
      nextEnd.set(type, e);
    }
    if (e < 0) {
      at = text.indexOf('-----BEGIN ', at + 1);
      continue;
    }
    out.push([type, text.slice(body, e)]);
    at = text.indexOf('-----BEGIN ', e + end.length);
  }
  return out;
}

function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of pemMatches(text).map(([type, body]) => ['', type, body])) {
    const lines = m[2].split(/\r?\n/);
    const headers: Record<string, string> = {};
    let i = 0;
    if (lines.length > 0 && lines[0].includes(':')) {
      for (; i < lines.length && lines[i].trim() !== ''; i++) {
        const c = lines[i].indexOf(':');
        if (c > 0) headers[lines[i].slice(0, c).trim()] = lines[i].slice(c + 1).trim();
      }
    }
    const b64 = lines.slice(i).join('').replace(/[ \t\r]/g, '');
    const der = b64 !== '' && BASE64_RE.test(b64) && b64.length % 4 === 0 ? Buffer.from(b64, 'base64') : null;
    out.push({ type: m[1], headers, der });
  }
  return out;
}

const isKeyBlock = (t: string): boolean => t === 'PRIVATE KEY' || t.endsWith(' PRIVATE KEY');
const isEncrypted = (b: PemBlock): boolean => b.type === 'ENCRYPTED PRIVATE KEY' || (b.headers['Proc-Type'] ?? '').includes('ENCRYPTED');

/** Key types Go's crypto/tls can use for a client certificate. */
const GO_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp224r1']);
function goKeyType(k: KeyObject): string | null {
  const t = k.asymmetricKeyType ?? 'unknown';
  if (t === 'rsa' || t === 'ed25519') return null;
  if (t === 'ec') {
    const curve = k.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    return GO_CURVES.has(curve) ? null : `ec ${curve}`;
  }
  return t;
}

/** Go's parsePrivateKey: PKCS#1, then PKCS#8, then SEC 1, whatever the block's type says. */
function parseKeyDer(der: Buffer): KeyObject | null {
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding, as Go does
    }
  }
  return null;
}

function parseCertDer(der: Buffer | null): X509Certificate | null {
  if (der === null) return null;
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

function looksDer(bytes: Uint8Array): 'certificate' | 'key' | null {
  if (bytes.length === 0 || bytes[0] !== 0x30) return null;
  const buf = Buffer.from(bytes);
  if (parseCertDer(buf) !== null) return 'certificate';
  return parseKeyDer(buf) !== null ? 'key' : null;
}

// ---------------------------------------------------------------------------------------------
// Which files the gateway reads

interface Target {
  service: ServiceName;
  field: FileField;
  value: string;
  source: Source;
  /** Looks like a KV reference, but this service (or version) opens it as a literal path. */
  kvLiteral: boolean;
  /** A file:// reference the gateway resolves: value is the file-store entry, whose content is the path. */
  kvFile?: string;
}

/**
 * Which services resolve KV references in cert_file / key_file / ca_file (SEMANTICS.md §6): only
 * oauth, and per scheme from the version src/config/versions.ts gives (secrets, env, consul and
 * vault from 5.13, file from 5.14, kv on master). Elsewhere "vault://..." is a path that does not
 * exist.
 */
export function kvResolvedFor(service: ServiceName, tykVersion: string, scheme: KvScheme = 'vault'): boolean {
  return service === 'oauth' && oauthResolvesKv(resolveTykVersion(tykVersion) ?? DEFAULT_TYK_VERSION, scheme);
}

/**
 * The files the gateway would load, or would load once the mTLS errors extsvc already reports
 * are fixed by keeping the files (cert_id next to files, a half key pair):
 * - oauth, webhooks, health, discovery: only with mtls.enabled; ca_file only while ca_cert_ids is
 *   empty (otherwise CA_FILE_IGNORED: the gateway never opens it);
 * - storage: only with mtls.enabled and storage.use_ssl (its Redis TLS is the only reader), and it
 *   reads ca_file whatever ca_cert_ids says.
 * Files under a disabled block are never opened: MTLS_SETTINGS_WHILE_DISABLED / STORAGE_MTLS_INACTIVE
 * already say they do nothing, and an error about a file nobody reads would fail CI for nothing.
 */
function targets(eff: EffectiveConfig, services: ServiceView[], tykVersion: string, kvFileBasePath: string): Target[] {
  const out: Target[] = [];
  const byName = new Map(services.map((v) => [v.service, v]));
  for (const service of SERVICES) {
    const view = byName.get(service);
    if (view === undefined) continue;
    const m = view.mtls;
    if (!m.enabled.value) continue;
    if (service === 'storage' && !storageMtls(eff).inForce) continue;
    const fields: FileField[] = ['cert_file', 'key_file'];
    if (service === 'storage' || (m.ca_cert_ids.value ?? []).length === 0) fields.push('ca_file');
    for (const field of fields) {
      const { value, source } = m[field];
      if (value === '') continue;
      const scheme = kvReference(value);
      const kv = scheme !== null;
      if (scheme !== null && kvResolvedFor(service, tykVersion, scheme)) {
        // file://<key> (5.14 on) reads <kv.file.base_path>/<key>, whose content is the path. A base
        // path or key the store refuses is KV_REFERENCE_UNRESOLVED already; other schemes are remote.
        const key = value.slice('file://'.length);
        if (scheme === 'file' && posix.isAbsolute(kvFileBasePath) && key !== '' && !posix.isAbsolute(key)) {
          const entry = posix.join(kvFileBasePath, key);
          const rel = posix.relative(kvFileBasePath, entry);
          if (rel !== '' && rel !== '..' && !rel.startsWith('../')) out.push({ service, field, value: entry, source, kvLiteral: false, kvFile: value });
        }
        continue;
      }
      out.push({ service, field, value, source, kvLiteral: kv });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checks

const DAY_MS = 24 * 60 * 60 * 1000;

interface Loaded {
  bytes: Uint8Array;
  blocks: PemBlock[];
}

export function checkFiles(
  eff: EffectiveConfig,
  services: ServiceView[],
  io: FileIO,
  now: Date,
  expiryDays: number = DEFAULT_EXPIRY_DAYS,
  tykVersion = '',
  kvFileBasePath = '',
): FileFinding[] {
  const findings: FileFinding[] = [];
  const cache = new Map<string, Loaded | { error: string; kind?: string }>();
  const read = (p: string): Loaded | { error: string; kind?: string } => {
    let r = cache.get(p);
    if (r === undefined) {
      const got = io.readFile(p);
      r = 'error' in got ? got : { bytes: got, blocks: pemBlocks(Buffer.from(got).toString('latin1')) };
      cache.set(p, r);
    }
    return r;
  };
  // File-store entries first: a missing one stops the gateway at start; a present one holds the
  // path (trimmed of trailing newlines, gateway/kv_file.go ResolveFileKV), checked like any other.
  const all: Target[] = [];
  for (const t of targets(eff, services, tykVersion, kvFileBasePath)) {
    if (t.kvFile === undefined) {
      all.push(t);
      continue;
    }
    const entry = io.readFile(t.value);
    if ('error' in entry) {
      const args: ArgsOf<FileCode> = { service: t.service, field: t.field, file: t.value, kvFile: t.kvFile, errno: entry.error, ...(entry.kind === undefined ? {} : { kind: entry.kind }), version: resolveTykVersion(tykVersion) ?? DEFAULT_TYK_VERSION };
      findings.push({ code: 'FILE_NOT_FOUND', args, path: ['external_services', t.service, 'mtls', t.field], source: t.source });
      continue;
    }
    const resolved = Buffer.from(entry).toString('utf8').replace(/[\r\n]+$/, '');
    if (resolved !== '') all.push({ ...t, value: resolved });
  }

  for (const t of all) {
    const path = ['external_services', t.service, 'mtls', t.field];
    const base: ArgsOf<FileCode> = { service: t.service, field: t.field, file: t.value };
    if (t.kvLiteral) Object.assign(base, { kvLiteral: true, scheme: kvReference(t.value) ?? '', version: resolveTykVersion(tykVersion) ?? DEFAULT_TYK_VERSION });
    const shown = io.resolve?.(t.value);
    if (shown !== undefined && shown !== t.value) base.resolved = shown;
    const report = (code: FileCode, args: Record<string, ArgValue> = {}): void => {
      findings.push({ code, args: { ...base, ...args }, path, source: t.source });
    };

    const loaded = read(t.value);
    if ('error' in loaded) {
      report('FILE_NOT_FOUND', loaded.kind === undefined ? { errno: loaded.error } : { errno: loaded.error, kind: loaded.kind });
      continue;
    }
    const { bytes, blocks } = loaded;

    // Any file holding a private key (a key inside cert_file or ca_file too) is checked once,
    // under key_file when it is also key_file; a key_file holding no key is CERT_INVALID instead.
    const keyFile = all.find((k) => k.service === t.service && k.field === 'key_file')?.value;
    if (blocks.some((b) => isKeyBlock(b.type)) && (t.field === 'key_file' || t.value !== keyFile)) {
      const mode = io.mode(t.value);
      if (mode !== null && (mode & 0o077) !== 0) {
        report('KEY_PERMISSIONS', { mode: `0${(mode & 0o777).toString(8).padStart(3, '0')}`, others: (mode & 0o007) !== 0, keyInside: t.field !== 'key_file' });
      }
    }

    if (t.field === 'key_file') {
      const key = checkKey(blocks, bytes, report);
      const certTarget = all.find((c) => c.service === t.service && c.field === 'cert_file');
      const certLoaded = certTarget === undefined ? undefined : read(certTarget.value);
      const leaf = certLoaded === undefined || 'error' in certLoaded ? null : goLeaf(certLoaded.blocks);
      if (key !== null && leaf !== null && certTarget !== undefined && !leaf.checkPrivateKey(key)) {
        report('KEY_MISMATCH', {
          certFile: certTarget.value, subject: leaf.subject,
          certKeyType: leaf.publicKey.asymmetricKeyType ?? 'unknown', keyType: key.asymmetricKeyType ?? 'unknown',
        });
      }
      continue;
    }

    const certBlocks = blocks.filter((b) => b.type === 'CERTIFICATE');
    if (certBlocks.length === 0) {
      const der = looksDer(bytes);
      const reason = bytes.length === 0 || /^\s*$/.test(Buffer.from(bytes).toString('latin1'))
        ? 'empty'
        : der !== null ? `der-${der}`
          : blocks.some((b) => isKeyBlock(b.type)) ? 'key-not-certificate'
            : blocks.length > 0 ? 'no-certificate' : 'not-pem';
      report('CERT_INVALID', { reason, blockTypes: [...new Set(blocks.map((b) => b.type))] });
      continue;
    }

    const count = certBlocks.length;
    const parsed = certBlocks.map((b) => parseCertDer(b.der));
    const good = parsed.filter((c) => c !== null).length;
    parsed.forEach((cert, i) => {
      const at = { index: i + 1, count };
      if (cert === null) {
        // AppendCertsFromPEM skips a bad block and keeps the rest (it fails only when none parses);
        // LoadX509KeyPair parses only the leaf and sends the rest of the chain as it is.
        const effect = t.field === 'ca_file' ? (good > 0 ? 'skipped' : 'load-fails') : i > 0 ? 'sent-as-is' : 'load-fails';
        report('CERT_INVALID', { reason: 'bad-certificate', ...at, effect, usable: good });
        return;
      }
      checkValidity(cert, now, expiryDays, t.field === 'ca_file' ? 'ca' : i === 0 ? 'leaf' : 'chain', at, report);
    });

    const leaf = parsed[0];
    if (t.field === 'cert_file' && leaf !== null) {
      // tls.X509KeyPair: "tls: unknown public key algorithm" for anything but RSA, ECDSA, Ed25519.
      const pubType = goKeyType(leaf.publicKey);
      if (pubType !== null) report('CERT_INVALID', { reason: 'unsupported-key-type', keyType: pubType, index: 1, count, subject: leaf.subject });
    }
  }
  return findings;
}

/** The leaf LoadX509KeyPair would pair with the key: the first CERTIFICATE block, if it parses and Go supports its key. */
function goLeaf(blocks: PemBlock[]): X509Certificate | null {
  const b = blocks.find((x) => x.type === 'CERTIFICATE');
  const cert = b === undefined ? null : parseCertDer(b.der);
  return cert !== null && goKeyType(cert.publicKey) === null ? cert : null;
}

type Report = (code: FileCode, args?: Record<string, ArgValue>) => void;

/** Checks key_file as LoadX509KeyPair reads it; returns the key when Go could use it. */
function checkKey(blocks: PemBlock[], bytes: Uint8Array, report: Report): KeyObject | null {
  const b = blocks.find((x) => isKeyBlock(x.type));
  if (b === undefined) {
    const der = looksDer(bytes);
    const reason = bytes.length === 0 || /^\s*$/.test(Buffer.from(bytes).toString('latin1'))
      ? 'empty'
      : der !== null ? `der-${der}`
        : blocks.some((x) => x.type === 'CERTIFICATE') ? 'certificate-not-key'
          : blocks.length > 0 ? 'no-key' : 'not-pem';
    report('CERT_INVALID', { reason, blockTypes: [...new Set(blocks.map((x) => x.type))] });
    return null;
  }
  if (isEncrypted(b)) {
    report('CERT_INVALID', { reason: 'encrypted', blockType: b.type });
    return null;
  }
  const key = b.der === null ? null : parseKeyDer(b.der);
  if (key === null) {
    report('CERT_INVALID', { reason: 'bad-key', blockType: b.type });
    return null;
  }
  const unsupported = goKeyType(key);
  if (unsupported !== null) {
    report('CERT_INVALID', { reason: 'unsupported-key-type', keyType: unsupported });
    return null;
  }
  return key;
}

function checkValidity(
  cert: X509Certificate,
  now: Date,
  expiryDays: number,
  role: 'leaf' | 'chain' | 'ca',
  at: { index: number; count: number },
  report: Report,
): void {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return;
  const common = { role, subject: cert.subject, notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString(), ...at };
  const t = now.getTime();
  if (t < notBefore.getTime()) {
    report('CERT_EXPIRED', { ...common, state: 'not-yet-valid', days: Math.ceil((notBefore.getTime() - t) / DAY_MS) });
  } else if (t > notAfter.getTime()) {
    report('CERT_EXPIRED', { ...common, state: 'expired', days: Math.floor((t - notAfter.getTime()) / DAY_MS) });
  } else if (notAfter.getTime() - t < expiryDays * DAY_MS) {
    report('CERT_EXPIRES_SOON', { ...common, daysLeft: Math.floor((notAfter.getTime() - t) / DAY_MS), expiryDays });
  }
}
