// Build-time data. Compiles schemas/tyk-external-services.schema.json with ajv into a standalone
// module (dist/src/config/validators.generated.js), so the CLI does not pay ajv's compile cost at every start.
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
