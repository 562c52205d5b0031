/**
 * All wording of findings: one exhaustive switch on the code. Rules hand over data (args), never
 * text. Values in args are already masked; maskSecrets is a second net.
 */
import type { ArgValue, Args, Diagnostic, ServiceName } from './types.js';
import { LEGACY_FALLBACK } from './resolve/fallback.js';
import { maskSecrets } from './mask.js';
import { describeReadBy } from './config/history.js';
import { fileMessage } from './files/messages.js';
import { kumaMessage } from './kuma/messages.js';
import { envBadValueMessage, envUnknownNameOutsideMessage } from './env/namespace-messages.js';

const s = (a: Args, k: string): string => {
  const v: ArgValue | undefined = a[k];
  return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
};
const q = (a: Args, k: string): string => JSON.stringify(s(a, k));
const list = (a: Args, k: string): string[] => {
  const v = a[k];
  return Array.isArray(v) ? v : v === undefined ? [] : [String(v)];
};
/** "a", "a and b", "a, b and c". */
export const joinAnd = (xs: string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
/** "a", "a or b", "a, b or c". */
const joinOr = (xs: string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);
const fallback = (a: Args): string => LEGACY_FALLBACK[s(a, 'service') as ServiceName] ?? '';

/** A legacy setting in a file for a version without external_services (plan 'upgrade'; detail: the version). */
const noBlockYet = (a: Args): string => {
  const head = `Tyk ${s(a, 'detail')} has no external_services (it is read from 5.10.0 on)`;
  switch (a.thenPlan) {
    case 'human':
      return `${head}; even once the gateway is on 5.10 or later, "extsvc migrate" would leave it for a human: ${s(a, 'thenDetail')}`;
    case 'remove':
      return `${head}; it holds no proxy URL, so once the gateway is on 5.10 or later "extsvc migrate --tyk-version <that version>" removes it.`;
    case 'keep':
      return `${head}; even once the gateway is on 5.10 or later, "extsvc migrate" would keep it: ${s(a, 'thenDetail')}`;
    case 'blocked':
      return `${head}; fix the file's syntax or types first, then "extsvc migrate --tyk-version <the version you upgrade to>" can move it.`;
    default:
      return `${head}; once the gateway is on 5.10 or later, "extsvc migrate --tyk-version <that version>" moves it.`;
  }
};
/** What migrate's plan does with jwt_ssl_insecure_skip_verify (LEGACY_JWT_SKIP_VERIFY, and INSECURE_SKIP_VERIFY when it carries the key). */
const jwtAdvice = (a: Args): string => (a.plan === 'human'
  ? `"extsvc migrate" leaves it for a human: ${s(a, 'detail')}`
  : a.plan === 'keep'
    ? `"extsvc migrate" keeps it on purpose and has nothing to do: ${s(a, 'detail')}`
    : a.plan === 'blocked'
      ? 'Fix the file\'s syntax or types first (the gateway discards it, and "extsvc migrate" refuses it); then run "extsvc migrate".'
      : 'Run "extsvc migrate" (it moves it only where that keeps what the gateway does).');

/** LEGACY_INTERIM_SHAPE's advice, from migrate's plan. */
const interimAdvice = (a: Args, run: string): string => (a.plan === 'human'
  ? `"extsvc migrate" leaves it for a human: ${s(a, 'detail')}`
  : a.plan === 'blocked' ? `Fix the file's syntax or types first (the gateway discards it, and "extsvc migrate" refuses it); then ${run.charAt(0).toLowerCase()}${run.slice(1)}`
    : a.plan === 'upgrade' ? noBlockYet(a) : run);

const DISCARDED = 'the gateway logs "Error loading config, using defaults" and discards the whole file, running on built-in defaults plus environment';
/** Before 5.3.0 config.Load's error stops the gateway (src/config/versions.ts decodeErrorStopsGateway). */
const discarded = (a: Args): string => (a.onDecodeError === 'exit'
  ? `Tyk ${s(a, 'version')} exits at start ("Error initialising system: couldn't unmarshal config"; the fallback to defaults came in 5.3.0)`
  : DISCARDED);

const BYPASS_WHY: Record<string, string> = {
  suffix: 'a leading dot is not a suffix match here: entries are compared with the request host exactly',
  wildcard: 'wildcards are not expanded: entries are compared with the request host exactly',
  cidr: 'CIDR ranges are not understood: entries are compared with the request host exactly',
  scheme: 'an entry is a host, not a URL: it is compared with the request host exactly',
  separator: 'the list is split on commas only, so this is one entry that no host equals',
  path: 'an entry is a host, not a path: it is compared with the request host exactly',
  'ipv6-brackets': 'IPv6 hosts are compared in brackets, as they appear in URLs ([::1], not ::1)',
};

export function messageFor(d: Diagnostic): string {
  return maskSecrets(rawMessage(d));
}

function rawMessage(d: Diagnostic): string {
  const a = d.args;
  switch (d.code) {
    case 'JSON_SYNTAX':
      return `Not valid JSON${a.detail !== undefined ? ` (${s(a, 'detail')})` : ''}: ${discarded(a)}. Fix the syntax here.`;
    case 'JSON_COMMENT':
      return `Comment in tyk.conf: Go's JSON decoder rejects it, so ${discarded(a)}. Remove the comment (keep notes in a README or in .extsvcrc.json).`;
    case 'JSON_TRAILING_COMMA':
      return `Trailing comma: Go's JSON decoder rejects it, so ${discarded(a)}. Remove the comma.`;
    case 'JSON_BOM':
      return `UTF-8 byte-order mark at the start of the file: Go's JSON decoder rejects it, so ${discarded(a)}. Save the file as UTF-8 without BOM.`;
    case 'JSON_TRAILING_CONTENT':
      return 'Text after the end of the first JSON value: the gateway stops reading at the end of the first value and never sees it. Move it inside the object or delete it.';
    case 'TEMPLATE_PLACEHOLDER':
      return `${s(a, 'placeholder')}${a.key !== undefined ? ` (the value of "${s(a, 'key')}")` : ''} is a template placeholder, not a JSON value: the file must be rendered before the gateway can read it${a.detail !== undefined ? `; as it is, Go's decoder stops here (${s(a, 'detail')}) and ${discarded(a)}` : ''}. Render the template (fill in every placeholder) and lint the result${a.readAsValue === true ? '' : ', or lint the template with --placeholders to check the rest of it'}.`;
    case 'STRING_PLACEHOLDER':
      return `${s(a, 'references')} in ${s(a, 'key')} is not expanded: the gateway reads tyk.conf as plain JSON and uses ${q(a, 'value')} as written. Render the file first (e.g. envsubst), or set ${a.variable !== undefined ? s(a, 'variable') : 'the setting\'s TYK_GW_* variable'} instead${a.kv === true ? ' (this setting also takes env://NAME, which reads TYK_SECRET_NAME)' : ''}.`;
    case 'TYPE_MISMATCH':
      return `Expected ${s(a, 'expected')}, found ${s(a, 'actual')}: ${discarded(a)} (${s(a, 'goMessage')}). Write the value as ${s(a, 'expected')}.`;
    case 'DUPLICATE_KEY':
      if (a.laterNull === true) {
        return s(a, 'key').toLowerCase() === 'ca_cert_ids'
          ? `"${s(a, 'key')}" appears again (first at line ${s(a, 'firstLine')}), as null: the gateway empties the list. Remove one of them.`
          : `"${s(a, 'key')}" appears again (first at line ${s(a, 'firstLine')}), as null: null changes nothing in Go, so the earlier value stays. Remove the null.`;
      }
      return a.merged === true
        ? `"${s(a, 'key')}" appears again (first at line ${s(a, 'firstLine')}): the gateway merges both objects field by field, later fields winning. Merge them into one.`
        : `"${s(a, 'key')}" appears again (first at line ${s(a, 'firstLine')}): the gateway uses only this last value. Remove the other one.`;
    case 'KEY_CASE':
      return `"${s(a, 'key')}" is bound to "${s(a, 'canonical')}" by the gateway (Go matches keys case-insensitively), but other tools and schemas will not see it. Write "${s(a, 'canonical')}".`;
    case 'UNKNOWN_KEY':
      if (a.readBy !== undefined) return `Unknown key "${s(a, 'key')}" for Tyk ${s(a, 'version')}: the gateway ignores it silently. It is ${describeReadBy(list(a, 'readBy'))}: check --tyk-version.`;
      if (a.elsewhere !== undefined) return `Unknown key "${s(a, 'key')}" here: the gateway ignores it silently. It reads "${s(a, 'key')}" at ${joinOr(list(a, 'elsewhere'))}: move it there if that is what you meant.`;
      return `Unknown key "${s(a, 'key')}": the gateway ignores it silently.${a.suggestion !== undefined
        ? ` Did you mean "${s(a, 'suggestion')}"?`
        : list(a, 'known').length <= 12 ? ` Known keys here: ${list(a, 'known').join(', ')}.` : ' Check the spelling against the gateway\'s configuration reference.'}`;
    case 'NULL_VALUE':
      if (a.count !== undefined) {
        const keys = list(a, 'keys');
        const shown = keys.length > 8 ? `${keys.slice(0, 8).join(', ')} and ${keys.length - 8} more` : joinAnd(keys);
        return `${s(a, 'count')} settings are null (${shown}): null leaves each at its zero value (false, "" or empty; an empty list for ca_cert_ids), as if the key were absent. Config dumps write unset fields this way; remove the keys or give them values.`;
      }
      if (a.afterEarlier === true && s(a, 'key') !== 'ca_cert_ids') return `null after an earlier "${s(a, 'key')}" leaves that earlier value in place. Remove the null.`;
      return s(a, 'key') === 'ca_cert_ids'
        ? 'null sets ca_cert_ids to an empty list. Remove the key or give the list.'
        : `null leaves "${s(a, 'key')}" at its zero value (false, "" or empty). Remove the key or give a value.`;
    case 'ENV_NAME_NOT_READ':
      return a.realName !== undefined
        ? `${s(a, 'name')} is never read by the gateway (${a.reason === 'case' ? 'variable names are case-sensitive and envconfig reads upper-case names' : a.reason === 'docs' ? 'the docs print names like this; envconfig builds them from Go field names, without underscores inside them' : 'envconfig builds names from Go field names, without underscores inside them'}). Rename it to ${s(a, 'realName')}.`
        : `${s(a, 'name')} is never read by the gateway: no setting has this name.${a.suggestion !== undefined ? ` Did you mean ${s(a, 'suggestion')}?` : ''}`;
    case 'ENV_UNKNOWN_NAME':
      if (a.scope === 'config') return envUnknownNameOutsideMessage(a);
      return `${s(a, 'name')} matches no field of external_services, so it does nothing.${a.suggestion !== undefined ? ` Did you mean ${s(a, 'suggestion')}?` : ''}`;
    case 'ENV_BAD_BOOL':
      return `${s(a, 'name')}=${q(a, 'value')} is not a boolean Go can parse: the gateway exits at start (${s(a, 'goMessage')}). Use true or false (also accepted: 1 0 t f T F TRUE FALSE True False).`;
    case 'ENV_BAD_VALUE':
      return envBadValueMessage(a);
    case 'ENV_LIST_SPACES':
      return `${s(a, 'name')} is split on commas without trimming: the ids are ${list(a, 'ids').map((x) => JSON.stringify(x)).join(', ')}, and ids with spaces match no certificate. Remove the spaces.`;
    case 'ENV_EMPTY_OVERRIDE':
      return a.cleared === true
        ? `${s(a, 'name')} is set but empty: it clears the file's value ${s(a, 'fileValue')}. Unset the variable to keep the file's value.`
        : `${s(a, 'name')} is set but empty: it overrides the setting with an empty value. Unset it if that is not intended.`;
    case 'ENV_OVERRIDES_FILE':
      return `${s(a, 'name')} (${s(a, 'envValue')}) replaces the file's value ${s(a, 'fileValue')} (line ${s(a, 'fileLine')}).`;
    case 'ENV_OMIT_CONFIG_FILE':
      return `${s(a, 'name')}=${s(a, 'value')}: the gateway does not read tyk.conf at all; only built-in defaults and environment variables apply. Unset it if the file should count.`;
    case 'ENV_PROXY_INVALID': {
      // HTTP_PROXY serves http targets only, HTTPS_PROXY https targets only (SEMANTICS.md §5).
      const who = `${s(a, 'target')} requests of ${joinAnd(list(a, 'callers'))}`;
      const ee = list(a, 'enterprise').length === 0 ? '' : ` (in the enterprise build also ${joinAnd(list(a, 'enterprise'))})`;
      if (a.problem === 'ignored') {
        return `${s(a, 'name')}=${q(a, 'value')} does not parse, even with http:// in front (${s(a, 'detail')}): Go ignores it, so ${who} go direct, not through a proxy${ee}. Write the full URL, e.g. http://proxy.corp.example:3128.`;
      }
      if (a.problem === 'misread') {
        return `${s(a, 'name')}=${q(a, 'value')} does not parse (${s(a, 'detail')}), so Go reads it with http:// in front: ${who} go to ${s(a, 'addr')}, not to the proxy it names, and fail${ee}. Write scheme://host:port with a numeric port.`;
      }
      return `${s(a, 'name')}=${q(a, 'value')} is kept as written but cannot be dialled (${s(a, 'detail')}): ${who} through it fail${ee}. Write scheme://host:port with a numeric port.`;
    }
    case 'PROXY_URL_INVALID':
      return a.stage === 'parse'
        ? `${s(a, 'field')} ${q(a, 'url')} does not parse (${s(a, 'detail')}): the client cannot be built ("failed to configure proxy") and the service falls back to its legacy client. Fix the URL.`
        : `${s(a, 'field')} ${q(a, 'url')} parses but cannot be dialled (${s(a, 'detail')}): every proxied request fails. Fix the URL.`;
    case 'PROXY_URL_NO_SCHEME':
      if (a.unsupported === true) return `${s(a, 'field')} ${q(a, 'url')} uses the scheme "${s(a, 'scheme')}": Go's transport speaks only http://, https://, socks5:// and socks5h:// to a proxy, so proxied requests fail. Use one of those.`;
      return `${s(a, 'field')} ${q(a, 'url')} has no http:// or https:// scheme${s(a, 'scheme') === '' ? '' : ` (Go reads "${s(a, 'scheme')}" as the scheme)`}; unlike HTTP_PROXY, the file path does not add one, so proxied requests fail. Write ${q(a, 'suggestion')}.`;
    case 'PROXY_TLS_TO_PROXY':
      return `${s(a, 'field')} ${q(a, 'url')} uses https://: the gateway speaks TLS to the proxy itself, which a plain proxy such as squid on its usual port does not accept. Use http:// unless the proxy really terminates TLS.`;
    case 'PROXY_URL_CREDENTIALS':
      return `${s(a, 'field')} carries a password in tyk.conf (shown masked). Move it out of the file, e.g. into TYK_GW_* environment from a secret store.`;
    case 'BYPASS_NEVER_MATCHES':
      return `Bypass entry ${q(a, 'entry')} in ${s(a, 'field')} never matches: ${BYPASS_WHY[s(a, 'problem')] ?? 'entries are compared with the request host exactly'}. List each host exactly as it appears in URLs (with :port when the URL has one).`;
    case 'BYPASS_WITHOUT_PROXY':
      return a.fate === 'replaced'
        ? `${s(a, 'service')}.proxy.bypass_proxy is replaced by global's (${a.globalBypass === '' ? 'empty' : q(a, 'globalBypass')}): a service with no proxy URL of its own inherits global's settings as a whole. Set the service's URLs too, or move the entries to global.`
        : a.fate === 'environment'
          ? `${s(a, 'service')}.proxy.bypass_proxy is unused: with enabled and no URLs the service uses HTTP_PROXY/HTTPS_PROXY and NO_PROXY. Put the entries in NO_PROXY or set the service's URLs.`
          : `${s(a, 'service')}.proxy.bypass_proxy is unused: the service has no proxy at all. Remove it or configure a proxy.`;
    case 'SERVICE_HIDES_GLOBAL':
      return `${s(a, 'service')} sets its own proxy URL, so it inherits nothing from global: it loses ${list(a, 'lost').join(', ')}. Repeat what it needs in the service block.`;
    case 'SERVICE_ENABLED_USES_ENV':
      return `${s(a, 'service')}.proxy.enabled with no URLs uses HTTP_PROXY/HTTPS_PROXY/NO_PROXY from the environment, not global's proxy. Remove the service's proxy block to inherit global, or set its URLs.`;
    case 'PROXY_DISABLED_BUT_USED':
      return `${s(a, 'service')}.proxy.enabled is false, but its proxy URLs are used anyway (the gateway does not check enabled when URLs are set)${list(a, 'notUsing').includes('upstream-oauth')
        ? '; except by upstream OAuth token requests (enterprise build), whose own gate is oauth.mtls.enabled, oauth.proxy.enabled or global.enabled: they go through HTTP_PROXY/HTTPS_PROXY'
        : ''}. Remove the URLs to go direct, or set enabled to true if the proxy is meant.`;
    case 'GLOBAL_DISABLED_URLS_IGNORED':
      return `global.enabled is ${a.enabledSet === true ? 'false' : 'not set'}, so global's ${list(a, 'fields').join(', ')} ${list(a, 'fields').length > 1 ? 'are' : 'is'} ignored by every service. Set "enabled": true to use them.`;
    case 'HTTP_TARGET_DIRECT':
      return `${s(a, 'section')} has only https_proxy: plain http:// requests go direct, not through ${q(a, 'url')}. Set http_proxy too if they should be proxied.`;
    case 'STORAGE_PROXY_UNUSED':
      return `storage.proxy (${list(a, 'fields').join(', ')}) has no effect: the gateway makes no HTTP client for storage. Remove it.`;
    case 'MTLS_CERT_ID_AND_FILES':
      return `${s(a, 'service')}.mtls sets cert_id and cert_file/key_file: the gateway rejects the pair ("${s(a, 'gatewayMessage')}"; the docs' "store takes precedence" is wrong), so ${fallback(a)}. Keep one of them.`;
    case 'MTLS_NO_CERTIFICATE':
      return `${s(a, 'service')}.mtls is enabled with no certificate or CA ("${s(a, 'gatewayMessage')}"), so ${fallback(a)}.${a.onlyInsecure === true
        ? a.builtWithoutMtls === true
          ? ' To only skip verification, set insecure_skip_verify with enabled left false.'
          : ' insecure_skip_verify alone would do nothing either: with enabled false nothing else configures this service, so its legacy client is used.'
        : ' Add cert_file+key_file, cert_id, ca_file or ca_cert_ids, or set enabled to false.'}`;
    case 'MTLS_PARTIAL_KEYPAIR':
      return `${s(a, 'service')}.mtls has only one of cert_file / key_file ("${s(a, 'gatewayMessage')}"), so ${fallback(a)}. Set both.`;
    case 'MTLS_SETTINGS_WHILE_DISABLED':
      return `${s(a, 'service')}.mtls.${list(a, 'fields').join(', ')} ${list(a, 'fields').length > 1 ? 'do' : 'does'} nothing while mtls.enabled is false. Set "enabled": true or remove ${list(a, 'fields').length > 1 ? 'them' : 'it'}.`;
    case 'INSECURE_SKIP_VERIFY':
      return a.ownClientIn !== undefined
        ? `${s(a, 'service')}: server certificates are not verified, via ${s(a, 'via')}: Tyk ${s(a, 'ownClientIn')} has no external-services client, and the callers' own clients read this key. Set it to false outside test environments${a.legacyKey === true ? '; once the gateway is on 5.10 or later, "extsvc migrate --tyk-version <that version>" moves it.' : '.'}`
        : a.legacyReason !== undefined
        ? `${s(a, 'service')}: server certificates are not verified, via ${s(a, 'via')} (the external-services client is not built: ${s(a, 'legacyReason')}).${a.legacyKey === true ? ` It is a legacy key. ${jwtAdvice(a)}` : ''}`
        : `${s(a, 'service')}: server certificates are not verified, via ${s(a, 'via')}${a.mtlsEnabled === false ? ' (applied even though mtls.enabled is false)' : ''}. Use a CA (${s(a, 'service') === 'storage' ? 'ca_file: the Redis connection reads file certificates only' : 'ca_file or ca_cert_ids'}) instead outside test environments.`;
    case 'TLS_VERSION_IGNORED':
      return `${s(a, 'service')}.mtls.${s(a, 'key')} is not applied to HTTP clients: Go's defaults (TLS 1.2 to 1.3) hold. Only storage's Redis connection reads it. Remove it.`;
    case 'TLS_VERSION_INVALID':
      return `${s(a, 'service')}.mtls.${s(a, 'key')} ${q(a, 'value')} is not one of "1.0" "1.1" "1.2" "1.3": the gateway logs it and ignores it.`;
    case 'TLS_VERSION_RANGE':
      return `${s(a, 'service')}.mtls.tls_min_version ${s(a, 'min')} is above tls_max_version ${s(a, 'max')}: no TLS version is allowed and every handshake fails. Swap or fix them.`;
    case 'CA_FILE_IGNORED':
      return `${s(a, 'service')}.mtls.ca_file is ignored because ca_cert_ids is not empty (the store's CAs win). Keep one of them.`;
    case 'CA_CERT_ID_EMPTY':
      return `${s(a, 'service')}.mtls.ca_cert_ids holds an empty id: it counts as a CA for the gateway's validation, and then the certificate store finds no certificate under "". ${a.count === a.empty ? 'No CA from the store is loaded. ' : ''}Remove the empty id (from an env value, a trailing comma such as "ca1," gives one).`;
    case 'STORAGE_MTLS_INACTIVE': {
      const r = list(a, 'reasons');
      const parts = [
        r.includes('use_ssl') ? 'storage.use_ssl is not true, so the Redis connection does not use TLS at all' : '',
        r.includes('cert_id') ? 'cert_id is not supported for storage (file certificates only)' : '',
        r.includes('ca_cert_ids') ? 'ca_cert_ids is not supported for storage (use ca_file)' : '',
      ].filter((x) => x !== '');
      return `storage.mtls has no effect as written: ${parts.join('; ')}.`;
    }
    case 'KV_REFERENCE_UNRESOLVED': {
      const where = `oauth.mtls.${s(a, 'field')} ${q(a, 'reference')}`;
      const stop = `Tyk ${s(a, 'version')} resolves it at start and stops ("Could not complete configuration setup.")`;
      switch (s(a, 'problem')) {
        case 'no-secrets':
          return `${where} refers to the config's secrets, but neither tyk.conf nor TYK_GW_SECRETS sets any: ${stop}. Add "${s(a, 'key')}" to "secrets", or give the file's path.`;
        case 'no-key':
          return `${where} refers to secrets key "${s(a, 'key')}", which "secrets" does not hold (keys are case-sensitive): ${stop}. Add the key to "secrets", or fix the name.`;
        case 'no-base-path':
          return `${where} is a file-store reference, but kv.file.base_path is not set, so file:// references are disabled: ${stop}. Set kv.file.base_path to the directory that holds "${s(a, 'key')}".`;
        case 'relative-base-path':
          return `${where} is a file-store reference, but kv.file.base_path ${q(a, 'basePath')} is not an absolute path: ${stop}. Make kv.file.base_path absolute.`;
        case 'empty-key':
          return `${where} names no key after file://: ${stop}. Give the path of the file, relative to kv.file.base_path.`;
        case 'absolute-key':
          return `${where} gives an absolute path after file://, which the file store rejects (keys are relative to kv.file.base_path): ${stop}. Write the path relative to ${q(a, 'basePath')}.`;
        default:
          return `${where} leads outside kv.file.base_path ${q(a, 'basePath')} (through ".."), which the file store rejects: ${stop}. Name a file inside kv.file.base_path.`;
      }
    }
    case 'STORAGE_TYPE_NOT_REDIS':
      return `storage.type is ${q(a, 'value')}: the gateway exits at start ("${s(a, 'gatewayMessage')}"), so nothing else in this file takes effect. Set it to "redis".`;
    case 'LEGACY_PROXY_KEY': {
      const head = `Top-level "${s(a, 'key')}" is not read by the gateway (its Config has no such field), although the docs list it as the legacy global proxy.`;
      return a.plan === 'human'
        ? `${head} "extsvc migrate" leaves it for a human: ${s(a, 'detail')}`
        : a.plan === 'upgrade'
          ? `${head} ${noBlockYet(a)}`
          : a.plan === 'remove'
            ? `${head} Run "extsvc migrate" to remove it: it holds no proxy URL to move.`
          : a.plan === 'blocked'
            ? `${head} Fix the file's syntax or types first (the gateway discards it, and "extsvc migrate" refuses it); then "extsvc migrate" moves it to external_services.global.`
            : `${head} Run "extsvc migrate" to move it to external_services.global.`;
    }
    case 'LEGACY_JWT_SKIP_VERIFY':
      return a.plan === 'upgrade'
        ? `jwt_ssl_insecure_skip_verify turns off certificate checks of JWK fetches. ${noBlockYet(a)}`
        : `jwt_ssl_insecure_skip_verify is still in use: it turns off certificate checks of JWK fetches on the legacy path. ${jwtAdvice(a)}`;
    case 'LEGACY_INTERIM_SHAPE':
      return a.kind === 'analytics'
        ? `"${s(a, 'key')}" is from the 5.10.0-alpha1 shape: there is no analytics service in 5.10.0 and later, and the block is ignored. Remove it.`
        : a.kind === 'proxy'
          ? `"external_services.${s(a, 'key')}" is the 5.10.0-alpha1 shape (use_environment, no_proxy): 5.10.0 and later ignore it. ${interimAdvice(a, 'Run "extsvc migrate" to turn it into "global".')}`
          : `"${s(a, 'key')}" is from the 5.10.0-alpha1 shape and is ignored; the current key is "enabled". ${interimAdvice(a, 'Run "extsvc migrate".')}`;
    case 'LEGACY_CONFLICT':
      return a.winner === 'legacy'
        ? `Legacy ${s(a, 'key')} (${s(a, 'legacyValue')}) disagrees with ${s(a, 'replacement')} (${s(a, 'replacementValue')}), and the legacy value is the one in force: the oauth external-services client is not built, so JWK fetches use the legacy client. Decide on one value; "extsvc migrate" explains the move.`
        : `Legacy ${s(a, 'key')} (${s(a, 'legacyValue')}) disagrees with ${s(a, 'replacement')} (${s(a, 'replacementValue')}); the external_services value wins. Remove the legacy key.`;
    case 'UPGRADE_NOT_READ': {
      const what = a.name !== undefined ? s(a, 'name') : `"${s(a, 'key')}"`;
      return a.change === 'type'
        ? `${what} is read by Tyk ${s(a, 'from')} as ${s(a, 'fromType')} and by Tyk ${s(a, 'to')} as ${s(a, 'toType')}: after the upgrade the value ${a.name !== undefined ? 'is converted differently' : 'may no longer decode'}. Check it against ${s(a, 'to')}.`
        : `${what} is read by Tyk ${s(a, 'from')} but not by Tyk ${s(a, 'to')} (${describeReadBy(list(a, 'readBy'))}): after the upgrade it is ignored. Find its replacement, or remove it.`;
    }
    case 'FILE_NOT_FOUND':
    case 'CERT_INVALID':
    case 'CERT_EXPIRED':
    case 'CERT_EXPIRES_SOON':
    case 'KEY_MISMATCH':
    case 'KEY_PERMISSIONS':
      return fileMessage(d.code, a);
    case 'KUMA_YAML_SYNTAX':
    case 'KUMA_DECODE_ERROR':
    case 'KUMA_INVALID':
    case 'KUMA_UNKNOWN_FIELD':
    case 'KUMA_DATA_SOURCE_MEMBERS':
    case 'KUMA_PROTOCOL_UNLISTED':
    case 'KUMA_YAML11_VALUE':
    case 'KUMA_TLS_NO_CA':
    case 'KUMA_EXTERNAL_SERVICE_DEPRECATED':
    case 'KUMA_DESTINATION_UNDECLARED':
    case 'KUMA_PROTOCOL_MISMATCH':
    case 'KUMA_TLS_MISMATCH':
    case 'KUMA_HOSTNAME_MISMATCH':
      return kumaMessage(d.code, a);
    default: {
      const never: never = d.code;
      return never;
    }
  }
}
