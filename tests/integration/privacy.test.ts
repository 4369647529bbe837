import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStore, type Store } from '../../db/store.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { testConfig, testConfigInput } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';

// An advocate's own data: what exportData hands them, and what erase leaves of it (nothing that names them, in
// any table), while another advocate's data and the programme's totals stay. The data is made by kaiku's own
// store functions where one exists (the roster, suggestions, keyed mail, the points tally).

const ULLA = { email: 'ulla.privacy@testcity.example', name: 'Ulla Privacy' };
const VILLE = { email: 'ville.other@testcity.example', name: 'Ville Other' };
const URL = 'https://news.testcity.example/library-opens';
const VILLES_DATA = [VILLE.name, 'visitor-of-ville', 'from ville', 'digest-ville', 'nudge-ville', 'outbox-ville', 'inbound-ville'];

describe.each(DATABASE_KINDS)('privacy on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let ulla = '';
  let ville = '';

  /** The tables and rows (as text) in which `needle` appears, case-insensitively. */
  async function rowsHolding(needle: string): Promise<string[]> {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db.database.db);
    const found: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(db.database.db);
      for (const { row } of rows.rows) if (row.toLowerCase().includes(needle.toLowerCase())) found.push(`${name}: ${row}`);
    }
    return found;
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = createStore(db.database.db);
    const { config } = await testConfig(testConfigInput([{ id: 'news', kind: 'feed', url: 'https://news.testcity.example/feed.xml' }]));
    await store.sources.sync(config.sources);
    await store.items.insertNew([
      {
        id: itemIdFor(URL),
        url: URL,
        source_id: 'news',
        title: 'The library opens',
        summary: null,
        image_url: null,
        author: null,
        language: 'fi',
        topics: '[]',
        categories: '[]',
        published_at: new Date('2026-11-20T10:00:00Z'),
        approval_started_at: null,
      },
    ]);
    const item = itemIdFor(URL);
    const base = { language: 'fi' as const, timeZone: 'Europe/Helsinki', branch: 'Library', topics: ['culture'], networks: ['linkedin' as const] };
    await store.advocates.upsert([
      { ...base, ...ULLA, mastodonInstance: null },
      { ...base, ...VILLE, mastodonInstance: null },
    ]);
    ulla = String((await store.advocates.byEmail(ULLA.email))!.id);
    ville = String((await store.advocates.byEmail(VILLE.email))!.id);
    for (const [id, who] of [
      [ulla, 'ulla'],
      [ville, 'ville'],
    ] as const) {
      const digest = await db.database.db
        .insertInto('digests')
        .values({
          advocate_id: id,
          period: '2026-W48',
          state: 'sent',
          sent_at: new Date('2026-11-23T06:30:00Z'),
          item_ids: JSON.stringify([item]),
          message_id: `<digest-${who}@kaiku.test>`,
          error: `550 mailbox ${who} full`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.database.db.insertInto('digest_items').values({ advocate_id: id, item_id: item, digest_id: digest.id }).execute();
      await db.database.db
        .insertInto('link_events')
        .values([
          { kind: 'share', advocate_id: id, item_id: item, network: 'linkedin', visitor: null },
          { kind: 'click', advocate_id: id, item_id: item, network: 'linkedin', visitor: `visitor-of-${who}` },
        ])
        .execute();
      const address = who === 'ulla' ? ULLA.email : VILLE.email;
      // A reply they sent (as the inbound door stores it) and the dev catcher's copy of a mail to them.
      await db.database.db
        .insertInto('inbound_mail')
        .values({
          dedup_key: `inbound-${who}`,
          via: 'smtp',
          envelope_from: address,
          envelope_to: JSON.stringify(['suggest@kaiku.test']),
          raw: new TextEncoder().encode(`From: ${address}\r\n\r\nhello`),
          size: 40,
          sender: address,
        })
        .execute();
      await db.database.db
        .insertInto('outbox_mail')
        .values({
          message_id: `<outbox-${who}@kaiku.test>`,
          envelope_from: 'kaiku@kaiku.test',
          envelope_to: JSON.stringify([address.toUpperCase()]),
          subject: `Your digest, ${who}`,
          raw: new TextEncoder().encode(`To: ${address}\r\n\r\nhello`),
        })
        .execute();
      await store.engagement.suggest({ key: `suggest:${who}`, advocateId: id, url: `https://${who}.blog.example/me`, via: 'email', note: `from ${who}` });
      await store.engagement.beginMail({
        key: `nudge:${who}`,
        kind: 'nudge',
        recipient: who === 'ulla' ? ULLA.email : VILLE.email,
        messageId: `<nudge-${who}@kaiku.test>`,
      });
      // An urgent send that mailed them (the console's Send now).
      await store.urgent.create({ id: `urgent-${who}`, itemId: itemIdFor(URL), actor: 'ada@testcity.example', segment: { kind: 'all', values: [] } });
      await store.urgent.plan(`urgent-${who}`, [id], {});
    }
    await store.points.tally({ share: 5, click: 1, clickCapPerItem: 10, suggestionApproved: 0 }, 100, 'Europe/Helsinki');
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  test('exportData: the advocate, their digests, items, link events (no visitor hashes: those are other people), points, suggestions, mail', async () => {
    const data = (await store.privacy.exportData(ulla))!;
    expect(data.advocate).toMatchObject({ id: ulla, email: ULLA.email, name: ULLA.name, branch: 'Library', topics: ['culture'] });
    expect(data.digests).toMatchObject([{ period: '2026-W48', state: 'sent' }]);
    expect(data.itemsReceived).toMatchObject([{ id: itemIdFor(URL), url: URL }]);
    expect((data.linkEvents as { kind: string }[]).map((e) => e.kind).sort()).toEqual(['click', 'share']);
    expect(JSON.stringify(data)).not.toContain('visitor-of-ulla');
    expect((data.points as { points: number }[]).map((p) => p.points).sort()).toEqual([1, 5]);
    expect(data.suggestions).toMatchObject([{ url: 'https://ulla.blog.example/me', note: 'from ulla', via: 'email' }]);
    expect(data.mailSent).toMatchObject([{ kind: 'nudge' }]);
    expect(data.urgentPosts).toMatchObject([{ item_id: itemIdFor(URL), state: 'planned' }]);
    expect(JSON.stringify(data)).not.toContain('ville');
    expect(await store.privacy.exportData('999999')).toBeUndefined();
  });

  test('erase: no table holds her email, name, Message-IDs, visitor hashes, note or own link; Ville untouched; her points still count', async () => {
    const personal = [
      ULLA.email,
      ULLA.name,
      'digest-ulla',
      'nudge-ulla',
      'outbox-ulla',
      'inbound-ulla',
      'visitor-of-ulla',
      'from ulla',
      'ulla.blog.example',
      'mailbox ulla',
    ];
    for (const value of personal) expect(await rowsHolding(value), value).not.toEqual([]);
    const villeBefore = await Promise.all(VILLES_DATA.map(rowsHolding));
    const pointsBefore = await db.database.db.selectFrom('points').select(['advocate_id', 'points']).orderBy('id').execute();

    expect(await store.transaction((s) => s.privacy.erase(ulla, 'scim'))).toBe(true);

    for (const value of personal) expect(await rowsHolding(value), value).toEqual([]);
    expect(await Promise.all(VILLES_DATA.map(rowsHolding))).toEqual(villeBefore);
    expect(await db.database.db.selectFrom('points').select(['advocate_id', 'points']).orderBy('id').execute()).toEqual(pointsBefore);
    expect(await store.advocates.get(ulla)).toMatchObject({ name: 'Erased advocate', mail_state: 'paused' });
    expect(await store.privacy.erasureRequest(ulla)).toMatchObject({ state: 'erased', decided_by: 'scim' });
  });

  test('erasing again changes nothing; an unknown advocate is answered false', async () => {
    const before = await allRowVersions(db.database.db);
    expect(await store.privacy.erase(ulla, 'scim')).toBe(true);
    expect(await store.privacy.erase('999999', 'scim')).toBe(false);
    expect(await allRowVersions(db.database.db)).toEqual(before);
  });
});
