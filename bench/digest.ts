/**
 * bench/digest: 10,000 advocates by default (varied topics, languages and networks) and 40 approved items;
 * every digest planned, composed, rendered and sent over SMTP to a loopback sink by `kaiku worker`
 * processes, against a bare nodemailer pool sending the same number of pre-rendered messages over as many
 * connections (digest.relay.connections) to the same sink, in the same run.
 *
 *   npm run bench:digest                                   # store: a throwaway PostgreSQL cluster
 *   BENCH_ADVOCATES=100000 npm run bench:digest
 *   BENCH_WORKERS=2 npm run bench:digest                    # two worker processes share the run's batches
 *   DATABASE_URL=postgres://… npm run bench:digest          # store: that server (a database per run)
 *   BENCH_STORE=pglite npm run bench:digest                 # store: embedded PGlite, as `kaiku dev` (one worker only)
 *   BENCH_WORKER_NODE_ARGS="--cpu-prof" npm run bench:digest  # node flags for the worker processes
 *
 * Both senders run in their own processes, as in production: kaiku's is `kaiku worker`, the baseline is
 * bench/bare-pool.ts (run before and after kaiku); the sink and the Temporal dev server are shared. kaiku's
 * run is what production does: one sendDigests workflow, planning in the store, the batches sent
 * relay.connections at once, each message recorded as it is accepted. Each worker's RSS is read from /proc
 * while it sends; the planning time from the workflow's history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ensureTemporalCli, PROJECT_ROOT } from '../integrations/temporal/cli-binary.js';
import { bundleWorkflows } from '../integrations/temporal/workflow-bundle.js';
import { createStandaloneWorker } from '../tests/helpers/standalone-worker.js';
import { openBenchStore } from './bench-store.js';
import { pollSource } from '../workflows/poll-source.js';
import { sendDigests } from '../workflows/send-digests.js';
import { submitDecision } from '../integrations/temporal/submit-decision.js';
import { entries, rss2 } from '../tests/helpers/feeds.js';
import { LANGUAGES } from '../model/advocate.js';
import { NETWORKS } from '../rules/captions/caption-limits.js';
import { createDigestComposer } from '../activities/digest-composer.js';
import type { Network } from '../model/item.js';

const ADVOCATES = Number(process.env.BENCH_ADVOCATES ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
if (WORKERS > 1 && process.env.BENCH_STORE === 'pglite') throw new Error('PGlite admits one process: BENCH_WORKERS=2 needs the PostgreSQL store');
const TOPICS = ['culture', 'jobs', 'health', 'city'];
const log = (line: string) => process.stdout.write(`${line}\n`);
const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadBefore = loadNow();

// The sink: a real SMTP server on loopback that counts what it accepts.
let accepted = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      accepted++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as { port: number }).port}`;

// 40 items: four sources of ten, each with its topic, in Finnish, Swedish and English.
const feeds = new Map<string, string>();
const feedServer = createServer((req, res) => {
  const body = feeds.get(req.url ?? '');
  if (!body) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
});
await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(feedServer.address() as { port: number }).port}`;
TOPICS.forEach((topic, i) => feeds.set(`/${topic}.xml`, rss2(topic, entries(`${base}/${topic}`, 10, topic), { language: ['fi', 'sv', 'en', 'fi'][i]! })));

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: await ensureTemporalCli() }, ip: '127.0.0.1' } });
const work = mkdtempSync(join(tmpdir(), 'kaiku-bench-digest-'));
const dataDir = join(work, 'data');
// The store: PostgreSQL as production runs it (DATABASE_URL, or a throwaway durable cluster from Debian's
// packages), each run in a database of its own; BENCH_STORE=pglite measures the embedded store instead.
const benchStore = await openBenchStore(dataDir);
const { database, url: benchDatabaseUrl } = benchStore;
const quiet = pino({ level: 'warn' });
const taskQueue = `bench-digest-${Date.now()}`;
const configInput = {
  program: { name: 'Bench City advocates', hashtags: ['#BenchCity'], defaultLanguage: 'fi' },
  admins: [{ name: 'A', email: 'a@example.org' }],
  sources: TOPICS.map((topic) => ({ id: topic, kind: 'feed', url: `${base}/${topic}.xml`, topics: [topic], pollEvery: '1 day', allowPrivateAddresses: true })),
  fetch: { enrich: false },
  temporal: { taskQueue },
};
const seeding = await createStandaloneWorker({
  configInput,
  database,
  client: env.client,
  connection: env.nativeConnection,
  taskQueue,
  log: quiet,
  workflowBundle: await bundleWorkflows(quiet),
  smtpUrl,
});
const { config, store } = seeding;
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;

// Seeding: 40 items polled and approved through the real workflows, 10,000 advocates in the store.
await seeding.worker.runUntil(async () => {
  for (const topic of TOPICS)
    await env.client.workflow.execute(pollSource, { taskQueue, workflowId: `poll-${topic}-${taskQueue}`, args: [{ sourceId: topic }] });
  for (;;) {
    const pending = await store.items.listByState('pending', 100);
    const trails = await store.approvals.trails(pending.map((i) => i.id));
    if (pending.length === 40 && pending.every((i) => trails.get(i.id)?.some((e) => e.kind === 'requested'))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const item of await store.items.listByState('pending', 100)) {
    const result = await submitDecision(
      { client: env.client, store, config, log: quiet },
      item.id,
      { decision: 'approve', actor: 'a@example.org', channel: 'admin' },
      randomUUID(),
    );
    if (!result.ok) throw new Error(result.refusal);
  }
  // the approvers' confirmations reach the sink before anything is measured
  for (let seen = -1; seen !== accepted;) {
    seen = accepted;
    await new Promise((r) => setTimeout(r, 1500));
  }
});
await store.advocates.upsert(
  Array.from({ length: ADVOCATES }, (_, i) => ({
    email: `advocate${i}@bench.example`,
    name: `Advocate ${i}`,
    language: pick(LANGUAGES, i),
    timeZone: pick(['Europe/Helsinki', 'Europe/Stockholm', 'Europe/Copenhagen', 'Pacific/Auckland'], i >> 2),
    branch: pick(['Health', 'Schools', 'Libraries'], i),
    topics: i % 5 === 0 ? [] : [pick(TOPICS, i), pick(TOPICS, i >> 3)],
    networks: [...new Set([pick(NETWORKS, i), pick(NETWORKS, i >> 1), 'linkedin'])] as Network[],
    mastodonInstance: i % 7 === 0 ? 'mastodon.social' : null,
  })),
);
// The baseline sends one real digest 10,000 times: the median-sized of 200 advocates' digests, rendered now.
const composer = createDigestComposer({ store, config, secret: seeding.secret });
const rendered = [];
for (const advocate of await store.advocates.list({ limit: 200 })) {
  const preview = await composer.preview(advocate);
  if (preview.mail) rendered.push(preview.mail);
}
rendered.sort((a, b) => a.html.length + a.text.length - (b.html.length + b.text.length));
const mail = rendered[Math.floor(rendered.length / 2)]!;
const mailFile = join(work, 'mail.json');
writeFileSync(mailFile, JSON.stringify({ from: config.email.from, subject: mail.subject, html: mail.html, text: mail.text }));
await seeding.close();
await database.close(); // the worker process opens the store next

function run(args: string[], extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
const output = (child: ChildProcess) => {
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
};

// Baseline, in its own process: run before and after kaiku, and kaiku compared with their mean, so that
// the machine's drift over the run (other load on its two cores) weighs on both sides.
async function runBare(): Promise<{ seconds: number; accepted: number }> {
  const before = accepted;
  const child = run(
    ['bench/bare-pool.ts', smtpUrl, mailFile, String(ADVOCATES), String(config.digest.concurrency), String(config.digest.relay.connections)],
    {},
    process.env.BENCH_BARE_NODE_ARGS?.split(' ').filter(Boolean),
  );
  const out = output(child);
  await new Promise((resolve) => child.once('exit', resolve));
  return { seconds: (JSON.parse(out().trim()) as { seconds: number }).seconds, accepted: accepted - before };
}
const bareRuns = [await runBare()];

// kaiku: `kaiku worker` processes, the digest started as the Schedule would.
const configPath = join(work, 'kaiku.yaml');
writeFileSync(configPath, stringify(configInput));
const kaikuChildren = Array.from({ length: WORKERS }, () =>
  run(
    ['cli.ts', 'worker', '--config', configPath],
    {
      TEMPORAL_ADDRESS: env.connection.options.address,
      ...(benchDatabaseUrl ? { DATABASE_URL: benchDatabaseUrl } : {}),
      KAIKU_DATA_DIR: dataDir,
      SMTP_URL: smtpUrl,
      KAIKU_SECRET: 'b'.repeat(40),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean),
  ),
);
const kaikuOut = kaikuChildren.map(output);
const procStatus = (pid: number, field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
for (;;) {
  const described = await env.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 2 });
  if (new Set((described.pollers ?? []).map((p) => p.identity)).size >= WORKERS) break;
  const exited = kaikuChildren.findIndex((child) => child.exitCode !== null);
  if (exited >= 0) throw new Error(`kaiku worker exited: ${kaikuOut[exited]!()}`);
  await new Promise((r) => setTimeout(r, 250));
}
await new Promise((r) => setTimeout(r, 2000)); // let their start-up work (schedules, the dispatcher's sweep) settle
const startRss = kaikuChildren.map((child) => procStatus(child.pid!, 'VmRSS'));
const peakRss = [...startRss];
const sampler = setInterval(() => kaikuChildren.forEach((child, i) => (peakRss[i] = Math.max(peakRss[i]!, procStatus(child.pid!, 'VmRSS')))), 50);
const kaikuBefore = accepted;
const workflowId = `bench-digest-now-${taskQueue}`;
const started = performance.now();
const result = await env.client.workflow.execute(sendDigests, {
  taskQueue,
  workflowId,
  args: [{ force: true, batchSize: config.digest.batchSize }],
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const highWater = kaikuChildren.map((child) => procStatus(child.pid!, 'VmHWM'));
const kaikuAccepted = accepted - kaikuBefore;
for (const child of kaikuChildren) child.kill('SIGTERM');
await Promise.all(kaikuChildren.map((child) => new Promise((resolve) => child.once('exit', resolve))));
bareRuns.push(await runBare());
const bareRate = bareRuns.reduce((sum, r) => sum + r.accepted / r.seconds, 0) / bareRuns.length;
// Planning: from the workflow's start to the first batch scheduled, as its history records them.
const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
const eventMs = (event: (typeof events)[number]) => Number(event.eventTime?.seconds ?? 0) * 1000 + Math.round((event.eventTime?.nanos ?? 0) / 1e6);
const firstBatch = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendDigestBatch');
const planSeconds = firstBatch ? (eventMs(firstBatch) - eventMs(events[0]!)) / 1000 : NaN;

const pad = (text: string, width: number) => text.padEnd(width);
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const executions = 1 + result.activities; // the workflow and its activities (retries aside)
log(`bench/digest: ${ADVOCATES} advocates, 40 approved items, SMTP to a loopback sink; store ${benchStore.name}`);
log(
  `kaiku: ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}, digest.relay.connections ${config.digest.relay.connections}, concurrency ${config.digest.concurrency}, batchSize ${config.digest.batchSize}`,
);
log('');
log(`${pad('', 46)}${pad('messages', 10)}${pad('seconds', 10)}messages/s`);
bareRuns.forEach((r, i) =>
  log(
    `${pad(`bare nodemailer pool, pre-rendered (${i === 0 ? 'before' : 'after'})`, 46)}${pad(String(r.accepted), 10)}${pad(r.seconds.toFixed(2), 10)}${rate(r.accepted, r.seconds)}`,
  ),
);
log(`${pad('kaiku (plan, compose, render, send, record)', 46)}${pad(String(kaikuAccepted), 10)}${pad(seconds.toFixed(2), 10)}${rate(kaikuAccepted, seconds)}`);
log('');
log(`ratio, kaiku / bare pool (mean of both runs, ${Math.round(bareRate)} messages/s): ${(kaikuAccepted / seconds / bareRate).toFixed(2)}× (goal ≥ 0.8×)`);
log(`whole run, plan + send: ${seconds.toFixed(1)} s, of which planning ${planSeconds.toFixed(1)} s (goal at 100,000: ≤ 300 s); ${result.batches} batches`);
log(`executions per advocate: ${executions} / ${ADVOCATES} = ${(executions / ADVOCATES).toFixed(4)} (goal ≤ 0.05)`);
kaikuChildren.forEach((_, i) =>
  log(
    `kaiku worker ${i + 1} RSS: ${mb(startRss[i]!)} ready, peak ${mb(peakRss[i]!)} while sending (goal ≤ 400 MB); high-water mark since start ${mb(highWater[i]!)} (includes start-up)`,
  ),
);
log(`load average (1, 5, 15 min) before / after: ${loadBefore} / ${loadNow()}`);
const due = result.sent + result.empty;
if (due !== ADVOCATES || kaikuAccepted !== result.sent || bareRuns.some((r) => r.accepted !== ADVOCATES)) {
  log(
    `FAILED: ${due} of ${ADVOCATES} advocates handled, ${kaikuAccepted} messages reached the sink for ${result.sent} recorded; baseline ${bareRuns.map((r) => r.accepted).join(', ')}`,
  );
  process.exitCode = 1;
}

await env.teardown();
sink.close();
feedServer.close();
rmSync(work, { recursive: true, force: true });
await benchStore.drop();
