// rate-limiter-flexible ships RateLimiterStoreAbstract (the base of its stores) but exports it only from its lib
// folder; its own types describe the class.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import type { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  const StoreAbstract: typeof RateLimiterStoreAbstract;
  export default StoreAbstract;
}
