import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export interface KaikuDatabase {
  db: Kysely<Database>;
  dialect: 'pglite' | 'postgres';
  /** Runs a script of several statements (a migration) as one unit. */
  execScript(text: string): Promise<void>;
  /** Where the data lives, safe to log (no password). */
  describe(): string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…`: PostgreSQL through `pg`. Without it, PGlite in `dataDir`. */
  url?: string | undefined;
  /** PGlite's directory; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /**
   * Told of each lost PostgreSQL connection (the server restarting, a network cut). The query in flight
   * fails (its activity is retried), the pool reconnects on the next query, and the process goes on.
   */
  onConnectionError?: (error: Error) => void;
}

/**
 * Opens the record of truth: PostgreSQL when a URL is given, else embedded PGlite persisted in a
 * directory. Both speak the same SQL, so one set of migrations and queries serves both.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<KaikuDatabase> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, options.onConnectionError ?? (() => undefined));
  return openPGlite(options.dataDir ?? 'data/pglite');
}

async function openPostgres(url: string, poolSize: number, onConnectionError: (error: Error) => void): Promise<KaikuDatabase> {
  // A server that does not answer fails the query in 5 s rather than holding an activity until TCP gives up.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, keepAlive: true });
  // pg emits 'error' on a checked-out client (inside a transaction, between its queries) and, for an idle one, on
  // the pool too: unheard, either crashes the process. Each client's own listener reports it once.
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  return {
    db,
    dialect: 'postgres',
    async execScript(text) {
      // No parameters: pg sends it with the simple protocol, which runs several statements.
      await sql.raw(text).execute(db);
    },
    describe: () => `PostgreSQL at ${redactUrl(url)}`,
    close: () => db.destroy(),
  };
}

async function openPGlite(dataDir: string): Promise<KaikuDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  const directory = inMemory ? dataDir : resolve(dataDir);
  const releaseLock = inMemory ? () => undefined : lockDirectory(directory);
  let pglite: PGlite;
  try {
    // Loaded only when used: a worker on PostgreSQL does not carry PGlite in its heap.
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = new PGlite(inMemory ? undefined : directory);
    await pglite.waitReady;
  } catch (error) {
    releaseLock();
    throw error;
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'pglite',
    execScript: (text) => dialect.execScript(text),
    describe: () => (inMemory ? 'PGlite in memory' : `PGlite in ${directory}`),
    async close() {
      await db.destroy();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: a second kaiku on the same directory would corrupt it. A lock
 * file with our pid refuses the second; a lock left by a killed process is taken over.
 */
function lockDirectory(directory: string): () => void {
  mkdirSync(directory, { recursive: true });
  const lockFile = join(directory, '..', `${directory.split('/').pop()}.kaiku-lock`);
  try {
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `${directory} is in use by another kaiku process (pid ${holder}). Stop it first, or point this one at PostgreSQL with DATABASE_URL to run several processes.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `postgres://kaiku:secret@db/kaiku` → `postgres://kaiku:***@db/kaiku`, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(unparseable URL)';
  }
}
