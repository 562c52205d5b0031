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

// Which recorded versions read each file key and each TYK_GW_* name (dist/data/tyk-history.json),
// for "read from 5.10.0 on" / "removed in 5.0" and lint --upgrade-from: one small file read only
// when a run meets a key or variable its own version does not read, instead of every version's
// schema and variable list. Bit i of a mask is TYK_VERSIONS[i].
//   keys: a trie of key paths, node = [mask, children?]; "[]" stands for array items, "*" for
//         map entries (with the JSON type Go decodes each key's value into, for --upgrade-from);
//   env:  name → mask.
{
  const keys = {};
  const env = {};
  const typeOf = (schemaRoot, node) => {
    let n = node;
    while (n?.$ref !== undefined) n = schemaRoot.$defs[n.$ref.replace('#/$defs/', '')];
    return n;
  };
  const kinds = (n) => (n?.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type]).filter((t) => t !== 'null').join('|');
  TYK_VERSIONS.forEach((v, i) => {
    const bit = 2 ** i;
    const schemaRoot = JSON.parse(readFileSync(join(root, 'schemas', `tyk-config-${v}.schema.json`), 'utf8'));
    const walk = (node, into, depth, seen) => {
      const n = typeOf(schemaRoot, node);
      if (n === undefined || depth > 12) return;
      const ref = node.$ref;
      if (ref !== undefined && seen.has(ref)) return;
      const next = ref === undefined ? seen : new Set([...seen, ref]);
      const add = (k, child) => {
        const cur = (into[k] ??= [0, {}, {}]);
        cur[0] |= bit;
        const t = kinds(typeOf(schemaRoot, child));
        if (t !== '') cur[2][v] = t;
        walk(child, cur[1], depth + 1, next);
      };
      for (const [k, child] of Object.entries(n.properties ?? {})) add(k, child);
      if (n.items !== undefined) add('[]', n.items);
      if (typeof n.additionalProperties === 'object') add('*', n.additionalProperties);
    };
    walk(schemaRoot, keys, 0, new Set());
    const envList = JSON.parse(readFileSync(join(root, 'schemas', `tyk-config-${v}.env.json`), 'utf8'));
    const names = new Set(envList.variables.map((x) => x.name));
    for (const l of envList.conditional) for (const x of l.variables) names.add(x.name);
    for (const x of envList.special) if (x.name.startsWith(`${envList.prefix}_`)) names.add(x.name);
    // How envconfig converts the value (parse rule, bits, method, elements): a renamed Go type
    // (apidef.TykEvent → event.Event) converts the same and is no change.
    const conv = (c) => (c === undefined ? '' : `${c.parse}${c.bits ?? ''}${c.method !== undefined ? `:${c.method}${c.format !== undefined ? `/${c.format}` : ''}` : ''}${c.key !== undefined || c.elem !== undefined ? `<${conv(c.key)}${c.key !== undefined ? ',' : ''}${conv(c.elem)}>` : ''}`);
    for (const x of envList.variables) env[x.name] = [(env[x.name]?.[0] ?? 0) | bit, { ...env[x.name]?.[1], [v]: `${conv(x)} ${x.goType}` }];
    for (const name of names) if (env[name] === undefined || (env[name][0] & bit) === 0) env[name] = [(env[name]?.[0] ?? 0) | bit, env[name]?.[1] ?? {}];
  });
  // Types are kept only where they differ between versions (else {}): what --upgrade-from compares.
  const compact = (trie) => Object.fromEntries(Object.entries(trie).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, [mask, children, types]]) => {
    const distinct = new Set(Object.values(types));
    const node = [mask];
    const kids = compact(children);
    if (distinct.size > 1 || Object.keys(kids).length > 0) node.push(kids);
    if (distinct.size > 1) node.push(types);
    return [k, node];
  }));
  // env types are "<conversion> <Go type>"; only a different conversion counts.
  const envOut = Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, [mask, types]]) =>
    [k, new Set(Object.values(types).map((t) => t.split(' ')[0])).size > 1 ? [mask, types] : mask]));
  writeFileSync(join(data, 'tyk-history.json'), JSON.stringify({ versions: TYK_VERSIONS, keys: compact(keys), env: envOut }));
}
