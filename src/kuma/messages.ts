/**
 * Wording of the Kuma findings. Kuma's own violations are quoted as Kuma prints them
 * ("field: message", ValidationError.Error()), then what it means and the fix. src/messages.ts
 * hands these codes over to this switch.
 */
import type { ArgValue, Args } from '../types.js';
import type { KumaCode } from './codes.js';

const s = (a: Args, k: string): string => {
  const v: ArgValue | undefined = a[k];
  return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
};
const q = (a: Args, k: string): string => JSON.stringify(s(a, k));
const res = (a: Args): string => `${s(a, 'kind')} ${a.name === '' || a.name === undefined ? '(no name)' : q(a, 'name')}`;

const TCP_FIX = 'Set kuma.io/protocol: tcp (MeshExternalService: match.protocol: tcp) and tls.enabled: false, and let Tyk do its own TLS';

export function kumaMessage(code: KumaCode, a: Args): string {
  switch (code) {
    case 'KUMA_YAML_SYNTAX':
      return `Not valid YAML (${s(a, 'detail')}): kumactl apply and the API server reject the whole file. Fix the syntax here.`;
    case 'KUMA_DECODE_ERROR':
      return `Kuma cannot read ${res(a)}: ${s(a, 'field') === '' ? '' : `${s(a, 'field')}: `}${s(a, 'detail')}. kumactl apply fails to parse the resource. Write the value with the type Kuma expects (quote text such as "1" or "yes").`;
    case 'KUMA_INVALID': {
      const hint = a.hint === 'https'
        ? ' The docs list https, but Kuma has no such protocol: use tcp with tls.enabled false when Tyk speaks TLS itself, or http with tls.enabled true when Envoy should originate the TLS.'
        : '';
      return `Kuma rejects ${res(a)}: ${s(a, 'field')}: ${s(a, 'message')}.${hint}`;
    }
    case 'KUMA_UNKNOWN_FIELD': {
      const where = s(a, 'parent') === '' ? '' : ` in ${s(a, 'parent')}`;
      const why = a.oldDocs === true ? ` (old docs print it; the field is ${q(a, 'suggestion')})` : '';
      const fix = a.suggestion !== undefined ? ` Did you mean ${q(a, 'suggestion')}?` : ` Known fields here: ${s(a, 'known')}.`;
      return `Unknown field ${q(a, 'key')}${where} of ${res(a)}${why}: Kuma drops it without a word, so it has no effect.${fix}`;
    }
    case 'KUMA_DATA_SOURCE_MEMBERS':
      return `${s(a, 'field')} of ${res(a)} sets ${s(a, 'members')}: a data source holds one of them, and Kuma keeps ${q(a, 'kept')} and drops the rest without a word. Keep one.`;
    case 'KUMA_PROTOCOL_UNLISTED':
      return `kuma.io/protocol ${q(a, 'value')} of ${res(a)} is accepted and read as ${q(a, 'parsed')}, although Kuma's own list is grpc, http, http2, kafka, tcp. Write one of those${s(a, 'parsed') === 'tls' ? ' (tcp for traffic that Tyk encrypts itself)' : ''}.`;
    case 'KUMA_YAML11_VALUE':
      return s(a, 'became') === ''
        ? `${q(a, 'text')} at ${s(a, 'field')} of ${res(a)} is ${s(a, 'kuma')} for Kuma's YAML 1.1 parser (YAML 1.2 tools read ${s(a, 'yaml12')}), and a text field cannot take it. Quote it.`
        : a.asText === true
          ? `${q(a, 'text')} at ${s(a, 'field')} of ${res(a)} is read by Kuma's YAML 1.1 parser as ${s(a, 'kuma')}, so the field gets the text ${q(a, 'became')}, not ${q(a, 'text')} (YAML 1.2 tools read ${s(a, 'yaml12')}). Quote it: ${q(a, 'text')}.`
          : `${q(a, 'text')} at ${s(a, 'field')} of ${res(a)} is ${s(a, 'kuma')} for Kuma's YAML 1.1 parser, but ${s(a, 'yaml12')} for YAML 1.2 tools (editors, schema checks). Write ${s(a, 'became')}.`;
    case 'KUMA_TLS_NO_CA':
      return a.mode !== undefined
        ? `${res(a)} originates TLS with verification.mode ${s(a, 'mode')}: the server's certificate chain is not checked, so anyone on the path can answer. Give verification.caCert and use Secured.`
        : `${res(a)} has tls.enabled true without caCert: Envoy originates TLS but verifies no certificate, so anyone on the path can answer. Add networking.tls.caCert (and serverName).`;
    case 'KUMA_EXTERNAL_SERVICE_DEPRECATED':
      return `${res(a)}: Kuma 3.0 removes ExternalService in favour of MeshExternalService. Plan the move ("extsvc kuma generate --kind MeshExternalService" writes them).`;
    case 'KUMA_DESTINATION_UNDECLARED':
      return `${s(a, 'destination')} is dialled by ${s(a, 'callers')}${a.proxy !== undefined ? ` (it is the proxy ${s(a, 'proxy')})` : ''}, and no ExternalService or MeshExternalService declares it: with passthrough off the mesh refuses the connection ("connection reset by peer"). Declare it with kuma.io/protocol ${s(a, 'needProtocol')} ("extsvc kuma generate" writes it).`;
    case 'KUMA_PROTOCOL_MISMATCH':
      if (a.reason === 'redis') return `${res(a)} declares ${s(a, 'destination')} as ${s(a, 'have')}, but Tyk speaks the Redis protocol there, which Envoy's ${s(a, 'have')} codec cannot parse. Set kuma.io/protocol: tcp (MeshExternalService: match.protocol: tcp).`;
      return a.reason === 'connect'
        ? `${res(a)} declares ${s(a, 'destination')} as ${s(a, 'have')}, but Tyk reaches this proxy with CONNECT tunnels, which Envoy answers with 403 unless it treats the traffic as tcp. ${TCP_FIX}.`
        : `${res(a)} declares ${s(a, 'destination')} as ${s(a, 'have')}, but Tyk speaks TLS itself there (${s(a, 'why')}), and Envoy would feed TLS bytes to its ${s(a, 'have')} codec. ${TCP_FIX}.`;
    case 'KUMA_TLS_MISMATCH':
      return `${res(a)} has tls.enabled true for ${s(a, 'destination')}, where ${a.reason === 'connect' ? 'Tyk opens CONNECT tunnels to a proxy' : `Tyk speaks TLS itself (${s(a, 'why')})`}: Envoy's TLS on top of it is TLS inside TLS, and the handshake fails. Set tls.enabled: false.`;
    case 'KUMA_HOSTNAME_MISMATCH':
      return `${res(a)} is reached as ${q(a, 'hostname')}, but Tyk dials ${q(a, 'host')}: Tyk's requests to ${s(a, 'host')} do not go to this resource, and pointing Tyk at ${s(a, 'hostname')} fails its certificate check (the certificate names ${s(a, 'host')}). Give it a HostnameGenerator that generates ${s(a, 'host')}.`;
    default: {
      const never: never = code;
      return never;
    }
  }
}
