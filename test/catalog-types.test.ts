/**
 * The catalog is the one place of per-code facts: Code, the "derived" flag and each code's
 * arguments come from it. The @ts-expect-error lines make the build fail if report() stops
 * checking arguments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODES, RULE_DOCS, isDerived } from '../src/catalog.js';
import type { RuleContext } from '../src/rules/context.js';

export function typeProbe(ctx: RuleContext): void {
  const at = { kind: 'env', name: 'X' } as const;
  ctx.report('TLS_VERSION_RANGE', { service: 'oauth', min: '1.3', max: '1.2' }, [], at);
  // @ts-expect-error a misspelt argument
  ctx.report('CA_FILE_IGNORED', { servise: 'oauth' }, [], at);
  // @ts-expect-error a missing argument
  ctx.report('TLS_VERSION_RANGE', { service: 'oauth', min: '1.3' }, [], at);
  // @ts-expect-error an argument of the wrong type
  ctx.report('CA_CERT_ID_EMPTY', { service: 'oauth', count: '1', empty: 1 }, [], at);
}

test('CODES is the catalog\'s keys, in its order', () => {
  assert.deepEqual(CODES, Object.keys(RULE_DOCS));
});

test('derived codes: the settings-combination findings lint holds back in unreliable sections', () => {
  assert.deepEqual(CODES.filter(isDerived), [
    'BYPASS_WITHOUT_PROXY', 'SERVICE_HIDES_GLOBAL', 'SERVICE_ENABLED_USES_ENV', 'PROXY_DISABLED_BUT_USED',
    'GLOBAL_DISABLED_URLS_IGNORED', 'HTTP_TARGET_DIRECT', 'STORAGE_PROXY_UNUSED',
    'MTLS_CERT_ID_AND_FILES', 'MTLS_NO_CERTIFICATE', 'MTLS_PARTIAL_KEYPAIR', 'MTLS_SETTINGS_WHILE_DISABLED',
    'INSECURE_SKIP_VERIFY', 'STORAGE_MTLS_INACTIVE',
    'FILE_NOT_FOUND', 'CERT_INVALID', 'CERT_EXPIRED', 'CERT_EXPIRES_SOON', 'KEY_MISMATCH', 'KEY_PERMISSIONS',
  ]);
});
