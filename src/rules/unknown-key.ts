import { fileLocation, type Rule } from './context.js';
import { suggest } from '../suggest.js';
import { isInterimKey } from './legacy-interim.js';
import { keyReadBy } from '../config/history.js';

/** The recorded versions that do read the key, when some do ("read from 5.10.0 on"). */
function versionArgs(path: (string | number)[], version: string): { readBy?: string[]; version?: string } {
  const readBy = keyReadBy(path);
  return readBy.length > 0 ? { readBy, version } : {};
}

/** Names from older shapes and docs drafts that users copy. */
const ALIASES: Record<string, string> = {
  no_proxy: 'bypass_proxy', noproxy: 'bypass_proxy', bypass: 'bypass_proxy', use_environment: 'enabled',
  webhook: 'webhooks', cert: 'cert_file', key: 'key_file', ca: 'ca_file', ca_cert_id: 'ca_cert_ids',
  certificate_id: 'cert_id', tls: 'mtls',
};

/**
 * UNKNOWN_KEY: the gateway ignores the key silently (§2). A warning inside external_services;
 * elsewhere info, since tyk.conf files carry keys of other versions and tools, but a typo there
 * (listen_prot) is still a real bug worth a did-you-mean.
 */
export const unknownKey: Rule = {
  id: 'unknown-key',
  codes: ['UNKNOWN_KEY'],
  check(ctx) {
    for (const u of ctx.loaded.unknownKeys) {
      if (isInterimKey(u.path)) continue;
      const inBlock = u.path[0] === 'external_services';
      const key = String(u.path[u.path.length - 1]);
      // A key other versions read gets "read from … on" instead of a did-you-mean (not computed).
      const versions = versionArgs(u.path, ctx.tykVersion);
      const suggestion = versions.readBy !== undefined ? undefined : suggest(key, u.known, ALIASES);
      const args = suggestion === undefined ? { key, known: u.known } : { key, known: u.known, suggestion };
      ctx.report('UNKNOWN_KEY', { ...args, ...versions, scope: inBlock ? 'block' : 'config' }, u.path, fileLocation(ctx.file, u.keySpan), inBlock ? undefined : 'info');
    }
  },
};
