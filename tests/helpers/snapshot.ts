import { sql, type Kysely } from 'kysely';

// How each table's rows are named in a snapshot.
const ROW_KEYS = {
  sources: sql`'sources:' || id`,
  items: sql`'items:' || id`,
  item_sources: sql`'item_sources:' || item_id || '/' || source_id`,
  approval_events: sql`'approval_events:' || id`,
  keyed_mail: sql`'keyed_mail:' || key`,
  advocates: sql`'advocates:' || id`,
  admin_sessions: sql`'admin_sessions:' || id_hash`,
  login_nonces: sql`'login_nonces:' || nonce`,
  rate_limits: sql`'rate_limits:' || key`,
  link_events: sql`'link_events:' || id`,
  suggestions: sql`'suggestions:' || id`,
  outbox_mail: sql`'outbox_mail:' || id`,
  inbound_mail: sql`'inbound_mail:' || id`,
} as const;

export type SnapshotTable = keyof typeof ROW_KEYS;

/**
 * Every row's id and transaction id (xmin) in kaiku's tables (by default those of sources and items): any
 * insert, update or delete between two snapshots changes it, on PostgreSQL and PGlite alike.
 */
export async function rowVersions(db: Kysely<any>, tables: readonly SnapshotTable[] = ['sources', 'items', 'item_sources']): Promise<string[]> {
  const selects = tables.map((table) => sql`select ${ROW_KEYS[table]} || ':' || xmin::text as row from ${sql.table(table)}`);
  const result = await sql<{ row: string }>`${sql.join(selects, sql` union all `)} order by 1`.execute(db);
  return result.rows.map((r) => r.row);
}

/**
 * Every row of every table kaiku's migrations made (its physical position and transaction id): an insert,
 * update or delete anywhere changes it. `except` leaves out tables a refused request may legitimately
 * touch (say `rate_limits`, which counts the refusal itself).
 */
export async function allRowVersions(db: Kysely<any>, except: readonly string[] = []): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'kaiku_migrations' order by 1`.execute(db);
  const names = tables.rows.map((t) => t.name).filter((name) => !except.includes(name));
  const selects = names.map((name) => sql`select ${name} || ':' || ctid::text || ':' || xmin::text as row from ${sql.table(name)}`);
  const result = await sql<{ row: string }>`${sql.join(selects, sql` union all `)} order by 1`.execute(db);
  return result.rows.map((r) => r.row);
}
