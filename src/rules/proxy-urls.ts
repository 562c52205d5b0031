import { proxyUrlProblem } from '../gateway/dial.js';
import { pathKey } from '../config/load.js';
import { hasPassword, maskUrl } from '../mask.js';
import { SERVICES } from '../types.js';
import { fileLocation, type Rule } from './context.js';
import { locate } from './helpers.js';
import type { ExternalServicesConfig, ProxyConfig } from '../gateway/model.js';

/** Every proxy URL setting of the block, global's and each service's, with a typed getter. */
function proxyUrlFields(): { path: string[]; get: (c: ExternalServicesConfig) => string }[] {
  const sections: [string[], (c: ExternalServicesConfig) => ProxyConfig][] = [
    [['external_services', 'global'], (c) => c.global],
    ...SERVICES.map((s): [string[], (c: ExternalServicesConfig) => ProxyConfig] => [['external_services', s, 'proxy'], (c) => c[s].proxy]),
  ];
  return sections.flatMap(([section, of]) => (['http_proxy', 'https_proxy'] as const).map((key) => ({ path: [...section, key], get: (c: ExternalServicesConfig) => of(c)[key] })));
}

/**
 * PROXY_URL_INVALID, PROXY_URL_NO_SCHEME, PROXY_TLS_TO_PROXY, PROXY_URL_CREDENTIALS (§4).
 * url.Parse is lenient: a URL it accepts can still be one the transport cannot dial.
 */
export const proxyUrls: Rule = {
  id: 'proxy-urls',
  codes: ['PROXY_URL_INVALID', 'PROXY_URL_NO_SCHEME', 'PROXY_TLS_TO_PROXY', 'PROXY_URL_CREDENTIALS'],
  check(ctx) {
    for (const { path, get } of proxyUrlFields()) {
      const raw = get(ctx.effective.config);
      if (raw === '') continue;
      const loc = locate(ctx, path);
      const url = maskUrl(raw);
      const field = path.slice(1).join('.');
      const problem = proxyUrlProblem(raw);
      if (problem?.stage === 'parse') {
        ctx.report('PROXY_URL_INVALID', { field, url, detail: maskUrl(problem.detail), stage: 'parse' }, path, loc);
        continue;
      }
      if (problem?.stage === 'scheme') {
        const bare = url.trim().replace(/^\/\//, '');
        ctx.report('PROXY_URL_NO_SCHEME', { field, url, scheme: problem.scheme, unsupported: problem.unsupported, suggestion: `http://${bare}` }, path, loc);
      } else if (problem?.stage === 'dial') {
        ctx.report('PROXY_URL_INVALID', { field, url, detail: problem.detail, stage: 'dial' }, path, loc);
      }
      if (/^https:\/\//i.test(raw.trim())) ctx.report('PROXY_TLS_TO_PROXY', { field, url }, path, loc);
    }
    // A password written in tyk.conf is a leak even when an env variable overrides the value.
    for (const { path, get } of proxyUrlFields()) {
      const raw = get(ctx.loaded.externalServices);
      const site = ctx.loaded.fields.get(pathKey(path));
      if (site !== undefined && hasPassword(raw)) {
        ctx.report('PROXY_URL_CREDENTIALS', { field: path.slice(1).join('.'), url: maskUrl(raw) }, path, fileLocation(ctx.file, site.valueSpan));
      }
    }
  },
};
