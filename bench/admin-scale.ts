/**
 * bench/admin-scale: the admin console and the digest run on a programme's history (issue 20). For each shape
 * (a year of 10,000 advocates, three years of 10,000, a year of 50,000) it seeds the history in a database of
 * its own (bench/admin-scale-seed.ts; the points ledger by kaiku's own tally), starts `kaiku worker` and
 * `kaiku serve` on it as production runs them, signs in through the sign-in form and the mailed link, and times
 * every admin page and every CSV export (p50/p95 of 20 requests after 2 warm-ups, one at a time, over HTTP);
 * then a digest run (`sendDigests`, as `kaiku digest send --now` starts it) on that history and on a programme
 * with none (same advocates, same 40 new items; one before and one after the history's run), in the same run.
 *
 *   npm run bench:admin                                        # the three shapes, a throwaway PostgreSQL (fsync on)
 *   BENCH_SHAPES=1:10000 npm run bench:admin                   # years:advocates, comma-separated
 *   DATABASE_URL=postgres://… npm run bench:admin              # that server (a database per shape, dropped after)
 *   DATABASE_URL=… BENCH_KEEP=1 BENCH_SHAPES=1:10000 npm run bench:admin            # keeps the seeded history (URL printed)
 *   DATABASE_URL=… BENCH_DATABASE=kaiku_bench_admin_… BENCH_SHAPES=1:10000 npm run bench:admin   # times that one again
 *   BENCH_PAGES='this week' …                                  # only the pages whose label contains that
 *
 * BENCH_KEEP and BENCH_DATABASE are for iterating on a query without seeding a year again: a kept history is not
 * dropped, and a reused one is migrated (so a new migration lands on it) and timed without seeding. Both time the
 * pages only: the digest runs would send the kept history's current week and change what the next run times. They
 * need DATABASE_URL (a throwaway cluster goes at the end), and BENCH_DATABASE one shape (its label in the table).
 *
 * Goals, printed against and not asserted: every page and CSV p95 ≤ 300 ms at one year, ≤ 500 ms at three; a
 * digest run with history ≥ 0.95× the messages/s of an empty history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import { SMTPServer } from 'smtp-server';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ensureTemporalCli, PROJECT_ROOT } from '../integrations/temporal/cli-binary.js';
import { openDatabase, type KaikuDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createStore } from '../db/store.js';
import { parseConfigText } from '../config/load.js';
import type { KaikuConfig } from '../config/schema.js';
import { sourceKinds } from '../activities/sources/registry.js';
import { digestPeriodAt, monthOf, monthWindow, previousMonth } from '../rules/digests/digest-moment.js';
import { sendDigests } from '../workflows/send-digests.js';
import { createDatabaseOn, dropDatabaseOn, startTestPostgres } from '../tests/setup/postgres.js';
import { FormClient, signInAsAdmin, sinkMailsTo } from '../tests/helpers/form-client.js';
import { freePort } from '../tests/helpers/free-port.js';
import { benchSources, closeRewardMonths, seedProgramme, type SeedShape } from './admin-scale-seed.js';

const ZONE = 'Europe/Helsinki';
const ADMIN = 'ada@bench.example';
const SECRET = 'b'.repeat(40);
const WARM = 2;
const TIMED = 20;
const say = (line: string) => process.stdout.write(`${line}\n`);
const keep = process.env.BENCH_KEEP === '1';
const reuse = process.env.BENCH_DATABASE;
const shapes = (process.env.BENCH_SHAPES ?? '1:10000,3:10000,1:50000').split(',').map((text) => {
  const [years, advocates] = text.split(':').map(Number);
  if (!years || !advocates) throw new Error(`BENCH_SHAPES: "${text}" is not years:advocates, e.g. 1:10000`);
  return { years, advocates };
});
if ((keep || reuse) && !process.env.DATABASE_URL) throw new Error('BENCH_KEEP and BENCH_DATABASE need DATABASE_URL: a throwaway cluster is removed at the end');
if (reuse && shapes.length !== 1) throw new Error('BENCH_DATABASE times one kept history: give its shape alone in BENCH_SHAPES, e.g. 1:10000');
if (reuse && !/^[a-z0-9_]+$/.test(reuse)) throw new Error(`BENCH_DATABASE: "${reuse}" is not a database name as bench/admin-scale makes them`);
if (process.env.BENCH_STORE === 'pglite') throw new Error('bench/admin-scale runs kaiku worker and kaiku serve side by side: it needs PostgreSQL, not PGlite');

// The sink: counts every message; keeps the admins' (the sign-in links).
let accepted = 0;
const kept: { to: string[]; raw?: Buffer }[] = [];
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const chunks: Buffer[] = [];
    const keep = to.some((address) => address.endsWith('@bench.example') && !address.startsWith('advocate'));
    stream.on('data', (chunk: Buffer) => keep && chunks.push(chunk));
    stream.on('end', () => {
      accepted++;
      if (keep) kept.push({ to, raw: Buffer.concat(chunks) });
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as { port: number }).port}`;

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: await ensureTemporalCli() }, ip: '127.0.0.1' } });
const throwaway = process.env.DATABASE_URL ? undefined : await startTestPostgres({ durable: true });
const adminUrl = process.env.DATABASE_URL ?? throwaway!.url;
const work = mkdtempSync(join(tmpdir(), 'kaiku-bench-admin-'));

// The digest moment three days before now, at midnight: the current period began long enough ago that the
// hourly digest Schedule leaves it alone (catch-up 12 h), so only the measured run sends it.
const now = new Date();
const moment = { weekday: ((new Date(now.getTime() - 3 * 86_400_000).getUTCDay() + 6) % 7) + 1, hour: 0, minute: 0 };
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function periodsFor(weeks: number): SeedShape['periods'] {
  const current = digestPeriodAt(now, ZONE, moment);
  // Half a day into each earlier week: digestPeriodAt finds its start whatever DST did in between.
  return Array.from({ length: weeks + 1 }, (_, i) =>
    digestPeriodAt(new Date(current.startsAt.getTime() - (weeks - i) * 7 * 86_400_000 + 12 * 3_600_000), ZONE, moment),
  );
}

async function configFor(taskQueue: string, port: number): Promise<{ input: Record<string, unknown>; config: KaikuConfig; file: string }> {
  const input = {
    program: { name: 'Bench City advocates', hashtags: ['#BenchCity'], defaultLanguage: 'fi', languages: ['fi', 'sv', 'en'], timeZone: ZONE },
    admins: [
      { name: 'Ada Admin', email: ADMIN },
      { name: 'Bo Backup', email: 'bo@bench.example' },
      { name: 'Cai Comms', email: 'cai@bench.example' },
    ],
    sources: benchSources(),
    fetch: { enrich: false },
    server: { host: '127.0.0.1', port, publicUrl: `http://127.0.0.1:${port}` },
    temporal: { taskQueue },
    digest: { day: DAYS[moment.weekday - 1], time: '00:00', lookback: '3 days' },
    nudges: { enabled: false },
  };
  const file = join(work, `${taskQueue}.yaml`);
  writeFileSync(file, stringify(input));
  const { config } = await parseConfigText(stringify(input), 'bench config', { kinds: sourceKinds() });
  return { input, config, file };
}

interface Programme {
  url: string;
  database: KaikuDatabase;
  config: KaikuConfig;
  file: string;
  taskQueue: string;
  port: number;
}

/** A programme's database, seeded; `kept`: the named database of an earlier run (BENCH_DATABASE), migrated, not seeded. */
async function programme(label: string, advocates: number, weeks: number, kept?: string): Promise<Programme> {
  const url = kept ? Object.assign(new URL(adminUrl), { pathname: `/${kept}` }).href : await createDatabaseOn(adminUrl, 'kaiku_bench_admin');
  const database = await openDatabase({ url, poolSize: 4 });
  await migrate(database);
  const taskQueue = `bench-admin-${label}-${Date.now()}`;
  const port = await freePort();
  const { config, file } = await configFor(taskQueue, port);
  const store = createStore(database.db);
  await store.sources.sync(config.sources);
  if (kept) {
    say(`reusing ${label}: ${url} (not seeded)`);
    return { url, database, config, file, taskQueue, port };
  }
  say(`seeding ${label}: ${advocates.toLocaleString('en-US')} advocates, ${weeks} weeks of history`);
  const started = performance.now();
  await seedProgramme(database.db, { advocates, weeks, periods: periodsFor(weeks), zone: ZONE }, say);
  if (weeks > 0) {
    // The ledger as production builds it: kaiku's own tally over every event. The tables were filled at once, so
    // the planner is told what is in them first, as autovacuum tells it of a history that grew week by week.
    await sql`analyze`.execute(database.db);
    const tallyStarted = performance.now();
    let passes = 0;
    for (let more = true; more; passes++) more = (await store.points.tally(config.points, 5000, ZONE)).more;
    say(`  points tally: ${passes} passes, ${((performance.now() - tallyStarted) / 1000).toFixed(1)} s`);
    const months: { month: string; from: Date; to: Date }[] = [];
    for (let month = previousMonth(monthOf(now, ZONE)); months.length < Math.floor(weeks / 4.35); month = previousMonth(month))
      months.unshift({ month, ...monthWindow(month, ZONE) });
    await closeRewardMonths(database.db, months);
  }
  await sql`vacuum analyze`.execute(database.db);
  say(`  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { url, database, config, file, taskQueue, port };
}

function kaiku(command: 'worker' | 'serve', p: Programme): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli.ts', command, '--config', p.file], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env.connection.options.address,
      DATABASE_URL: p.url,
      SMTP_URL: smtpUrl,
      KAIKU_SECRET: SECRET,
      KAIKU_DATA_DIR: join(work, `${p.taskQueue}-${command}`),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

async function stop(running: { child: ChildProcess }): Promise<void> {
  if (running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

async function startWorker(p: Programme) {
  const worker = kaiku('worker', p);
  for (;;) {
    const described = await env.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: p.taskQueue }, taskQueueType: 2 });
    if ((described.pollers ?? []).length > 0) break;
    if (worker.child.exitCode !== null) throw new Error(`kaiku worker exited: ${worker.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return worker;
}

async function startServe(p: Programme) {
  const serve = kaiku('serve', p);
  for (;;) {
    const answer = await fetch(`http://127.0.0.1:${p.port}/healthz`).catch(() => undefined);
    if (answer) break;
    if (serve.child.exitCode !== null) throw new Error(`kaiku serve exited: ${serve.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return serve;
}

interface Timing {
  status: number;
  p50: number;
  p95: number;
}

// A page that has not answered in this long is recorded as such (issue 20: "no response within 30 s").
const TIMEOUT_MS = 30_000;

/** p50 and p95 of `TIMED` requests after `WARM`; 'timeout' when one of them takes longer than `TIMEOUT_MS`. */
async function time(client: FormClient, path: string, database: KaikuDatabase): Promise<Timing | 'timeout'> {
  const durations: number[] = [];
  let status = 0;
  for (let i = 0; i < WARM + TIMED; i++) {
    const started = performance.now();
    try {
      const answer = await client.request(path, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      await answer.arrayBuffer();
      status = answer.status;
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      // The server goes on with the page's queries after we give up: stop them, so the next page is timed alone.
      await sql`select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`.execute(
        database.db,
      );
      return 'timeout';
    }
    if (i >= WARM) durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { status, p50: durations[Math.ceil(TIMED * 0.5) - 1]!, p95: durations[Math.ceil(TIMED * 0.95) - 1]! };
}

/** Every admin page and CSV, and the pages a pager links to (`rel` next/last) where the page has one. */
async function timePages(p: Programme): Promise<Map<string, Timing | 'n/a' | 'timeout'>> {
  const client = FormClient.forUrl(`http://127.0.0.1:${p.port}`);
  await signInAsAdmin(client, sinkMailsTo({ messages: kept }), ADMIN);
  const db = p.database.db;
  const popular = await sql<{ item_id: string }>`select item_id from link_events where kind = 'share' group by 1 order by count(*) desc limit 1`.execute(db);
  const sharer = await sql<{ advocate_id: string }>`select advocate_id from link_events where kind = 'share' group by 1 order by count(*) desc limit 1`.execute(
    db,
  );
  const itemId = popular.rows[0]?.item_id;
  const advocateId = sharer.rows[0]?.advocate_id;
  const csvs = ['weekly', 'by-source', 'by-content-type', 'by-branch', 'by-network', 'approval-times', 'digest-funnel', 'hashtags', 'earned-media'];
  const pages: [string, string][] = [
    ['items: waiting', '/admin'],
    ['items: approved', '/admin?state=approved'],
    ['items: rejected', '/admin?state=rejected'],
    ['items: expired', '/admin?state=expired'],
    ['items: search "library"', '/admin?state=approved&q=library'],
    ['item detail (most shared)', `/admin/items/${itemId}`],
    ['advocates', '/admin/advocates'],
    ['advocates: branch Health', '/admin/advocates?branch=Health'],
    ['advocates: topic jobs', '/admin/advocates?topic=jobs'],
    ['advocates: search "Virtanen"', '/admin/advocates?q=Virtanen'],
    ['digest preview (top sharer)', `/admin/advocates/${advocateId}/preview`],
    ['digest preview HTML', `/admin/advocates/${advocateId}/preview.html`],
    ['leaderboards', '/admin/leaderboards'],
    ['leaderboards: branch Health', '/admin/leaderboards?branch=Health'],
    ['analytics', '/admin/analytics'],
    ...csvs.map((id): [string, string] => [`CSV ${id}`, `/admin/analytics/${id}.csv`]),
    ['this week', '/admin/this-week'],
    ['this week: one advocate', `/admin/this-week?advocate=${advocateId}`],
    ['sessions', '/admin/sessions'],
    ['healthz', '/healthz'],
  ];
  // Where the lists link to further pages, the second and the last are timed too.
  for (const [label, path] of [
    ['items: approved', '/admin?state=approved'],
    ['advocates', '/admin/advocates'],
  ] as const) {
    const page = await client.get(path);
    for (const rel of ['next', 'last']) {
      const href = page.$(`a[rel="${rel}"]`).attr('href');
      pages.push([`${label}, ${rel === 'next' ? 'page 2' : 'last page'}`, href ?? '']);
    }
  }
  const results = new Map<string, Timing | 'n/a' | 'timeout'>();
  for (const [label, path] of pages.filter(([label]) => label.includes(process.env.BENCH_PAGES ?? ''))) {
    const result = path ? await time(client, path, p.database) : 'n/a';
    results.set(label, typeof result === 'object' && result.status === 404 ? 'n/a' : result);
  }
  return results;
}

async function digestRun(p: Programme, worker?: { child: ChildProcess }): Promise<{ sent: number; seconds: number }> {
  const own = worker ? undefined : await startWorker(p);
  const before = accepted;
  const started = performance.now();
  const result = await env.client.workflow.execute(sendDigests, {
    taskQueue: p.taskQueue,
    workflowId: `bench-admin-digest-${p.taskQueue}`,
    args: [{ force: true, batchSize: p.config.digest.batchSize }],
  });
  const seconds = (performance.now() - started) / 1000;
  if (own) await stop(own);
  const sent = accepted - before;
  if (sent !== result.sent) throw new Error(`the sink took ${sent} messages for ${result.sent} digests recorded as sent`);
  return { sent, seconds };
}

interface ShapeResult {
  label: string;
  years: number;
  pages: Map<string, Timing | 'n/a' | 'timeout'>;
  sizes: Record<string, number>;
  /** undefined: not run (a kept or reused history). */
  digest?: { empty: { sent: number; seconds: number }[]; history: { sent: number; seconds: number } };
}

async function sizesOf(database: KaikuDatabase): Promise<Record<string, number>> {
  const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(database.db)).rows[0]!.n);
  return {
    advocates: await count(sql`select count(*) as n from advocates`),
    items: await count(sql`select count(*) as n from items`),
    'items approved': await count(sql`select count(*) as n from items where state = 'approved'`),
    'approval events': await count(sql`select count(*) as n from approval_events`),
    digests: await count(sql`select count(*) as n from digests`),
    'digest items': await count(sql`select count(*) as n from digest_items`),
    'link events': await count(sql`select count(*) as n from link_events`),
    shares: await count(sql`select count(*) as n from link_events where kind = 'share'`),
    'points rows': await count(sql`select count(*) as n from points`),
    'reward months': await count(sql`select count(*) as n from reward_months`),
    'database MB': Math.round((await count(sql`select pg_database_size(current_database()) as n`)) / 1024 / 1024),
  };
}

const results: ShapeResult[] = [];
const loads: string[] = [
  `start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
];
for (const { years, advocates } of shapes) {
  const label = `${years}y-${advocates / 1000}k`;
  const history = await programme(label, advocates, Math.round(years * 52), reuse);
  const runDigests = !keep && !reuse;
  const empties = runDigests ? [await programme(`${label}-empty1`, advocates, 0), await programme(`${label}-empty2`, advocates, 0)] : [];
  const sizes = await sizesOf(history.database);
  const worker = await startWorker(history);
  const serve = await startServe(history);
  say(`timing the admin pages of ${label} (load ${loadavg()[0]!.toFixed(2)})`);
  const pages = await timePages(history);
  await stop(serve);
  let digest: ShapeResult['digest'];
  if (runDigests) {
    say(`digest runs of ${label} (load ${loadavg()[0]!.toFixed(2)})`);
    const emptyBefore = await digestRun(empties[0]!);
    const withHistory = await digestRun(history, worker);
    const emptyAfter = await digestRun(empties[1]!);
    digest = { empty: [emptyBefore, emptyAfter], history: withHistory };
  }
  await stop(worker);
  results.push({ label, years, pages, sizes, digest });
  loads.push(
    `${label} ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await history.database.close();
  if (keep || reuse) say(`kept ${label}: ${history.url} (BENCH_DATABASE=${new URL(history.url).pathname.slice(1)})`);
  else await dropDatabaseOn(adminUrl, history.url);
  for (const p of empties) {
    await p.database.close();
    await dropDatabaseOn(adminUrl, p.url);
  }
}

// The table: one column per shape, p50 / p95 in ms, ✓ where the p95 meets the goal of its years.
const goalOf = (years: number) => (years >= 3 ? 500 : 300);
const pad = (text: string, width: number) => text.padEnd(width);
const cell = (timing: Timing | 'n/a' | 'timeout' | undefined, years: number) =>
  !timing || timing === 'n/a'
    ? 'n/a'
    : timing === 'timeout'
      ? `> ${TIMEOUT_MS / 1000} s ✗`
      : `${timing.p50.toFixed(0)} / ${timing.p95.toFixed(0)}${timing.status >= 400 ? ` (${timing.status})` : ''} ${timing.p95 <= goalOf(years) ? '✓' : '✗'}`;
say('');
say(
  `bench/admin-scale: PostgreSQL ${throwaway ? '(a throwaway cluster, fsync on)' : `at ${adminUrl.replace(/:[^:@/]*@/, ':***@')}`}; kaiku serve + kaiku worker; load average ${loads.join('; ')}`,
);
say('');
say(`${pad('data set', 34)}${results.map((r) => pad(r.label, 22)).join('')}`);
for (const key of Object.keys(results[0]?.sizes ?? {})) say(`${pad(key, 34)}${results.map((r) => pad(r.sizes[key]!.toLocaleString('en-US'), 22)).join('')}`);
say('');
say(`${pad('page: p50 / p95 ms (goal p95)', 34)}${results.map((r) => pad(`${r.label} (≤ ${goalOf(r.years)})`, 22)).join('')}`);
for (const label of results[0]?.pages.keys() ?? []) say(`${pad(label, 34)}${results.map((r) => pad(cell(r.pages.get(label), r.years), 22)).join('')}`);
say('');
const rate = (run: { sent: number; seconds: number }) => run.sent / run.seconds;
const digestCell = (r: ShapeResult, text: (d: NonNullable<ShapeResult['digest']>) => string) => pad(r.digest ? text(r.digest) : 'not run (kept)', 22);
say(`${pad('digest run: messages/s', 34)}${results.map((r) => pad(r.label, 22)).join('')}`);
say(`${pad('empty history (before)', 34)}${results.map((r) => digestCell(r, (d) => `${rate(d.empty[0]!).toFixed(0)} (${d.empty[0]!.sent})`)).join('')}`);
say(`${pad('with the history', 34)}${results.map((r) => digestCell(r, (d) => `${rate(d.history).toFixed(0)} (${d.history.sent})`)).join('')}`);
say(`${pad('empty history (after)', 34)}${results.map((r) => digestCell(r, (d) => `${rate(d.empty[1]!).toFixed(0)} (${d.empty[1]!.sent})`)).join('')}`);
say(
  `${pad('history / empty (goal ≥ 0.95)', 34)}${results
    .map((r) =>
      digestCell(r, (d) => {
        const ratio = rate(d.history) / ((rate(d.empty[0]!) + rate(d.empty[1]!)) / 2);
        return `${ratio.toFixed(2)} ${ratio >= 0.95 ? '✓' : '✗'}`;
      }),
    )
    .join('')}`,
);

await env.teardown();
sink.close();
await throwaway?.stop();
rmSync(work, { recursive: true, force: true });
