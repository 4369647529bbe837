import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { stringify } from 'yaml';
import type { Client } from '@temporalio/client';
import { openDatabase, type KaikuDatabase } from '../../db/database.js';
import { connectTemporal } from './harness.js';
import { createPostgresDatabase, dropPostgresDatabase } from './databases.js';
import { KaikuProcess } from './kaiku-process.js';
import { createDatabaseOn, dropDatabaseOn } from '../setup/postgres.js';

/** What a crash test runs on: its own PostgreSQL database, task queue and folder, and `kaiku worker` processes. */
export interface WorkerBed {
  client: Client;
  database: KaikuDatabase;
  taskQueue: string;
  dir: string;
  /** Runs `cleanup` when the bed closes (last in, first out). */
  defer(cleanup: () => Promise<unknown>): void;
  /** Writes the config (its task queue set to the bed's) and returns a starter of `kaiku worker` processes on it. */
  workers(configInput: Record<string, unknown>, env: Record<string, string>): () => KaikuProcess;
  /** Stops the workers, deletes the queue's Schedules, drops the database. */
  close(): Promise<void>;
}

/** `postgresUrl`: a server of the test's own (one it may restart) instead of the run's shared one. */
export async function startWorkerBed(name: string, options: { postgresUrl?: string } = {}): Promise<WorkerBed> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const dir = mkdtempSync(join(tmpdir(), `kaiku-${name}-`));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const temporal = await connectTemporal();
  cleanups.push(async () => {
    await temporal.native.close();
    await temporal.connection.close();
  });
  const databaseUrl = options.postgresUrl ? await createDatabaseOn(options.postgresUrl, 'kaiku_test') : await createPostgresDatabase();
  const database = await openDatabase({ url: databaseUrl });
  cleanups.push(async () => {
    await database.close();
    if (options.postgresUrl) await dropDatabaseOn(options.postgresUrl, databaseUrl);
    else await dropPostgresDatabase(databaseUrl);
  });
  const taskQueue = `${name}-${randomBytes(4).toString('hex')}`;
  // The workers create the queue's Schedules (polls, digests, points, rewards, nudges): gone with the bed.
  cleanups.push(async () => {
    for await (const schedule of temporal.client.schedule.list())
      if (schedule.scheduleId.startsWith(`${taskQueue}:`)) await temporal.client.schedule.getHandle(schedule.scheduleId).delete();
  });
  return {
    client: temporal.client,
    database,
    taskQueue,
    dir,
    defer: (cleanup) => void cleanups.push(cleanup),
    workers(configInput, env) {
      const configPath = join(dir, 'kaiku.yaml');
      const temporalSection = { ...(configInput.temporal as object | undefined), taskQueue };
      writeFileSync(configPath, stringify({ ...configInput, temporal: temporalSection }));
      const fullEnv = {
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        DATABASE_URL: databaseUrl,
        KAIKU_SECRET: 's'.repeat(40),
        KAIKU_DATA_DIR: join(dir, 'data'),
        LOG_LEVEL: 'info',
        ...env,
      };
      return () => {
        const worker = KaikuProcess.start(['worker', '--config', configPath], fullEnv);
        cleanups.push(() => worker.stop());
        return worker;
      };
    },
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    },
  };
}
