import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The repository root: tests run from dist/test/, two levels below it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = join(ROOT, 'fixtures');
export const BIN = join(ROOT, 'bin', 'extsvc.js');
