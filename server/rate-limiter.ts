import { RateLimiterRes } from 'rate-limiter-flexible';
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js';
import type { Store } from '../db/store.js';
import type { RateCounter } from '../db/queries/rate-limits.js';

/**
 * rate-limiter-flexible's algorithm over kaiku's own store (PGlite or PostgreSQL alike), so a limit holds
 * across every process in front of the same database and across restarts.
 *
 * @example
 * const perAddress = new StoreRateLimiter(store, { keyPrefix: 'sign-in:address', points: 5, duration: 15 * 60 });
 * const allowed = await perAddress.take('ulla@city.example'); // false once the sixth try in 15 minutes comes
 */
export class StoreRateLimiter extends RateLimiterStoreAbstract {
  readonly #store: Store;

  constructor(store: Store, options: { keyPrefix: string; points: number; duration: number }) {
    // The library checks that a client is given; ours is the store, held in a private field.
    super({ ...options, storeClient: store });
    this.#store = store;
  }

  /** Consumes one point; false when the key is over its limit (the caller refuses). */
  async take(key: string): Promise<boolean> {
    try {
      await this.consume(key);
      return true;
    } catch (result) {
      if (result instanceof RateLimiterRes) return false;
      throw result;
    }
  }

  // The four hooks RateLimiterStoreAbstract calls: storage only, the counting rules stay the library's.
  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<RateCounter> {
    return this.#store.rateLimits.add(key, points, msDuration, forceExpire);
  }

  _get(key: string): Promise<RateCounter | null> {
    return this.#store.rateLimits.get(key).then((row) => row ?? null);
  }

  _delete(key: string): Promise<boolean> {
    return this.#store.rateLimits.remove(key);
  }

  _getRateLimiterRes(_key: string, changedPoints: number, counter: RateCounter): RateLimiterRes {
    const first = changedPoints === counter.points;
    const consumed = first ? changedPoints : counter.points;
    const msBeforeNext = counter.expire === null ? -1 : Math.max(counter.expire - Date.now(), 0);
    return new RateLimiterRes(Math.max(this.points - consumed, 0), msBeforeNext, consumed, first);
  }
}
