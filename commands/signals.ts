import { EXIT } from './exit-codes.js';

// How `kaiku dev`, `worker` and `serve` end: on SIGTERM or SIGINT they stop everything they started.

/** What a long-running command started (worker.ts's `Running`, as far as stopping it goes). */
export interface Stoppable {
  stop(): Promise<void>;
  /** The embedded Temporal dev server's process, signalled if kaiku must exit without a clean stop. */
  devServer?: { pid: number | undefined };
}

export interface RunUntilSignalOptions {
  /** Also stop when the parent process goes away (npx and `sh -c` die of a signal without passing it on). */
  stopWithParent?: boolean;
  /** Where "stopping" notes go (stderr by default). */
  note?: (text: string) => void;
}

/**
 * Starts `start()` and resolves with the exit code once a signal has stopped it. The handlers are in place
 * before anything starts, so a signal during start-up stops whatever has started as soon as it has.
 *
 * @example
 * return runUntilSignal(() => runDev(options), { stopWithParent: true });
 */
export async function runUntilSignal(start: () => Promise<Stoppable>, options: RunUntilSignalOptions = {}): Promise<number> {
  const note = options.note ?? ((text: string) => process.stderr.write(`kaiku: ${text}\n`));
  let running: Stoppable | undefined;
  let requestedAt = 0;
  let requested!: () => void;
  const signalled = new Promise<void>((resolve) => (requested = resolve));

  const onSignal = (signal: NodeJS.Signals | 'the parent process is gone') => {
    if (requestedAt) {
      // A terminal's Ctrl-C reaches kaiku twice (from the terminal and relayed by npm): only a later one means "now".
      if (Date.now() - requestedAt < 1500) return;
      note(`${signal} again: exiting without a clean stop`);
      const pid = running?.devServer?.pid;
      if (pid) signalQuietly(pid);
      process.exit(EXIT.interrupted);
    }
    requestedAt = Date.now();
    note(`${signal}: stopping${running ? '' : ' as soon as it has started'}`);
    requested();
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const parent = process.ppid;
  const watch = options.stopWithParent
    ? setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(watch);
        onSignal('the parent process is gone');
      }, 500)
    : undefined;
  try {
    try {
      running = await start();
    } catch (error) {
      // A signal during start-up can break it (Ctrl-C reaches the bundler too); start cleaned up what it had started.
      if (requestedAt) return EXIT.ok;
      throw error;
    }
    await signalled;
    await running.stop();
    return EXIT.ok;
  } finally {
    clearInterval(watch);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

function signalQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}
