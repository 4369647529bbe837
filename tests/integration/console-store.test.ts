import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStore, type Store } from '../../db/store.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { advocate } from '../helpers/digests.js';
import { auditedChange } from '../../server/console/audited-change.js';

// The console's store on embedded PGlite and on real PostgreSQL: an advocate added, edited, paused and removed,
// each change and its audit-trail entry in one transaction (a failing change leaves neither), and an erasure
// that forgets what the trail quoted.

describe.each(DATABASE_KINDS)('console store on %s', (kind) => {
  let test_db: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test_db = await openTestDatabase(kind);
    store = createStore(test_db.database.db);
  });
  afterAll(async () => test_db?.drop());

  test('add refuses an address on the roster; edit, pause, resume and remove change only their fields', async () => {
    const added = (await store.advocates.add(advocate({ email: 'aino@vantaa.example', name: 'Aino', topics: ['care'] })))!;
    expect(added).toMatchObject({ email: 'aino@vantaa.example', topics: ['care'], mail_state: 'ok', removed_at: null });
    expect(await store.advocates.add(advocate({ email: 'aino@vantaa.example', name: 'Aino Again' }))).toBeUndefined();
    const id = String(added.id);
    await store.advocates.edit(id, { name: 'Aino V', language: 'sv', timeZone: 'Europe/Stockholm', branch: 'IT', topics: ['jobs'], networks: ['x'] });
    expect(await store.advocates.get(id)).toMatchObject({
      name: 'Aino V',
      language: 'sv',
      time_zone: 'Europe/Stockholm',
      branch: 'IT',
      topics: ['jobs'],
      networks: ['x'],
    });
    await store.advocates.setPaused(id, true);
    expect((await store.advocates.get(id))!.mail_state).toBe('paused');
    await store.advocates.setPaused(id, false);
    expect((await store.advocates.get(id))!.mail_state).toBe('ok');
    expect((await store.advocates.roster()).map((a) => a.email)).toContain('aino@vantaa.example');
    await store.advocates.remove(id);
    const removed = (await store.advocates.get(id))!;
    expect(removed.removed_at).not.toBeNull();
    expect(removed.mail_state).toBe('paused');
    expect((await store.advocates.roster()).map((a) => a.email)).not.toContain('aino@vantaa.example');
  });

  test('the reward month counts only advocates still on the roster: one removed, one erased, neither can win', async () => {
    const ids: string[] = [];
    for (const [email, points] of [
      ['top.removed@vantaa.example', 90],
      ['second.erased@vantaa.example', 80],
      ['third.stays@vantaa.example', 10],
    ] as const) {
      const id = String((await store.advocates.add(advocate({ email, name: email.split('@')[0]! })))!.id);
      ids.push(id);
      await test_db.database.db
        .insertInto('points')
        .values({ key: `roster-test:${id}`, advocate_id: id, reason: 'share', points, at: new Date() })
        .execute();
    }
    const window = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    await store.advocates.remove(ids[0]!);
    await test_db.database.db.updateTable('advocates').set({ erased_at: new Date() }).where('id', '=', ids[1]!).execute();
    const all = (await store.points.totals(window)).filter((row) => ids.includes(row.advocateId));
    expect(all.map((row) => row.points)).toEqual([90, 80, 10]);
    const onRoster = (await store.points.totals(window, { onRoster: true })).filter((row) => ids.includes(row.advocateId));
    expect(onRoster).toEqual([{ advocateId: ids[2], points: 10, firstAt: expect.any(Date) }]);
  });

  test('a change and its trail entry are one transaction: a change that fails records nothing and changes nothing', async () => {
    const bo = (await store.advocates.add(advocate({ email: 'bo@vantaa.example', name: 'Bo' })))!;
    const id = String(bo.id);
    await auditedChange(store, { actor: 'ada@vantaa.example', entity: 'advocate', entityId: id, action: 'paused' }, async (tx) => {
      await tx.advocates.setPaused(id, true);
      return { before: { state: 'active' }, after: { state: 'paused' }, value: undefined };
    });
    await expect(
      auditedChange(store, { actor: 'ada@vantaa.example', entity: 'advocate', entityId: id, action: 'resumed' }, async (tx) => {
        await tx.advocates.setPaused(id, false);
        throw new Error('the page went away');
      }),
    ).rejects.toThrow('the page went away');
    expect((await store.advocates.get(id))!.mail_state).toBe('paused');
    const trail = await store.audit.of('advocate', id);
    expect(trail.map((t) => [t.actor, t.action, t.before, t.after])).toEqual([['ada@vantaa.example', 'paused', { state: 'active' }, { state: 'paused' }]]);

    await store.transaction(async (tx) => {
      await tx.privacy.erase(id, 'ada@vantaa.example');
      await tx.audit.forgetValues('advocate', id);
    });
    expect((await store.audit.of('advocate', id)).map((t) => [t.action, t.before, t.after])).toEqual([['paused', null, { erased: true }]]);
  });
});
