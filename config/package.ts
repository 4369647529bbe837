import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where kaiku's own files are: a checkout runs the TypeScript sources, an installed package runs dist/.

/** The folder of kaiku's package.json, with a trailing slash: the checkout, or `node_modules/kaiku/` when installed. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** kaiku's version, as its package.json says. */
export const KAIKU_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** True when kaiku runs compiled from dist/ (an installed package), false when it runs its sources through tsx. */
export const RUNS_COMPILED = import.meta.url.endsWith('.js');

/** The folder the compiled code runs from: `dist/` when compiled, the package root otherwise. */
export const CODE_ROOT = RUNS_COMPILED ? join(PACKAGE_ROOT, 'dist/') : PACKAGE_ROOT;

function findPackageRoot(from: string): string {
  // dist/ holds no package.json, so the nearest one above is kaiku's in both layouts.
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir.endsWith('/') ? dir : `${dir}/`;
    if (dirname(dir) === dir) throw new Error(`kaiku's package.json is not in ${from} or any folder above it`);
  }
}
