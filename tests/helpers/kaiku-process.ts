import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import { waitFor } from './mail.js';

/**
 * Pushes each whole line `stream` writes into `lines`, as it arrives. A line split across chunks (a pipe
 * delivers 64 KB at a time) stays one line; a last line without a newline is pushed when the stream ends.
 */
export function collectLines(stream: NodeJS.ReadableStream, lines: string[]): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  stream.on('end', () => void (rest && lines.push(rest)));
}

/** `kaiku <args>` as its own process (the CLI as a user runs it), so a test can SIGKILL it. */
export class KaikuProcess {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    collectLines(child.stdout!, this.output);
    collectLines(child.stderr!, this.output);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static start(args: string[], env: Record<string, string | undefined>): KaikuProcess {
    const clean = Object.fromEntries(Object.entries({ ...process.env, LOG_FORMAT: 'json', ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli.ts', ...args], { cwd: PROJECT_ROOT, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    return new KaikuProcess(child);
  }

  /** The first line matching `pattern`, as soon as kaiku prints it; throws with its last lines if it exits first. No window of its own. */
  async waitForOutput(pattern: RegExp): Promise<string> {
    return waitFor(`kaiku to print ${pattern}`, async () => {
      const line = this.output.find((l) => pattern.test(l));
      if (line) return line;
      if (this.child.exitCode !== null)
        throw new Error(`kaiku exited (${this.child.exitCode}) before printing ${pattern}:\n${this.output.slice(-30).join('\n')}`);
      return undefined;
    });
  }

  /** SIGKILL: no handler runs, nothing is flushed, as when the machine loses power. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/**
 * `waitFor` for a check that may throw while a server is down (a throw counts as "not yet"), polled every 250 ms.
 * Like `waitFor`, no window of its own: the enclosing test's timeout ends a wait for an event that never comes.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  const found = await waitFor(
    what,
    async () => {
      const value = await check().catch(() => undefined);
      return value === undefined || value === false ? undefined : { value };
    },
    250,
  );
  return found.value;
}
