/**
 * The Kuma side of the CLI, loaded on demand by cli.ts: lint of Kuma YAML files, `kuma check`
 * and `kuma generate`. Reads files through io.ts; the core it calls is pure.
 */
import { isKumaFileName } from '../inputs.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Code, FileResult, SeveritySetting } from '../types.js';
import { InputError, UsageError } from '../errors.js';
import { readInput, useColor, write } from '../io.js';
import { refuseOutputOverInput } from '../same-file.js';
import { writeOut } from '../stdio.js';
import { exitCodeFor, summarize } from '../lint.js';
import { FORMATS, isFormat, report } from '../report/index.js';
import { destinations } from '../egress/inventory.js';
import { collectApiFiles, loadInventory, type InventoryFlags, type LoadedInventory } from '../egress/command.js';
import { kumaCheck, meshDestinations } from './check.js';
import { generateResources, GENERATE_FORMATS, GENERATE_KINDS, type GenerateFormat, type GenerateKind } from './generate.js';
import { lintKumaText } from './lint.js';
import { readKumaFile } from './resources.js';

export interface KumaLintInput {
  file: string;
  bytes: Uint8Array;
}

/** Applies --rule / .extsvcrc.json severities the way lint does for tyk.conf findings. */
export function applySeverities(files: FileResult[], rules: Partial<Record<Code, SeveritySetting>>): FileResult[] {
  return files.map((f) => ({
    file: f.file,
    diagnostics: f.diagnostics.flatMap((d) => {
      const s = rules[d.code];
      if (s === 'off') return [];
      return s === undefined ? [d] : [{ ...d, severity: s }];
    }),
  }));
}

export function lintKumaInputs(inputs: KumaLintInput[], rules: Partial<Record<Code, SeveritySetting>>): FileResult[] {
  const decoder = new TextDecoder('utf-8');
  return applySeverities(inputs.map((i) => lintKumaText(i.file, decoder.decode(i.bytes))), rules);
}

// ---------------------------------------------------------------------------------------------
// kuma generate, kuma check

export interface KumaGenerateFlags extends InventoryFlags {
  kind: string;
  format: string;
  mesh: string;
  namespace: string;
}

function skippedNotes(l: LoadedInventory): string[] {
  const out: string[] = [];
  const direct = new Map<string, string[]>();
  for (const d of l.inventory.direct) direct.set(`${d.service} (${d.caller})`, [...(direct.get(`${d.service} (${d.caller})`) ?? []), d.scheme]);
  for (const [k, schemes] of direct) out.push(`${k}: its ${schemes.join(' and ')} targets go direct; name them with --apis or --url to get their resources`);
  for (const b of l.inventory.bypassed) out.push(`${b.service}: ${b.via} sends ${b.entries.join(', ')} direct; name the URLs with --apis or --url to get their resources`);
  for (const r of l.inventory.rows) if (r.port === null) out.push(`${r.host} (${r.source}): no port known`);
  for (const d of destinations(l.inventory)) if (d.loopback) out.push(`${d.address}: loopback, the connection never leaves the pod (the mesh does not see it)`);
  return [...new Set(out)];
}

export async function runKumaGenerate(flags: KumaGenerateFlags): Promise<number> {
  if (!(GENERATE_KINDS as readonly string[]).includes(flags.kind)) throw new UsageError(`--kind ${flags.kind}: expected one of ${GENERATE_KINDS.join(', ')}`);
  if (!(GENERATE_FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format ${flags.format}: expected one of ${GENERATE_FORMATS.join(', ')}`);
  const l = await loadInventory(flags);
  writeOut(generateResources(meshDestinations(l.inventory), skippedNotes(l), {
    kind: flags.kind as GenerateKind, format: flags.format as GenerateFormat, mesh: flags.mesh, namespace: flags.namespace,
  }));
  return 0;
}

/** .yaml / .yml files under the paths (directories walked, sorted); a named file is read whatever its name. */
export function collectResourceFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, named: boolean): void => {
    if (!existsSync(p)) throw new InputError(`${p}: no such file or directory. Name Kuma resource files (YAML) or directories of them.`);
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e), false);
      return;
    }
    if (named || isKumaFileName(p)) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

export interface KumaCheckFlags extends InventoryFlags {
  format: string;
  output?: string;
  maxWarnings?: string;
  rule?: string[];
  /** extsvc's version, for the SARIF report (cli.ts). */
  toolVersion?: string;
}

export async function runKumaCheck(resources: string[], flags: KumaCheckFlags, rules: Partial<Record<Code, SeveritySetting>>): Promise<number> {
  if (!isFormat(flags.format)) throw new UsageError(`--format ${flags.format}: expected one of ${FORMATS.join(', ')}`);
  if (resources.length === 0) throw new UsageError('kuma check: name the Kuma resource files or directories to check, e.g. extsvc kuma check -c tyk.conf mesh/');
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    if (!/^\d+$/.test(flags.maxWarnings)) throw new UsageError(`--max-warnings ${flags.maxWarnings}: expected a whole number`);
    maxWarnings = Number(flags.maxWarnings);
  }
  const resourceFiles = collectResourceFiles(resources);
  const apiFiles = collectApiFiles(flags.apis ?? []);
  // "lint never writes": the report must not land on anything it reads.
  refuseOutputOverInput('-o', flags.output, [flags.config, ...(flags.envFile ?? []), ...resourceFiles, ...apiFiles.map((f) => f.file)]);
  const l = await loadInventory(flags, apiFiles);
  const decoder = new TextDecoder('utf-8');
  const apiTexts = new Map(apiFiles.map((f) => [f.file, f.text]));
  const files = resourceFiles.map((file) => ({ file, parsed: readKumaFile(decoder.decode(readInput(file))) }));
  const checked = applySeverities(kumaCheck({ configFile: flags.config, configText: l.configText ?? null, apiTexts, destinations: meshDestinations(l.inventory), files }), rules)
    .filter((f) => f.diagnostics.length > 0 || files.some((r) => r.file === f.file));
  const result = { files: checked, summary: summarize(checked) };
  write(flags.output, await report(flags.format, result, { color: flags.output === undefined && useColor(), cwd: process.cwd(), toolVersion: flags.toolVersion }));
  return exitCodeFor(result, maxWarnings);
}
