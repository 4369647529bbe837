import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from './cli-binary.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
/** Project-local and git-ignored, beside the Temporal CLI. */
export const BUNDLE_CACHE_DIR = join(PROJECT_ROOT, '.tools/workflow-bundles');
// Folders that never hold workflow code: a change there keeps the cached bundle.
const NOT_BUNDLED = new Set(['node_modules', '.git', '.tools', 'data', 'tests', 'bench', 'docs', 'test-results', 'coverage']);

/** Bundles `workflows/` (and interceptor modules, such as tracing's) for the Worker's sandbox in this process; webpack's report goes to the debug log. */
export async function bundleWorkflows(log?: Logger, interceptorModules: readonly string[] = []): Promise<WorkflowBundle> {
  const logger = new DefaultLogger('WARN', (entry) => log?.debug({ bundler: true }, entry.message));
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger, workflowInterceptorModules: [...interceptorModules] });
}

/**
 * The workflow bundle for this checkout, built once in a child process and cached by the hash of the
 * sources and the lockfile. The worker never runs webpack itself: its heap stays ~25 MB smaller and a
 * restart skips the bundling.
 */
export async function cachedWorkflowBundle(log: Logger, interceptorModules: readonly string[] = []): Promise<{ codePath: string }> {
  const codePath = join(
    BUNDLE_CACHE_DIR,
    `workflows-${sourceHash()}${interceptorModules.length > 0 ? `-${createHash('sha256').update(interceptorModules.join('\0')).digest('hex').slice(0, 8)}` : ''}.js`,
  );
  if (existsSync(codePath)) return { codePath };
  const started = Date.now();
  mkdirSync(BUNDLE_CACHE_DIR, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), codePath, ...interceptorModules], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bundling the workflows failed (exit ${code}): ${errors.trim()}`))));
  });
  for (const old of readdirSync(BUNDLE_CACHE_DIR))
    if (join(BUNDLE_CACHE_DIR, old) !== codePath && old.startsWith('workflows-')) rmSync(join(BUNDLE_CACHE_DIR, old), { force: true });
  log.info({ bundle: relative(PROJECT_ROOT, codePath), ms: Date.now() - started }, 'workflows bundled');
  return { codePath };
}

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        if (!NOT_BUNDLED.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.ts')) {
        hash
          .update(relative(PROJECT_ROOT, join(dir, entry.name)))
          .update('\0')
          .update(readFileSync(join(dir, entry.name)))
          .update('\0');
      }
    }
  };
  walk(PROJECT_ROOT);
  hash.update(readFileSync(join(PROJECT_ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 20);
}

// Run as a script (by cachedWorkflowBundle): bundle into the path given, atomically.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2]!;
  const bundle = await bundleWorkflows(undefined, process.argv.slice(3));
  writeFileSync(`${target}.${process.pid}.tmp`, bundle.code);
  renameSync(`${target}.${process.pid}.tmp`, target);
}
