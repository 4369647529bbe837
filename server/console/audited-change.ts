import type { Store } from '../../db/store.js';

// The one way the console changes something: the change and its audit-trail entry in one transaction, so the trail
// holds every change and nothing that did not happen (a refused change writes neither).

export interface ChangeOf<T> {
  /** The entity's id when the change made it (an advocate added); otherwise the one given. */
  entityId?: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  value: T;
}

/**
 * Runs `work` in a transaction and records what it returns as `action` on `entity` by `actor` in the same one.
 *
 * @example
 * await auditedChange(store, { actor: admin.email, entity: 'advocate', entityId: id, action: 'paused' }, async (tx) => {
 *   await tx.advocates.setPaused(id, true);
 *   return { before: { mail: 'ok' }, after: { mail: 'paused' }, value: undefined };
 * });
 */
export function auditedChange<T>(
  store: Store,
  change: { actor: string; entity: string; entityId?: string; action: string },
  work: (tx: Store) => Promise<ChangeOf<T>>,
): Promise<T> {
  return store.transaction(async (tx) => {
    const done = await work(tx);
    const entityId = done.entityId ?? change.entityId;
    if (entityId === undefined) throw new Error(`the ${change.action} ${change.entity} change named no ${change.entity}`);
    await tx.audit.record({ actor: change.actor, entity: change.entity, entityId, action: change.action, before: done.before, after: done.after });
    return done.value;
  });
}
