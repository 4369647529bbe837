import type { Client } from '@temporalio/client';
import type { KaikuEnv } from '../config/env.js';
import type { KaikuConfig } from '../config/schema.js';
import { connectClient } from '../integrations/temporal/connection.js';

/**
 * A Temporal client for commands that hand work to a running kaiku worker (`kaiku dev` or `kaiku worker`):
 * TEMPORAL_ADDRESS, else the dev server's port. Fails, saying what to start, when no worker polls the queue.
 */
export async function connectToWorker(env: KaikuEnv, config: KaikuConfig): Promise<{ client: Client; taskQueue: string; close(): Promise<void> }> {
  const address = env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.KAIKU_TEMPORAL_PORT}`;
  const namespace = env.TEMPORAL_NAMESPACE ?? config.temporal.namespace;
  const taskQueue = config.temporal.taskQueue;
  const start = `start \`kaiku dev\` (or \`kaiku worker\`) first${env.TEMPORAL_ADDRESS ? '' : ', or set TEMPORAL_ADDRESS to your Temporal server'}`;
  let connected: Awaited<ReturnType<typeof connectClient>>;
  try {
    connected = await connectClient({ address, namespace, apiKey: env.TEMPORAL_API_KEY, tls: env.TEMPORAL_TLS === 'true' });
  } catch (error) {
    throw new Error(`cannot reach Temporal at ${address} (${(error as Error).message.split('\n')[0]}): ${start}`);
  }
  const { client, connection } = connected;
  const described = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 });
  if ((described.pollers ?? []).length === 0) {
    await connection.close();
    throw new Error(`no kaiku worker is running for task queue "${taskQueue}" at ${address}: ${start}`);
  }
  return { client, taskQueue, close: () => connection.close() };
}
