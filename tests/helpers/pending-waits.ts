// What a test is waiting on right now, so a test that times out says which wait never ended (vitest's timeout
// names only the test). tests/setup/report-pending-waits.ts prints them after a failed test.

const pending = new Map<number, { what: string; since: number }>();
let next = 0;

/** Runs `wait`, listed as `what` until it settles. */
export async function tracked<T>(what: string, wait: () => Promise<T>): Promise<T> {
  const id = next++;
  pending.set(id, { what, since: Date.now() });
  try {
    return await wait();
  } finally {
    pending.delete(id);
  }
}

/** The waits not yet settled, oldest first, each with how long it has waited. */
export function pendingWaits(now = Date.now()): string[] {
  return [...pending.values()].map(({ what, since }) => `${what} (for ${Math.round((now - since) / 1000)} s)`);
}

/** Forgets every open wait: one a timed-out test left behind is not the next test's. */
export function forgetPendingWaits(): void {
  pending.clear();
}
