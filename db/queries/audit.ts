import { sql, type Kysely } from 'kysely';
import type { AuditTrailRow, Database } from '../schema.js';

// The console's audit trail: one row per change an admin made, written by server/console/audited-change.ts in the
// transaction of the change itself, so a change is never stored without its entry nor an entry without its change.

export interface AuditEntry {
  /** The admin's address. */
  actor: string;
  /** What was changed, a noun: 'advocate', 'roster'. */
  entity: string;
  entityId: string;
  /** What was done: 'added', 'edited', 'paused', 'erased', … */
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export function auditQueries(db: Kysely<Database>) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_trail')
        .values({
          actor: entry.actor,
          entity: entry.entity,
          entity_id: entry.entityId,
          action: entry.action,
          before: entry.before === null ? null : JSON.stringify(entry.before),
          after: entry.after === null ? null : JSON.stringify(entry.after),
        })
        .execute();
    },

    /** The trail of one entity, newest first. */
    of(entity: string, entityId: string, limit = 200): Promise<AuditTrailRow[]> {
      return db
        .selectFrom('audit_trail')
        .selectAll()
        .where('entity', '=', entity)
        .where('entity_id', '=', entityId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** The trail of every entity of a kind ('admin'), newest first: for pages that list them all. */
    ofKind(entity: string, limit = 200): Promise<AuditTrailRow[]> {
      return db.selectFrom('audit_trail').selectAll().where('entity', '=', entity).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    /**
     * Forgets what the trail quoted of an erased entity (its before and after: names, addresses), keeping who did
     * what when. Run it in the erasure's transaction.
     */
    async forgetValues(entity: string, entityId: string): Promise<void> {
      await db
        .updateTable('audit_trail')
        .set({ before: null, after: sql`case when after is null then null else '{"erased": true}'::jsonb end` })
        .where('entity', '=', entity)
        .where('entity_id', '=', entityId)
        .execute();
    },
  };
}
