import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { PACKAGE_ROOT } from '../../config/package.js';

/** Pinned: its go.mod has no `replace` directive, so `go install` builds it as published. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** kaiku's own folder: the checkout, or the installed package (see config/package.ts). */
export const PROJECT_ROOT = PACKAGE_ROOT;
/** Project-local and git-ignored: built once, reused by `kaiku dev`, the tests and the benchmarks. */
export const TOOLS_BIN = resolve(PROJECT_ROOT, '.tools/bin');

export class TemporalCliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalCliError';
  }
}

/** `TEMPORAL_CLI`, then `temporal` on PATH, then the tools folder; undefined if none is there. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env, toolsBin = TOOLS_BIN): string | undefined {
  if (env.TEMPORAL_CLI) {
    if (!isExecutable(env.TEMPORAL_CLI)) {
      throw new TemporalCliError(
        `TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file; unset it to let kaiku build the Temporal CLI, or point it at one`,
      );
    }
    return resolve(env.TEMPORAL_CLI);
  }
  for (const directory of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(directory, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  const local = join(toolsBin, 'temporal');
  return isExecutable(local) ? local : undefined;
}

/**
 * Finds the Temporal CLI or builds the pinned version from its Go module with the machine's Go,
 * into the tools folder, once; concurrent callers wait for one build. Nothing is downloaded as a binary.
 */
export async function ensureTemporalCli(options: { env?: NodeJS.ProcessEnv; toolsBin?: string; progress?: (line: string) => void } = {}): Promise<string> {
  const env = options.env ?? process.env;
  const toolsBin = options.toolsBin ?? TOOLS_BIN;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const found = findTemporalCli(env, toolsBin);
  if (found) return found;

  mkdirSync(toolsBin, { recursive: true });
  const lock = join(toolsBin, '.building');
  while (!tryLock(lock)) {
    progress('waiting for another process that is building the Temporal CLI…');
    await new Promise((r) => setTimeout(r, 3000));
    const built = findTemporalCli(env, toolsBin);
    if (built) return built;
  }
  try {
    const again = findTemporalCli(env, toolsBin);
    if (again) return again;
    await buildWithGo(toolsBin, env, progress);
    const built = join(toolsBin, 'temporal');
    if (!isExecutable(built)) throw new TemporalCliError(`go install finished but ${built} is not there`);
    return built;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildWithGo(toolsBin: string, env: NodeJS.ProcessEnv, progress: (line: string) => void): Promise<void> {
  const target = `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`;
  progress(`kaiku: building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${toolsBin} (once; a few minutes)…`);
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn('go', ['install', target], {
      env: { ...env, GOBIN: toolsBin, GOFLAGS: `${env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (line.startsWith('go: downloading')) progress(`  ${line}`);
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    const ticker = setInterval(() => progress(`  still compiling the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)…`), 20_000);
    child.on('error', (error) => {
      clearInterval(ticker);
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new TemporalCliError(
          missing
            ? 'the Temporal CLI is not installed and Go is not on PATH to build it: install Go (https://go.dev/dl), or set TEMPORAL_CLI to a temporal binary, or TEMPORAL_ADDRESS to a running server'
            : `could not run go: ${error.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) {
        progress(`kaiku: built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s`);
        resolvePromise();
      } else {
        reject(new TemporalCliError(`go install ${target} failed (exit ${code}):\n${tail.join('\n')}`));
      }
    });
  });
}

function tryLock(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch {
    // A lock older than 20 minutes belongs to a build that died.
    try {
      if (Date.now() - statSync(path).mtimeMs > 20 * 60_000) rmSync(path, { recursive: true, force: true });
    } catch {
      /* it went away: try again */
    }
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    if (!existsSync(path) || !statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
