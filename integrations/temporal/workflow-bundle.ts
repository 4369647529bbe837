import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import type { Logger } from 'pino';
import { CODE_ROOT, PACKAGE_ROOT, RUNS_COMPILED } from '../../config/package.js';

/** The workflows' entry: the TypeScript source in a checkout, the compiled `dist/workflows/index.js` when installed. */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`../../workflows/index.${RUNS_COMPILED ? 'js' : 'ts'}`, import.meta.url));
/** In a checkout: project-local and git-ignored, beside the Temporal CLI. */
export const CHECKOUT_BUNDLE_CACHE_DIR = join(PACKAGE_ROOT, '.tools/workflow-bundles');
// Folders that never hold workflow code: a change there keeps the cached bundle.
const NOT_BUNDLED = new Set(['node_modules', '.git', '.tools', 'data', 'dist', 'tests', 'bench', 'docs', 'test-results', 'coverage']);

/** Bundles `workflows/` (and interceptor modules, such as tracing's) for the Worker's sandbox in this process; webpack's report goes to the debug log. */
export async function bundleWorkflows(log?: Logger, interceptorModules: readonly string[] = []): Promise<WorkflowBundle> {
  const logger = new DefaultLogger('WARN', (entry) => log?.debug({ bundler: true }, entry.message));
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger, workflowInterceptorModules: [...interceptorModules] });
}

/**
 * Where bundles are cached: `.tools/workflow-bundles` in a checkout; `<dataDir>/workflow-bundles` when kaiku is an
 * installed package, whose folder belongs to npm (it may be read-only, and `npm ci` empties it).
 */
export function bundleCacheDir(dataDir: string | undefined): string {
  return RUNS_COMPILED && dataDir ? join(resolve(dataDir), 'workflow-bundles') : CHECKOUT_BUNDLE_CACHE_DIR;
}

/**
 * The workflow bundle for this kaiku, built once in a child process and cached by the hash of the code and
 * the lockfile. The worker never runs webpack itself: its heap stays ~25 MB smaller and a restart skips the
 * bundling. When the cache folder cannot be written, the bundle goes to a private temporary folder for this run.
 *
 * @example
 * const bundle = await cachedWorkflowBundle(log, { dataDir: 'data' });   // { codePath: 'data/workflow-bundles/workflows-….js' }
 */
export async function cachedWorkflowBundle(
  log: Logger,
  options: { dataDir?: string | undefined; interceptorModules?: readonly string[] } = {},
): Promise<{ codePath: string }> {
  const interceptorModules = options.interceptorModules ?? [];
  const hash = sourceHash();
  // A bundle with interceptors (tracing on) is its own file beside the plain one.
  const variant = interceptorModules.length > 0 ? `-${createHash('sha256').update(interceptorModules.join('\0')).digest('hex').slice(0, 8)}` : '';
  const name = `workflows-${hash}${variant}.js`;
  let dir = bundleCacheDir(options.dataDir);
  if (existsSync(join(dir, name))) return { codePath: join(dir, name) };
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const fallback = mkdtempSync(join(tmpdir(), 'kaiku-workflows-'));
    log.warn({ dir, reason: (error as Error).message, fallback }, 'cannot write the workflow bundle cache; bundling into a temporary folder for this run');
    dir = fallback;
  }
  const codePath = join(dir, name);
  const started = Date.now();
  await new Promise<void>((resolvePromise, reject) => {
    // The compiled bundler runs on plain node; the TypeScript one needs tsx.
    const script = [fileURLToPath(import.meta.url), codePath, ...interceptorModules];
    const args = RUNS_COMPILED ? script : ['--import', 'tsx', ...script];
    const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`bundling the workflows failed (exit ${code}): ${errors.trim()}`))));
  });
  for (const old of readdirSync(dir)) if (old.startsWith('workflows-') && !old.startsWith(`workflows-${hash}`)) rmSync(join(dir, old), { force: true });
  log.info({ bundle: codePath, ms: Date.now() - started }, 'workflows bundled');
  return { codePath };
}

/** The code the bundle is made of (kaiku's own files, in the form this kaiku runs) and the lockfile that pins the rest. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const extension = RUNS_COMPILED ? '.js' : '.ts';
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        if (!NOT_BUNDLED.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith(extension) && !entry.name.endsWith('.d.ts')) {
        hash
          .update(relative(CODE_ROOT, join(dir, entry.name)))
          .update('\0')
          .update(readFileSync(join(dir, entry.name)))
          .update('\0');
      }
    }
  };
  walk(CODE_ROOT);
  hash.update(readFileSync(join(PACKAGE_ROOT, 'package.json')));
  const lockfile = nearestLockfile(PACKAGE_ROOT);
  if (lockfile) hash.update(readFileSync(lockfile));
  return hash.digest('hex').slice(0, 20);
}

/** The checkout's package-lock.json, or, for an installed kaiku, the programme's above node_modules/. */
function nearestLockfile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package-lock.json'))) return join(dir, 'package-lock.json');
    if (dirname(dir) === dir) return undefined;
  }
}

// Run as a script (by cachedWorkflowBundle): bundle into the path given, atomically.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2]!;
  const bundle = await bundleWorkflows(undefined, process.argv.slice(3));
  writeFileSync(`${target}.${process.pid}.tmp`, bundle.code);
  renameSync(`${target}.${process.pid}.tmp`, target);
}
