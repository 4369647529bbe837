/**
 * The load generator of bench/redirect, in its own process so that it never shares an event loop with the
 * server it measures: autocannon at a fixed overall rate over the given paths, the result as JSON on stdout.
 *
 *   tsx bench/redirect-load.ts <origin> <rate|max> <seconds> <paths.json>
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [origin, rate, seconds, pathsFile] = process.argv.slice(2) as [string, string, string, string];
const paths = JSON.parse(readFileSync(pathsFile, 'utf8')) as string[];
// rate "max": as fast as the server answers, for a duration (the capacity probe).
const paced =
  rate === 'max'
    ? { connections: 32, duration: Number(seconds) }
    : {
        connections: Number(process.env.BENCH_CONNECTIONS ?? 4),
        overallRate: Number(rate),
        // A fixed number of requests rather than a duration: every request sent is waited for, so the count
        // answered is exact (a duration cuts the requests in flight at its end).
        amount: Number(rate) * Number(seconds),
      };
const result = await autocannon({
  url: origin,
  ...paced,
  // Each connection walks the paths in turn: many advocates' links, as real traffic would be.
  requests: paths.map((path) => ({ method: 'GET', path, headers: { 'user-agent': 'Mozilla/5.0 (bench)' } })),
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    redirects: result['3xx'],
    errors: result.errors + result.timeouts + result.non2xx - result['3xx'],
  }),
);
