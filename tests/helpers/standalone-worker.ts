import type { AddressPolicy } from '../../integrations/http/address-guard.js';
import type { Client } from '@temporalio/client';
import type { NativeConnection, WorkflowBundleOption } from '@temporalio/worker';
import type { Logger } from 'pino';
import { stringify } from 'yaml';
import { parseConfigText } from '../../config/load.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { KaikuDatabase } from '../../db/database.js';
import { createStore, type Store } from '../../db/store.js';
import type { SourceDefinition } from '../../activities/sources/define-source.js';
import type { SourceRegistry } from '../../activities/sources/registry.js';
import { randomBytes } from 'node:crypto';
import { createWorker } from '../../worker.js';
import { Secret } from '../../rules/tokens/secret.js';
import { createMailer, type Mailer } from '../../integrations/email/mailer.js';
import { createSlackClient, type SlackSettings } from '../../integrations/slack/web-client.js';
import { createTeamsConnector } from '../../integrations/teams/connector.js';
import type { TeamsSettings } from '../../integrations/teams/settings.js';
import { createInboundProcessor, type InboundProcessor } from '../../integrations/email/inbound.js';
import { startEmbeddedMail } from '../../integrations/email/embedded-mail.js';
import type { SmtpCatcher } from '../../integrations/email/smtp-catcher.js';
import { sourceKinds } from '../../activities/sources/registry.js';

export interface StandaloneWorker {
  config: KaikuConfig;
  registry: SourceRegistry;
  store: Store;
  worker: Awaited<ReturnType<typeof createWorker>>['worker'];
  secret: Secret;
  mailer: Mailer;
  inbound: InboundProcessor;
  /** The embedded SMTP catcher on a free loopback port: kaiku's outgoing mail lands here, replies come in here. */
  catcher: SmtpCatcher;
  close(): Promise<void>;
}

/**
 * A kaiku worker for a config given as an object, on a migrated database and a Temporal connection
 * the caller owns: the shared set-up of the test harness, the benchmarks and the history recorder.
 */
export async function createStandaloneWorker(options: {
  configInput: Record<string, unknown>;
  sources?: readonly SourceDefinition<any>[];
  database: KaikuDatabase;
  client: Client;
  connection: NativeConnection;
  taskQueue: string;
  log: Logger;
  workflowBundle?: WorkflowBundleOption;
  /** Send through this SMTP server instead of the catcher (which still receives replies). */
  smtpUrl?: string;
  /** Slack on, against this Web API (a fake on loopback in the tests). */
  slack?: SlackSettings;
  /** Teams on, against this Bot Connector (a fake on loopback in the tests). */
  teams?: TeamsSettings;
  /** Which addresses suggested links may reach (a loopback alias standing in for the internet). */
  suggestionAddressPolicy?: AddressPolicy;
}): Promise<StandaloneWorker> {
  const { config, registry } = await parseConfigText(stringify(options.configInput), 'test config', { kinds: sourceKinds(options.sources) });
  const store = createStore(options.database.db);
  await store.sources.sync(config.sources);
  const secret = new Secret(randomBytes(32));
  let inbound: InboundProcessor | undefined;
  const catcher = await startEmbeddedMail({
    config,
    store,
    secret,
    processor: { accept: (mail) => inbound!.accept(mail) },
    port: 0,
    log: options.log,
  });
  const mailer = createMailer(options.smtpUrl ?? catcher.url, options.log);
  inbound = createInboundProcessor({ store, config, secret, client: options.client, mailer, log: options.log });
  const { worker, close } = await createWorker({
    config,
    registry,
    store,
    client: options.client,
    connection: options.connection,
    secret,
    mailer,
    slack: options.slack ? createSlackClient(options.slack, options.log) : undefined,
    teams: options.teams ? createTeamsConnector(options.teams, options.log) : undefined,
    log: options.log,
    taskQueue: options.taskQueue,
    ...(options.suggestionAddressPolicy ? { suggestionAddressPolicy: options.suggestionAddressPolicy } : {}),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
  });
  return {
    config,
    registry,
    store,
    worker,
    secret,
    mailer,
    inbound,
    catcher,
    async close() {
      await inbound.stop();
      await close();
      mailer.close();
      await catcher.close();
    },
  };
}
