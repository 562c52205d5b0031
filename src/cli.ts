/**
 * commander only: parse flags, read files and environment, call the core, pick a reporter,
 * write, set process.exitCode. The only module that touches process, console and the file system
 * (besides migrate's writer).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CODES, type Code, type SeveritySetting } from './types.js';
import { InputError, UsageError } from './errors.js';
import { envFromRecord, type EnvEntry, type EnvInput } from './env/input.js';
import { parseEnvFile } from './env/envfile.js';
import { exitCodeFor, lint, summarize, type LintFileInput, type LintOptions } from './lint.js';
import { DEFAULT_EXPIRY_DAYS, nodeFileIO } from './files/check.js';
import { FORMATS, isFormat, report, type Format } from './report/index.js';
import { registerMigrate } from './migrate/command.js';
import { registerExplain } from './explain/command.js';

const VERSION = '0.1.0';
const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;

export interface EnvOptions {
  envFile?: string[];
  processEnv?: boolean;
}

function describeFsError(path: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file. Check the path (extsvc looks for ./tyk.conf when no file is given).`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied. Run with a user that can read it, or copy the file.`;
    case 'EISDIR':
      return `${path}: is a directory. Name the tyk.conf file inside it.`;
    default:
      return `${path}: cannot read (${code ?? (e as Error).message}).`;
  }
}

export function readInput(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw new InputError(describeFsError(path, { code: 'EISDIR' }));
    return readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(describeFsError(path, e));
  }
}

/** The environment the gateway would see: the process's (unless --no-process-env), then each env file in order. */
export function loadEnv(opts: EnvOptions, processEnv: NodeJS.ProcessEnv = process.env): EnvInput {
  const base = opts.processEnv === false ? new Map<string, EnvEntry>() : envFromRecord(processEnv);
  const out = new Map(base);
  for (const file of opts.envFile ?? []) {
    const text = new TextDecoder('utf-8').decode(readInput(file));
    const parsed = parseEnvFile(file, text);
    for (const e of parsed.entries) out.set(e.name, e);
    for (const { name } of parsed.inherit) {
      const v = base.get(name);
      if (v !== undefined) out.set(name, v);
    }
  }
  return out;
}

interface RcFile {
  rules?: Record<string, string>;
  maxWarnings?: number;
}

/** .extsvcrc.json, looked up from the current directory upward. */
export function findRc(cwd: string): { path: string; rc: RcFile } | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const p = join(dir, '.extsvcrc.json');
    let text: string | undefined;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      let rc: unknown;
      try {
        rc = JSON.parse(text);
      } catch (e) {
        throw new InputError(`${p}: not valid JSON (${(e as Error).message}). Fix the file or remove it.`);
      }
      if (rc === null || typeof rc !== 'object' || Array.isArray(rc)) throw new InputError(`${p}: expected an object like {"rules": {"CODE": "off"}}.`);
      return { path: p, rc: rc as RcFile };
    }
    if (dirname(dir) === dir) return null;
  }
}

function parseSeverity(code: string, sev: string, where: string): [Code, SeveritySetting] {
  if (!(CODES as readonly string[]).includes(code)) throw new UsageError(`${where}: unknown rule code "${code}". See docs/rules.md for the list.`);
  if (!(SEVERITIES as readonly string[]).includes(sev)) throw new UsageError(`${where}: severity for ${code} must be one of ${SEVERITIES.join(', ')}, not "${sev}".`);
  return [code as Code, sev as SeveritySetting];
}

export function ruleSettings(flags: string[], rc: RcFile | null, rcPath: string | null): Partial<Record<Code, SeveritySetting>> {
  const out: Partial<Record<Code, SeveritySetting>> = {};
  for (const [code, sev] of Object.entries(rc?.rules ?? {})) {
    const [c, s] = parseSeverity(code, String(sev), rcPath ?? '.extsvcrc.json');
    out[c] = s;
  }
  for (const f of flags) {
    const m = /^([A-Z0-9_]+)=([a-z]+)$/.exec(f);
    if (m === null) throw new UsageError(`--rule ${f}: expected CODE=off|info|warning|error, e.g. --rule NULL_VALUE=off`);
    const [c, s] = parseSeverity(m[1], m[2], `--rule ${f}`);
    out[c] = s;
  }
  return out;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function useColor(): boolean {
  return process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
}

function write(output: string | undefined, text: string): void {
  if (output !== undefined) writeFileSync(output, text);
  else process.stdout.write(text);
}

interface LintFlags extends EnvOptions {
  format: string;
  output?: string;
  maxWarnings?: string;
  quiet?: boolean;
  rule?: string[];
  checkFiles?: boolean;
  expiryDays?: string;
}

function runLint(files: string[], flags: LintFlags): number {
  if (!isFormat(flags.format)) throw new UsageError(`--format ${flags.format}: expected one of ${FORMATS.join(', ')}`);
  const format: Format = flags.format;
  const cwd = process.cwd();
  const rcFound = findRc(cwd);
  const rules = ruleSettings(flags.rule ?? [], rcFound?.rc ?? null, rcFound?.path ?? null);
  let maxWarnings: number | undefined = rcFound?.rc.maxWarnings;
  if (flags.maxWarnings !== undefined) {
    if (!/^\d+$/.test(flags.maxWarnings)) throw new UsageError(`--max-warnings ${flags.maxWarnings}: expected a whole number`);
    maxWarnings = Number(flags.maxWarnings);
  }
  if (flags.expiryDays !== undefined && !/^\d+$/.test(flags.expiryDays)) throw new UsageError(`--expiry-days ${flags.expiryDays}: expected a whole number of days`);
  if (flags.expiryDays !== undefined && flags.checkFiles !== true) throw new UsageError('--expiry-days works only with --check-files');
  const options: LintOptions = { rules };
  if (flags.checkFiles === true) {
    // Relative cert paths: the gateway opens them from its working directory, which in the
    // official images is the directory of tyk.conf; extsvc uses each config file's directory.
    options.checkFiles = {
      io: (file) => nodeFileIO(dirname(resolve(file))),
      now: new Date(),
      expiryDays: flags.expiryDays === undefined ? DEFAULT_EXPIRY_DAYS : Number(flags.expiryDays),
    };
  }
  const env = loadEnv(flags);
  const targets = files.length > 0 ? files : ['tyk.conf'];
  const inputs: LintFileInput[] = [];
  const unreadable: string[] = [];
  for (const file of targets) {
    try {
      inputs.push({ file, bytes: readInput(file) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      unreadable.push(e.message);
    }
  }
  const result = lint(inputs, env, options);
  if (flags.quiet === true) {
    for (const f of result.files) f.diagnostics = f.diagnostics.filter((d) => d.severity === 'error');
    result.summary = summarize(result.files);
  }
  write(flags.output, report(format, result, { color: flags.output === undefined && useColor(), cwd, toolVersion: VERSION }));
  for (const msg of unreadable) process.stderr.write(`extsvc: ${msg}\n`);
  if (unreadable.length > 0) return 2;
  return exitCodeFor(result, maxWarnings);
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('extsvc')
    .description("Lint, explain and migrate Tyk Gateway's external_services settings, as the gateway really reads them.")
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('lint')
    .description('check tyk.conf files and the TYK_GW_* environment; never writes')
    .argument('[files...]', 'tyk.conf files (default: ./tyk.conf)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('-q, --quiet', 'report errors only')
    .option('--rule <CODE=severity>', 'set a rule to off, info, warning or error (repeatable)', collect)
    .option('--check-files', 'also read cert_file, key_file and ca_file (relative paths from the config file\'s directory)')
    .option('--expiry-days <n>', `with --check-files: warn when a certificate has fewer than n days left (default ${DEFAULT_EXPIRY_DAYS})`)
    .action((files: string[], flags: LintFlags) => {
      process.exitCode = runLint(files, flags);
    });

  registerExplain(program);
  registerMigrate(program, collect);
  return program;
}

export function main(argv: string[]): void {
  try {
    buildProgram().parse(argv);
  } catch (e) {
    process.exitCode = handleError(e);
  }
}

export function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2; // commander has already printed its one line
  }
  if (e instanceof UsageError || e instanceof InputError) {
    process.stderr.write(`extsvc: ${e.message}\n`);
    return 2;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`extsvc: internal error: ${msg.split('\n')[0]} (please report it with the input that caused it)\n`);
  if (process.env.EXTSVC_DEBUG !== undefined && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
  return 2;
}
