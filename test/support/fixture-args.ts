/** fixtures/<case>/args, shared by the lint, explain and egress fixture walks. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LintOptions } from '../../src/lint.js';
import { fileSchema } from '../../src/config/schema.js';
import { resolveTykVersion } from '../../src/config/versions.js';

/** Optional fixtures/<case>/args (a JSON array of CLI flags): --tyk-version and --upgrade-from. */
export function fixtureOptions(dir: string): LintOptions {
  const path = join(dir, 'args');
  if (!existsSync(path)) return {};
  const args = JSON.parse(readFileSync(path, 'utf8')) as string[];
  const out: LintOptions = {};
  // Other flags (migrate's --keep-legacy) are not lint's: left to test/migrate.test.ts.
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--tyk-version' && args[i] !== '--upgrade-from') continue;
    const version = resolveTykVersion(args[i + 1] ?? '');
    if (version === undefined) throw new Error(`${path}: ${args[i]} ${args[i + 1]}: not a recorded version`);
    if (args[i] === '--tyk-version') out.fileSchema = fileSchema(version);
    else out.upgradeFrom = version;
    i++;
  }
  return out;
}

