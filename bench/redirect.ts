/**
 * bench/redirect: kaiku's tracked-link endpoint /r/<token> under a fixed 1,000 requests/s for 20 s from
 * autocannon on loopback (its own process), against a bare node:http server answering the same redirects
 * from an in-memory map, run before and after kaiku in the same run. kaiku's server is the real one
 * (createApp, the node adapter): each click's token verified, its event written to the store before the
 * 302 goes out. Afterwards the store's click count must equal the redirects answered: no click lost.
 *
 *   npm run bench:redirect                      # store: a throwaway PostgreSQL cluster (fsync on)
 *   BENCH_RATE=2000 BENCH_SECONDS=10 npm run bench:redirect
 *   BENCH_STORE=pglite npm run bench:redirect   # store: embedded PGlite, as `kaiku dev`
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { sql } from 'kysely';
import { createStore } from '../db/store.js';
import { parseConfigText } from '../config/load.js';
import { sourceKinds } from '../activities/sources/registry.js';
import { createApp } from '../server/app.js';
import { startHttpServer } from '../server/http-server.js';
import { Secret } from '../rules/tokens/secret.js';
import { clickToken } from '../rules/tokens/link-token.js';
import { itemIdFor } from '../activities/normalize-item.js';
import { openBenchStore } from './bench-store.js';
import { PROJECT_ROOT } from '../integrations/temporal/cli-binary.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LINKS = 200;
const log = (line: string) => process.stdout.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'kaiku-bench-redirect-'));

const benchStore = await openBenchStore(work);
const { database } = benchStore;
const store = createStore(database.db);
const { config } = await parseConfigText(
  'program: { name: Bench City }\nadmins: [{ name: A, email: a@example.org }]\nserver: { publicUrl: "https://advocacy.example.org" }\n',
  'bench config',
  { kinds: sourceKinds() },
);

// 200 tracked links: 20 advocates × 10 approved items, as digests hand them out.
const db = database.db;
await sql`insert into sources (id, kind, name, url, topics, settings, fetch_state) values ('news', 'feed', 'News', 'https://example.org/feed', '[]', '{}', '{}')`.execute(
  db,
);
const items = Array.from({ length: 10 }, (_, i) => `https://example.org/news/${i}`);
for (const url of items)
  await sql`insert into items (id, url, source_id, title, topics, categories, state) values (${itemIdFor(url)}, ${url}, 'news', ${url}, '[]', '[]', 'approved')`.execute(
    db,
  );
const advocates = await store.advocates.upsert(
  Array.from({ length: 20 }, (_, i) => ({
    email: `advocate${i}@example.org`,
    name: `Advocate ${i}`,
    language: 'en',
    timeZone: 'UTC',
    branch: null,
    topics: [],
    networks: ['linkedin' as const],
    mastodonInstance: null,
  })),
);
void advocates;
const ids = (await db.selectFrom('advocates').select('id').orderBy('id').execute()).map((row) => String(row.id));
const secret = new Secret(randomBytes(32));
const links = ids.flatMap((advocateId) => items.map((url) => ({ path: `/r/${clickToken(secret, advocateId, itemIdFor(url))}`, url })));
if (links.length !== LINKS) throw new Error(`expected ${LINKS} links`);
const pathsFile = join(work, 'paths.json');
writeFileSync(pathsFile, JSON.stringify(links.map((link) => link.path)));

// The bare baseline: the same redirects from a map, no token check, nothing written.
const map = new Map(links.map((link) => [link.path, link.url]));
const bare = createServer((req, res) => {
  const target = map.get(req.url ?? '');
  if (!target) return void res.writeHead(404).end();
  res.writeHead(302, { location: target, 'cache-control': 'private, max-age=0' }).end();
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareOrigin = `http://127.0.0.1:${(bare.address() as { port: number }).port}`;

const app = createApp({ store, database, config, secret, demo: false, log: pino({ level: 'warn' }) });
const serverSide: number[] = [];
const timed = {
  fetch: async (request: Request, env: unknown) => {
    const t0 = performance.now();
    const response = await app.fetch(request, env as never);
    serverSide.push(performance.now() - t0);
    return response;
  },
};
const kaiku = await startHttpServer(timed as never, { host: '127.0.0.1', port: 0 });

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  redirects: number;
  errors: number;
}
const load = async (origin: string, seconds = SECONDS, rate: number | 'max' = RATE): Promise<Load> => {
  const { stdout } = await promisify(execFile)(
    join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
    ['bench/redirect-load.ts', origin, String(rate), String(seconds), pathsFile],
    {
      cwd: PROJECT_ROOT,
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as Load;
};
const clicks = async () => Number((await sql<{ n: string }>`select count(*) as n from link_events where kind = 'click'`.execute(db)).rows[0]!.n);

log(`bench/redirect: ${RATE} requests/s for ${SECONDS} s over ${LINKS} tracked links; store ${benchStore.name}; load from autocannon in its own process`);
await load(bareOrigin, 3); // warm-up of the load generator and both servers
await load(kaiku.url, 3);
await new Promise((resolve) => setTimeout(resolve, 500));
const warmClicks = await clicks();
const before = await load(bareOrigin);
const loop = monitorEventLoopDelay({ resolution: 1 });
serverSide.length = 0;
loop.enable();
const measured = await load(kaiku.url);
loop.disable();
const after = await load(bareOrigin);
const stored = (await clicks()) - warmClicks;
serverSide.sort((a, b) => a - b);
log(
  `event loop delay during kaiku's run: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} p99 ${(loop.percentile(99) / 1e6).toFixed(1)} max ${(loop.max / 1e6).toFixed(1)} ms`,
);
log(
  `server-side: p50 ${serverSide[Math.floor(serverSide.length * 0.5)]!.toFixed(2)} p99 ${serverSide[Math.floor(serverSide.length * 0.99)]!.toFixed(2)} max ${serverSide.at(-1)!.toFixed(1)} ms over ${serverSide.length}`,
);

const baseline = (before.rps + after.rps) / 2;
const row = (name: string, r: Load) =>
  `${name.padEnd(26)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   max ${String(r.max).padStart(4)} ms   ${r.redirects} answered, ${r.errors} errors`;
log(row('bare node:http (before)', before));
log(row('kaiku /r/<token>', measured));
log(row('bare node:http (after)', after));
const ratio = measured.rps / baseline;
const lost = measured.redirects - stored;
log(`ratio ${ratio.toFixed(2)}× the bare server's req/s (goal ≥ 0.5×) ${ratio >= 0.5 ? '✓' : '✗'}`);
log(`kaiku p99 ${measured.p99} ms (goal ≤ 10 ms) ${measured.p99 <= 10 ? '✓' : '✗'}`);
log(`clicks in the store ${stored} for ${measured.redirects} redirects answered: ${lost === 0 ? 'none lost ✓' : `${lost} lost ✗`}`);

// Not a goal, for the record: how far each goes unpaced (32 connections, 5 s each).
const bareMax = await load(bareOrigin, 5, 'max');
const kaikuMax = await load(kaiku.url, 5, 'max');
log(
  `capacity unpaced: bare ${bareMax.rps.toFixed(0)} req/s (p99 ${bareMax.p99} ms), kaiku ${kaikuMax.rps.toFixed(0)} req/s (p99 ${kaikuMax.p99} ms): ${(kaikuMax.rps / bareMax.rps).toFixed(2)}×`,
);

await kaiku.close();
bare.close();
await database.close();
await benchStore.drop();
rmSync(work, { recursive: true, force: true });
process.exit(ratio >= 0.5 && measured.p99 <= 10 && lost === 0 ? 0 : 1);
