/**
 * .extsvcrc.json: found from the current directory upward (or named with --config), checked
 * against schemas/extsvcrc.schema.json (compiled at build time by scripts/gen-validators.mjs), and
 * turned into typed settings. Anything the schema does not allow is one line naming the file,
 * the line and column, and the fix; an unknown key gets a did-you-mean.
 */
import { isReadFailure, readRegularFile } from '../files/read.js';
import { describeFsError } from '../io.js';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { InputError } from '../errors.js';
import { suggest } from '../suggest.js';
import type { Code, SeveritySetting } from '../types.js';
import { severitySetting, unknownCode } from './severity.js';
import { validateRc, type RcValidationError } from './rc-validator.generated.js';

export const RC_NAME = '.extsvcrc.json';

/** The keys schemas/extsvcrc.schema.json allows (test/settings.test.ts keeps the two equal). */
export const RC_KEYS = ['$schema', 'format', 'output', 'envFiles', 'processEnv', 'tykVersion', 'rules', 'maxWarnings', 'quiet', 'checkFiles', 'expiryDays', 'placeholders'] as const;

/** The rc file's settings, as validated; paths still as written (relative to the file). */
export interface RcSettings {
  format?: string;
  output?: string;
  envFiles?: string[];
  processEnv?: boolean;
  tykVersion?: string;
  rules?: Partial<Record<Code, SeveritySetting>>;
  maxWarnings?: number;
  quiet?: boolean;
  checkFiles?: boolean;
  expiryDays?: number;
  placeholders?: boolean;
}

export interface Rc {
  path: string;
  settings: RcSettings;
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return `${line}:${col}`;
}

function pointerPath(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const TYPE_WORDS: Readonly<Record<string, string>> = { integer: 'a whole number', object: 'an object', array: 'a list', boolean: 'true or false', string: 'a string' };

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** One ajv error as one line: the place in the file, what is wrong, the fix. */
function explainError(file: string, text: string, tree: Node | undefined, data: unknown, err: RcValidationError): string {
  const path = pointerPath(err.instancePath);
  let node = tree === undefined ? undefined : findNodeAtLocation(tree, path);
  const name = path.length === 0 ? 'the file' : path.join('.');
  let value: unknown = data;
  for (const k of path) value = (value as Record<string, unknown> | undefined)?.[k];
  let what: string;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(err.params.additionalProperty);
      const keyNode = node?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[0];
      if (keyNode !== undefined) node = keyNode;
      if (path.length === 1 && path[0] === 'rules') {
        what = `rules: ${unknownCode(key) ?? `"${key}" is not allowed here`}`;
      } else {
        const near = suggest(key, RC_KEYS.filter((k) => k !== '$schema'));
        what = `unknown key "${key}"${near === undefined ? '' : `; did you mean "${near}"?`} Allowed: ${RC_KEYS.join(', ')}.`;
      }
      break;
    }
    case 'enum':
      what = `${name} must be one of ${(err.params.allowedValues as unknown[]).map(String).join(', ')}, not ${describe(value)}.`;
      break;
    case 'type':
      what = path.length === 0
        ? `expected an object like {"rules": {"NULL_VALUE": "off"}}, not ${Array.isArray(value) ? 'an array' : describe(value)}.`
        : `${name} must be ${TYPE_WORDS[String(err.params.type)] ?? String(err.params.type)}, not ${describe(value)}.`;
      break;
    case 'minimum':
      what = `${name} must be ${String(err.params.limit)} or more, not ${describe(value)}.`;
      break;
    case 'pattern':
      what = `${name} must not be empty.`;
      break;
    default:
      what = `${name} ${err.message ?? 'is not allowed'}.`;
  }
  const at = node === undefined ? '' : `:${lineCol(text, node.offset)}`;
  return `${file}${at}: ${what} (schema: schemas/extsvcrc.schema.json)`;
}

/** Parses and checks one rc file's text. Throws InputError (one line) on anything invalid. */
export function parseRc(file: string, text: string): RcSettings {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message}). Fix the file or remove it.`);
  }
  if (!validateRc(data)) {
    const err = validateRc.errors?.[0];
    throw new InputError(err === undefined ? `${file}: does not match schemas/extsvcrc.schema.json.` : explainError(file, text, parseTree(text), data, err));
  }
  const raw = data as Omit<RcSettings, 'rules'> & { rules?: Record<string, string>; $schema?: string };
  const { $schema: _schema, rules, ...rest } = raw;
  const settings: RcSettings = { ...rest };
  if (rules !== undefined) {
    settings.rules = {};
    // The schema allows only known codes and severity words.
      for (const [code, word] of Object.entries(rules)) {
      const sev = severitySetting(word);
      if (sev !== undefined) settings.rules[code as Code] = sev;
    }
  }
  return settings;
}

/** .extsvcrc.json holds a few settings: a bound well above any real one. */
const MAX_RC_BYTES = 1024 * 1024;

/**
 * Reads and checks one rc file. Like every input it must be a regular file of bounded size: a
 * repository can hold .extsvcrc.json as a symbolic link to /dev/zero.
 */
export function readRc(file: string, named: boolean): Rc {
  const r = readRegularFile(file, MAX_RC_BYTES);
  if (isReadFailure(r)) {
    if (named && r.error === 'ENOENT') throw new InputError(`--config ${file}: no such file. Check the path, or leave --config out to use the nearest ${RC_NAME}.`);
    throw new InputError(describeFsError(file, r, MAX_RC_BYTES));
  }
  return { path: file, settings: parseRc(file, new TextDecoder('utf-8').decode(r)) };
}
