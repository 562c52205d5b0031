import { fileLocation, type Rule } from './context.js';
import { SuggestBudget, suggesterFor } from '../suggest.js';
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

/** At most this many places are named for a key read elsewhere; a key read in more is too generic to place. */
const MAX_PLACES = 3;

/** The dotted form of a path as the schema's places are written ("a[].b"). */
function dotted(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? '[]' : out === '' ? p : `.${p}`;
  return out;
}

/**
 * The places, deeper inside the object the key stands in, where the gateway reads a key of this
 * name: "server_name" at the top belongs at http_server_options.server_name. A place elsewhere
 * (dns_cache.check_interval against slave_options.dns_monitor.check_interval) is another setting
 * that only shares the name.
 */
function placesBelow(path: readonly (string | number)[], elsewhere: readonly string[]): string[] {
  const parent = dotted(path.slice(0, -1));
  const below = parent === '' ? [...elsewhere] : elsewhere.filter((p) => p.startsWith(`${parent}.`) || p.startsWith(`${parent}[]`));
  return below.length <= MAX_PLACES ? below : [];
}

/**
 * UNKNOWN_KEY: the gateway ignores the key silently (§2). A warning inside external_services;
 * elsewhere info, since tyk.conf files carry keys of other versions and tools, but a typo there
 * (listen_prot) is still a real bug worth a did-you-mean. A key the gateway reads at another
 * level (server_name under http_server_options) is told where it belongs instead; the
 * did-you-mean never offers a key of another meaning (src/suggest.ts).
 */
export const unknownKey: Rule = {
  id: 'unknown-key',
  codes: ['UNKNOWN_KEY'],
  check(ctx) {
    const budget = new SuggestBudget();
    for (const u of ctx.loaded.unknownKeys) {
      if (isInterimKey(u.path)) continue;
      const inBlock = u.path[0] === 'external_services';
      const key = String(u.path[u.path.length - 1]);
      // A key other versions read gets "read from … on" instead of a did-you-mean (not computed).
      const versions = versionArgs(u.path, ctx.tykVersion);
      const args: { key: string; known: string[]; suggestion?: string; elsewhere?: string[]; scope: 'block' | 'config'; readBy?: string[]; version?: string } = { key, known: u.known, scope: inBlock ? 'block' : 'config', ...versions };
      if (versions.readBy === undefined) {
        const places = placesBelow(u.path, u.elsewhere);
        if (places.length > 0) args.elsewhere = places;
        else {
          const suggestion = budget.suggest(suggesterFor(u.known, ALIASES, ctx.loaded.schemaKeys), key);
          if (suggestion !== undefined) args.suggestion = suggestion;
        }
      }
      ctx.report('UNKNOWN_KEY', args, u.path, fileLocation(ctx.file, u.keySpan), inBlock ? undefined : 'info');
    }
  },
};
