import { sql, type Kysely } from 'kysely';

/**
 * Every row's id and transaction id (xmin) in kaiku's tables: any insert, update or delete between
 * two snapshots changes it, on PostgreSQL and PGlite alike.
 */
export async function rowVersions(db: Kysely<any>): Promise<string[]> {
  const result = await sql<{ row: string }>`
    select 'sources:' || id || ':' || xmin::text as row from sources
    union all select 'items:' || id || ':' || xmin::text from items
    union all select 'item_sources:' || item_id || '/' || source_id || ':' || xmin::text from item_sources
    order by 1`.execute(db);
  return result.rows.map((r) => r.row);
}
