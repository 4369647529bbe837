import { Context } from '@temporalio/activity';

/** The running activity's context, or undefined when the function is called directly (tests, benchmarks). */
export function currentActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * Heartbeats on a timer while a long step (a slow feed, a page fetch) runs, so Temporal hands the
 * activity to another worker only when this one is really gone. Returns the function that stops it.
 */
export function keepAlive(activity: Context | undefined): () => void {
  const timeout = activity?.info.heartbeatTimeoutMs;
  if (!activity || !timeout) return () => undefined;
  const timer = setInterval(() => activity.heartbeat(), Math.max(200, Math.min(timeout / 3, 10_000)));
  return () => clearInterval(timer);
}
