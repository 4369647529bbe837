import { isGrpcServiceError, type Client } from '@temporalio/client';

/**
 * How long the HTTP server waits on Temporal before telling the person to try again. A person is
 * answered in under 2 s: a reachability check first (its own deadline), then the call itself.
 */
export const HTTP_TEMPORAL_DEADLINE = { probeMs: 700, callMs: 1_200 } as const;

/**
 * Temporal did not answer in time. `changed: false` when kaiku knows nothing was handed over (the
 * check before the call failed); `'unknown'` when the call itself ran out of time (it may still land).
 */
export class TemporalUnavailableError extends Error {
  constructor(
    readonly changed: false | 'unknown',
    cause: unknown,
    message?: string,
  ) {
    super(
      message ??
        (changed === false
          ? 'kaiku cannot take decisions for a moment; nothing was changed; try again in a minute.'
          : 'kaiku did not hear back in time; what you sent may still go through. Look again in a minute before you try again.'),
      { cause },
    );
    this.name = 'TemporalUnavailableError';
  }
}

/** True for the errors of a Temporal server that is down, frozen or out of reach (not for a refusal). */
export function isTemporalUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    // 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE (gRPC status codes)
    if (isGrpcServiceError(e) && (e.code === 4 || e.code === 14)) return true;
    if (e instanceof Error && /DEADLINE_EXCEEDED|UNAVAILABLE|deadline exceeded/i.test(e.message)) return true;
  }
  return false;
}

/**
 * Throws `TemporalUnavailableError(false)` unless Temporal answers a cheap call within `ms`: call it before
 * anything is recorded or sent, so that "nothing was changed" is true. `message` words it for the form.
 */
export async function ensureTemporalReachable(client: Client, ms: number = HTTP_TEMPORAL_DEADLINE.probeMs, message?: string): Promise<void> {
  try {
    await client.withDeadline(Date.now() + ms, () => client.workflowService.getSystemInfo({}));
  } catch (error) {
    throw new TemporalUnavailableError(false, error, message);
  }
}

/** Runs `fn`'s Temporal calls with a deadline of `ms`; running out of time becomes `TemporalUnavailableError('unknown')`. */
export async function withTemporalDeadline<T>(client: Client, ms: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + ms, fn);
  } catch (error) {
    if (isTemporalUnreachable(error)) throw new TemporalUnavailableError('unknown', error);
    throw error;
  }
}
