// Writes schemas/extsvcrc.schema.json, the schema of .extsvcrc.json, from the built code's list of
// rule codes (dist/src/types.js) and report formats (dist/src/report/index.js), so that a new code
// or format reaches editors' completion and the validator in one step. Run after a build:
//   npm run build && node scripts/gen-rc-schema.mjs
// test/cli-settings.test.ts fails while the file in schemas/ differs from what this writes.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function rcSchema() {
  const { CODES } = await import('../dist/src/types.js');
  const { FORMATS } = await import('../dist/src/report/index.js');
  const { SEVERITY_WORDS } = await import('../dist/src/settings/severity.js');
  const severity = { enum: [...SEVERITY_WORDS] };
  const path = (description) => ({ type: 'string', pattern: '.', description });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/extsvc/extsvc/blob/main/schemas/extsvcrc.schema.json',
    title: 'extsvc settings (.extsvcrc.json)',
    description: 'Settings for extsvc lint. Every key is optional; command-line flags override them. Paths are relative to the directory of this file.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'Where editors find this schema, e.g. ./node_modules/extsvc/schemas/extsvcrc.schema.json' },
      format: { enum: [...FORMATS], description: 'Report format (--format).' },
      output: path('Write the report to this file instead of stdout (--output).'),
      envFiles: { type: 'array', items: path('An env file.'), description: 'Docker-compose style env files, in order; later files win (--env-file; flags replace this list).' },
      processEnv: { type: 'boolean', description: 'false: ignore the environment extsvc runs in; only env files count (--no-process-env).' },
      tykVersion: path('The gateway version whose keys and variables to check against (--tyk-version).'),
      rules: {
        type: 'object',
        additionalProperties: false,
        description: 'Severity per rule code (--rule CODE=severity); "warn" means "warning".',
        properties: Object.fromEntries(CODES.map((c) => [c, severity])),
      },
      maxWarnings: { type: 'integer', minimum: 0, description: 'Exit 1 when there are more warnings than this (--max-warnings).' },
      quiet: { type: 'boolean', description: 'Report errors only (--quiet).' },
      checkFiles: { type: 'boolean', description: 'Also read cert_file, key_file and ca_file (--check-files).' },
      expiryDays: { type: 'integer', minimum: 0, description: 'With checkFiles: warn when a certificate has fewer days left than this (--expiry-days; default 30).' },
      placeholders: { type: 'boolean', description: 'Reserved for placeholder handling (--placeholders); accepted and shown by --print-config.' },
    },
  };
}

export function rcSchemaText(schema) {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(root, 'schemas', 'extsvcrc.schema.json'), rcSchemaText(await rcSchema()));
}
