/**
 * bench/ingest: kaiku's first and second poll of 200 feeds × 50 items on loopback, against a naive
 * sequential loop of rss-parser's parseURL over the same feeds, in the same run.
 *
 *   npm run bench:ingest                       # 100 ms server latency (a real feed server's time to first byte)
 *   BENCH_LATENCY_MS=0 npm run bench:ingest    # loopback speed: parsing and storing dominate
 *
 * kaiku's poll goes through everything production does: a pollSource workflow per source on the
 * Temporal dev server, the fetch activity (limits, per-host cap, conditional GET), normalisation,
 * dedup, PGlite, and an approval workflow started per new item.
 */
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import pino from 'pino';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ensureTemporalCli } from '../integrations/temporal/cli-binary.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { bundleWorkflows } from '../integrations/temporal/workflow-bundle.js';
import { createStandaloneWorker } from '../tests/helpers/standalone-worker.js';
import { pollSource, type PollSourceResult } from '../workflows/poll-source.js';
import { rowVersions } from '../tests/helpers/snapshot.js';
import { entries, rss2 } from '../tests/helpers/feeds.js';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 20);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);

// 20 loopback addresses (127.0.0.1 … 127.0.0.20) stand for 20 organisations' web servers.
const servers: Server[] = [];
const feedBodies = new Map<string, { body: string; etag: string }>();
let requests = 0;
for (let host = 1; host <= HOSTS; host++) {
  const address = `127.0.0.${host}`;
  const server = createServer((req, res) => {
    requests++;
    const feed = feedBodies.get(`${address}${req.url}`);
    setTimeout(() => {
      if (!feed) return void res.writeHead(404).end();
      if (req.headers['if-none-match'] === feed.etag) return void res.writeHead(304, { etag: feed.etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: feed.etag });
      res.end(feed.body);
    }, LATENCY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  servers.push(server);
}
const urls: string[] = [];
for (let i = 0; i < FEEDS; i++) {
  const server = servers[i % HOSTS]!;
  const address = server.address() as { address: string; port: number };
  const base = `http://${address.address}:${address.port}`;
  const body = rss2(`Feed ${i}`, entries(`${base}/feed-${i}`, ITEMS, `story`));
  feedBodies.set(`${address.address}/feed-${i}.xml`, { body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 12)}"` });
  urls.push(`${base}/feed-${i}.xml`);
}
const total = FEEDS * ITEMS;
const log = (line: string) => process.stdout.write(`${line}\n`);
log(`bench/ingest: ${FEEDS} feeds × ${ITEMS} items (${total} items) on ${HOSTS} loopback hosts, ${LATENCY_MS} ms server latency`);

// Baseline: the naive loop, one feed after another.
const parser = new Parser();
let naiveItems = 0;
const naiveStarted = performance.now();
for (const url of urls) naiveItems += (await parser.parseURL(url)).items.length;
const naiveSeconds = (performance.now() - naiveStarted) / 1000;

// kaiku: the real pipeline on the Temporal dev server and PGlite.
Runtime.install({ logger: new DefaultLogger('WARN') });
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: await ensureTemporalCli() }, ip: '127.0.0.1' } });
const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: 'memory://' });
await migrate(database);
const quiet = pino({ level: 'warn' });
const { config, store, worker, close } = await createStandaloneWorker({
  configInput: {
    program: { name: 'Bench' },
    admins: [{ name: 'A', email: 'a@example.org' }],
    sources: urls.map((url, i) => ({ id: `feed-${i}`, kind: 'feed', url, allowPrivateAddresses: true })),
  },
  database,
  client: env.client,
  connection: env.nativeConnection,
  taskQueue: 'bench',
  log: quiet,
  workflowBundle: await bundleWorkflows(quiet),
});

const pollAll = (round: string) =>
  Promise.all(
    config.sources.map((source) =>
      env.client.workflow.execute(pollSource, { taskQueue: 'bench', workflowId: `${round}-${source.settings.id}`, args: [{ sourceId: source.settings.id }] }),
    ),
  );

async function drained(): Promise<void> {
  for (;;) {
    const queue = await env.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: 'bench' },
      taskQueueType: 1, // workflow tasks
      reportStats: true,
    });
    if (Number(queue.stats?.approximateBacklogCount ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

let first: { results: PollSourceResult[]; seconds: number; startedSeconds: number; runningSeconds: number } | undefined;
let second: { results: PollSourceResult[]; seconds: number; unchangedRows: boolean; requests: number } | undefined;
await worker.runUntil(async () => {
  const started = performance.now();
  const results = await pollAll('first');
  const polled = performance.now();
  // The approval stage runs behind the polls: the dispatcher starts one workflow per item.
  while ((await store.items.countAwaitingApprovalStart()) > 0) await new Promise((r) => setTimeout(r, 100));
  const approvalsStarted = performance.now();
  await drained();
  first = {
    results,
    seconds: (polled - started) / 1000,
    startedSeconds: (approvalsStarted - started) / 1000,
    runningSeconds: (performance.now() - started) / 1000,
  };

  const before = await rowVersions(database.db);
  const requestsBefore = requests;
  const secondStarted = performance.now();
  const again = await pollAll('second');
  second = {
    results: again,
    seconds: (performance.now() - secondStarted) / 1000,
    unchangedRows: JSON.stringify(before) === JSON.stringify(await rowVersions(database.db)),
    requests: requests - requestsBefore,
  };
});

const stored = await store.items.countByState();
const started = stored.pending - (await store.items.countAwaitingApprovalStart());
const rate = (items: number, seconds: number) => Math.round(items / seconds).toLocaleString('en-US');
const pad = (text: string, width: number) => text.padEnd(width);
const naiveRate = naiveItems / naiveSeconds;
log('');
log(`${pad('', 46)}${pad('items', 9)}${pad('seconds', 10)}items/s`);
log(`${pad('naive rss-parser parseURL loop', 46)}${pad(String(naiveItems), 9)}${pad(naiveSeconds.toFixed(2), 10)}${rate(naiveItems, naiveSeconds)}`);
log(
  `${pad('kaiku first poll (fetched, stored, announced)', 46)}${pad(String(stored.pending), 9)}${pad(first!.seconds.toFixed(2), 10)}${rate(stored.pending, first!.seconds)}`,
);
log(
  `${pad('  … approval workflows started', 46)}${pad(String(started), 9)}${pad(first!.startedSeconds.toFixed(2), 10)}${rate(started, first!.startedSeconds)}`,
);
log(
  `${pad('  … approval workflows all waiting (1st task)', 46)}${pad(String(started), 9)}${pad(first!.runningSeconds.toFixed(2), 10)}${rate(started, first!.runningSeconds)}`,
);
log('');
log(`ratio, kaiku first poll / naive loop: ${(stored.pending / first!.seconds / naiveRate).toFixed(2)}×`);
const statuses = second!.results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
log(
  `kaiku second poll: ${second!.seconds.toFixed(2)} s, ${second!.requests} conditional GETs, statuses ${JSON.stringify(statuses)}, ` +
    `new items ${second!.results.reduce((s, r) => s + r.inserted, 0)}, rows written: ${second!.unchangedRows ? 0 : 'SOME'}`,
);
if (stored.pending !== total || started !== total || !second!.unchangedRows) {
  log('FAILED: kaiku did not store and start every item exactly once, or its second poll wrote rows');
  process.exitCode = 1;
}

await close();
await database.close();
await env.teardown();
for (const server of servers) server.close();
