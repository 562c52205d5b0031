/**
 * ../shared/kuma-vectors: cases taken from Kuma's own validator tests (v2.14.3). Each input is
 * decoded and validated as Kuma does it; the violations must be the same, field for field,
 * message for message, in the same order. Another project's test data: read where it lies, never
 * copied here; without the folder the tests are skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/paths.js';
import { parseYamlStream } from '../src/kuma/yaml.js';
import { decodeSpec, validateDecoded, type KumaKind } from '../src/kuma/resources.js';

interface VectorCase {
  name: string;
  input: string;
  valid: boolean;
  violations: { field: string; message: string }[];
  resourceMeta?: { name: string; mesh: string };
}

interface VectorFile {
  resource: KumaKind;
  cases: VectorCase[];
}

const DIR = join(ROOT, '..', 'shared', 'kuma-vectors');
const present = existsSync(DIR);

for (const file of ['external-service.json', 'mesh-external-service.json']) {
  const path = join(DIR, file);
  const data: VectorFile | null = present && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as VectorFile) : null;
  if (data === null) {
    test(`kuma vectors ${file}`, { skip: `${DIR} is not there` }, () => {});
    continue;
  }
  for (const c of data.cases) {
    test(`kuma vector ${data.resource}: ${c.name}`, () => {
      const stream = parseYamlStream(c.input);
      assert.deepEqual(stream.errors, []);
      const root = stream.documents[0]?.root ?? null;
      // The tests decode the spec alone: ExternalService's type/name/mesh are unknown spec fields there.
      const decoded = decodeSpec(data.resource, root, data.resource === 'ExternalService' ? '' : 'spec');
      assert.equal(decoded.error, null);
      const violations = validateDecoded(data.resource, decoded, c.resourceMeta?.name ?? '', new Map());
      assert.deepEqual(violations, c.violations);
      assert.equal(violations.length === 0, c.valid);
    });
  }
}
