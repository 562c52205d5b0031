// Build-time data:
// - schemas/tyk-external-services.schema.json compiled with ajv into a standalone module
//   (dist/src/config/validators.generated.js), so the CLI does not pay ajv's compile cost at every start;
// - each recorded version's whole-file schema split for on-demand parsing (below);
// - the block's TYK_GW_* variables, derived from its schema (dist/src/env/fields.generated.js);
// - each rule's section of docs/rules.md, for SARIF rule help (dist/data/rule-help.json).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'tyk-external-services.schema.json'), 'utf8'));

const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true } });
ajv.addSchema(schema);
const code = standaloneCode(ajv, { validateFile: schema.$id });
const out = join(root, 'dist', 'src', 'config');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'validators.generated.js'), code);

// Each recorded version's whole-file schema, with every $defs entry kept as JSON text that
// src/config/schema.ts parses when the walk first meets it: a tyk.conf uses a few of the 66
// struct types, and JSON.parse of all of them was the largest single step of a cold lint.
const data = join(root, 'dist', 'data');
mkdirSync(data, { recursive: true });
// The compiled schema module lists the versions; it imports validators.generated.js, written above.
const { schema: blockSchema, TYK_VERSIONS } = await import('../dist/src/config/schema.js');
for (const v of TYK_VERSIONS) {
  const { $defs, ...rest } = JSON.parse(readFileSync(join(root, 'schemas', `tyk-config-${v}.schema.json`), 'utf8'));
  delete rest.description;
  const defs = Object.fromEntries(Object.entries($defs).map(([k, d]) => [k, JSON.stringify(d)]));
  writeFileSync(join(data, `tyk-config-${v}.json`), JSON.stringify({ root: rest, defs }));
}

// The block's variables: the derivation tsc compiled (dist/src/env/derive-fields.js), run here
// once instead of at every start. Imported after validators.generated.js exists: schema.js needs it.
const { deriveEnvFields } = await import('../dist/src/env/derive-fields.js');
const fields = JSON.stringify(deriveEnvFields(blockSchema));
writeFileSync(join(root, 'dist', 'src', 'env', 'fields.generated.js'), `export const ENV_FIELDS = JSON.parse(${JSON.stringify(fields)});\n`);

// Each rule's section of docs/rules.md, for the SARIF reporter's fullDescription and help: parsed
// here once (src/report/rule-help.ts), read by a run only when it writes SARIF.
const { parseRuleDocs } = await import('../dist/src/report/rule-help.js');
const { DOCS_BASE } = await import('../dist/src/catalog.js');
writeFileSync(join(data, 'rule-help.json'), JSON.stringify(parseRuleDocs(readFileSync(join(root, 'docs', 'rules.md'), 'utf8'), DOCS_BASE)));
