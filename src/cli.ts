/**
 * commander only: parse flags, read files and environment, call the core, pick a reporter,
 * write, set process.exitCode. explain, migrate, the file checks and most reporters load on
 * demand, so a plain lint starts without them.
 */
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CODES, SERVICES, type Code, type FileResult, type LintResult, type SeveritySetting } from './types.js';
import { InputError, UsageError } from './errors.js';
import { writeErr, writeOut } from './stdio.js';
import { refuseOutputOverInput } from './same-file.js';
import { collect, findRc, loadEnv, readInput, useColor, write, type EnvOptions, type RcFile } from './io.js';
import { exitCodeFor, lint, summarize, type LintFileInput, type LintOptions } from './lint.js';
import type { EnvInput } from './env/input.js';
import { FORMATS, isFormat, report, type Format } from './report/index.js';
import { EXPLAIN_FORMATS } from './explain/formats.js';
import { fileSchema } from './config/schema.js';
import { DEFAULT_TYK_VERSION, resolveTykVersion, TYK_VERSIONS, tykVersionNote, unknownTykVersionMessage } from './config/versions.js';

/** Shown in --help; the checks themselves load only with --check-files. */
const DEFAULT_EXPIRY_DAYS = 30;

const VERSION = '0.1.0';
const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;

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

interface LintFlags extends EnvOptions {
  tykVersion?: string;
  upgradeFrom?: string;
  format: string;
  output?: string;
  maxWarnings?: string;
  quiet?: boolean;
  rule?: string[];
  checkFiles?: boolean;
  expiryDays?: string;
  placeholders?: boolean;
}

async function runLint(files: string[], flags: LintFlags): Promise<number> {
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
  if (flags.placeholders === true) options.placeholders = true;
  if (flags.tykVersion !== undefined) {
    const version = resolveTykVersion(flags.tykVersion);
    if (version === undefined) throw new UsageError(unknownTykVersionMessage(flags.tykVersion));
    options.fileSchema = fileSchema(version);
    const note = tykVersionNote(flags.tykVersion, version);
    if (note !== undefined) writeErr(`extsvc: ${note}\n`);
  }
  if (flags.upgradeFrom !== undefined) {
    const from = resolveTykVersion(flags.upgradeFrom);
    if (from === undefined) throw new UsageError(unknownTykVersionMessage(flags.upgradeFrom, '--upgrade-from'));
    options.upgradeFrom = from;
    const note = tykVersionNote(flags.upgradeFrom, from, '--upgrade-from');
    if (note !== undefined) writeErr(`extsvc: ${note}\n`);
  }
  if (flags.checkFiles === true) {
    // Relative cert paths: the gateway opens them from its working directory, which in the
    // official images is the directory of tyk.conf; extsvc uses each config file's directory.
    const { checkFiles, nodeFileIO } = await import('./files/check.js');
    options.checkFiles = {
      check: checkFiles,
      io: (file) => nodeFileIO(dirname(resolve(file))),
      now: new Date(),
      expiryDays: flags.expiryDays === undefined ? DEFAULT_EXPIRY_DAYS : Number(flags.expiryDays),
    };
  }
  const env = await loadEnv(flags);
  const targets = files.length > 0 ? files : ['tyk.conf'];
  refuseOutputOverInput('-o', flags.output, [...targets, ...(flags.envFile ?? [])]);
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
  const result = await lintWithKuma(inputs, env, options);
  if (flags.quiet === true) {
    for (const f of result.files) f.diagnostics = f.diagnostics.filter((d) => d.severity === 'error');
    result.summary = summarize(result.files);
  }
  // A failed run writes no report file: CI uploads what it finds there, and a report without the
  // unreadable files would close their open alerts as fixed (README, CI).
  if (unreadable.length === 0 || flags.output === undefined) {
    write(flags.output, await report(format, result, { color: flags.output === undefined && useColor(), cwd, toolVersion: VERSION }));
  }
  // One line per unreadable file; the last also says that -o was not written.
  unreadable.forEach((msg, i) => {
    const last = i === unreadable.length - 1 && flags.output !== undefined;
    writeErr(`extsvc: ${msg}${last ? ` No report written to ${flags.output}.` : ''}\n`);
  });
  if (unreadable.length > 0) return 2;
  const code = exitCodeFor(result, maxWarnings);
  // As ESLint: said when the warnings alone decide the exit code.
  if (code === 1 && result.summary.errors === 0) writeErr(`extsvc: too many warnings (${result.summary.warnings}, maximum ${maxWarnings})\n`);
  return code;
}

/** YAML files are Kuma resources (src/kuma): linted by Kuma's rules, in command-line order with the rest. */
async function lintWithKuma(inputs: LintFileInput[], env: EnvInput, options: LintOptions): Promise<LintResult> {
  const isYaml = (f: string): boolean => /\.ya?ml$/i.test(f);
  const kumaInputs = inputs.filter((i) => isYaml(i.file));
  if (kumaInputs.length === 0) return lint(inputs, env, options);
  const { lintKumaInputs } = await import('./kuma/command.js');
  const kuma = lintKumaInputs(kumaInputs, options.rules ?? {});
  const tyk = lint(inputs.filter((i) => !isYaml(i.file)), env, options).files;
  const files = inputs.map((i) => (isYaml(i.file) ? kuma.shift() : tyk.shift())).filter((f): f is FileResult => f !== undefined);
  return { files, summary: summarize(files) };
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('extsvc')
    .description("Lint, explain and migrate Tyk Gateway's external_services settings, as the gateway really reads them.")
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    // One line for a usage error, the did-you-mean included.
    .configureOutput({ writeOut, writeErr, outputError: (s, write) => write(`${s.trimEnd().replace(/\n+/g, ' ')}\n`) });

  program
    .command('lint')
    .description('check tyk.conf files and the TYK_GW_* environment; never writes')
    .argument('[files...]', 'tyk.conf files (default: ./tyk.conf); .yaml/.yml files are checked as Kuma ExternalService / MeshExternalService resources')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('-q, --quiet', 'report errors only')
    .option('--rule <CODE=severity>', 'set a rule to off, info, warning or error (repeatable)', collect)
    .option('--tyk-version <version>', `the gateway version whose keys and variables to check against: a recorded one (${TYK_VERSIONS.join(', ')}), a line such as 5.3 or any release of it (5.3.4 uses 5.3.13), latest or master; default ${DEFAULT_TYK_VERSION}, the newest release`)
    .option('--upgrade-from <version>', 'also report what the file and environment set that this older version reads and --tyk-version does not (UPGRADE_NOT_READ)')
    .option('--placeholders', 'check a template: read bare placeholders (LISTEN_PORT, {{ .port }}) as values of the expected type')
    .option('--check-files', 'also read cert_file, key_file and ca_file (relative paths from the config file\'s directory)')
    .option('--expiry-days <n>', `with --check-files: warn when a certificate has fewer than n days left (default ${DEFAULT_EXPIRY_DAYS})`)
    .action(async (files: string[], flags: LintFlags) => {
      process.exitCode = await runLint(files, flags);
    });

  program
    .command('explain')
    .description("show how the gateway really routes a service's outbound requests, and where each value comes from")
    .argument('[service]', `one of ${SERVICES.join(', ')} (default: a table of all five)`)
    .option('-c, --config <file>', 'the tyk.conf to read', 'tyk.conf')
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--url <url>', 'simulate a request to this URL: which proxy, or direct, and why (repeatable)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices([...EXPLAIN_FORMATS]).default('text'))
    .action(async (service: string | undefined, flags) => {
      const { runExplain } = await import('./explain/command.js');
      process.exitCode = await runExplain(service, flags);
    });

  program
    .command('migrate')
    .description('move legacy proxy and TLS settings into external_services; dry run unless --write')
    .argument('[file]', 'tyk.conf to migrate (default: ./tyk.conf)')
    .option('--env-file <path>', 'also rewrite documented-but-unread variable names in this env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment when checking behaviour")
    .option('--write', 'write the result (atomically, after a backup)')
    .option('--check', 'exit 1 when a migration is needed (for CI); writes nothing')
    .option('--keep-legacy', 'add the new settings but leave the legacy keys in place')
    .option('--accept-changes', 'write even when the outbound behaviour would change')
    .option('--backup-dir <dir>', 'where backups go (default: the user data directory)')
    .option('--restore', 'put the latest backup of the file back (refused when the file was edited since migrate wrote it)')
    .option('--force', 'write or restore even over a read-only file, another user\'s file, or edits made since migrate wrote it')
    .action(async (file: string | undefined, flags) => {
      const { runMigrate } = await import('./migrate/command.js');
      process.exitCode = await runMigrate(file, flags);
    });

  program
    .command('egress')
    .description('list every host:port the gateway itself connects to: service, caller, proxy or direct, who speaks TLS to whom')
    .option('-c, --config <file>', 'the tyk.conf to read', 'tyk.conf')
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--apis <path>', 'API definitions (classic or Tyk OAS JSON; directories are walked) whose JWKS, introspection, token, webhook, uptime and discovery URLs to include (repeatable)', collect)
    .option('--url <[service=|caller=]url>', 'another URL the gateway calls, by a service or a caller (jwt-jwk, introspection, webhooks, ...); without either, for each HTTP service (repeatable)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'csv']).default('text'))
    .action(async (flags) => {
      const { runEgress } = await import('./egress/command.js');
      process.exitCode = await runEgress(flags);
    });

  const kuma = program.command('kuma').description('Kuma service mesh: generate and check the ExternalService / MeshExternalService resources the gateway needs');
  const inventoryOptions = (c: Command): Command => c
    .option('-c, --config <file>', 'the tyk.conf to read', 'tyk.conf')
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--apis <path>', 'API definitions whose gateway-side URLs count too (repeatable; directories are walked)', collect)
    .option('--url <[service=|caller=]url>', 'another URL the gateway calls (repeatable)', collect);
  inventoryOptions(kuma.command('generate'))
    .description('print the resources every destination of the gateway needs, with the right protocol and TLS')
    .addOption(new Option('--kind <kind>', 'resource kind').choices(['ExternalService', 'MeshExternalService']).default('MeshExternalService'))
    .addOption(new Option('--format <format>', 'resource form').choices(['universal', 'kubernetes']).default('universal'))
    .option('--mesh <name>', 'the mesh the resources belong to', 'default')
    .option('--namespace <ns>', 'Kubernetes namespace of MeshExternalService and HostnameGenerator', 'kuma-system')
    .action(async (flags) => {
      const { runKumaGenerate } = await import('./kuma/command.js');
      process.exitCode = await runKumaGenerate(flags);
    });
  inventoryOptions(kuma.command('check'))
    .description('check Kuma resource files against every destination the gateway dials; never writes')
    .argument('<resources...>', 'Kuma YAML files or directories (Universal or Kubernetes, multi-document)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--rule <CODE=severity>', 'set a rule to off, info, warning or error (repeatable)', collect)
    .action(async (resources: string[], flags) => {
      const rcFound = findRc(process.cwd());
      const rules = ruleSettings(flags.rule ?? [], rcFound?.rc ?? null, rcFound?.path ?? null);
      const { runKumaCheck } = await import('./kuma/command.js');
      process.exitCode = await runKumaCheck(resources, flags, rules);
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
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
    writeErr(`extsvc: ${e.message}\n`);
    return 2;
  }
  const msg = e instanceof Error ? e.message : String(e);
  writeErr(`extsvc: internal error: ${msg.split('\n')[0]} (please report it with the input that caused it)\n`);
  if (process.env.EXTSVC_DEBUG !== undefined && e instanceof Error) writeErr(`${e.stack ?? ''}\n`);
  return 2;
}
