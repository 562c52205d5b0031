/**
 * The URLs an API definition makes the gateway itself call (TykTechnologies/tyk v5.10.0:
 * apidef/api_definitions.go for classic definitions, apidef/oas for Tyk OAS), each with the
 * service whose client calls it. Pure: file texts in, URLs out.
 *
 * - JWT: `jwt_source` when it is a URL, or base64 of one (gateway/mw_jwt.go: httpScheme
 *   `^(?i)https?://`, then base64.StdEncoding), and `jwt_jwks_uris[].url`; OAS
 *   securitySchemes' `source` and `jwksURIs[].url`.
 * - External OAuth providers: `jwt.source` (same rule) and `introspection.url`.
 * - Upstream OAuth (enterprise): client-credentials and password `token_url` / `tokenUrl`.
 * - Webhook event handlers: `handler_meta.target_path` (classic), `eventHandlers[].url` of type webhook (OAS).
 * - Uptime tests: `check_list[].url` / `tests[].url`; service discovery `query_endpoint` / `queryEndpoint`.
 */

export type ApiUrlKind =
  | 'jwt-jwks' | 'external-oauth-jwks' | 'introspection' | 'upstream-oauth-token'
  | 'webhook' | 'uptime-test' | 'service-discovery';


export interface ApiUrl {
  kind: ApiUrlKind;
  url: string;
  /** Where it is written: file and JSON path. */
  file: string;
  at: string;
  api: string;
  /** Made by the host checker's uptime tests: none when the gateway's uptime_tests.disable is on. */
  uptime: boolean;
}

export interface ApiFile {
  file: string;
  text: string;
}

export interface ApiProblem {
  file: string;
  message: string;
}

type J = unknown;
const obj = (v: J): Record<string, J> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, J>) : undefined);
const arr = (v: J): J[] => (Array.isArray(v) ? v : []);
const text = (v: J): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const on = (v: J): boolean => v === true;

const HTTP_SCHEME = /^https?:\/\//i;

/** A JWT source as the gateway reads it: a URL, base64 of a URL, or (null) a key. */
export function jwksFromSource(source: string): string | null {
  if (HTTP_SCHEME.test(source)) return source;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(source) || source.length % 4 !== 0) return null;
  const decoded = Buffer.from(source, 'base64').toString('latin1');
  return HTTP_SCHEME.test(decoded) ? decoded : null;
}

class Collector {
  readonly urls: ApiUrl[] = [];
  constructor(private readonly file: string, private readonly api: string) {}
  add(kind: ApiUrlKind, url: string | undefined, at: string, uptime = false): void {
    if (url !== undefined) this.urls.push({ kind, url, file: this.file, at, api: this.api, uptime });
  }
}

function classic(def: Record<string, J>, c: Collector): void {
  if (on(def.enable_jwt)) {
    const src = text(def.jwt_source);
    if (src !== undefined) c.add('jwt-jwks', jwksFromSource(src) ?? undefined, 'jwt_source');
    arr(def.jwt_jwks_uris).forEach((j, i) => c.add('jwt-jwks', text(obj(j)?.url), `jwt_jwks_uris[${i}].url`));
  }
  const ext = obj(def.external_oauth);
  if (on(ext?.enabled)) {
    arr(ext?.providers).forEach((p, i) => {
      const jwt = obj(obj(p)?.jwt);
      const src = text(jwt?.source);
      if (on(jwt?.enabled) && src !== undefined) c.add('external-oauth-jwks', jwksFromSource(src) ?? undefined, `external_oauth.providers[${i}].jwt.source`);
      const intro = obj(obj(p)?.introspection);
      if (on(intro?.enabled)) c.add('introspection', text(intro?.url), `external_oauth.providers[${i}].introspection.url`);
    });
  }
  const upstream = obj(def.upstream_auth);
  const oauth = obj(upstream?.oauth);
  if (on(upstream?.enabled) && on(oauth?.enabled)) {
    c.add('upstream-oauth-token', text(obj(oauth?.client_credentials)?.token_url), 'upstream_auth.oauth.client_credentials.token_url');
    c.add('upstream-oauth-token', text(obj(oauth?.password)?.token_url), 'upstream_auth.oauth.password.token_url');
  }
  const events = obj(obj(def.event_handlers)?.events) ?? {};
  for (const name of Object.keys(events).sort()) {
    arr(events[name]).forEach((h, i) => {
      const handler = obj(h);
      const meta = obj(handler?.handler_meta);
      if (handler?.handler_name === 'eh_web_hook_handler' && !on(meta?.disabled)) {
        c.add('webhook', text(meta?.target_path), `event_handlers.events.${name}[${i}].handler_meta.target_path`);
      }
    });
  }
  // populateHostListByApiSpec (gateway/host_checker_manager.go): nothing when disabled; with
  // service discovery the hosts come from the query endpoint and check_list is not read.
  const uptime = obj(def.uptime_tests);
  const usd = obj(obj(uptime?.config)?.service_discovery);
  if (!on(uptime?.disabled)) {
    if (on(usd?.use_discovery_service)) c.add('service-discovery', text(usd?.query_endpoint), 'uptime_tests.config.service_discovery.query_endpoint', true);
    else arr(uptime?.check_list).forEach((t, i) => c.add('uptime-test', text(obj(t)?.url), `uptime_tests.check_list[${i}].url`, true));
  }
  const sd = obj(obj(def.proxy)?.service_discovery);
  if (on(sd?.use_discovery_service)) c.add('service-discovery', text(sd?.query_endpoint), 'proxy.service_discovery.query_endpoint');
}

function oas(def: Record<string, J>, c: Collector): void {
  const x = obj(def['x-tyk-api-gateway']) ?? {};
  const server = obj(x.server);
  const schemes = obj(obj(server?.authentication)?.securitySchemes) ?? {};
  for (const name of Object.keys(schemes).sort()) {
    const s = obj(schemes[name]);
    if (s === undefined || !on(s.enabled)) continue;
    const base = `x-tyk-api-gateway.server.authentication.securitySchemes.${name}`;
    const src = text(s.source);
    if (src !== undefined) c.add('jwt-jwks', jwksFromSource(src) ?? undefined, `${base}.source`);
    arr(s.jwksURIs).forEach((j, i) => c.add('jwt-jwks', text(obj(j)?.url), `${base}.jwksURIs[${i}].url`));
    arr(s.providers).forEach((p, i) => {
      const jwt = obj(obj(p)?.jwt);
      const jsrc = text(jwt?.source);
      if (on(jwt?.enabled) && jsrc !== undefined) c.add('external-oauth-jwks', jwksFromSource(jsrc) ?? undefined, `${base}.providers[${i}].jwt.source`);
      const intro = obj(obj(p)?.introspection);
      if (on(intro?.enabled)) c.add('introspection', text(intro?.url), `${base}.providers[${i}].introspection.url`);
    });
  }
  arr(server?.eventHandlers).forEach((h, i) => {
    const e = obj(h);
    if (e?.type === 'webhook' && on(e.enabled)) c.add('webhook', text(e.url), `x-tyk-api-gateway.server.eventHandlers[${i}].url`);
  });
  const upstream = obj(x.upstream);
  const uptime = obj(upstream?.uptimeTests);
  if (on(uptime?.enabled)) {
    const usd = obj(uptime?.serviceDiscovery);
    if (on(usd?.enabled)) c.add('service-discovery', text(usd?.queryEndpoint), 'x-tyk-api-gateway.upstream.uptimeTests.serviceDiscovery.queryEndpoint', true);
    else arr(uptime?.tests).forEach((t, i) => c.add('uptime-test', text(obj(t)?.url), `x-tyk-api-gateway.upstream.uptimeTests.tests[${i}].url`, true));
  }
  const sd = obj(upstream?.serviceDiscovery);
  if (on(sd?.enabled)) c.add('service-discovery', text(sd?.queryEndpoint), 'x-tyk-api-gateway.upstream.serviceDiscovery.queryEndpoint');
  const oauth = obj(obj(upstream?.authentication)?.oauth);
  if (on(obj(upstream?.authentication)?.enabled) && on(oauth?.enabled)) {
    c.add('upstream-oauth-token', text(obj(oauth?.clientCredentials)?.tokenUrl), 'x-tyk-api-gateway.upstream.authentication.oauth.clientCredentials.tokenUrl');
    c.add('upstream-oauth-token', text(obj(oauth?.password)?.tokenUrl), 'x-tyk-api-gateway.upstream.authentication.oauth.password.tokenUrl');
  }
}

/** Every gateway-side URL of the API definitions; files that are not API definitions are problems. */
export function apiUrls(files: readonly ApiFile[]): { urls: ApiUrl[]; problems: ApiProblem[] } {
  const urls: ApiUrl[] = [];
  const problems: ApiProblem[] = [];
  for (const f of files) {
    let def: Record<string, J> | undefined;
    try {
      def = obj(JSON.parse(f.text) as J);
    } catch (e) {
      problems.push({ file: f.file, message: `not JSON (${(e as Error).message.split('\n')[0]})` });
      continue;
    }
    if (def === undefined) {
      problems.push({ file: f.file, message: 'not an API definition (expected a JSON object)' });
      continue;
    }
    const isOas = 'x-tyk-api-gateway' in def || 'openapi' in def;
    const name = isOas ? text(obj(obj(def['x-tyk-api-gateway'])?.info)?.name) ?? text(obj(def.info)?.title) : text(def.name);
    const c = new Collector(f.file, name ?? f.file);
    if (isOas) oas(def, c);
    else classic(def, c);
    urls.push(...c.urls);
  }
  return { urls, problems };
}
