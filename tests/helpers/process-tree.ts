import { readdirSync, readFileSync } from 'node:fs';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { collectLines } from './kaiku-process.js';
import { waitFor } from './mail.js';

// Processes as Linux's /proc shows them: which ones a command started, and whether they are gone.

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Clock ticks since boot when it started: a pid reused by a new process has another. */
  startTime: string;
  cmdline: string;
}

function read(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold anything, so the fields are read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), startTime: fields[19]!, cmdline };
  } catch {
    return undefined;
  }
}

/** Every process below `pid` now (children, their children, ...). */
export function descendantsOf(pid: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => read(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const found: ProcessInfo[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const child of all.filter((info) => info.ppid === parent)) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Still running (a zombie has exited; its parent has not read its status yet). */
export function isRunning(process: ProcessInfo): boolean {
  const now = read(process.pid);
  if (!now || now.startTime !== process.startTime) return false;
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${process.pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Waits until every one of `processes` has exited; resolves with those still running after `timeoutMs`. */
export async function survivorsAfter(processes: readonly ProcessInfo[], timeoutMs: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = processes.filter(isRunning);
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A command whose output is collected line by line, to wait for a line and for its exit. */
export class Command {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly child: ChildProcess;

  constructor(command: string, args: string[], options: SpawnOptions) {
    this.child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    collectLines(this.child.stdout!, this.output);
    collectLines(this.child.stderr!, this.output);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the first line matching `pattern`; fails at once with its last lines when the command exits first. No window of its own. */
  waitFor(pattern: RegExp): Promise<string> {
    return waitFor(`the command to print ${pattern}`, async () => {
      const line = this.output.find((l) => pattern.test(l));
      if (line) return line;
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`exited (${this.child.exitCode ?? this.child.signalCode}) before printing ${pattern}:\n${this.output.slice(-30).join('\n')}`);
      return undefined;
    });
  }
}

/** The environment of this process with `changes` applied (undefined removes a variable). */
export function envWith(changes: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries({ ...process.env, ...changes }).filter(([, value]) => value !== undefined)) as NodeJS.ProcessEnv;
}
