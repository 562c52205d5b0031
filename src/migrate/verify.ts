/**
 * Proves a migration keeps the outbound behaviour: every service resolved on the old file with
 * the legacy settings read as the docs describe them, and on the new file as the gateway reads
 * it, must agree on client kind, proxy routing, bypass list and certificate verification.
 */
import { getNodeValue, type Node } from 'jsonc-parser';
import { SERVICES, type ServiceName } from '../types.js';
import { pathKey, type LoadedConfig } from '../config/load.js';
import { buildEffective, resolveAll, type EffectiveConfig } from '../resolve/resolve.js';
import type { EnvEntry, EnvInput } from '../env/input.js';
import { maskUrl } from '../mask.js';
import { nodeAt } from './edit.js';
import { realNameFor } from './envfile.js';

export interface OutboundView {
  service: ServiceName;
  client: 'external_services' | 'legacy';
  mode: string;
  http_proxy: string;
  https_proxy: string;
  bypass_proxy: string;
  /** Are server certificates verified? */
  verify: boolean;
}

function views(eff: EffectiveConfig, oauthInsecure: (built: boolean) => boolean): OutboundView[] {
  return resolveAll(eff).map((v) => {
    const built = v.client.kind === 'external_services';
    let insecure = false;
    if (v.service === 'oauth') insecure = oauthInsecure(built);
    else if (built) insecure = v.mtls.insecure_skip_verify.value;
    else if (v.service === 'health') insecure = eff.legacy.proxySslInsecureSkipVerify.value;
    return {
      service: v.service,
      client: v.client.kind,
      mode: built ? v.mode : 'legacy',
      http_proxy: built ? v.proxy.http_proxy.value : '',
      https_proxy: built ? v.proxy.https_proxy.value : '',
      bypass_proxy: built && v.mode === 'custom' ? v.proxy.bypass_proxy.value : '',
      verify: !insecure,
    };
  });
}

/**
 * What the gateway does with a file and an environment, the file read as written: a file it
 * would discard (a comment, say) is compared as if it loaded, so that the proof is about what
 * the edit did to the settings, not about a discard that happens before and after alike.
 */
export function realViews(loaded: LoadedConfig, env: EnvInput): OutboundView[] {
  const eff = buildEffective(loaded, env, 'intended');
  return views(eff, (built) => (built ? eff.config.oauth.mtls.insecure_skip_verify : eff.legacy.jwtSslInsecureSkipVerify.value));
}

/**
 * The same with the legacy settings meaning what the docs say they mean: top-level proxy keys
 * as global's, the docs' env names as the real ones, the 5.10.0-alpha1 block as global, and
 * jwt_ssl_insecure_skip_verify as oauth's verification unless the new key is set.
 */
export function documentedViews(loaded: LoadedConfig, env: EnvInput): OutboundView[] {
  const docEnv = new Map<string, EnvEntry>(env);
  for (const e of env.values()) {
    const real = realNameFor(e.name);
    if (real !== undefined && !env.has(real)) docEnv.set(real, { ...e, name: real });
  }
  const eff = buildEffective(loaded, docEnv, 'intended');
  const unset = (path: string[]): boolean => eff.sources.get(pathKey(path))?.kind === 'default';
  const g = eff.config.global;
  const setGlobal = (key: 'http_proxy' | 'https_proxy' | 'bypass_proxy', v: unknown): boolean => {
    if (typeof v !== 'string' || v === '' || !unset(['external_services', 'global', key])) return false;
    g[key] = v;
    return true;
  };
  let enable = false;
  {
    // Keys bound as Go binds them (nodeAt folds case), as the migration itself reads them.
    const field = (node: Node, key: string): unknown => {
      const n = nodeAt(node, [key]);
      return n === undefined ? undefined : getNodeValue(n);
    };
    const interim = nodeAt(loaded.tree, ['external_services', 'proxy']);
    if (interim?.type === 'object') {
      const a = setGlobal('http_proxy', field(interim, 'http_proxy'));
      const b = setGlobal('https_proxy', field(interim, 'https_proxy'));
      setGlobal('bypass_proxy', field(interim, 'no_proxy'));
      enable ||= a || b || field(interim, 'use_environment') === true;
    }
    for (const svc of SERVICES) {
      const p = nodeAt(loaded.tree, ['external_services', svc, 'proxy']);
      if (p?.type !== 'object') continue;
      if (field(p, 'use_environment') === true && unset(['external_services', svc, 'proxy', 'enabled'])) eff.config[svc].proxy.enabled = true;
      const noProxy = field(p, 'no_proxy');
      if (typeof noProxy === 'string' && unset(['external_services', svc, 'proxy', 'bypass_proxy'])) eff.config[svc].proxy.bypass_proxy = noProxy;
    }
    for (const key of ['http_proxy', 'https_proxy'] as const) enable = setGlobal(key, loaded.legacyProxy[key]?.value) || enable;
  }
  if (enable && unset(['external_services', 'global', 'enabled'])) g.enabled = true;
  const modernSet = !unset(['external_services', 'oauth', 'mtls', 'insecure_skip_verify']);
  return views(eff, (built) => (built && modernSet ? eff.config.oauth.mtls.insecure_skip_verify : eff.legacy.jwtSslInsecureSkipVerify.value));
}

export interface Difference {
  service: ServiceName;
  field: keyof Omit<OutboundView, 'service'>;
  before: string;
  after: string;
}

export function compareViews(before: OutboundView[], after: OutboundView[]): Difference[] {
  const out: Difference[] = [];
  for (const b of before) {
    // Storage has no HTTP client (§6): nothing there to route or verify.
    if (b.service === 'storage') continue;
    const a = after.find((x) => x.service === b.service)!;
    for (const field of ['client', 'mode', 'http_proxy', 'https_proxy', 'bypass_proxy', 'verify'] as const) {
      if (a[field] !== b[field]) out.push({ service: b.service, field, before: maskUrl(String(b[field])), after: maskUrl(String(a[field])) });
    }
  }
  return out;
}
