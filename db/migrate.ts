import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { KaikuDatabase } from './database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any fixed number: every kaiku process that migrates the same PostgreSQL takes this lock in turn.
const MIGRATION_LOCK = 4_242_001;

export interface Migration {
  name: string;
  sql: string;
}

/** The migrations in `db/migrations/`, in name order. Landed files are never edited: add a new one. */
export function listMigrations(directory = MIGRATIONS_DIR): Migration[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ name: file.replace(/\.sql$/, ''), sql: readFileSync(join(directory, file), 'utf8') }));
}

/**
 * Applies the migrations not yet applied, each in its own transaction, and returns their names.
 * On PostgreSQL an advisory lock lets several workers start at once without racing.
 */
export async function migrate(database: KaikuDatabase, migrations = listMigrations()): Promise<string[]> {
  const create = 'create table if not exists kaiku_migrations (name text primary key, applied_at timestamptz not null default now())';
  if (database.dialect === 'pglite') {
    // One process owns PGlite (see lockDirectory), so there is nobody to race.
    await database.execScript(create);
    const applied = await appliedNames(database.db);
    return runPending(migrations, applied, (script) => database.execScript(script));
  }
  return database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
    try {
      await sql.raw(create).execute(connection);
      const applied = await appliedNames(connection);
      return await runPending(migrations, applied, async (script) => {
        await sql.raw(script).execute(connection);
      });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection);
    }
  });
}

async function appliedNames(db: Kysely<any>): Promise<Set<string>> {
  const result = await sql<{ name: string }>`select name from kaiku_migrations`.execute(db);
  return new Set(result.rows.map((row) => row.name));
}

async function runPending(migrations: Migration[], applied: Set<string>, exec: (script: string) => Promise<void>): Promise<string[]> {
  const ran: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    const record = `insert into kaiku_migrations (name) values ('${migration.name.replace(/'/g, "''")}');`;
    try {
      await exec(`begin;\n${migration.sql}\n;${record}\ncommit;`);
    } catch (error) {
      await exec('rollback;').catch(() => undefined);
      throw new Error(`migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
    }
    ran.push(migration.name);
  }
  return ran;
}
