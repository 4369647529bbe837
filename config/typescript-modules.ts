import { RUNS_COMPILED } from './package.js';

// An installed kaiku runs compiled JavaScript on plain node; a programme's own source kinds may still be TypeScript.

const TYPESCRIPT = /\.[cm]?tsx?$/;
let registered = false;

/**
 * Before `import(specifier)`: when it names a TypeScript file and kaiku itself runs compiled, registers tsx's
 * loader (once), so `sourceModules: [./sources/intranet-news.ts]` loads. A checkout already runs under tsx.
 *
 * @example
 * await prepareImport('./sources/intranet-news.ts');
 * const module = await import(url);
 */
export async function prepareImport(specifier: string): Promise<void> {
  if (registered || !RUNS_COMPILED || !TYPESCRIPT.test(specifier)) return;
  const { register } = await import('tsx/esm/api');
  register();
  registered = true;
}
