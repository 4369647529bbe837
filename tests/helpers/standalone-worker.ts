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
import { createWorker } from '../../worker.js';

export interface StandaloneWorker {
  config: KaikuConfig;
  registry: SourceRegistry;
  store: Store;
  worker: Awaited<ReturnType<typeof createWorker>>['worker'];
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
}): Promise<StandaloneWorker> {
  const { config, registry } = await parseConfigText(stringify(options.configInput), 'test config', { sources: options.sources ?? [] });
  const store = createStore(options.database.db);
  await store.sources.sync(config.sources);
  const { worker, close } = await createWorker({
    config,
    registry,
    store,
    client: options.client,
    connection: options.connection,
    log: options.log,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
  });
  return { config, registry, store, worker, close };
}
