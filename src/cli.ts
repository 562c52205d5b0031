/**
 * commander only: parse flags, read files and environment, call the core, pick a reporter,
 * write, set process.exitCode. explain, migrate, the file checks, the rc file's validator and
 * most reporters load on demand, so a plain lint starts without them.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { SERVICES, type FileResult, type LintResult } from './types.js';
import { InputError, UsageError } from './errors.js';
import { writeErr, writeOut } from './stdio.js';
import { refuseOutputOverInput } from './same-file.js';
import { collect, loadEnv, readInput, readStdin, useColor, write } from './io.js';
import { exitCodeFor, lint, summarize, type LintFileInput, type LintOptions } from './lint.js';
import type { EnvInput } from './env/input.js';
import { FORMATS, report } from './report/index.js';
import { EXPLAIN_FORMATS } from './explain/formats.js';
import { fileSchema } from './config/schema.js';
import { DEFAULT_TYK_VERSION, TYK_VERSIONS, type TykVersion } from './config/versions.js';
import { DEFAULT_EXPIRY_DAYS, printConfig, resolveLintSettings, resolveTykVersionSetting, type LintFlagValues, type TykVersionSetting } from './settings/lint-settings.js';
import { expandTargets, isKumaFileName } from './inputs.js';
import type { Rc } from './settings/rc.js';

const VERSION = '0.1.0';
const RC_NAME = '.extsvcrc.json';

interface LintFlags extends LintFlagValues {
  config?: string | false;
  printConfig?: boolean;
  stdinFilename?: string;
}

/** The nearest .extsvcrc.json from `cwd` upward, or null. */
function findRcPath(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const p = join(dir, RC_NAME);
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) return null;
  }
}

async function loadRc(flag: string | false | undefined, cwd: string): Promise<Rc | null> {
  if (flag === false) return null;
  const path = flag ?? findRcPath(cwd);
  if (path === null) return null;
  const { readRc } = await import('./settings/rc.js');
  return readRc(path, flag !== undefined);
}

async function runLint(files: string[], flags: LintFlags, cmd: Command): Promise<number> {
  const cwd = process.cwd();
  // commander fills in true for --no-process-env's positive side: only an explicit flag counts.
  const given: LintFlagValues = { ...flags, processEnv: cmd.getOptionValueSource('processEnv') === 'cli' ? flags.processEnv : undefined };
  const rc = await loadRc(flags.config, cwd);
  const resolved = resolveLintSettings(rc, given, cwd);
  if (flags.printConfig === true) {
    writeOut(printConfig(resolved));
    return 0;
  }
  const s = resolved.settings;
  for (const note of resolved.notes) writeErr(`extsvc: ${note}\n`);
  const options: LintOptions = { rules: s.rules, fileSchema: fileSchema(s.tykVersion) };
  if (s.placeholders) options.placeholders = true;
  if (s.upgradeFrom !== undefined) options.upgradeFrom = s.upgradeFrom;
  if (s.checkFiles) {
    // Relative cert paths: the gateway opens them from its working directory, which in the
    // official images is the directory of tyk.conf; extsvc uses each config file's directory.
    const { checkFiles, nodeFileIO } = await import('./files/check.js');
    options.checkFiles = {
      check: checkFiles,
      io: (file) => nodeFileIO(dirname(resolve(file))),
      now: new Date(),
      expiryDays: s.expiryDays,
    };
  }
  const env = await loadEnv({ envFile: s.envFiles, processEnv: s.processEnv });
  const inputs: LintFileInput[] = [];
  const unreadable: string[] = [];
  const omit = s.processEnv && process.env.TYK_GW_OMITCONFIGFILE?.toLowerCase() === 'true';
  if (files.length === 0 && !existsSync('tyk.conf') && (s.envFiles.length > 0 || omit)) {
    // An environment-only deployment (TYK_GW_OMITCONFIGFILE=true, no tyk.conf, as in Tyk's
    // docker setups): the gateway starts from an empty Config and applies the environment
    // (config.Load), so the environment is checked against an empty file, and that the file is
    // not read is no finding (unless a setting asks for it).
    if (flags.stdinFilename !== undefined) throw new UsageError('--stdin-filename works only with "-" among the files (extsvc lint - --stdin-filename tyk.conf).');
    refuseOutputOverInput('-o', s.output, s.envFiles);
    options.rules = { ENV_OMIT_CONFIG_FILE: 'off', ...options.rules };
    inputs.push({ file: ENV_ONLY, bytes: new TextEncoder().encode('{}') });
  } else {
    const targets = await expandTargets(files.length > 0 ? files : ['tyk.conf'], flags.stdinFilename, cwd);
    refuseOutputOverInput('-o', s.output, [...targets.flatMap((t) => (t.kind === 'file' ? [t.path] : [])), ...s.envFiles]);
    for (const t of targets) {
      try {
        if (t.kind === 'error') throw new InputError(t.message);
        inputs.push(t.kind === 'stdin' ? { file: t.name, bytes: readStdin() } : { file: t.path, bytes: readInput(t.path) });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        unreadable.push(e.message);
      }
    }
  }
  const result = await lintWithKuma(inputs, env, options);
  if (s.quiet) {
    for (const f of result.files) f.diagnostics = f.diagnostics.filter((d) => d.severity === 'error');
    result.summary = summarize(result.files);
  }
  // A failed run writes no report file: CI uploads what it finds there, and a report without the
  // unreadable files would close their open alerts as fixed (README, CI).
  if (unreadable.length === 0 || s.output === undefined) {
    write(s.output, await report(s.format, result, { color: s.output === undefined && useColor(), cwd, toolVersion: VERSION }));
  }
  // One line per unreadable file; the last also says that -o was not written.
  unreadable.forEach((msg, i) => {
    const last = i === unreadable.length - 1 && s.output !== undefined;
    writeErr(`extsvc: ${msg}${last ? ` No report written to ${s.output}.` : ''}\n`);
  });
  if (unreadable.length > 0) return 2;
  const code = exitCodeFor(result, s.maxWarnings);
  // As ESLint: said when the warnings alone decide the exit code.
  if (code === 1 && result.summary.errors === 0) writeErr(`extsvc: too many warnings (${result.summary.warnings}, maximum ${s.maxWarnings})\n`);
  return code;
}

/** The versions --tyk-version takes, for the help of every command that has it. */
const VERSION_CHOICES = `a recorded one (${TYK_VERSIONS.join(', ')}), a line such as 5.3 or any release of it (5.3.4 uses 5.3.13), latest or master; default ${DEFAULT_TYK_VERSION}, the newest release, or tykVersion in ${RC_NAME}`;

/**
 * The gateway version explain, egress and kuma model: --tyk-version, else the nearest
 * .extsvcrc.json's tykVersion, resolved as lint resolves it (the same notes on stderr).
 */
/** `check`: refuses a version the command cannot model (before its note is printed, so a refusal is one line). */
async function modelVersionSetting(flag: string | undefined, check?: (s: TykVersionSetting) => void): Promise<TykVersionSetting> {
  const notes: string[] = [];
  const setting = resolveTykVersionSetting(await loadRc(undefined, process.cwd()), flag, notes);
  check?.(setting);
  for (const note of notes) writeErr(`extsvc: ${note}\n`);
  return setting;
}

async function modelVersion(flag: string | undefined): Promise<TykVersion> {
  return (await modelVersionSetting(flag)).version;
}

/** The name an environment-only lint reports under: no tyk.conf exists. */
export const ENV_ONLY = '(environment only: no tyk.conf)';

/** --color / --no-color as FORCE_COLOR, which both bundles' colour check (io.ts useColor) reads. */
function applyColorFlag(program: Command): void {
  const color = program.opts<{ color?: boolean }>().color;
  if (program.getOptionValueSource('color') !== 'cli') return;
  process.env.FORCE_COLOR = color === true ? '1' : '0';
}

/** YAML files are Kuma resources (src/kuma): linted by Kuma's rules, in command-line order with the rest. */
async function lintWithKuma(inputs: LintFileInput[], env: EnvInput, options: LintOptions): Promise<LintResult> {
  const kumaInputs = inputs.filter((i) => isKumaFileName(i.file));
  if (kumaInputs.length === 0) return lint(inputs, env, options);
  const { lintKumaInputs } = await import('./kuma/command.js');
  const kuma = lintKumaInputs(kumaInputs, options.rules ?? {});
  const tyk = lint(inputs.filter((i) => !isKumaFileName(i.file)), env, options).files;
  // Config files in input order, then the environment's entries (lint's gatherEnvironment).
  const files = [...inputs.map((i) => (isKumaFileName(i.file) ? kuma.shift() : tyk.shift())).filter((f): f is FileResult => f !== undefined), ...tyk];
  return { files, summary: summarize(files) };
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('extsvc')
    .description("Lint, explain and migrate Tyk Gateway's external_services settings, as the gateway really reads them.")
    .version(VERSION)
    .option('--color', 'colour the output even when it is not a terminal (as FORCE_COLOR=1)')
    .option('--no-color', 'never colour the output (as NO_COLOR or FORCE_COLOR=0)')
    .showSuggestionAfterError(true)
    .exitOverride()
    // One line for a usage error, the did-you-mean included.
    .configureOutput({ writeOut, writeErr, outputError: (s, write) => write(`${s.trimEnd().replace(/\n+/g, ' ')}\n`) })
    .hook('preAction', () => applyColorFlag(program));

  program
    .command('lint')
    .description('check tyk.conf files and the TYK_GW_* environment; never writes')
    .argument('[files...]', 'tyk.conf files, directories (every *.conf in them), glob patterns, or - for standard input (default: ./tyk.conf; with only --env-file and no ./tyk.conf, the environment alone); .yaml/.yml files are checked as Kuma ExternalService / MeshExternalService resources')
    .addOption(new Option('-f, --format <format>', 'output format (default: stylish)').choices([...FORMATS]))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('-q, --quiet', 'report errors only')
    .option('--rule <CODE=severity>', 'set a rule to off, info, warn(ing) or error (repeatable)', collect)
    .option('--tyk-version <version>', `the gateway version whose keys and variables to check against: ${VERSION_CHOICES}`)
    .option('--upgrade-from <version>', 'also report what the file and environment set that this older version reads and --tyk-version does not (UPGRADE_NOT_READ)')
    .option('--placeholders', 'check a template: read bare placeholders (LISTEN_PORT, {{ .port }}) as values of the expected type')
    .option('--check-files', 'also read cert_file, key_file and ca_file (relative paths from the config file\'s directory)')
    .option('--expiry-days <n>', `with --check-files: warn when a certificate has fewer than n days left (default ${DEFAULT_EXPIRY_DAYS})`)
    .option('--stdin-filename <name>', 'with -: the name to report standard input under')
    .option('--config <path>', `read settings from this file instead of the nearest ${RC_NAME}`)
    .option('--no-config', `ignore every ${RC_NAME}`)
    .option('--print-config', 'print the settings in force (rc file, each value and its source, every rule\'s severity) and exit')
    .action(async (files: string[], flags: LintFlags, cmd: Command) => {
      process.exitCode = await runLint(files, flags, cmd);
    });

  program
    .command('rules')
    .description('list every rule code with its default severity and title, or print one rule\'s documentation')
    .argument('[code]', 'a rule code, e.g. BYPASS_NEVER_MATCHES')
    .action(async (code: string | undefined) => {
      const { runRules } = await import('./rules-command.js');
      writeOut(runRules(code));
    });

  program
    .command('explain')
    .description("show how the gateway really routes a service's outbound requests, and where each value comes from")
    .argument('[service]', `one of ${SERVICES.join(', ')} (default: a table of all five)`)
    .option('-c, --tyk-conf <file>', 'the tyk.conf to read (default: ./tyk.conf)')
    .addOption(new Option('--config <file>', 'deprecated spelling of --tyk-conf').hideHelp())
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--url <url>', 'simulate a request to this URL: which proxy, or direct, and why (repeatable)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices([...EXPLAIN_FORMATS]).default('text'))
    .option('--tyk-version <version>', `the gateway version to model (callers and clients differ between versions): ${VERSION_CHOICES}`)
    .action(async (service: string | undefined, flags: { tykConf?: string; config?: string; tykVersion?: string; format: string }) => {
      if (flags.config !== undefined) {
        writeErr(`extsvc: explain --config is deprecated: use --tyk-conf (or -c) for the tyk.conf; --config names the ${RC_NAME} in lint.\n`);
        if (flags.tykConf !== undefined) throw new UsageError('explain: give the tyk.conf once, with --tyk-conf (or -c).');
      }
      const { tykConf, config, tykVersion, ...rest } = flags;
      const version = await modelVersion(tykVersion);
      const { runExplain } = await import('./explain/command.js');
      process.exitCode = await runExplain(service, { ...rest, config: tykConf ?? config ?? 'tyk.conf', tykVersion: version } as Parameters<typeof runExplain>[1]);
    });

  program
    .command('migrate')
    .description('move legacy proxy and TLS settings into external_services; dry run unless --write')
    .argument('[file]', 'tyk.conf to migrate (default: ./tyk.conf)')
    .option('--env-file <path>', 'also rewrite documented-but-unread variable names in this env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment when checking behaviour")
    .option('--write', 'write the result (atomically, after a backup)')
    .option('--check', 'exit 1 when there are edits to make or items that need a human (for CI); writes nothing')
    .option('--keep-legacy', 'add the new settings but leave the legacy keys in place')
    .option('--fix-syntax', 'also remove what makes the gateway discard the file: a UTF-8 BOM, comments (each listed), trailing commas')
    .option('--accept-changes', 'write even with unexpected differences in outbound behaviour or weakened TLS')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--tyk-version <version>', `the gateway version to model before and after, 5.10 or later: ${VERSION_CHOICES}`)
    .option('--backup-dir <dir>', 'where backups go (default: the user data directory)')
    .option('--restore', 'put the latest backup of the file back (refused when the file was edited since migrate wrote it)')
    .option('--force', 'write or restore even over a read-only file, another user\'s file, or edits made since migrate wrote it')
    .action(async (file: string | undefined, flags) => {
      const { runMigrate, requireMigratable } = await import('./migrate/command.js');
      // --tyk-version, else the rc file's tykVersion, as explain, egress and kuma take it (a restore models nothing).
      const tykVersion = flags.restore === true ? undefined : await modelVersionSetting(flags.tykVersion, (s) => requireMigratable(s.version, s.given, s.where));
      process.exitCode = await runMigrate(file, { ...flags, tykVersion });
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
    .option('--tyk-version <version>', `the gateway version to model: ${VERSION_CHOICES}`)
    .action(async (flags) => {
      const tykVersion = await modelVersion(flags.tykVersion);
      const { runEgress } = await import('./egress/command.js');
      process.exitCode = await runEgress({ ...flags, tykVersion });
    });

  const kuma = program.command('kuma').description('Kuma service mesh: generate and check the ExternalService / MeshExternalService resources the gateway needs');
  const inventoryOptions = (c: Command): Command => c
    .option('-c, --config <file>', 'the tyk.conf to read', 'tyk.conf')
    .option('--env-file <path>', 'read variables from a docker-compose style env file (repeatable)', collect)
    .option('--no-process-env', "ignore this process's own environment")
    .option('--apis <path>', 'API definitions whose gateway-side URLs count too (repeatable; directories are walked)', collect)
    .option('--url <[service=|caller=]url>', 'another URL the gateway calls (repeatable)', collect)
    .option('--tyk-version <version>', `the gateway version to model: ${VERSION_CHOICES}`);
  inventoryOptions(kuma.command('generate'))
    .description('print the resources every destination of the gateway needs, with the right protocol and TLS')
    .addOption(new Option('--kind <kind>', 'resource kind').choices(['ExternalService', 'MeshExternalService']).default('MeshExternalService'))
    .addOption(new Option('--format <format>', 'resource form').choices(['universal', 'kubernetes']).default('universal'))
    .option('--mesh <name>', 'the mesh the resources belong to', 'default')
    .option('--namespace <ns>', 'Kubernetes namespace of MeshExternalService and HostnameGenerator', 'kuma-system')
    .action(async (flags) => {
      const tykVersion = await modelVersion(flags.tykVersion);
      const { runKumaGenerate } = await import('./kuma/command.js');
      process.exitCode = await runKumaGenerate({ ...flags, tykVersion });
    });
  inventoryOptions(kuma.command('check'))
    .description('check Kuma resource files against every destination the gateway dials; never writes')
    .argument('<resources...>', 'Kuma YAML files or directories (Universal or Kubernetes, multi-document)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--rule <CODE=severity>', 'set a rule to off, info, warn(ing) or error (repeatable)', collect)
    .action(async (resources: string[], flags) => {
      // Rule severities and the gateway version as lint reads them: the nearest .extsvcrc.json, then the flags.
      const cwd = process.cwd();
      const resolved = resolveLintSettings(await loadRc(undefined, cwd), { rule: flags.rule, tykVersion: flags.tykVersion }, cwd);
      for (const note of resolved.notes) writeErr(`extsvc: ${note}\n`);
      const { runKumaCheck } = await import('./kuma/command.js');
      process.exitCode = await runKumaCheck(resources, { ...flags, tykVersion: resolved.settings.tykVersion, toolVersion: VERSION }, resolved.settings.rules);
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
