/**
 * At most `perHost` requests in flight to one host, however many sources share it: polite to the
 * servers we read, and it lets a poll of many hosts run wide while each host sees a trickle.
 */
export class HostLimiter {
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(readonly perHost: number) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    await this.#acquire(host);
    try {
      return await task();
    } finally {
      this.#release(host);
    }
  }

  #acquire(host: string): Promise<void> {
    const active = this.#active.get(host) ?? 0;
    if (active < this.perHost) {
      this.#active.set(host, active + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.#waiting.get(host) ?? [];
      queue.push(resolve);
      this.#waiting.set(host, queue);
    });
  }

  #release(host: string): void {
    const queue = this.#waiting.get(host);
    const next = queue?.shift();
    if (next) {
      // The slot passes straight to the next waiter; the count stays the same.
      if (queue!.length === 0) this.#waiting.delete(host);
      next();
      return;
    }
    const active = (this.#active.get(host) ?? 1) - 1;
    if (active === 0) this.#active.delete(host);
    else this.#active.set(host, active);
  }
}
