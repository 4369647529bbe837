import { join } from 'node:path';
import { openDatabase, type KaikuDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createDatabaseOn, dropDatabaseOn, startTestPostgres } from '../tests/setup/postgres.js';

/**
 * The benchmarks' store: PostgreSQL as production runs it (DATABASE_URL, or a throwaway durable cluster
 * from Debian's packages, fsync on), a database of its own per run; BENCH_STORE=pglite measures the
 * embedded store of `kaiku dev` instead. Migrated; after closing the database, `drop()` removes what it made.
 */
export async function openBenchStore(dataDir: string): Promise<{
  database: KaikuDatabase;
  name: string;
  /** The database's URL, for worker processes (PostgreSQL only). */
  url: string | undefined;
  drop(): Promise<void>;
}> {
  const name = process.env.BENCH_STORE === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const throwaway = name === 'PostgreSQL' && !process.env.DATABASE_URL ? await startTestPostgres({ durable: true }) : undefined;
  const adminUrl = process.env.DATABASE_URL ?? throwaway?.url;
  const url = name === 'PostgreSQL' ? await createDatabaseOn(adminUrl!, 'kaiku_bench') : undefined;
  const database = await openDatabase(url ? { url } : { dataDir: join(dataDir, 'pglite') });
  await migrate(database);
  return {
    database,
    name: `${name}${throwaway ? ' (a throwaway cluster, fsync on)' : ''}`,
    url,
    async drop() {
      if (url) await dropDatabaseOn(adminUrl!, url);
      await throwaway?.stop();
    },
  };
}
