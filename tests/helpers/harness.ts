import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { tracingClientInterceptors } from '../../integrations/telemetry/tracing.js';
import pino, { type Logger } from 'pino';
import { parseConfigText } from '../../config/load.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { SourceDefinition } from '../../activities/sources/define-source.js';
import type { SourceRegistry } from '../../activities/sources/registry.js';
import type { Store } from '../../db/store.js';
import { createStandaloneWorker, type StandaloneWorker } from './standalone-worker.js';
import type { Hono } from 'hono';
import type { AddressPolicy } from '../../integrations/http/address-guard.js';
import { createApp } from '../../server/app.js';
import { createSlackApp } from '../../integrations/slack/bolt-app.js';
import { createSlackClient, type SlackSettings } from '../../integrations/slack/web-client.js';
import { createTeamsBot } from '../../integrations/teams/bot.js';
import { createTeamsConnector } from '../../integrations/teams/connector.js';
import type { TeamsSettings } from '../../integrations/teams/settings.js';
import { createWorker } from '../../worker.js';
import { installTemporalRuntime } from '../../integrations/temporal/runtime-logger.js';
import { pollSource, type PollSourceResult } from '../../workflows/poll-source.js';
import { approvalStateQuery, type ApprovalState } from '../../workflows/approve-item.js';
import { dispatcherWorkflowId } from '../../workflows/dispatch-approvals.js';
import { waitFor } from './mail.js';
import { tracked } from './pending-waits.js';
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { sourceKinds } from '../../activities/sources/registry.js';

export const quietLog: Logger = pino({ level: process.env.KAIKU_TEST_LOG ?? 'silent' });

/** A config for tests: the given sources under a small program with two admins. */
export function testConfigInput(sources: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    program: { name: 'Test City advocates', hashtags: ['#TestCity'], defaultLanguage: 'fi', timeZone: 'Europe/Helsinki' },
    admins: [
      { name: 'Ada Admin', email: 'ada@testcity.example' },
      { name: 'Bo Backup', email: 'bo@testcity.example' },
    ],
    sources,
    ...extra,
  };
}

export async function testConfig(
  input: Record<string, unknown>,
  sources: readonly SourceDefinition<any>[] = [],
): Promise<{ config: KaikuConfig; registry: SourceRegistry }> {
  return parseConfigText(stringify(input), 'test config', { kinds: sourceKinds(sources) });
}

/** Connections to the run's Temporal dev server, or to `address` (a test's own server, one it may freeze). */
export async function connectTemporal(
  address: string = inject('temporalAddress'),
): Promise<{ client: Client; connection: Connection; native: NativeConnection }> {
  installTemporalRuntime(quietLog);
  const connection = await Connection.connect({ address });
  const native = await NativeConnection.connect({ address });
  const interceptors = tracingClientInterceptors(); // when a test installed tracing
  return { client: new Client({ connection, namespace: 'default', ...(interceptors ? { interceptors } : {}) }), connection, native };
}

export interface Harness {
  config: KaikuConfig;
  registry: SourceRegistry;
  store: Store;
  db: TestDatabase;
  client: Client;
  worker: Worker;
  taskQueue: string;
  /** Stops the worker (as a crash or a deploy would), waits `downMs`, and starts a new one on the same queue and store. */
  restartWorker(downMs: number): Promise<void>;
  secret: StandaloneWorker['secret'];
  mailer: StandaloneWorker['mailer'];
  inbound: StandaloneWorker['inbound'];
  catcher: StandaloneWorker['catcher'];
  /** kaiku's HTTP app on this harness's store and task queue, for `app.request()`. */
  app: Hono;
  /** Runs one poll of a source through the real workflow and activities, as its Schedule would. */
  poll(sourceId: string): Promise<PollSourceResult>;
  /** Waits until the approval dispatcher has started the approval workflow of every stored item. */
  approvalsStarted(): Promise<void>;
  /** Waits until every pending item's approval request has gone out (the workflows then only wait). */
  approvalsRequested(): Promise<void>;
  /** Queries an item's approval workflow until it reports `stage` (it prepares before it waits). */
  approvalStage(itemId: string, stage: ApprovalState['stage']): Promise<ApprovalState>;
  close(): Promise<void>;
}

/** A kaiku worker on the run's Temporal dev server with its own task queue and a fresh database. */
export async function startHarness(options: {
  configInput: Record<string, unknown>;
  sources?: readonly SourceDefinition<any>[];
  database?: DatabaseKind;
  log?: Logger;
  smtpUrl?: string;
  /** Slack on: cards posted to this Web API, clicks served by `app` at /slack/events. */
  slack?: SlackSettings;
  /** Teams on: cards posted to this Bot Connector, clicks served by `app` at /teams/messages. */
  teams?: TeamsSettings;
  /** Which addresses suggested links may reach (default: the public internet only). */
  suggestionAddressPolicy?: AddressPolicy;
  /** A Temporal server of the test's own instead of the run's shared one. */
  temporalAddress?: string;
  /** A workflow bundle of the test's own (with tracing's interceptors, say) instead of the run's. */
  workflowBundle?: WorkflowBundleOption;
}): Promise<Harness> {
  const db = await openTestDatabase(options.database ?? 'pglite');
  const { client, connection, native } = await connectTemporal(options.temporalAddress);
  const taskQueue = `test-${randomBytes(5).toString('hex')}`;
  const { config, registry, store, worker, close, secret, mailer, inbound, catcher } = await createStandaloneWorker({
    // The config names the harness's queue, so what starts workflows from the config (suggestions, the CLI) reaches this worker.
    configInput: { ...options.configInput, temporal: { ...(options.configInput.temporal as object | undefined), taskQueue } },
    ...(options.sources ? { sources: options.sources } : {}),
    database: db.database,
    client,
    connection: native,
    taskQueue,
    log: options.log ?? quietLog,
    workflowBundle: options.workflowBundle ?? { codePath: inject('workflowBundlePath') },
    ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
    ...(options.slack ? { slack: options.slack } : {}),
    ...(options.teams ? { teams: options.teams } : {}),
    ...(options.suggestionAddressPolicy ? { suggestionAddressPolicy: options.suggestionAddressPolicy } : {}),
  });
  let current = worker;
  let running = worker.run();
  let polls = 0;
  let closeCurrent = close;
  async function approvalsStarted() {
    await waitFor('the approval dispatcher to start every approval workflow', async () => (await store.items.countAwaitingApprovalStart()) === 0);
  }
  const slack = options.slack ? createSlackApp({ settings: options.slack, config, store, client, log: options.log ?? quietLog }).receiver : undefined;
  const app = createApp({
    store,
    database: db.database,
    config,
    client,
    secret,
    mailer,
    inbound,
    outbox: true,
    slack,
    teams: options.teams ? createTeamsBot({ settings: options.teams, config, store, client, log: options.log ?? quietLog }) : undefined,
    demo: false,
    registry,
    log: options.log ?? quietLog,
  });
  return {
    config,
    registry,
    store,
    db,
    client,
    get worker() {
      return current;
    },
    taskQueue,
    async restartWorker(downMs: number) {
      current.shutdown();
      await running;
      await new Promise((r) => setTimeout(r, downMs));
      const next = await createWorker({
        config,
        registry,
        store,
        client,
        connection: native,
        secret,
        mailer,
        slack: options.slack ? createSlackClient(options.slack, options.log ?? quietLog) : undefined,
        teams: options.teams ? createTeamsConnector(options.teams, options.log ?? quietLog) : undefined,
        log: options.log ?? quietLog,
        taskQueue,
        workflowBundle: options.workflowBundle ?? { codePath: inject('workflowBundlePath') },
        ...(options.suggestionAddressPolicy ? { suggestionAddressPolicy: options.suggestionAddressPolicy } : {}),
      });
      const previousClose = closeCurrent;
      closeCurrent = async () => {
        await next.close();
        await previousClose();
      };
      current = next.worker;
      running = current.run();
    },
    secret,
    mailer,
    inbound,
    catcher,
    app,
    poll: (sourceId) => {
      const workflowId = `test-poll-${sourceId}-${taskQueue}-${++polls}`;
      return tracked(`the poll of ${sourceId} (workflow ${workflowId})`, () =>
        client.workflow.execute(pollSource, { taskQueue, workflowId, args: [{ sourceId, heartbeatTimeoutMs: config.temporal.activityHeartbeatTimeout }] }),
      );
    },
    approvalsStarted,
    async approvalsRequested() {
      await approvalsStarted();
      await waitFor('every pending item’s approval request to go out', async () => {
        const pending = await store.items.listByState('pending', 100_000);
        const trails = await store.approvals.trails(pending.map((item) => item.id));
        return pending.every((item) => trails.get(item.id)?.some((event) => event.kind === 'requested'));
      });
    },
    async approvalStage(itemId, stage) {
      const handle = client.workflow.getHandle(itemId);
      return waitFor(
        `the approval of ${itemId} to reach ${stage}`,
        async () => {
          const state = await handle.query(approvalStateQuery);
          return state.stage === stage ? state : undefined;
        },
        50,
      );
    },
    async close() {
      await client.workflow
        .getHandle(dispatcherWorkflowId(taskQueue))
        .terminate('test over')
        .catch(() => undefined);
      current.shutdown();
      await running;
      await closeCurrent();
      await native.close();
      await connection.close();
      await db.drop();
    },
  };
}
