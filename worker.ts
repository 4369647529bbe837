import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { readEnv, type KaikuEnv } from './config/env.js';
import { createLogger } from './config/logger.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import type { KaikuConfig } from './config/schema.js';
import { formatDuration } from './config/units.js';
import { KAIKU_VERSION } from './config/package.js';
import { openDatabase, redactUrl, type KaikuDatabase } from './db/database.js';
import { startMetricsServer } from './integrations/metrics/metrics-server.js';
import { tracingFromEnv, tracingWorkerOptions, WORKFLOW_TRACING_MODULE } from './integrations/telemetry/tracing.js';
import { migrate } from './db/migrate.js';
import { createStore, type Store } from './db/store.js';
import type { ProgrammeSource } from './db/queries/sources.js';
import { createActivities } from './activities/index.js';
import { sourceKinds, type SourceRegistry } from './activities/sources/registry.js';
import type { SourceDefinition } from './activities/sources/define-source.js';
import { createHttpClient } from './integrations/http/http-client.js';
import { createSourceClients } from './integrations/http/source-clients.js';
import type { AddressPolicy } from './integrations/http/address-guard.js';
import { connectClient, connectWorker } from './integrations/temporal/connection.js';
import { ensureTemporalCli } from './integrations/temporal/cli-binary.js';
import { startDevServer, type DevServer } from './integrations/temporal/dev-server.js';
import {
  reconcileDigestSchedule,
  reconcileEngagementSchedules,
  reconcileRetentionSchedule,
  type ScheduleReconciliation,
} from './integrations/temporal/schedules.js';
import { scheduleSources } from './integrations/temporal/source-schedules.js';
import { digestMomentOf } from './rules/digests/digest-moment.js';
import { parseRoster } from './rules/advocates/roster.js';
import { DEMO_ROSTER_CSV } from './server/demo/roster.js';
import { demoLeftovers, describeLeftovers, type DemoLeftovers } from './server/demo/leftovers.js';
import { createSlackApp } from './integrations/slack/bolt-app.js';
import { createSlackClient, slackSettings, type SlackClient } from './integrations/slack/web-client.js';
import { teamsSettings } from './integrations/teams/settings.js';
import { createTeamsConnector, type TeamsConnector } from './integrations/teams/connector.js';
import { createTeamsBot } from './integrations/teams/bot.js';
import { cachedWorkflowBundle } from './integrations/temporal/workflow-bundle.js';
import { installTemporalRuntime } from './integrations/temporal/runtime-logger.js';
import { notifyApprovalDispatcher } from './integrations/temporal/approval-dispatcher.js';
import { createApp } from './server/app.js';
import { Secret } from './rules/tokens/secret.js';
import { loadSecretKey } from './config/secret-key.js';
import { createMailer, type Mailer } from './integrations/email/mailer.js';
import { createInboundProcessor, type InboundProcessor } from './integrations/email/inbound.js';
import { startEmbeddedMail } from './integrations/email/embedded-mail.js';
import { startImapInbox } from './integrations/email/imap-inbox.js';
import type { SmtpCatcher } from './integrations/email/smtp-catcher.js';
import { startHttpServer, type RunningServer } from './server/http-server.js';

export interface WorkerDeps {
  config: KaikuConfig;
  registry: SourceRegistry;
  store: Store;
  client: Client;
  connection: NativeConnection;
  secret: Secret;
  mailer: Mailer;
  /** Slack's Web API client when Slack is on: approval workflows post cards. */
  slack?: SlackClient | undefined;
  /** The Bot Connector client when Teams is on: approval workflows post Adaptive Cards. */
  teams?: TeamsConnector | undefined;
  log: Logger;
  /** Which addresses suggested links may reach (default: the public internet only). Tests narrow it to a loopback alias. */
  suggestionAddressPolicy?: AddressPolicy;
  /** Tests hand in one bundle for all their workers; otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundleOption;
  /** The programme's data folder: an installed kaiku caches its workflow bundle there (see cachedWorkflowBundle). */
  dataDir?: string;
  taskQueue?: string;
  /** How this worker shows in Temporal (its pollers); the SDK's default form, `pid@host`. */
  identity?: string;
}

/** A Temporal Worker running kaiku's workflows and activities, its dependencies injected. */
export async function createWorker(deps: WorkerDeps): Promise<{ worker: Worker; close(): Promise<void> }> {
  const { config } = deps;
  const sourceHttp = createSourceClients(config);
  const { base, public: publicHttp, private: privateHttp } = sourceHttp;
  // Suggested links come from advocates, not from the config: public addresses only, whatever fetch.allowPrivateAddresses
  // says, and tighter limits (a page's head is all kaiku reads).
  const suggestionHttp = createHttpClient({
    ...base,
    timeoutMs: Math.min(config.fetch.timeout, 10_000),
    maxBytes: Math.min(config.fetch.maxBytes, 2 * 1024 * 1024),
    maxRedirects: Math.min(config.fetch.maxRedirects, 5),
    allowPrivateAddresses: false,
    ...(deps.suggestionAddressPolicy ? { addressPolicy: deps.suggestionAddressPolicy } : {}),
  });
  const taskQueue = deps.taskQueue ?? config.temporal.taskQueue;
  const activities = createActivities({
    store: deps.store,
    registry: deps.registry,
    http: { public: publicHttp, private: privateHttp },
    enrich: config.fetch.enrich,
    defaultLanguage: config.program.defaultLanguage,
    client: deps.client,
    taskQueue,
    log: deps.log,
    config,
    secret: deps.secret,
    mailer: deps.mailer,
    slack: deps.slack,
    teams: deps.teams,
    suggestionHttp,
    announceItems: () => notifyApprovalDispatcher(deps.client, taskQueue, config.temporal.activityHeartbeatTimeout),
  });
  // With tracing on, workflows carry the trace (their interceptors are bundled) and activities continue it.
  const tracing = tracingWorkerOptions();
  const worker = await Worker.create({
    connection: deps.connection,
    namespace: deps.client.options.namespace,
    taskQueue,
    workflowBundle:
      deps.workflowBundle ?? (await cachedWorkflowBundle(deps.log, { dataDir: deps.dataDir, interceptorModules: tracing ? [WORKFLOW_TRACING_MODULE] : [] })),
    activities,
    ...(tracing ?? {}),
    maxConcurrentActivityTaskExecutions: 64,
    ...(deps.identity ? { identity: deps.identity } : {}),
  });
  return {
    worker,
    async close() {
      await Promise.all([sourceHttp.close(), suggestionHttp.close()]);
    },
  };
}

/**
 * Brings the store's kaiku.yaml sources and the Temporal Schedules of every source (kaiku.yaml's and the console's)
 * in line with the config. Safe to run at every start.
 */
export async function applySources(deps: {
  config: KaikuConfig;
  store: Store;
  client: Client;
  log: Logger;
  taskQueue?: string;
}): Promise<ScheduleReconciliation> {
  const sync = await deps.store.sources.sync(deps.config.sources);
  // kaiku.yaml's sources and the console's: a start must not delete the Schedule of a source added in the console.
  const schedules = await scheduleSources({ ...deps, pollNow: sync.moved });
  if (sync.added.length + sync.changed.length + sync.removed.length > 0) deps.log.info(sync, 'sources updated from the config');
  // The dispatcher sweeps at start, so items a crash left without an approval workflow get one.
  await notifyApprovalDispatcher(deps.client, deps.taskQueue ?? deps.config.temporal.taskQueue, deps.config.temporal.activityHeartbeatTimeout);
  await reconcileDigestSchedule({
    client: deps.client,
    taskQueue: deps.taskQueue ?? deps.config.temporal.taskQueue,
    minute: digestMomentOf(deps.config.digest).minute,
    input: { batchSize: deps.config.digest.batchSize, heartbeatTimeoutMs: deps.config.temporal.activityHeartbeatTimeout },
    log: deps.log,
  });
  // Onboarding begins when a worker first starts with it on: whoever joins from then is welcomed, even before the first round.
  if (deps.config.onboarding.enabled) await deps.store.onboarding.start(new Date());
  await reconcileEngagementSchedules({
    client: deps.client,
    taskQueue: deps.taskQueue ?? deps.config.temporal.taskQueue,
    timeZone: deps.config.program.timeZone,
    nudgeTime: deps.config.nudges.time,
    rewards: deps.config.rewards.enabled,
    // Always on: an approver added in the console may choose a daily summary at any time (the round does nothing else when nudges are off).
    nudges: true,
    onboarding: deps.config.onboarding.enabled,
    heartbeatTimeoutMs: deps.config.temporal.activityHeartbeatTimeout,
    log: deps.log,
  });
  await reconcileRetentionSchedule({
    client: deps.client,
    taskQueue: deps.taskQueue ?? deps.config.temporal.taskQueue,
    timeZone: deps.config.program.timeZone,
    heartbeatTimeoutMs: deps.config.temporal.activityHeartbeatTimeout,
    log: deps.log,
  });
  return schedules;
}

export interface RunOptions {
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Source kinds defined in code, added to the built-ins and the config's sourceModules. */
  sources?: readonly SourceDefinition<any>[];
  log?: Logger;
}

export interface Running {
  loaded: LoadedConfig<SourceRegistry>;
  log: Logger;
  database: KaikuDatabase;
  store: Store;
  client?: Client;
  server?: RunningServer;
  devServer?: DevServer;
  smtpCatcher?: SmtpCatcher;
  temporalAddress?: string;
  stop(): Promise<void>;
}

interface Booted {
  env: KaikuEnv;
  log: Logger;
  loaded: LoadedConfig<SourceRegistry>;
  database: KaikuDatabase;
  store: Store;
}

/** Reads the environment and the config, opens the store and (optionally) migrates it. */
export async function boot(
  options: RunOptions,
  migrateStore: boolean,
  env: KaikuEnv = readEnv(options.env ?? process.env),
  /** Called with the config before anything else is logged: a process's first line. */
  announce?: (loaded: LoadedConfig<SourceRegistry>, log: Logger) => void,
): Promise<Booted> {
  const log = options.log ?? createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const loaded = await loadConfig({ path: options.configPath, env, kinds: sourceKinds(options.sources) });
  if (env.PORT !== undefined) loaded.config.server.port = env.PORT;
  announce?.(loaded, log);
  const database = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: join(resolve(env.KAIKU_DATA_DIR), 'pglite'),
    onConnectionError: (error) => log.warn({ err: error }, 'lost a database connection; the query in flight fails and is retried, the next one reconnects'),
  });
  try {
    if (migrateStore) {
      const ran = await migrate(database);
      if (ran.length > 0) log.info({ migrations: ran }, 'store migrated');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  log.info({ database: database.describe(), config: loaded.path ?? 'built-in demo program' }, 'store ready');
  return { env, log, loaded, database, store: createStore(database.db) };
}

/**
 * `kaiku dev`: everything in one process on a laptop. The Temporal dev server (built once if need be)
 * with its state in data/, PGlite in data/, migrations, the worker and the HTTP server.
 */
export async function runDev(options: RunOptions = {}): Promise<Running> {
  return runProcess(options, { embedded: true, worker: true, http: true });
}

/** `kaiku worker`: the worker alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
export async function runWorker(options: RunOptions = {}): Promise<Running> {
  return runProcess(options, { embedded: false, worker: true, http: false });
}

/** `kaiku serve`: the HTTP server alone. */
export async function runServe(options: RunOptions = {}): Promise<Running> {
  return runProcess(options, { embedded: false, worker: false, http: true });
}

async function runProcess(options: RunOptions, parts: { embedded: boolean; worker: boolean; http: boolean }): Promise<Running> {
  const env = readEnv(options.env ?? process.env);
  if (!parts.embedded && !env.TEMPORAL_ADDRESS) {
    throw new Error(
      'TEMPORAL_ADDRESS is not set: point this process at your Temporal server (e.g. TEMPORAL_ADDRESS=temporal.internal:7233), or use `kaiku dev` for the embedded one',
    );
  }
  const identity = `${process.pid}@${hostname()}`;
  // The first line says what this process is and what it talks to (never a password).
  const announce = (loaded: LoadedConfig<SourceRegistry>, log: Logger) =>
    log.info(
      {
        version: KAIKU_VERSION,
        role: parts.embedded ? 'dev' : parts.worker ? 'worker' : 'serve',
        taskQueue: loaded.config.temporal.taskQueue,
        namespace: env.TEMPORAL_NAMESPACE ?? loaded.config.temporal.namespace,
        identity,
        temporal: env.TEMPORAL_ADDRESS ?? 'embedded dev server',
        store: env.DATABASE_URL ? `PostgreSQL at ${redactUrl(env.DATABASE_URL)}` : `PGlite in ${join(resolve(env.KAIKU_DATA_DIR), 'pglite')}`,
        mail: env.SMTP_URL ? redactUrl(env.SMTP_URL) : 'embedded SMTP catcher',
      },
      `kaiku ${parts.embedded ? 'dev' : parts.worker ? 'worker' : 'serve'} ${KAIKU_VERSION} starting`,
    );
  const { log, loaded, database, store } = await boot(options, parts.worker, env, announce);
  const { config } = loaded;
  // Stopped in the reverse order of starting; each step is logged, so a stop that hangs names its step.
  const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
  const onStop = (what: string, run: () => Promise<unknown>) => cleanups.push({ what, run });
  onStop('store', () => database.close());
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const started = Date.now();
      for (const { what, run } of cleanups.reverse()) {
        const at = Date.now();
        await run().catch((error: unknown) => log.warn({ err: error, what }, 'error while stopping'));
        log.debug({ what, ms: Date.now() - at }, 'stopped');
      }
      log.info({ ms: Date.now() - started }, 'kaiku stopped');
    })());
  try {
    installTemporalRuntime(log, { metricsAddress: env.TEMPORAL_METRICS_ADDRESS });
    // Before any client or server exists: they are instrumented as they are made.
    const tracing = tracingFromEnv(options.env ?? process.env);
    if (tracing) {
      onStop('traces', () => tracing.shutdown());
      log.info({ exporter: (options.env ?? process.env).OTEL_TRACES_EXPORTER ?? 'otlp' }, 'OpenTelemetry traces on');
    }
    if (env.TEMPORAL_METRICS_ADDRESS) log.info({ url: `http://${env.TEMPORAL_METRICS_ADDRESS}/metrics` }, 'Temporal SDK metrics exported');
    if (env.KAIKU_METRICS_ADDRESS && !parts.http) {
      const metricsServer = await startMetricsServer(env.KAIKU_METRICS_ADDRESS);
      onStop('metrics server', () => metricsServer.close());
      log.info({ url: metricsServer.url }, 'kaiku metrics served');
    }
    let address = env.TEMPORAL_ADDRESS;
    let devServer: DevServer | undefined;
    if (!address) {
      const binary = await ensureTemporalCli({ env: options.env ?? process.env, progress: (line) => log.info(line) });
      devServer = await startDevServer({
        binary,
        dataDir: resolve(env.KAIKU_DATA_DIR),
        port: env.KAIKU_TEMPORAL_PORT,
        namespace: env.TEMPORAL_NAMESPACE ?? config.temporal.namespace,
        log,
      });
      onStop('Temporal dev server', () => devServer!.stop());
      address = devServer.address;
    }
    const namespace = env.TEMPORAL_NAMESPACE ?? config.temporal.namespace;
    const target = { address, namespace, apiKey: env.TEMPORAL_API_KEY, tls: env.TEMPORAL_TLS === 'true' };
    const { client, connection } = await connectClient(target);
    onStop('Temporal client', () => connection.close());

    const { key, generated, path: secretPath } = loadSecretKey({ secret: env.KAIKU_SECRET, dataDir: resolve(env.KAIKU_DATA_DIR) });
    const secret = new Secret(key);
    if (generated) log.info({ path: secretPath }, 'signing key generated (set KAIKU_SECRET to share one between processes)');
    else if (!env.KAIKU_SECRET && !parts.embedded)
      log.warn({ path: secretPath }, 'KAIKU_SECRET is not set: using the key in the data directory; every kaiku process must share it');

    // Mail: the embedded catcher in dev unless SMTP_URL is given; production processes need SMTP_URL.
    let smtpUrl = env.SMTP_URL;
    if (!smtpUrl && !parts.embedded) {
      throw new Error('SMTP_URL is not set: kaiku sends approval emails through it (e.g. SMTP_URL=smtp://kaiku%40example.org:secret@smtp.example.org:587)');
    }
    let inbound: InboundProcessor | undefined;
    let smtpCatcher: SmtpCatcher | undefined;
    if (!smtpUrl) {
      const processor = { accept: (mail: Parameters<InboundProcessor['accept']>[0]) => (inbound ?? notReady()).accept(mail) };
      smtpCatcher = await startEmbeddedMail({ config, store, secret, processor, port: env.KAIKU_SMTP_PORT, log });
      onStop('SMTP catcher', () => smtpCatcher!.close());
      smtpUrl = smtpCatcher.url;
    }
    const mailer = createMailer(smtpUrl, log);
    onStop('mailer', async () => mailer.close());
    inbound = createInboundProcessor({ store, config, secret, client, mailer, log });
    inbound.start();
    onStop('inbound mail', () => inbound.stop());
    if (env.IMAP_URL && parts.worker) {
      const imap = startImapInbox({ url: env.IMAP_URL, store, processor: inbound, pollEveryMs: config.email.imapPollEvery, log });
      onStop('IMAP inbox', () => imap.close());
    }

    const slack = slackSettings(env);
    if (slack) log.info({ api: slack.apiUrl }, 'Slack is on: approval cards in Slack, clicks at /slack/events');
    else log.info('Slack is off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to approve in Slack): approvals go by email alone');
    const teams = teamsSettings(env);
    if (teams) log.info({ serviceUrl: teams.serviceUrl, appId: teams.appId }, 'Teams is on: approval cards in Teams, clicks at /teams/messages');
    else log.info('Teams is off (set TEAMS_APP_ID and TEAMS_APP_PASSWORD to approve in Teams)');

    let server: RunningServer | undefined;
    if (parts.http) {
      const app = createApp({
        store,
        database,
        config,
        temporal: connection,
        client,
        secret,
        mailer,
        inbound,
        webhookSecret: env.INBOUND_WEBHOOK_SECRET,
        oidcClientSecret: env.OIDC_CLIENT_SECRET,
        scimToken: env.SCIM_TOKEN,
        // The outbox is a dev page: only `kaiku dev` (embedded) starts the catcher whose mail it shows.
        outbox: parts.embedded && smtpCatcher !== undefined,
        slack: slack ? createSlackApp({ settings: slack, config, store, client, log }).receiver : undefined,
        teams: teams ? createTeamsBot({ settings: teams, config, store, client, log }) : undefined,
        demo: loaded.demo,
        registry: loaded.registry,
        log,
      });
      server = await startHttpServer(app, { host: config.server.host, port: config.server.port });
      onStop('HTTP server', () => server!.close());
      log.info({ url: server.url }, 'HTTP server listening');
    }

    if (parts.worker) {
      const nativeConnection = await connectWorker(target);
      onStop('worker connection', () => nativeConnection.close());
      const { worker, close } = await createWorker({
        config,
        registry: loaded.registry,
        store,
        client,
        connection: nativeConnection,
        secret,
        mailer,
        slack: slack ? createSlackClient(slack, log) : undefined,
        teams: teams ? createTeamsConnector(teams, log) : undefined,
        log,
        dataDir: env.KAIKU_DATA_DIR,
        identity,
      });
      const running = worker.run();
      onStop('worker', async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await close();
      });
      running.catch((error: unknown) => log.fatal({ err: error }, 'worker stopped'));
      if (loaded.demo) {
        // The demo roster goes through the same checks as `kaiku advocates import`.
        const roster = parseRoster(DEMO_ROSTER_CSV);
        await store.advocates.upsert(roster.rows.map((row) => row.advocate));
      }
      const schedules = await applySources({ config, store, client, log });
      log.info({ ...schedules, sources: (await store.sources.inEffect(config.sources)).length }, 'poll schedules in place');
    }

    // Your own kaiku.yaml over a data/ that ran the demo: its advocates and items would still get digests.
    const leftovers = parts.embedded && !loaded.demo ? await demoLeftovers(database.db) : undefined;
    if (leftovers) log.warn({ ...leftovers }, 'the data directory still holds the demo programme: `kaiku dev --fresh` starts clean');
    if (parts.embedded)
      printBanner(loaded, await store.sources.inEffect(config.sources), server, devServer, smtpCatcher, resolve(env.KAIKU_DATA_DIR), leftovers);
    return {
      loaded,
      log,
      database,
      store,
      client,
      ...(server ? { server } : {}),
      ...(devServer ? { devServer } : {}),
      ...(smtpCatcher ? { smtpCatcher } : {}),
      temporalAddress: address,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function notReady(): never {
  throw new Error('kaiku is still starting; the sender retries');
}

function printBanner(
  loaded: LoadedConfig<SourceRegistry>,
  /** kaiku.yaml's sources and the console's. */
  sources: readonly ProgrammeSource[],
  server: RunningServer | undefined,
  devServer: DevServer | undefined,
  catcher: SmtpCatcher | undefined,
  dataDir: string,
  leftovers: DemoLeftovers | undefined,
): void {
  const { config } = loaded;
  const lines = [
    '',
    `  kaiku is running: ${config.program.name}${loaded.demo ? '  (demo program: no kaiku.yaml here; copy kaiku.example.yaml to start yours)' : ''}`,
    server ? `    admin page    ${server.url}/admin` : undefined,
    server && catcher ? `    outbox        ${server.url}/outbox   (every mail kaiku sends; reply to approvals from here)` : undefined,
    catcher ? `    SMTP catcher  ${catcher.url}` : undefined,
    server ? `    health        ${server.url}/healthz` : undefined,
    devServer?.uiUrl ? `    Temporal UI   ${devServer.uiUrl}` : undefined,
    `    data          ${dataDir}`,
    `    sources       ${sources.map((s) => `${s.settings.id} (every ${formatDuration(s.settings.pollEveryMs)}${s.origin === 'console' ? ', from the console' : ''})`).join(', ') || 'none'}`,
    leftovers
      ? `  Note: ${dataDir} still holds ${describeLeftovers(leftovers)}. To start clean, stop kaiku and run \`kaiku dev --fresh\` (it moves ${dataDir} aside; nothing is deleted).`
      : undefined,
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.filter((line) => line !== undefined).join('\n')}\n`);
}
