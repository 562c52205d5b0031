/**
 * Kuma's own validation of ExternalService and MeshExternalService (kumahq/kuma v2.14.3):
 * pkg/core/resources/apis/mesh/external_service_validator.go, validators.go (ValidateTags,
 * ValidatePort, AllowedValuesHint), apis/system/validators.go (ValidateDataSource),
 * meshexternalservice/api/v1alpha1/validator.go, api/common/v1alpha1/tls/tls.go,
 * pkg/core/validators (paths, MakeOneOfErr, ValidateLength), meta_validator.go (ValidateMeta).
 * Same violations, same fields, same messages, same order: ../shared/kuma-vectors checks it.
 */
import { goQuote } from '../go/strconv.js';
import { parseIP, splitHostPort } from '../go/net.js';
import { bytes, isMessage, list, msg, num, str, stringMap, type FieldType, type Message, type Value } from './decode.js';

export interface Violation {
  field: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Schemas: the fields each decoder knows, in declaration order (jsonpb's oneof depends on it)

const ES_DATA_SOURCE: FieldType = {
  t: 'message', struct: 'DataSource',
  fields: [
    { name: 'secret', type: { t: 'string' } },
    { name: 'file', type: { t: 'string' } },
    { name: 'inline', type: { t: 'bytesWrapper' } },
    { name: 'inlineString', type: { t: 'string' } },
  ],
  oneof: { members: ['secret', 'file', 'inline', 'inlineString'], pick: 'last-declared' },
};

export const ES_SPEC = {
  t: 'message', struct: 'ExternalService',
  fields: [
    {
      name: 'networking', type: {
        t: 'message', struct: 'ExternalService_Networking',
        fields: [
          { name: 'address', type: { t: 'string' } },
          {
            name: 'tls', type: {
              t: 'message', struct: 'ExternalService_Networking_TLS',
              fields: [
                { name: 'enabled', type: { t: 'bool' } },
                { name: 'caCert', protoName: 'ca_cert', type: ES_DATA_SOURCE },
                { name: 'clientCert', protoName: 'client_cert', type: ES_DATA_SOURCE },
                { name: 'clientKey', protoName: 'client_key', type: ES_DATA_SOURCE },
                { name: 'allowRenegotiation', type: { t: 'boolWrapper' } },
                { name: 'serverName', protoName: 'server_name', type: { t: 'stringWrapper' } },
                { name: 'skipHostnameVerification', type: { t: 'boolWrapper' } },
              ],
            },
          },
          { name: 'disableHostDNSEntry', type: { t: 'bool' } },
        ],
      },
    },
    { name: 'tags', type: { t: 'stringMap' } },
  ],
} as const satisfies FieldType;

const MES_DATA_SOURCE: FieldType = {
  t: 'message', struct: 'DataSource',
  fields: [
    { name: 'secret', type: { t: 'string' } },
    { name: 'inline', type: { t: 'bytes' } },
    { name: 'inlineString', type: { t: 'string' } },
  ],
  // DataSource.ConvertToProto: the first of secret, inline, inlineString that is set.
  oneof: { members: ['secret', 'inline', 'inlineString'], pick: 'first-set' },
};

export const MES_SPEC = {
  t: 'message', struct: 'MeshExternalService',
  fields: [
    {
      name: 'match', type: {
        t: 'message', struct: 'Match',
        fields: [{ name: 'type', type: { t: 'string' } }, { name: 'port', type: { t: 'int32' } }, { name: 'protocol', type: { t: 'string' } }],
      },
    },
    { name: 'extension', type: { t: 'message', struct: 'Extension', fields: [{ name: 'type', type: { t: 'string' } }, { name: 'config', type: { t: 'json' } }] } },
    {
      name: 'endpoints', type: {
        t: 'list', of: {
          t: 'message', struct: 'Endpoint',
          fields: [{ name: 'address', type: { t: 'string' } }, { name: 'port', type: { t: 'int32' } }, { name: 'priority', type: { t: 'int32' } }],
        },
      },
    },
    {
      name: 'tls', type: {
        t: 'message', struct: 'Tls',
        fields: [
          { name: 'enabled', type: { t: 'bool' } },
          { name: 'version', type: { t: 'message', struct: 'Version', fields: [{ name: 'min', type: { t: 'string' } }, { name: 'max', type: { t: 'string' } }] } },
          { name: 'allowRenegotiation', type: { t: 'bool' } },
          {
            name: 'verification', type: {
              t: 'message', struct: 'Verification',
              fields: [
                { name: 'mode', type: { t: 'string' } },
                { name: 'serverName', type: { t: 'string' } },
                { name: 'subjectAltNames', type: { t: 'list', of: { t: 'message', struct: 'SANMatch', fields: [{ name: 'type', type: { t: 'string' } }, { name: 'value', type: { t: 'string' } }] } } },
                { name: 'caCert', type: MES_DATA_SOURCE },
                { name: 'clientCert', type: MES_DATA_SOURCE },
                { name: 'clientKey', type: MES_DATA_SOURCE },
              ],
            },
          },
        ],
      },
    },
  ],
} as const satisfies FieldType;

// ---------------------------------------------------------------------------------------------
// govalidator (asaskevich/govalidator a9d515a09cc2)

const DNS_NAME = /^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[._]?$/;

export function isIP(s: string): boolean {
  return parseIP(s) !== null;
}

export function isDNSName(s: string): boolean {
  if (s === '' || Buffer.byteLength(s.replace(/\./g, ''), 'utf8') > 255) return false;
  return !isIP(s) && DNS_NAME.test(s);
}

// ---------------------------------------------------------------------------------------------
// pkg/core/metadata/protocol.go

const KNOWN_PROTOCOLS = ['http', 'http2', 'tcp', 'tls', 'grpc', 'kafka', 'mysql'];
export const SUPPORTED_PROTOCOLS = ['grpc', 'http', 'http2', 'kafka', 'tcp'];

/** ParseProtocol: lower-cased, one of the known protocols, or null (ProtocolUnknown). */
export function parseProtocol(value: string): string | null {
  const p = value.toLowerCase();
  return KNOWN_PROTOCOLS.includes(p) ? p : null;
}

// ---------------------------------------------------------------------------------------------
// pkg/core/validators helpers

const key = (k: string): string => `[${goQuote(k)}]`;

function oneOf(field: string, allowed: readonly string[]): string {
  return `${goQuote(field)} must be one of [${allowed.map(goQuote).join(', ')}]`;
}

/** Go's sort.Strings: byte order of the UTF-8 encoding. */
function goSort(keys: string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** strconv.ParseUint(s, 10, 32) as validateExternalServiceAddress uses it: value (max on range error), ok. */
function parseUint32(s: string): { value: number; ok: boolean } {
  if (!/^[0-9]+$/.test(s)) return { value: 0, ok: false };
  const v = BigInt(s);
  return v > 0xffffffffn ? { value: 0xffffffff, ok: false } : { value: Number(v), ok: true };
}

// ---------------------------------------------------------------------------------------------
// ExternalService

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE = /^[a-zA-Z0-9.\-_:]*$/;
export const SERVICE_TAG = 'kuma.io/service';
export const PROTOCOL_TAG = 'kuma.io/protocol';

function dataSource(path: string, ds: Message | undefined, out: Violation[]): void {
  if (ds === undefined) return;
  if ((bytes(ds, 'inline')?.length ?? 0) === 0 && (str(ds, 'inlineString') ?? '') === '' && (str(ds, 'secret') ?? '') === '' && (str(ds, 'file') ?? '') === '') {
    out.push({ field: path, message: 'data source cannot be empty' });
  }
}

function esAddress(address: string, out: Violation[]): void {
  const at = 'networking.address';
  if (address === '') {
    out.push({ field: at, message: "address can't be empty" });
    return;
  }
  const hp = splitHostPort(address);
  if (hp === null) out.push({ field: at, message: 'unable to parse address' });
  const host = hp?.host ?? '';
  if (!isIP(host) && !isDNSName(host)) out.push({ field: at, message: 'address has to be a valid IP address or a domain name' });
  const port = parseUint32(hp?.port ?? '');
  if (!port.ok) out.push({ field: at, message: 'unable to parse port in address' });
  if (port.value === 0 || port.value > 65535) out.push({ field: at, message: 'port must be in the range [1, 65535]' });
}

/** (*ExternalServiceResource).Validate() on a decoded spec. */
export function validateExternalService(spec: Message): Violation[] {
  const out: Violation[] = [];
  const networking = msg(spec, 'networking');
  if (networking === undefined) out.push({ field: 'networking', message: 'should have networking' });
  else esAddress(str(networking, 'address') ?? '', out);
  const tls = msg(networking, 'tls');
  if (tls !== undefined && tls.fields.has('serverName') && str(tls, 'serverName') === '') {
    out.push({ field: 'networking.tls.serverName', message: 'cannot be empty' });
  }
  dataSource('networking.tls.caCert', msg(tls, 'caCert'), out);
  dataSource('networking.tls.clientCert', msg(tls, 'clientCert'), out);
  dataSource('networking.tls.clientKey', msg(tls, 'clientKey'), out);

  const tags = stringMap(spec, 'tags') ?? new Map<string, string>();
  // The protocol check appends to the outer error while ValidateTags runs: it comes first.
  const protocol = tags.get(PROTOCOL_TAG);
  if (protocol !== undefined && parseProtocol(protocol) === null) {
    out.push({
      field: `tags${key(PROTOCOL_TAG)}`,
      message: `tag ${goQuote(PROTOCOL_TAG)} has an invalid value ${goQuote(protocol)}. Allowed values: ${SUPPORTED_PROTOCOLS.join(', ')}`,
    });
  }
  for (const k of goSort([...tags.keys()])) {
    if (k === '') out.push({ field: 'tags', message: 'tag name must be non-empty' });
    if (!TAG_NAME.test(k)) out.push({ field: `tags${key(k)}`, message: 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores' });
    const v = tags.get(k) ?? '';
    if (v === '') out.push({ field: `tags${key(k)}`, message: 'tag value must be non-empty' });
    if (!TAG_VALUE.test(v)) out.push({ field: `tags${key(k)}`, message: 'tag value must consist of alphanumeric characters, dots, dashes and underscores' });
  }
  if (!tags.has(SERVICE_TAG)) out.push({ field: 'tags', message: `mandatory tag ${goQuote(SERVICE_TAG)} is missing` });

  const service = tags.get(SERVICE_TAG) ?? '';
  if (service !== '') {
    const hp = splitHostPort(str(networking, 'address') ?? '');
    if (hp !== null && hp.host === service) out.push({ field: `tags${key(SERVICE_TAG)}`, message: 'cannot be the same as networking.address' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// MeshExternalService

const MATCH_PROTOCOLS = ['tcp', 'grpc', 'http', 'http2'];
const VERIFICATION_MODES = ['SkipSAN', 'SkipCA', 'SkipAll', 'Secured'];
const SAN_TYPES = ['Prefix', 'Exact'];
const TLS_VERSIONS = ['TLSAuto', 'TLS10', 'TLS11', 'TLS12', 'TLS13'];
const TLS_ORDER: Record<string, number> = { TLS10: 0, TLS11: 1, TLS12: 2, TLS13: 3 };
const badPort = (p: number): boolean => p === 0 || p > 65535;

function mesMatch(match: Message | undefined, out: Violation[]): void {
  const type = str(match, 'type') ?? '';
  if (type !== 'HostnameGenerator' && type !== '') out.push({ field: 'spec.match.type', message: `unrecognized type '${type}' - only 'HostnameGenerator' is supported` });
  // Match.Port is an int32: a negative one passes `port == 0 || port > MaxUint16`.
  if (badPort(num(match, 'port') ?? 0)) out.push({ field: 'spec.match.port', message: 'port must be a valid (1-65535)' });
  if (!MATCH_PROTOCOLS.includes(str(match, 'protocol') ?? '')) out.push({ field: 'spec.match.protocol', message: oneOf('protocol', MATCH_PROTOCOLS) });
}

function mesEndpoints(endpoints: readonly Value[], out: Violation[]): void {
  endpoints.forEach((e, i) => {
    const m = isMessage(e) ? e : undefined;
    const address = str(m, 'address') ?? '';
    const port = num(m, 'port') ?? 0;
    const at = `spec.endpoints[${i}]`;
    if (isIP(address) && badPort(port)) out.push({ field: `${at}.port`, message: 'port must be a valid (1-65535)' });
    if (isDNSName(address) && badPort(port)) out.push({ field: `${at}.port`, message: 'port must be a valid (1-65535)' });
    if (!isIP(address) && !isDNSName(address)) out.push({ field: `${at}.address`, message: 'address has to be a valid IP or hostname' });
  });
}

function mesTls(tls: Message, out: Violation[]): void {
  const version = msg(tls, 'version');
  if (version !== undefined) {
    const min = str(version, 'min');
    const max = str(version, 'max');
    let specificMin = false;
    let specificMax = false;
    if (min !== undefined) {
      if (!TLS_VERSIONS.includes(min)) out.push({ field: 'spec.tls.version.min', message: oneOf('min', TLS_VERSIONS) });
      else specificMin = min !== 'TLSAuto';
    }
    if (max !== undefined) {
      if (!TLS_VERSIONS.includes(max)) out.push({ field: 'spec.tls.version.max', message: oneOf('max', TLS_VERSIONS) });
      else specificMax = max !== 'TLSAuto';
    }
    if (specificMin && specificMax && TLS_ORDER[min!] > TLS_ORDER[max!]) out.push({ field: 'spec.tls.version.min', message: 'min version must be lower than max' });
  }
  const v = msg(tls, 'verification');
  if (v === undefined) return;
  const at = 'spec.tls.verification';
  const serverName = str(v, 'serverName');
  if (serverName !== undefined && !isDNSName(serverName)) out.push({ field: `${at}.serverName`, message: 'must be a valid DNS name' });
  const mode = str(v, 'mode') ?? '';
  if (mode !== '' && !VERIFICATION_MODES.includes(mode)) out.push({ field: `${at}.mode`, message: oneOf('mode', VERIFICATION_MODES) });
  (list(v, 'subjectAltNames') ?? []).forEach((san, i) => {
    const type = isMessage(san) ? str(san, 'type') ?? '' : '';
    if (!SAN_TYPES.includes(type)) out.push({ field: `${at}.subjectAltNames[${i}].type`, message: oneOf('type', SAN_TYPES) });
  });
  const cert = msg(v, 'clientCert');
  const keyDs = msg(v, 'clientKey');
  if (cert !== undefined && keyDs === undefined) out.push({ field: `${at}.clientKey`, message: 'must be defined when clientCert is defined' });
  if (cert === undefined && keyDs !== undefined) out.push({ field: `${at}.clientCert`, message: 'must be defined when clientKey is defined' });
}

/** (*MeshExternalServiceResource).validate(): `displayName` is GetDisplayName(meta). */
export function validateMeshExternalService(spec: Message, displayName: string): Violation[] {
  const out: Violation[] = [];
  if (Buffer.byteLength(displayName, 'utf8') > 63) out.push({ field: 'name', message: 'must not be longer than 63 characters' });
  mesMatch(msg(spec, 'match'), out);
  const extension = msg(spec, 'extension');
  if (extension === undefined) {
    const endpoints = list(spec, 'endpoints');
    if (endpoints !== undefined) mesEndpoints(endpoints, out);
    const tls = msg(spec, 'tls');
    if (tls !== undefined) mesTls(tls, out);
  }
  if (extension !== undefined && (str(extension, 'type') ?? '') === '') out.push({ field: 'spec.extension.type', message: 'must not be empty' });
  return out;
}

/** GetDisplayName: the kuma.io/display-name label when not empty, else the name. */
export function displayName(name: string, labels: ReadonlyMap<string, string>): string {
  const d = labels.get('kuma.io/display-name');
  return d !== undefined && d !== '' ? d : name;
}

// ---------------------------------------------------------------------------------------------
// mesh.ValidateMeta (kumactl apply and the API server, Universal)

const IDENTIFIER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MESH_NAME = /^[0-9a-z-_.]*$/;

function identifier(field: string, v: string, re: RegExp, bad: string, out: Violation[]): void {
  if (v === '') out.push({ field, message: 'cannot be empty' });
  else if (Buffer.byteLength(v, 'utf8') > 253) out.push({ field, message: 'value length must less or equal 253' });
  else if (!re.test(v)) out.push({ field, message: bad });
}

export function validateMeta(name: string, mesh: string): Violation[] {
  const out: Violation[] = [];
  identifier('name', name, IDENTIFIER, "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", out);
  identifier('mesh', mesh, MESH_NAME, "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols.", out);
  return out;
}
