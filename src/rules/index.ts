import type { Rule } from './context.js';
import { fileSyntax } from './file-syntax.js';
import { stringPlaceholder } from './string-placeholder.js';
import { typeMismatch } from './type-mismatch.js';
import { duplicateKey } from './duplicate-key.js';
import { keyCase } from './key-case.js';
import { unknownKey } from './unknown-key.js';
import { nullValue } from './null-value.js';
import { envNames } from './env-names.js';
import { envValues } from './env-values.js';
import { envNamespace } from './env-namespace.js';
import { envProxy } from './env-proxy.js';
import { proxyUrls } from './proxy-urls.js';
import { bypassNeverMatches } from './bypass-never-matches.js';
import { proxyInheritance } from './proxy-inheritance.js';
import { proxyReach } from './proxy-reach.js';
import { mtls } from './mtls.js';
import { insecureSkipVerify } from './insecure-skip-verify.js';
import { tlsVersion } from './tls-version.js';
import { storageType } from './storage-type.js';
import { legacyKeys } from './legacy-keys.js';
import { legacyInterim } from './legacy-interim.js';
import { kvReference } from './kv-reference.js';
import { upgradeFrom } from './upgrade-from.js';

/** Every check, in the order they run (output is sorted afterwards, so order is for reading only). */
export const RULES: readonly Rule[] = [
  fileSyntax, stringPlaceholder, typeMismatch, duplicateKey, keyCase, unknownKey, nullValue,
  envNames, envValues, envNamespace, envProxy,
  proxyUrls, bypassNeverMatches, proxyInheritance, proxyReach,
  mtls, insecureSkipVerify, tlsVersion, storageType, kvReference,
  legacyKeys, legacyInterim, upgradeFrom,
];


