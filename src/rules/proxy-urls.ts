import { proxyUrlProblem } from '../gateway/dial.js';
import { pathKey } from '../config/load.js';
import { hasPassword, maskUrl } from '../mask.js';
import { SERVICES } from '../types.js';
import { fileLocation, sourceLocation, type Rule } from './context.js';
import { DEFAULT } from '../resolve/sources.js';

/** Every proxy URL setting of the block: global's and each service's. */
export function proxyUrlFields(): { section: string[]; key: 'http_proxy' | 'https_proxy' }[] {
  const sections = [['external_services', 'global'], ...SERVICES.map((s) => ['external_services', s, 'proxy'])];
  return sections.flatMap((section) => (['http_proxy', 'https_proxy'] as const).map((key) => ({ section, key })));
}

/**
 * PROXY_URL_INVALID, PROXY_URL_NO_SCHEME, PROXY_TLS_TO_PROXY, PROXY_URL_CREDENTIALS (§4).
 * url.Parse is lenient: a URL it accepts can still be one the transport cannot dial.
 */
export const proxyUrls: Rule = {
  id: 'proxy-urls',
  codes: ['PROXY_URL_INVALID', 'PROXY_URL_NO_SCHEME', 'PROXY_TLS_TO_PROXY', 'PROXY_URL_CREDENTIALS'],
  check(ctx) {
    const cfg = ctx.effective.config as unknown as Record<string, Record<string, unknown>>;
    for (const { section, key } of proxyUrlFields()) {
      const holder = section.length === 2 ? cfg[section[1]] : (cfg[section[1]].proxy as Record<string, unknown>);
      const raw = holder[key];
      if (typeof raw !== 'string' || raw === '') continue;
      const path = [...section, key];
      const source = ctx.effective.sources.get(pathKey(path)) ?? DEFAULT;
      const loc = sourceLocation(ctx, source);
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
    const fileCfg = ctx.loaded.externalServices as unknown as Record<string, Record<string, unknown>>;
    for (const { section, key } of proxyUrlFields()) {
      const holder = section.length === 2 ? fileCfg[section[1]] : (fileCfg[section[1]].proxy as Record<string, unknown>);
      const raw = holder[key];
      const path = [...section, key];
      const site = ctx.loaded.fields.get(pathKey(path));
      if (typeof raw === 'string' && site !== undefined && hasPassword(raw)) {
        ctx.report('PROXY_URL_CREDENTIALS', { field: path.slice(1).join('.'), url: maskUrl(raw) }, path, fileLocation(ctx.file, site.valueSpan));
      }
    }
  },
};
