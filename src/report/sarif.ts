import { createHash } from 'node:crypto';
import { isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { messageFor } from '../messages.js';
import { helpUri, RULE_DOCS } from '../catalog.js';
import { CODES, type Code, type Diagnostic, type JsonPath, type LintResult, type Severity } from '../types.js';
import type { ReportOptions } from './index.js';
import { place, relativeInside } from './json.js';

export interface SarifOptions extends ReportOptions {
  /** Written as tool.driver.version when given. */
  toolVersion?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/extsvc/extsvc';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifLocation {
  physicalLocation?: {
    artifactLocation: ArtifactLocation;
    region?: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
  logicalLocations?: { name: string; kind: 'variable' }[];
}

interface SarifResult {
  ruleId: Code;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { path: JsonPath };
}

interface SarifRule {
  id: Code;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: Level };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: 'extsvc'; informationUri: string; version?: string; rules: SarifRule[] } };
      originalUriBaseIds?: Record<string, { uri: string }>;
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
    },
  ];
}

/** SARIF result level per severity ("note" is SARIF's info). */
export const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const satisfies Record<Severity, Level>;

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function uriReference(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const inside = relativeInside(file, cwd);
  if (inside !== null) return { uri: uriReference(inside), uriBaseId: SRCROOT };
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  if (isAbsolute(cwd)) return { uri: pathToFileURL(resolve(cwd, file)).href };
  return { uri: uriReference(file) };
}

/** Stable across runs and line moves: what was found, where in the config, which variable. */
export function fingerprint(d: Diagnostic): string {
  const env = d.location.kind === 'env' ? d.location.name : '';
  return createHash('sha256').update(JSON.stringify([d.code, d.path, env])).digest('hex');
}

function location(d: Diagnostic, cwd: string): SarifLocation {
  const p = place(d);
  const out: SarifLocation = {};
  if (p.file !== null) {
    out.physicalLocation = { artifactLocation: artifactLocation(p.file, cwd) };
    if (p.span) {
      const { line, column, endLine, endColumn } = p.span;
      out.physicalLocation.region = { startLine: line, startColumn: column, endLine, endColumn };
    }
  }
  if (p.env !== null) out.logicalLocations = [{ name: p.env, kind: 'variable' }];
  return out;
}

export function toSarifLog(result: LintResult, opts: SarifOptions): SarifLog {
  const rules: SarifRule[] = CODES.map((code) => ({
    id: code,
    shortDescription: { text: RULE_DOCS[code].title },
    helpUri: helpUri(code),
    defaultConfiguration: { level: LEVEL[RULE_DOCS[code].severity] },
  }));
  const results: SarifResult[] = result.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: CODES.indexOf(d.code),
      level: LEVEL[d.severity],
      message: { text: messageFor(d) },
      locations: [location(d, opts.cwd)],
      partialFingerprints: { 'extsvcFinding/v1': fingerprint(d) },
      properties: { path: [...d.path] },
    })),
  );
  const driver = {
    name: 'extsvc' as const,
    informationUri: INFORMATION_URI,
    ...(opts.toolVersion !== undefined ? { version: opts.toolVersion } : {}),
    rules,
  };
  const cwdDir = opts.cwd.endsWith(sep) ? opts.cwd : opts.cwd + sep;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        ...(isAbsolute(opts.cwd) ? { originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwdDir).href } } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** SARIF 2.1.0, one run; byte-for-byte stable for the same result, options and catalogue. */
export function sarif(result: LintResult, opts: SarifOptions): string {
  return `${JSON.stringify(toSarifLog(result, opts), null, 2)}\n`;
}
