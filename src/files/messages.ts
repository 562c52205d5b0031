/**
 * Wording of the --check-files findings: what the gateway does with the file (SEMANTICS.md §6,
 * internal/httpclient/factory.go, internal/rate/storage.go, the webhooks handler) and how to fix
 * it. One exhaustive switch on the code; src/messages.ts hands these codes over to it.
 */
import type { ArgValue, Args, ServiceName } from '../types.js';
import { CERT_LOAD_FAILURE, LEGACY_FALLBACK } from '../resolve/fallback.js';
import type { FileCode } from './check.js';
import { MAX_FILE_BYTES } from './limits.js';

const s = (a: Args, k: string): string => {
  const v: ArgValue | undefined = a[k];
  return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
};
const n = (a: Args, k: string): number => Number(a[k] ?? 0);
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
const day = (iso: string): string => iso.slice(0, 10);
const KEY_NAMES: Record<string, string> = { rsa: 'an RSA', ec: 'an ECDSA', ed25519: 'an Ed25519' };
const keyName = (t: string): string => KEY_NAMES[t] ?? `a ${t}`;

/** "webhooks.mtls.key_file "certs/client.key" (/etc/tyk/certs/client.key)" */
function setting(a: Args): string {
  const resolved = a.resolved !== undefined ? ` (${s(a, 'resolved')})` : '';
  return `${s(a, 'service')}.mtls.${s(a, 'field')} ${JSON.stringify(s(a, 'file'))}${resolved}`;
}

/** What the gateway does when it cannot load the file at all. */
function loadFailure(a: Args): string {
  const svc = s(a, 'service') as ServiceName;
  const ca = s(a, 'field') === 'ca_file';
  if (svc === 'storage') {
    return ca
      ? 'the gateway logs "Failed to load external services storage CA certificate for Redis" and checks the Redis server against the system CAs instead'
      : 'the gateway logs "Failed to load external services storage client certificate for Redis" and connects to Redis without a client certificate (a Redis that requires one refuses the rate limiter); the legacy storage TLS keys are not used instead';
  }
  const err = ca ? 'mTLS CA certificate loading failed' : 'mTLS certificate loading failed';
  // Only oauth falls back to its legacy client; the others refuse (CERT_LOAD_FAILURE).
  const then = svc === 'oauth' ? `so ${LEGACY_FALLBACK.oauth}` : `and ${CERT_LOAD_FAILURE[svc]}`;
  return `the ${svc} client cannot be built ("failed to configure TLS: ${err}"), ${then}`;
}

/** Who notices an expired certificate: the TLS peer, at each handshake. */
function handshakeFailure(a: Args): string {
  const storage = s(a, 'service') === 'storage';
  const what = storage ? "the rate limiter's Redis connection" : `every ${s(a, 'service')} request over mTLS`;
  switch (s(a, 'role')) {
    case 'ca':
      return `${storage ? 'a Redis server whose certificate chains' : 'servers whose certificates chain'} up to it fail${storage ? 's' : ''} verification ("x509: certificate has expired or is not yet valid"), so ${what} to ${storage ? 'it' : 'them'} fails`;
    case 'chain':
      return `the gateway still loads the file, but ${storage ? 'Redis rejects the chain if it needs' : 'servers that need'} this intermediate${storage ? '' : ' reject the chain'}, so ${what} fails`;
    default:
      return `the gateway still loads it, but ${storage ? 'Redis rejects' : 'servers reject'} it in the handshake, so ${what} fails`;
  }
}

function certName(a: Args): string {
  const count = n(a, 'count');
  const idx = count > 1 ? ` #${s(a, 'index')} of ${count}` : '';
  const subject = a.subject !== undefined ? ` (${s(a, 'subject').replace(/\n/g, ', ')})` : '';
  switch (s(a, 'role')) {
    case 'ca':
      return `CA certificate${idx}${subject} in ${setting(a)}`;
    case 'chain':
      return `chain certificate${idx}${subject} in ${setting(a)}`;
    default:
      return `the client certificate${subject} in ${setting(a)}`;
  }
}

function notFound(a: Args): string {
  const errno = s(a, 'errno');
  switch (errno) {
    case 'ENOENT':
      return `does not exist${a.resolved !== undefined ? ' (extsvc resolved the relative path against the config file\'s directory; the gateway uses its working directory, /opt/tyk-gateway in the official images)' : ''}`;
    case 'ENOTDIR':
      return 'does not exist (part of the path is not a directory)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ELOOP':
      return 'is a symbolic link loop';
    case 'ENOTREG':
      return `is a ${s(a, 'kind') === '' ? 'special file' : s(a, 'kind')}, not a regular file: extsvc did not read it (a device or a pipe may never end, or block forever)`;
    case 'EFBIG':
      return `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB, far too big for a certificate or key (extsvc did not read it)`;
    default:
      return `cannot be read (${errno})`;
  }
}

function notFoundFix(a: Args): string {
  switch (s(a, 'errno')) {
    case 'EACCES':
    case 'EPERM':
      return 'Make it readable by the user the gateway runs as (and, for a key, by nobody else).';
    case 'EISDIR':
      return 'Name the PEM file inside the directory.';
    case 'ENOTREG':
      return 'Point it at the PEM file.';
    default:
      return 'Fix the path (an absolute path avoids working-directory surprises) or make sure the file is mounted where the gateway runs.';
  }
}

function invalid(a: Args): string {
  const file = setting(a);
  const types = s(a, 'blockTypes');
  switch (s(a, 'reason')) {
    case 'empty':
      return `${file} is empty: ${loadFailure(a)}. Put the PEM ${s(a, 'field') === 'key_file' ? 'private key' : 'certificate'} in it.`;
    case 'not-pem':
      return `${file} is not PEM (no "-----BEGIN ...-----" block): ${loadFailure(a)}. Point it at the PEM file.`;
    case 'der-certificate':
      return `${file} is a DER (binary) certificate, but the gateway reads PEM only: ${loadFailure(a)}. Convert it: openssl x509 -inform der -in ${s(a, 'file')} -out cert.pem`;
    case 'der-key':
      return `${file} is a DER (binary) key${s(a, 'field') === 'key_file' ? '' : ', not a certificate'}, but the gateway reads PEM only: ${loadFailure(a)}. Convert it: openssl pkey -inform der -in ${s(a, 'file')} -out key.pem`;
    case 'no-certificate':
      return `${file} has no CERTIFICATE block (only ${types}): ${loadFailure(a)}. Point it at the PEM certificate.`;
    case 'key-not-certificate':
      return `${file} holds a private key, not a certificate (Go: "PEM inputs may have been switched"): ${loadFailure(a)}. Check whether cert_file and key_file are swapped.`;
    case 'certificate-not-key':
      return `${file} holds a certificate, not a private key (Go: "found a certificate rather than a key"): ${loadFailure(a)}. Check whether cert_file and key_file are swapped.`;
    case 'no-key':
      return `${file} has no "PRIVATE KEY" block (only ${types}): ${loadFailure(a)}. Point it at the PEM private key.`;
    case 'bad-key':
      return `The ${s(a, 'blockType')} block in ${file} does not parse as a PKCS#1, PKCS#8 or SEC 1 key ("tls: failed to parse private key"): ${loadFailure(a)}. Re-export the key: openssl pkey -in OLD -out key.pem`;
    case 'encrypted':
      return `${file} is an encrypted private key (${s(a, 'blockType')}). The gateway has no passphrase setting, so it cannot parse it ("tls: failed to parse private key"): ${loadFailure(a)}. Store it decrypted (openssl pkey -in ${s(a, 'file')} -out key.pem) with mode 0600, or use the certificate store (cert_id) instead.`;
    case 'unsupported-key-type':
      return `${file} uses a ${s(a, 'keyType')} key, which Go's crypto/tls cannot use (RSA, ECDSA P-224/P-256/P-384/P-521 and Ed25519 only): ${loadFailure(a)}. Issue the certificate with a supported key.`;
    case 'bad-certificate': {
      const what = n(a, 'count') > 1 ? `Certificate #${s(a, 'index')} of ${n(a, 'count')}` : 'The certificate';
      switch (s(a, 'effect')) {
        case 'skipped':
          return `${what} in ${file} does not parse: the gateway silently skips it and trusts only the other ${plural(n(a, 'usable'), 'certificate')}, so servers that chain up to this one fail verification. Replace the broken block.`;
        case 'sent-as-is':
          return `${what} in ${file} (part of the chain) does not parse: the gateway loads the file anyway (it parses only the first certificate) and sends the broken block in the handshake, where servers reject the chain. Replace the broken block.`;
        default:
          return `${what} in ${file} does not parse as X.509: ${loadFailure(a)}. Replace it with a valid PEM certificate.`;
      }
    }
    default:
      return `${file} cannot be used: ${loadFailure(a)}.`;
  }
}

export function fileMessage(code: FileCode, a: Args): string {
  switch (code) {
    case 'FILE_NOT_FOUND':
      if (a.kvFile !== undefined) {
        return `${s(a, 'service')}.mtls.${s(a, 'field')} ${JSON.stringify(s(a, 'kvFile'))} names the file-store entry ${JSON.stringify(s(a, 'file'))}, which ${notFound(a)}: Tyk ${s(a, 'version')} cannot resolve it and stops at start ("Could not complete configuration setup."). Create the entry (its content is the certificate's path), or fix the key.`;
      }
      if (a.kvLiteral === true) {
        return `${setting(a)} looks like a KV reference, but ${a.service === 'oauth' ? `Tyk ${s(a, 'version')} does not resolve ${s(a, 'scheme')}:// there (oauth resolves secrets, env, consul and vault from 5.13, file from 5.14, kv on master)` : `${s(a, 'service')} does not resolve them (only oauth does, from 5.13)`}: the gateway opens it as a file path, which ${notFound(a)}: ${loadFailure(a)}. Give the file's path.`;
      }
      return `${setting(a)} ${notFound(a)}: ${loadFailure(a)}. ${notFoundFix(a)}`;
    case 'CERT_INVALID':
      return invalid(a);
    case 'CERT_EXPIRED': {
      const name = certName(a);
      const days = n(a, 'days');
      return s(a, 'state') === 'not-yet-valid'
        ? `${name[0].toUpperCase()}${name.slice(1)} is not valid before ${day(s(a, 'notBefore'))} (in ${plural(days, 'day')}): ${handshakeFailure(a)} until then. Check the certificate's start date and the gateway host's clock.`
        : `${name[0].toUpperCase()}${name.slice(1)} expired on ${day(s(a, 'notAfter'))}${days > 0 ? ` (${plural(days, 'day')} ago)` : ''}: ${handshakeFailure(a)}. ${s(a, 'role') === 'ca' ? "Replace it with the CA's current certificate, or drop it from the file." : 'Renew it.'}`;
    }
    case 'CERT_EXPIRES_SOON': {
      const name = certName(a);
      return `${name[0].toUpperCase()}${name.slice(1)} expires on ${day(s(a, 'notAfter'))}, in ${plural(n(a, 'daysLeft'), 'day')} (threshold: ${s(a, 'expiryDays')} days, --expiry-days): after that ${handshakeFailure(a)}. Renew it before then.`;
    }
    case 'KEY_MISMATCH': {
      const types = s(a, 'keyType') !== s(a, 'certKeyType') ? ` (${keyName(s(a, 'keyType'))} key for ${keyName(s(a, 'certKeyType'))} certificate)` : '';
      return `${setting(a)} is not the private key of cert_file ${JSON.stringify(s(a, 'certFile'))}${a.subject !== undefined ? ` (${s(a, 'subject').replace(/\n/g, ', ')})` : ''}${types}: tls.LoadX509KeyPair fails ("tls: private key does not match public key") and ${loadFailure({ ...a, field: 'key_file' })}. Use the key the certificate was issued for (compare "openssl x509 -noout -pubkey -in CERT" with "openssl pkey -pubout -in KEY").`;
    }
    case 'KEY_PERMISSIONS':
      return `${setting(a)} ${a.keyInside === true ? 'holds a private key and ' : ''}has mode ${s(a, 'mode')}: ${a.others === true ? 'every user on the host' : 'its group'} can get at the private key. The gateway loads it either way, but whoever reads it can pose as the gateway to ${s(a, 'service')} servers. Run chmod 600 on it (owned by the gateway's user).`;
    default: {
      const never: never = code;
      return never;
    }
  }
}
