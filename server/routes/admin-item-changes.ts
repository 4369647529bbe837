import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import type { ItemRow } from '../../db/schema.js';
import { readSchedule } from '../../rules/digests/item-schedule.js';
import type { AdminSession } from '../session.js';
import { postedConsoleForm } from '../form-guard.js';
import { localTimeText } from '../pages/local-time.js';
import { auditedChange } from '../console/audited-change.js';
import { itemNotFound, itemPage, mayChangeItem, type ItemDeps } from './admin-items.js';

// An approved item changed from its page in the console: its schedule ("not before", "not after"), pinned to the
// top of the next digest run or unpinned, retracted. Only an admin who may decide the item (or who decided it) may;
// every change is in the audit trail, in the transaction of the change; a refused one changes nothing and is answered
// with the item's page saying why.
//
//   POST /admin/items/<id>/schedule   notBefore=2026-12-24 09:00&notAfter=   (the programme's clock; empty: no limit)
//   POST /admin/items/<id>/pin        POST /admin/items/<id>/unpin        POST /admin/items/<id>/retract
//   POST /admin/items/<id>/restore

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;

/** What the trail records of an item's schedule, on the programme's clock. */
const recorded = (item: ItemRow, zone: string) => ({
  notBefore: item.not_before ? localTimeText(item.not_before, zone) : null,
  notAfter: item.not_after ? localTimeText(item.not_after, zone) : null,
  pinned: item.pinned_at ? 'yes' : 'no',
  retracted: item.retracted_at ? localTimeText(item.retracted_at, zone) : null,
});

export function addItemChanges(app: Hono<{ Variables: { admin: AdminSession } }>, deps: ItemDeps & { log: Logger }) {
  const log = deps.log.child({ component: 'admin-items' });
  const zone = deps.config.program.timeZone;

  /**
   * The posted form and the item, when the form is kaiku's own for this admin, the item approved and not retracted,
   * and the admin one who may change it; otherwise the answer already made (refused, nothing changed).
   */
  async function changeable(c: AdminContext, what: string, restoring = false): Promise<{ body: Record<string, unknown>; item: ItemRow } | Response> {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const id = c.req.param('id') ?? '';
    const item = await deps.store.items.get(id);
    if (!item) return itemNotFound(c, deps);
    const refuse = (refusal: string, status: 403 | 409) => c.html(itemPage(c, deps, item, { refusal }), status);
    if (item.state !== 'approved')
      return refuse(
        `Only an approved item can be ${what}; this one is ${item.state === 'pending' ? 'waiting for approval' : item.state}. Nothing was changed.`,
        409,
      );
    if (item.retracted_at && !restoring) return refuse(`This item was retracted already: it cannot be ${what}. Nothing was changed.`, 409);
    if (!item.retracted_at && restoring) return refuse('This item is not retracted: there is nothing to restore. Nothing was changed.', 409);
    const may = await mayChangeItem(c, deps, item);
    if (!may.mayDecide) return refuse(`Only its approvers (${may.names}) may change this item. Nothing was changed.`, 403);
    return { body, item };
  }

  /** Runs the change with its trail entry; the item changed concurrently (retracted meanwhile) answers as a refusal. */
  async function change(c: AdminContext, item: ItemRow, action: string, work: (tx: ItemDeps['store']) => Promise<ItemRow | undefined>) {
    const admin = c.get('admin').email;
    const after = await auditedChange(deps.store, { actor: admin, entity: 'item', entityId: item.id, action }, async (tx) => {
      const row = await work(tx);
      return { before: recorded(item, zone), after: row ? recorded(row, zone) : null, value: row };
    }).catch((error: unknown) => {
      if (error instanceof NoChange) return undefined;
      throw error;
    });
    if (!after) {
      const now = (await deps.store.items.get(item.id)) ?? item;
      return c.html(itemPage(c, deps, now, { refusal: 'The item was retracted or changed meanwhile. Nothing was changed.' }), 409);
    }
    log.info({ admin, itemId: item.id, action }, `approved item ${action} in the console`);
    return c.redirect(`/admin/items/${item.id}?done=${action}`, 303);
  }

  /** The store's update found no approved, unretracted row: the transaction is rolled back, its trail entry with it. */
  const orNoChange = (row: ItemRow | undefined) => {
    if (!row) throw new NoChange();
    return row;
  };

  app.post('/items/:id/schedule', async (c) => {
    const found = await changeable(c, 'scheduled');
    if (found instanceof Response) return found;
    const { body, item } = found;
    const fields = { notBefore: String(body.notBefore ?? '').slice(0, 100), notAfter: String(body.notAfter ?? '').slice(0, 100) };
    const read = readSchedule(fields, zone);
    if (!read.ok)
      return c.html(
        itemPage(c, deps, item, {
          refusal: 'Nothing was saved: correct the dates marked below and save again.',
          problem: { fields, errors: read.errors },
        }),
        400,
      );
    return change(c, item, 'scheduled', async (tx) => orNoChange(await tx.items.schedule(item.id, read.schedule)));
  });

  app.post('/items/:id/pin', async (c) => {
    const found = await changeable(c, 'pinned');
    if (found instanceof Response) return found;
    return change(c, found.item, 'pinned', async (tx) => orNoChange(await tx.items.pin(found.item.id, c.get('admin').email)));
  });

  app.post('/items/:id/unpin', async (c) => {
    const found = await changeable(c, 'unpinned');
    if (found instanceof Response) return found;
    return change(c, found.item, 'unpinned', async (tx) => orNoChange(await tx.items.pin(found.item.id, null)));
  });

  app.post('/items/:id/retract', async (c) => {
    const found = await changeable(c, 'retracted');
    if (found instanceof Response) return found;
    return change(c, found.item, 'retracted', async (tx) => orNoChange(await tx.items.retract(found.item.id, c.get('admin').email)));
  });

  /** `POST /admin/items/<id>/restore`: a retraction undone (one made by mistake): later digests may carry it, its share page opens again. */
  app.post('/items/:id/restore', async (c) => {
    const found = await changeable(c, 'restored', true);
    if (found instanceof Response) return found;
    return change(c, found.item, 'restored', async (tx) => orNoChange(await tx.items.restore(found.item.id)));
  });
}

class NoChange extends Error {
  constructor() {
    super('the item is no longer approved and unretracted');
  }
}
