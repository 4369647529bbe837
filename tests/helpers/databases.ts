import { inject } from 'vitest';
import { openDatabase, type KaikuDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { createDatabaseOn, dropDatabaseOn } from '../setup/postgres.js';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

export interface TestDatabase {
  database: KaikuDatabase;
  /** A URL other processes can use (PostgreSQL only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database: PGlite in memory, or a new database on the run's PostgreSQL. */
export async function openTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    if (options.migrate !== false) await migrate(database);
    return { database, url: undefined, drop: () => database.close() };
  }
  const url = await createPostgresDatabase();
  const database = await openDatabase({ url });
  if (options.migrate !== false) await migrate(database);
  return {
    database,
    url,
    async drop() {
      await database.close();
      await dropPostgresDatabase(url);
    },
  };
}

export async function createPostgresDatabase(): Promise<string> {
  return createDatabaseOn(inject('postgresUrl'), 'kaiku_test');
}

export async function dropPostgresDatabase(url: string): Promise<void> {
  await dropDatabaseOn(inject('postgresUrl'), url);
}
