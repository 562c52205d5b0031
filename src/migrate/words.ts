/**
 * The planner's words (src/migrate/migrate.ts): every item it reports, as functions of the facts
 * it decided. lint quotes them as the detail of its legacy findings, and migrate's report prints
 * them. URLs arrive masked where the planner shows them (show()).
 */

/** A value as the report shows it: strings quoted (URLs masked by the caller), the rest as JSON. */
type Shown = string;

const those = (list: string): { them: string; settings: string } =>
  list.includes(',') ? { them: 'them', settings: 'those settings' } : { them: 'it', settings: 'that setting' };

export const PLAN = {
  moved: (from: string, target: string, value: Shown): string => `${from} → ${target} = ${value}`,
  dropped: (from: string, value: Shown, target: string, current: Shown): string => `${from} ${value} dropped: ${target} is already ${current} and wins.`,
  removed: (label: string): string => `${label} removed`,
  bypassNeverMatches: (where: string, entry: string): string =>
    `${where} entry "${entry}" never matches in bypass_proxy (exact host comparison, unlike NO_PROXY): list the exact hosts.`,
  analyticsDropped: (): string => 'external_services.analytics dropped: there is no analytics service in 5.10.0 and later.',
  interimConflict: (conflict: string): string => {
    const t = those(conflict);
    return `external_services.proxy kept: external_services.global is not enabled but already sets ${conflict}. Moving the 5.10.0-alpha1 block would enable global and put ${t.settings} in force for every external service, although nothing reads ${t.them} today. Decide what global should hold, set it with enabled: true, then migrate again.`;
  },
  globalOffByEnv: (variable: string): string =>
    `${variable} in the environment keeps external_services.global off whatever the file says: moved, the proxy URLs would stay ignored, as they are today. Decide, set or remove the variable, then migrate again.`,
  globalOffInFile: (): string =>
    'external_services.global.enabled is false in the file: moved, the proxy URLs would stay ignored, as they are today. Decide, set it to true (or remove what would be moved), then migrate again.',
  globalEnabled: (why: string): string => `external_services.global.enabled = true (${why})`,
  unusableLegacyUrl: (key: string, value: Shown, problem: string): string =>
    `${key} ${value} kept: ${problem}. The gateway ignores this key today; moved, it would be the proxy of every external service and every proxied request would fail. Fix the URL, then migrate again.`,
  proxyHeld: (key: string, value: Shown): string =>
    `${key} ${value} kept: the proxy of every service is a decision left open above (external_services.proxy). Decide it, then migrate again.`,
  legacyConflict: (key: string, value: Shown, conflict: string): string => {
    const t = those(conflict);
    return `${key} ${value} kept: external_services.global is not enabled but already sets ${conflict}. Moving ${key} would enable global and put ${t.settings} in force for every external service, although nothing reads ${t.them} today. Decide what global should hold, set it with enabled: true (or remove the legacy key), then migrate again.`;
  },
  nothingToMove: (key: string, value: string): string => `${key} is ${value}: nothing to move.`,
  keptByFlagUnread: (key: string): string => `${key} kept (--keep-legacy); the gateway does not read it.`,
  keptByFlag: (key: string): string => `${key} kept (--keep-legacy).`,
  jwtDecidedByEnv: (key: string, variable: string, value: boolean): string =>
    `${key} kept: ${variable} in the environment decides it (${String(value)}), so the file's key has no effect, and migrate moves file settings only. Set external_services.oauth.mtls.insecure_skip_verify (or its variable) yourself if that is what you want, then remove both.`,
  jwtFalse: (key: string): string => `${key} is false, the default: nothing to move, and the key changes nothing where it stands (remove it when convenient).`,
  jwtNoClient: (key: string): string =>
    `${key} kept: nothing configures an external-services client for oauth (no global.enabled, no oauth proxy), so JWK fetches use the legacy client, which reads this key. Moving it would turn certificate checks back on. Configure oauth first, then migrate again.`,
  /** builtBefore: the client is built today; asks: the explicit TLS settings that ask for verification. */
  jwtKeptForTls: (key: string, builtBefore: boolean, asks: readonly string[]): string => {
    const why = asks.length > 0
      ? `the oauth external-services client ${builtBefore ? 'is built already and verifies' : 'is built after the migration and verifies'} the IdP (its mTLS block sets ${asks.join(' and ')})`
      : 'the oauth external-services client is built already and verifies certificates';
    return `${key} kept: ${why}; this key only reaches the legacy JWK fetch that retries a failed one. Moving it to external_services.oauth.mtls.insecure_skip_verify would switch verification off for every oauth request. Set that key yourself if that is what you want.`;
  },
  mtlsLeftDisabled: (): string =>
    'oauth.mtls.enabled is left false on purpose: the docs\' after-example ({ "enabled": true, "insecure_skip_verify": true }) fails mTLS validation ("no certificate configuration provided"), the gateway falls back to the legacy fetch, and verification silently turns back on.',
  /** env files (src/migrate/envfile.ts) */
  envRenamed: (file: string, line: number, from: string, to: string): string => `${file}:${line}: ${from} → ${to}`,
  envDropped: (file: string, line: number, name: string, real: string): string =>
    `${file}:${line}: ${name} removed: ${real} is also set and is the one the gateway reads.`,
  envBothSet: (file: string, line: number, name: string, real: string): string =>
    `${file}:${line}: ${name} left as is: ${real} is also set (the one the gateway reads); remove this one by hand.`,
} as const;
