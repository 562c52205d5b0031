import { isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { messageFor } from '../messages.js';
import { helpUri, RULE_DOCS } from '../catalog.js';
import { CODES, type Code, type Diagnostic, type JsonPath, type LintResult, type Severity } from '../types.js';
import type { ReportOptions } from './index.js';
import { place, processEnvAnchor, relativeInside } from './json.js';
import { fingerprints } from './fingerprint.js';
import { ruleHelp, type RuleHelp } from './rule-help.js';

export interface SarifOptions extends ReportOptions {
  /** Written as tool.driver.version when given. */
  toolVersion?: string;
  /** Each rule's documentation (default: the table the build made from docs/rules.md). */
  ruleHelp?: Partial<Record<Code, RuleHelp>>;
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
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; 'security-severity'?: string };
}

interface Security {
  /** GitHub's security-severity, a CVSS-like score: 7.0 and above is "high", 4.0 to 6.9 "medium". */
  score: string;
  /** Tags shown with the alert; GitHub lists a rule tagged "security" among security alerts. */
  tags: string[];
}

/**
 * The findings that weaken transport security or expose credentials, scored for code scanning.
 * Skipping verification lets anyone on the path impersonate the server (CWE-295); a password in
 * tyk.conf is readable by whoever reads the file (CWE-260), as is a key with group/other bits
 * (CWE-732); storage mTLS that is not in force leaves Redis without the intended TLS (CWE-319);
 * ignored TLS versions leave Go's client defaults in place, weaker than asked for (CWE-757).
 */
export const SECURITY = {
  INSECURE_SKIP_VERIFY: { score: '7.4', tags: ['security', 'tls', 'external/cwe/cwe-295'] },
  LEGACY_JWT_SKIP_VERIFY: { score: '7.4', tags: ['security', 'tls', 'external/cwe/cwe-295'] },
  PROXY_URL_CREDENTIALS: { score: '5.5', tags: ['security', 'credentials', 'external/cwe/cwe-260'] },
  KEY_PERMISSIONS: { score: '5.5', tags: ['security', 'credentials', 'external/cwe/cwe-732'] },
  STORAGE_MTLS_INACTIVE: { score: '5.9', tags: ['security', 'tls', 'external/cwe/cwe-319'] },
  TLS_VERSION_IGNORED: { score: '3.7', tags: ['security', 'tls', 'external/cwe/cwe-757'] },
} as const satisfies Partial<Record<Code, Security>>;

function securityOf(code: Code): Security | undefined {
  return (SECURITY as Partial<Record<Code, Security>>)[code];
}

function rule(code: Code, help: RuleHelp | undefined): SarifRule {
  const doc = RULE_DOCS[code];
  const sec = securityOf(code);
  const tags = [doc.group, ...(sec?.tags ?? [])];
  return {
    id: code,
    shortDescription: { text: doc.title },
    fullDescription: { text: help?.summary ?? doc.title },
    help: { text: help?.text ?? doc.title, markdown: help?.markdown ?? doc.title },
    helpUri: helpUri(code),
    defaultConfiguration: { level: LEVEL[doc.severity] },
    properties: sec === undefined ? { tags } : { tags, 'security-severity': sec.score },
  };
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

export { fingerprint } from './fingerprint.js';

function location(d: Diagnostic, cwd: string, anchor: string | null): SarifLocation {
  const p = place(d);
  const out: SarifLocation = {};
  if (p.file !== null) {
    out.physicalLocation = { artifactLocation: artifactLocation(p.file, cwd) };
    if (p.span) {
      const { line, column, endLine, endColumn } = p.span;
      out.physicalLocation.region = { startLine: line, startColumn: column, endLine, endColumn };
    }
  } else if (anchor !== null) {
    out.physicalLocation = { artifactLocation: artifactLocation(anchor, cwd), region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } };
  }
  if (p.env !== null) out.logicalLocations = [{ name: p.env, kind: 'variable' }];
  return out;
}

export function toSarifLog(result: LintResult, opts: SarifOptions): SarifLog {
  const help = opts.ruleHelp ?? ruleHelp();
  const rules: SarifRule[] = CODES.map((code) => rule(code, help[code]));
  const prints = fingerprints(result);
  const results: SarifResult[] = result.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: CODES.indexOf(d.code),
      level: LEVEL[d.severity],
      message: { text: messageFor(d) },
      locations: [location(d, opts.cwd, processEnvAnchor(result, f))],
      partialFingerprints: { 'extsvcFinding/v1': prints.get(d) ?? '' },
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
